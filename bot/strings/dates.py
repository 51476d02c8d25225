"""A section of ``Strings``, both languages side by side (``bot.strings`` has the rules)."""

from bot.strings.base import table, text, words


class Calendar:
    """Days, dates, times and time zones, wherever the bot names them."""

    __slots__ = ()

    # Monday first, as Python's date.weekday() counts
    weekdays = words(
        ("Thứ Hai", "Monday"),
        ("Thứ Ba", "Tuesday"),
        ("Thứ Tư", "Wednesday"),
        ("Thứ Năm", "Thursday"),
        ("Thứ Sáu", "Friday"),
        ("Thứ Bảy", "Saturday"),
        ("Chủ Nhật", "Sunday"),
    )

    # the days of a schedule that runs all week ({days} in quiz_daily_on)
    every_day = text(vi="hằng ngày", en="every day")

    # three or more days in a row: "Thứ Hai đến Thứ Sáu"
    day_range = text(vi="{first} đến {last}", en="{first} to {last}")

    # a delivery's moment in the chat's zone: "08:30 Thứ Ba, 24/11/2026"
    moment = text(vi="{time} {weekday}, {date}", en="{time} {weekday}, {date}")

    # a source's publication date; {month} is one of the months below (Vietnamese writes
    # the month as a number), {day:02d} the day with two digits
    date = text(vi="{day:02d}/{month}/{year}", en="{day} {month} {year}")

    months = words(
        ("01", "January"),
        ("02", "February"),
        ("03", "March"),
        ("04", "April"),
        ("05", "May"),
        ("06", "June"),
        ("07", "July"),
        ("08", "August"),
        ("09", "September"),
        ("10", "October"),
        ("11", "November"),
        ("12", "December"),
    )

    # {time} {zone}: "Mỗi ngày lúc 08:00 (giờ Việt Nam)"
    schedule_every_day = text(
        vi="Mỗi ngày lúc {time} ({zone})",
        en="Every day at {time} ({zone})",
    )

    # {days} {time} {zone}
    schedule_some_days = text(
        vi="{days} lúc {time} ({zone})",
        en="{days} at {time} ({zone})",
    )

    zone_time = text(
        vi="giờ {place}",
        en="{place} time",
    )

    # (time zone, Vietnamese place, English place): shown as zone_time's {place}
    zone_places = table(
        ("Asia/Ho_Chi_Minh", "Việt Nam", "Vietnam"),
        ("Asia/Saigon", "Việt Nam", "Vietnam"),
        ("Asia/Bangkok", "Bangkok", "Bangkok"),
        ("Asia/Singapore", "Singapore", "Singapore"),
        ("Asia/Kuala_Lumpur", "Kuala Lumpur", "Kuala Lumpur"),
        ("Asia/Jakarta", "Jakarta", "Jakarta"),
        ("Asia/Manila", "Manila", "Manila"),
        ("Asia/Phnom_Penh", "Phnôm Pênh", "Phnom Penh"),
        ("Asia/Vientiane", "Viêng Chăn", "Vientiane"),
        ("Asia/Yangon", "Yangon", "Yangon"),
        ("Asia/Tokyo", "Tokyo", "Tokyo"),
        ("Asia/Seoul", "Seoul", "Seoul"),
        ("Asia/Shanghai", "Bắc Kinh", "Beijing"),
        ("Asia/Hong_Kong", "Hồng Kông", "Hong Kong"),
        ("Asia/Taipei", "Đài Bắc", "Taipei"),
        ("Asia/Kolkata", "Ấn Độ", "India"),
        ("Asia/Dubai", "Dubai", "Dubai"),
        ("Australia/Sydney", "Sydney", "Sydney"),
        ("Europe/London", "London", "London"),
        ("Europe/Paris", "Paris", "Paris"),
        ("Europe/Berlin", "Berlin", "Berlin"),
        ("Europe/Moscow", "Moskva", "Moscow"),
        ("America/New_York", "New York", "New York"),
        ("America/Los_Angeles", "Los Angeles", "Los Angeles"),
    )

    # a fixed offset that places with summer time also use
    zone_fixed_offset_note = text(
        vi="Lưu ý: {zone} là độ lệch cố định, sẽ không tự đổi theo giờ mùa "
        "hè. Nếu nơi bạn ở có giờ mùa hè, hãy dùng tên múi giờ, ví dụ "
        "<code>/subscribe 8h Europe/Paris</code>.",
        en="Note: {zone} is a fixed offset and will not follow summer time. "
        "If summer time applies where you are, use the zone's name, e.g. "
        "<code>/subscribe 8:00 Europe/Paris</code>.",
    )
