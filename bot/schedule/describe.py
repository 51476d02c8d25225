"""A schedule in words for the people it belongs to: ``giờ Việt Nam``, ``08:30 Thứ Ba,
24/11/2026``, ``Thứ Hai đến Thứ Sáu``, in the reader's language (``bot.strings``).
"""

from __future__ import annotations

import datetime as dt

from bot.schedule.due import ALL_DAYS, zone
from bot.strings import Strings, for_language


def describe_zone(name: str, strings: Strings | None = None) -> str:
    """A stored zone in words for users: ``giờ Việt Nam``, ``giờ Bangkok``, ``UTC+01:00``.

    Well-known zones by their place (``strings.zone_places``), other IANA zones by their
    city, fixed offsets as they are.
    """
    s = strings or for_language("vi")
    if name == "UTC" or name.startswith("UTC"):
        return name
    place = dict(s.zone_places).get(name)
    if place is None:
        place = name.rsplit("/", 1)[-1].replace("_", " ")
    return s.zone_time.format(place=place)


def describe_moment(moment: dt.datetime, tz_name: str, strings: Strings | None = None) -> str:
    """``08:30 Thứ Ba, 24/11/2026`` in the chat's zone."""
    s = strings or for_language("vi")
    local = moment.astimezone(zone(tz_name))
    return s.moment.format(time=f"{local:%H:%M}", weekday=s.weekdays[local.weekday()],
                           date=f"{local:%d/%m/%Y}")


def describe_days(mask: int, strings: Strings | None = None) -> str:
    """``Thứ Hai đến Thứ Sáu``, ``Thứ Hai, Thứ Tư, Thứ Sáu``, ``hằng ngày``."""
    s = strings or for_language("vi")
    if mask == ALL_DAYS:
        return s.every_day
    days = [d for d in range(7) if mask & (1 << d)]
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return s.day_range.format(first=s.weekdays[days[0]], last=s.weekdays[days[-1]])
    return ", ".join(s.weekdays[d] for d in days)
