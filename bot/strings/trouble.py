"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class Trouble:
    """When something goes wrong, or a person is faster than the bot."""

    __slots__ = ()

    error_apology = text(
        vi="Xin lỗi, mình vừa gặp trục trặc khi xử lý tin nhắn này. "
        "Bạn thử lại sau ít phút nhé.",
        en="Sorry, something went wrong while handling this message. "
        "Please try again in a few minutes.",
    )

    error_apology_draft = text(
        vi="Xin lỗi, mình vừa gặp trục trặc khi xử lý tin nhắn này. Mẹo bạn đang viết "
        "vẫn được giữ, bạn gửi tiếp nhé.\n\n{step}",
        en="Sorry, something went wrong while handling this message. The tip you are "
        "writing is kept; please go on.\n\n{step}",
    )

    error_apology_draft_to = text(
        vi="{admin}, xin lỗi, mình vừa gặp trục trặc. Mẹo bạn đang viết vẫn được giữ, "
        "bạn trả lời tin này để gửi tiếp nhé.\n\n{step}",
        en="{admin}, sorry, something went wrong. The tip you are writing is kept; reply "
        "to this message to go on.\n\n{step}",
    )

    unknown_button = text(
        vi="Nút này đã cũ, bạn gõ /tip để nhận mẹo mới nhé.",
        en="This button is out of date; type /tip for a new tip.",
    )

    slow_down = text(
        vi="Bạn chậm lại một chút nhé 🙏 Tin nhắn đến nhanh quá, mình chỉ trả lời câu "
        "mới nhất.",
        en="Slow down a little, please 🙏 Messages are coming in too fast; I will answer "
        "the latest one.",
    )
