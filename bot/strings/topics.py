"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class Topics:
    """/topics: which topics the daily tip draws from."""

    __slots__ = ()

    topics_header = text(
        vi="🗂 <b>Chủ đề cho mẹo hằng ngày</b>\n"
        "Bấm để bật hoặc tắt một chủ đề; không chọn chủ đề nào nghĩa là tất cả.\n"
        "Đang chọn: <b>{chosen}</b>",
        en="🗂 <b>Topics for the daily tip</b>\n"
        "Tap a topic to turn it on or off; none chosen means all of them.\n"
        "Chosen: <b>{chosen}</b>",
    )

    topics_all = text(
        vi="tất cả chủ đề",
        en="all topics",
    )

    btn_topics_all = text(
        vi="🔄 Tất cả chủ đề",
        en="🔄 All topics",
    )

    topic_heading = text(
        vi="🗂 Chủ đề: {name}",
        en="🗂 Topic: {name}",
    )

    topics_admin_alert = text(
        vi="Chỉ quản trị viên của nhóm mới đổi được chủ đề.",
        en="Only the group's admins can change the topics.",
    )
