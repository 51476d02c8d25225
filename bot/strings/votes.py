"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class Votes:
    """👍/👎 on a tip, and /stats."""

    __slots__ = ()

    vote_up_done = text(
        vi="Cảm ơn bạn! Đã ghi nhận 👍",
        en="Thanks! 👍 noted",
    )

    vote_down_done = text(
        vi="Cảm ơn bạn! Đã ghi nhận 👎",
        en="Thanks! 👎 noted",
    )

    vote_removed = text(
        vi="Đã bỏ bình chọn của bạn.",
        en="Your vote is taken back.",
    )

    stats = text(
        vi="📊 <b>{title}</b>\n"
        "Đã nhận: <b>{delivered}</b> mẹo hằng ngày · {voters} người đã bình chọn\n\n"
        "👍 Hữu ích nhất:\n{best}\n\n👎 Ít hữu ích nhất:\n{worst}",
        en="📊 <b>{title}</b>\n"
        "Received: <b>{delivered}</b> {delivered:daily tip|daily tips} · "
        "{voters:# person|# people} voted\n\n"
        "👍 Most helpful:\n{best}\n\n👎 Least helpful:\n{worst}",
    )

    stats_title_group = text(
        vi="Thống kê mẹo của nhóm",
        en="The team's tips",
    )

    stats_title_private = text(
        vi="Thống kê mẹo của bạn",
        en="Your tips",
    )

    stats_none = text(
        vi="(chưa có bình chọn)",
        en="(no votes yet)",
    )

    stats_admin_only = text(
        vi="Chỉ quản trị viên của nhóm mới xem được thống kê.",
        en="Only the group's admins can see the statistics.",
    )
