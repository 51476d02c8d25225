"""Scheduling decisions for the daily tip, with no Telegram and no I/O.

Everything takes ``now`` as an argument, so tests move the clock instead of waiting for
08:00. Callers use the package (``schedule.next_slot``, ``schedule.parse_time``); its
modules, from the bottom up:

* ``due`` — calendar maths on stored values: a zone by its canonical name, when a chat's
  next tip is due (slots, working days, pauses), whether a late tip is still worth
  sending (the grace window), which tip comes next in a chat's own rotation, and
  ``ScheduleError``.
* ``reading`` — what users type: times (``8h30``, ``20:15``), zones (``+07:00``, ``giờ
  Việt Nam``), days (``t2-t6``), pauses, the digest's day and time.
* ``describe`` — a stored schedule in words for people, in their language.
"""

from bot.schedule.describe import describe_days, describe_moment, describe_zone
from bot.schedule.due import (
    ALL_DAYS,
    DEFAULT_TIME,
    PAUSED_FOREVER_DUE,
    PAUSED_INDEFINITELY,
    ScheduleError,
    Slot,
    current_slot,
    local_date,
    misses_summer_time,
    next_due,
    next_slot,
    next_tip,
    rotation_order,
    slot_on,
    within_grace,
    zone,
)
from bot.schedule.reading import (
    looks_like_time,
    looks_like_timezone,
    parse_days,
    parse_digest,
    parse_pause,
    parse_time,
    parse_timezone,
    split_arguments,
    zone_from_words,
)

__all__ = [
    "ALL_DAYS", "DEFAULT_TIME", "PAUSED_FOREVER_DUE", "PAUSED_INDEFINITELY", "ScheduleError",
    "Slot", "current_slot", "describe_days", "describe_moment", "describe_zone", "local_date",
    "looks_like_time", "looks_like_timezone", "misses_summer_time", "next_due", "next_slot",
    "next_tip", "parse_days", "parse_digest", "parse_pause", "parse_time", "parse_timezone",
    "rotation_order", "slot_on", "split_arguments", "within_grace", "zone", "zone_from_words",
]
