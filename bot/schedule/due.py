"""Calendar maths for the daily tip: when a chat is due, whether a late tip is still worth
sending (the grace window), and which tip comes next in a chat's own rotation.

Works on stored values only (a zone's canonical name, a time, a weekday mask): what
users type is read in ``reading``, and how a time is put to them is in ``describe``.
Everything takes ``now`` as an argument, so tests move the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT_TIME = dt.time(8, 0)


class ScheduleError(ValueError):
    """A user's time or zone cannot be understood; ``kind`` picks the message."""

    def __init__(self, kind: str, value: str) -> None:
        super().__init__(f"{kind}: {value}")
        self.kind = kind
        self.value = value


ALL_DAYS = 0b1111111  # bit 0 = Monday … bit 6 = Sunday
PAUSED_INDEFINITELY = dt.date(9999, 12, 31)
# The due instant stored while paused until /resume: never reached by the due query.
PAUSED_FOREVER_DUE = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)


# --- zones -----------------------------------------------------------------------------
@lru_cache(maxsize=1024)
def zone(name: str) -> dt.tzinfo:
    """A tzinfo for a stored zone name (IANA or ``UTC±HH:MM``)."""
    if name == "UTC":
        return dt.UTC
    match = re.fullmatch(r"UTC([+-])(\d{2}):(\d{2})", name)
    if match:
        delta = dt.timedelta(hours=int(match[2]), minutes=int(match[3]))
        return dt.timezone(delta if match[1] == "+" else -delta, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError("timezone", name) from None


def misses_summer_time(name: str) -> bool:
    """True for a fixed offset (``UTC+01:00``) that places observing summer time also use.

    Such a schedule will not move with the clocks there: 08:00 at ``+01:00`` becomes
    09:00 in Paris all summer. ``+07:00`` (no summer time anywhere at that offset) and
    IANA names are fine.
    """
    match = re.fullmatch(r"UTC([+-])(\d{2}):(\d{2})", name)
    if not match:
        return False
    delta = dt.timedelta(hours=int(match[2]), minutes=int(match[3]))
    return (delta if match[1] == "+" else -delta) in _summer_time_offsets()


@lru_cache(maxsize=1)
def _summer_time_offsets() -> frozenset[dt.timedelta]:
    """Every UTC offset some populated zone uses in only one half of the year."""
    offsets: set[dt.timedelta] = set()
    year = dt.date.today().year
    for name in available_timezones():
        if "/" not in name or name.startswith(("Etc/", "Antarctica/")):
            continue
        tz = ZoneInfo(name)
        winter = dt.datetime(year, 1, 15, 12, tzinfo=tz).utcoffset()
        summer = dt.datetime(year, 7, 15, 12, tzinfo=tz).utcoffset()
        if winter != summer and winter is not None and summer is not None:
            offsets.update((winter, summer))
    return frozenset(offsets)


# --- when is a chat due ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Slot:
    """One daily delivery: the chat's calendar day and the instant it falls due."""

    local_date: dt.date
    due_utc: dt.datetime


def local_date(moment: dt.datetime, tz_name: str) -> dt.date:
    """The calendar day ``moment`` falls on in a chat's zone."""
    return moment.astimezone(zone(tz_name)).date()


def slot_on(day: dt.date, at: dt.time, tz_name: str) -> Slot:
    """The instant ``at`` o'clock on ``day`` in the zone, in UTC.

    A time that does not exist that day (a DST gap) moves forward with the clock; one
    that exists twice takes the first, so a day never has two slots.
    """
    tz = zone(tz_name)
    local = dt.datetime.combine(day, at).replace(tzinfo=tz, fold=0)
    utc = local.astimezone(dt.UTC)
    return Slot(day, utc)


def _allowed(day: dt.date, days: int, paused_until: dt.date | None) -> bool:
    if not days & (1 << day.weekday()):
        return False
    return paused_until is None or day >= paused_until


def next_slot(now: dt.datetime, at: dt.time, tz_name: str, *, days: int = ALL_DAYS,
              paused_until: dt.date | None = None, after: dt.date | None = None) -> Slot:
    """The first slot strictly after ``now`` (and after the local day ``after``)."""
    tz = zone(tz_name)
    day = now.astimezone(tz).date()
    if after is not None and day <= after:
        day = after + dt.timedelta(days=1)
    for _ in range(366 * 2 + 8):
        if _allowed(day, days, paused_until):
            slot = slot_on(day, at, tz_name)
            if slot.due_utc > now:
                return slot
        day += dt.timedelta(days=1)
    raise ScheduleError("days", "no delivery day")  # days == 0: never reachable via parsing


def current_slot(now: dt.datetime, at: dt.time, tz_name: str, *, days: int = ALL_DAYS,
                 paused_until: dt.date | None = None) -> Slot | None:
    """The latest slot at or before ``now`` within the last week, if any."""
    tz = zone(tz_name)
    day = now.astimezone(tz).date()
    for _ in range(8):
        if _allowed(day, days, paused_until):
            slot = slot_on(day, at, tz_name)
            if slot.due_utc <= now:
                return slot
        day -= dt.timedelta(days=1)
    return None


def within_grace(slot: Slot, now: dt.datetime, grace: dt.timedelta) -> bool:
    """A late tip is sent only inside the grace window; after it the day is skipped."""
    return slot.due_utc <= now <= slot.due_utc + grace


def next_due(now: dt.datetime, at: dt.time, tz_name: str, *, days: int = ALL_DAYS,
             paused_until: dt.date | None = None, after: dt.date | None = None) -> dt.datetime:
    """When the next tip is due, or a far-future instant while paused until /resume."""
    if paused_until == PAUSED_INDEFINITELY:
        return PAUSED_FOREVER_DUE
    return next_slot(now, at, tz_name, days=days, paused_until=paused_until,
                     after=after).due_utc


# --- rotation -----------------------------------------------------------------------
def _shuffle_key(seed: int, cycle: int, tip_id: str) -> bytes:
    return hashlib.blake2b(f"{seed}:{cycle}:{tip_id}".encode(), digest_size=8).digest()


def rotation_order(tip_ids: Iterable[str], seed: int, cycle: int,
                   penalties: dict[str, int] | None = None) -> list[str]:
    """A chat's order of tips for one cycle: its own shuffle, different every cycle.

    ``penalties`` pushes tips a team voted down towards the end of the cycle; they
    still come, every tip once per cycle.
    """
    penalties = penalties or {}
    return sorted(tip_ids, key=lambda t: (penalties.get(t, 0), _shuffle_key(seed, cycle, t)))


def next_tip(tip_ids: Sequence[str], seed: int, cycle: int, delivered: set[str],
             penalties: dict[str, int] | None = None) -> tuple[str, int]:
    """The next tip and the cycle it belongs to.

    Every tip comes once before any repeats: when all of the current cycle's tips
    were delivered, a new cycle starts with a new order.
    """
    if not tip_ids:
        raise ValueError("no tips to rotate")
    for candidate in rotation_order(tip_ids, seed, cycle, penalties):
        if candidate not in delivered:
            return candidate, cycle
    return rotation_order(tip_ids, seed, cycle + 1, penalties)[0], cycle + 1
