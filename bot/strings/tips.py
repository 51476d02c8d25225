"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class Tips:
    """A tip as people read it, with its source."""

    __slots__ = ()

    source_label = text(
        vi="Nguồn",
        en="Source",
    )

    source_title = text(
        vi="Bài viết",
        en="Article",
    )

    source_author = text(
        vi="Tác giả",
        en="Author",
    )

    source_publisher = text(
        vi="Nơi đăng",
        en="Published by",
    )

    source_date = text(
        vi="Ngày đăng",
        en="Date",
    )

    source_tip_id = text(
        vi="Mã mẹo",
        en="Tip id",
    )

    source_heading = text(
        vi="📖 <b>Nguồn của mẹo</b>",
        en="📖 <b>Where this tip comes from</b>",
    )

    random_intro = text(
        vi="Đây là một mẹo ngẫu nhiên cho bạn:",
        en="Here is a random tip for you:",
    )

    tip_of_day = text(
        vi="🌅 <b>Nguyên tắc hôm nay</b>",
        en="🌅 <b>Today's principle</b>",
    )

    btn_another = text(
        vi="🔄 Mẹo khác",
        en="🔄 Another tip",
    )

    btn_source = text(
        vi="📖 Xem nguồn",
        en="📖 Source",
    )

    btn_random = text(
        vi="🎲 Mẹo ngẫu nhiên",
        en="🎲 Random tip",
    )
