"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import text


class Digest:
    """The weekly digest: /digest and the digest itself."""

    __slots__ = ()

    digest_on = text(
        vi="📬 Đã bật tổng kết tuần: <b>{day}</b> lúc <b>{time}</b> ({zone}).\n"
        "Lần gửi đầu tiên: <b>{next}</b>. Tắt: <code>/digest off</code>",
        en="📬 Weekly digest on: <b>{day}</b> at <b>{time}</b> ({zone}).\n"
        "First one: <b>{next}</b>. Turn off: <code>/digest off</code>",
    )

    digest_off = text(
        vi="Đã tắt tổng kết tuần.",
        en="Weekly digest turned off.",
    )

    digest_bad = text(
        vi="Mình chưa hiểu “{value}”. Ví dụ: <code>/digest t2 9h</code> (Thứ Hai lúc 9:00) "
        "hoặc <code>/digest off</code> để tắt.",
        en="I don't understand “{value}”. Example: <code>/digest mon 9:00</code> or "
        "<code>/digest off</code>.",
    )

    digest_header = text(
        vi="📬 <b>Tổng kết tuần {first} – {last}</b>\nCác mẹo nhóm đã nhận và bình chọn:",
        en="📬 <b>Week {first} – {last}</b>\nThe team's tips and votes:",
    )

    digest_empty = text(
        vi="Tuần qua nhóm chưa nhận mẹo hằng ngày nào.",
        en="The team got no daily tips last week.",
    )

    status_digest = text(
        vi="📬 Tổng kết tuần: {day} lúc {time}",
        en="📬 Weekly digest: {day} at {time}",
    )
