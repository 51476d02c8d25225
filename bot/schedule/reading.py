"""What users type for a schedule: a time (``8h30``, ``20:15``, ``8h tối``), a zone
(``+07:00``, ``giờ Việt Nam``, ``Bangkok``), days (``t2-t6``, ``mon-fri``), a pause
(``3 ngày``, ``20/2``) and a digest (``t2 9h``), read into the stored values ``due``
computes with. Anything that cannot be read is a ``ScheduleError`` naming what it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from zoneinfo import available_timezones

from bot.schedule.due import ALL_DAYS, PAUSED_INDEFINITELY, ScheduleError
from bot.text import normalize

# --- times and zones ------------------------------------------------------------------
_TIME_RE = re.compile(
    r"^(?P<h>\d{1,2})(?:(?:[:hg.]|giờ|gio)(?P<m>\d{1,2})?(?:p|phút|phut)?)?"
    r"(?P<ampm>am|pm|sáng|sang|chiều|chieu|tối|toi|trưa|trua|đêm|dem)?$",
    re.IGNORECASE,
)
_LATER = {"pm", "chiều", "chieu", "tối", "toi"}


def parse_time(text: str) -> dt.time:
    """``8:30``, ``08:30``, ``8h30``, ``8h``, ``20h15``, ``20:15``, ``8g30``, ``8h tối``."""
    raw = "".join(text.lower().split())
    match = _TIME_RE.match(raw)
    if not match:
        raise ScheduleError("time", text)
    hour, minute = int(match["h"]), int(match["m"] or 0)
    ampm = match["ampm"]
    if ampm and hour > 12:
        raise ScheduleError("time", text)
    if ampm in _LATER and hour < 12:
        hour += 12
    elif ampm in ("am",) and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59) or (match["m"] and len(match["m"]) != 2):
        raise ScheduleError("time", text)
    return dt.time(hour, minute)


def looks_like_time(text: str) -> bool:
    return bool(re.match(r"^\d{1,2}([:hg.]|giờ|gio|am|pm|$)", text.lower()))


_OFFSET_RE = re.compile(r"^(?P<prefix>utc|gmt)?(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$",
                        re.IGNORECASE)

# Zones as people name them: a country, a city, a common abbreviation, in Vietnamese or
# English, with or without diacritics (keys are folded), with or without "giờ" before.
_ZONE_WORDS: dict[str, str] = {
    **dict.fromkeys(("viet nam", "vietnam", "vn", "ha noi", "hanoi", "sai gon", "saigon",
                     "ho chi minh", "hcm", "tp hcm", "tphcm", "da nang", "danang", "ict",
                     "indochina", "dong duong"), "Asia/Ho_Chi_Minh"),
    **dict.fromkeys(("bangkok", "thai lan", "thailand"), "Asia/Bangkok"),
    **dict.fromkeys(("singapore", "sgt"), "Asia/Singapore"),
    **dict.fromkeys(("kuala lumpur", "malaysia", "ma lai"), "Asia/Kuala_Lumpur"),
    **dict.fromkeys(("jakarta", "indonesia", "wib"), "Asia/Jakarta"),
    **dict.fromkeys(("manila", "philippines", "phi luat tan", "pht"), "Asia/Manila"),
    **dict.fromkeys(("phnom penh", "phnompenh", "campuchia", "cambodia"), "Asia/Phnom_Penh"),
    **dict.fromkeys(("vientiane", "vieng chan", "nuoc lao", "laos"), "Asia/Vientiane"),
    **dict.fromkeys(("yangon", "myanmar"), "Asia/Yangon"),
    **dict.fromkeys(("tokyo", "nhat ban", "japan", "jst"), "Asia/Tokyo"),
    **dict.fromkeys(("seoul", "han quoc", "korea", "kst"), "Asia/Seoul"),
    **dict.fromkeys(("bac kinh", "beijing", "thuong hai", "shanghai", "trung quoc", "china"),
                    "Asia/Shanghai"),
    **dict.fromkeys(("hong kong", "hongkong", "hkt"), "Asia/Hong_Kong"),
    **dict.fromkeys(("dai bac", "taipei", "dai loan", "taiwan"), "Asia/Taipei"),
    **dict.fromkeys(("an do", "india", "delhi", "new delhi", "ist"), "Asia/Kolkata"),
    **dict.fromkeys(("dubai", "uae"), "Asia/Dubai"),
    **dict.fromkeys(("sydney", "nuoc uc", "australia"), "Australia/Sydney"),
    **dict.fromkeys(("london", "nuoc anh", "uk"), "Europe/London"),
    **dict.fromkeys(("paris", "nuoc phap", "france"), "Europe/Paris"),
    **dict.fromkeys(("berlin", "nuoc duc", "germany"), "Europe/Berlin"),
    **dict.fromkeys(("moscow", "moskva", "nuoc nga", "russia"), "Europe/Moscow"),
    **dict.fromkeys(("new york", "newyork"), "America/New_York"),
    **dict.fromkeys(("los angeles", "california"), "America/Los_Angeles"),
}
_ZONE_PREFIXES = ("mui gio", "gio", "theo gio", "time zone", "timezone", "time")
_ZONE_SUFFIXES = ("time", "time zone")


@lru_cache(maxsize=1)
def _zones_by_folded_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


@lru_cache(maxsize=1)
def _zones_by_city() -> dict[str, str]:
    """``bangkok`` → ``Asia/Bangkok``: the last part of each IANA name, when unambiguous."""
    found: dict[str, set[str]] = {}
    for name in available_timezones():
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/")):
            city = normalize.fold(name.rsplit("/", 1)[1].replace("_", " "))
            found.setdefault(city, set()).add(name)
    return {city: names.pop() for city, names in found.items() if len(names) == 1}


def zone_from_words(text: str) -> str | None:
    """A zone named in words (``giờ Việt Nam``, ``Hanoi``, ``ICT``, ``giờ Bangkok``), or None."""
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", normalize.fold(text)).split())
    for prefix in _ZONE_PREFIXES:
        if key.startswith(prefix + " "):
            key = key[len(prefix) + 1:]
            break
    for suffix in _ZONE_SUFFIXES:
        if key.endswith(" " + suffix):
            key = key[: -len(suffix) - 1]
            break
    if not key:
        return None
    return _ZONE_WORDS.get(key) or _ZONE_WORDS.get(key.replace(" ", "")) or \
        _zones_by_city().get(key)


def parse_timezone(text: str) -> str:
    """A canonical zone name: an IANA name (any case), ``UTC+07:00`` for an offset, or a
    zone named in words (``giờ Việt Nam``, ``Hanoi``, ``ICT``, ``Bangkok``).

    A bare negative number (``-1``) is refused: it reads as a count as much as a zone;
    ``UTC-1``, ``GMT-1`` or ``-01:00`` say which is meant.
    """
    raw = text.strip()
    if raw.lower() in ("utc", "gmt", "z"):
        return "UTC"
    match = _OFFSET_RE.match(raw.replace(" ", ""))
    if match:
        hours, minutes = int(match["h"]), int(match["m"] or 0)
        if hours > 14 or minutes >= 60 or (hours == 14 and minutes):
            raise ScheduleError("timezone", text)
        if match["sign"] == "-" and not match["prefix"] and match["m"] is None:
            raise ScheduleError("timezone", text)
        return f"UTC{match['sign']}{hours:02d}:{minutes:02d}"
    if "/" in raw:
        name = _zones_by_folded_name().get(raw.lower())
    else:  # words first: "Singapore" is Asia/Singapore, not the legacy alias "Singapore"
        name = zone_from_words(raw) or _zones_by_folded_name().get(raw.lower())
    if name is None:
        raise ScheduleError("timezone", text)
    return name


def looks_like_timezone(text: str) -> bool:
    return "/" in text or bool(_OFFSET_RE.match(text.replace(" ", ""))) or \
        text.lower() in ("utc", "gmt")


def split_arguments(args: Sequence[str]) -> tuple[dt.time | None, str | None, list[str]]:
    """TIME and TIMEZONE from ``/subscribe`` arguments in any order; the rest returned.

    Raises ``ScheduleError`` for a word that looks like a time or zone but is not one.
    """
    time_value: dt.time | None = None
    tz_value: str | None = None
    rest: list[str] = []
    words = list(args)
    i = 0
    while i < len(words):
        word = normalize.strip_controls(words[i]).strip()
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if not word:
            i += 1
            continue
        after_day_word = bool(rest) and normalize.fold(rest[-1]) in ("thu", "t")
        if looks_like_time(word) and not (after_day_word and word.rstrip(",;").isdigit()):
            # "8h tối", "8 giờ 30": the next word may belong to the time
            if nxt in ("sáng", "sang", "chiều", "chieu", "tối", "toi", "trưa", "trua",
                       "am", "pm", "đêm", "dem"):
                word, i = word + nxt, i + 1
            if time_value is not None:  # "8h tối 8h sáng": which one? ask, do not guess
                raise ScheduleError("time", word)
            time_value = parse_time(word)
        elif looks_like_timezone(word):
            tz_value = parse_timezone(word)
        elif (found := _zone_phrase(words, i)) is not None:
            tz_value, i = found[0], i + found[1] - 1
        elif any(c.isdigit() for c in word) and not _DAYISH.fullmatch(normalize.fold(word)):
            raise ScheduleError("time", word)  # "-1h", "25:99h": a time, not a day
        else:
            rest.append(word)
        i += 1
    return time_value, tz_value, rest


# A word with digits that may still be days: "t2", "t2-t6", "t2,t4,t6", "2" after "thứ".
_DAYISH = re.compile(r"[t0-9,;\-–—]+")


def _zone_phrase(words: Sequence[str], start: int) -> tuple[str, int] | None:
    """A zone named in up to four words from ``start`` (``giờ Việt Nam``): (zone, words)."""
    if not words[start][:1].isalpha():
        return None
    for length in range(min(4, len(words) - start), 0, -1):
        name = zone_from_words(" ".join(words[start : start + length]))
        if name is not None:
            return name, length
    return None


# --- working days -------------------------------------------------------------------
_VI_ORDINALS = {"2": 0, "hai": 0, "3": 1, "ba": 1, "4": 2, "tu": 2, "5": 3, "nam": 3,
                "6": 4, "sau": 4, "7": 5, "bay": 5}
_EN_DAYS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2,
            "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4,
            "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6}
_DAY_SETS = {
    "daily": ALL_DAYS, "everyday": ALL_DAYS, "hang ngay": ALL_DAYS, "hangngay": ALL_DAYS,
    "moi ngay": ALL_DAYS, "ca tuan": ALL_DAYS,
    "weekdays": 0b0011111, "ngay thuong": 0b0011111, "ngay lam viec": 0b0011111,
    "weekend": 0b1100000, "weekends": 0b1100000, "cuoi tuan": 0b1100000,
}


def _day_tokens(text: str) -> list[str | int]:
    """Day numbers (0 = Monday) and the separators ``-`` and ``,`` from free text."""
    folded = normalize.fold(text).replace("–", "-").replace("—", "-")
    folded = re.sub(r"\b(den|toi|to|through|thru)\b", "-", folded)
    folded = re.sub(r"[,;/+&]|\b(va|and)\b", ",", folded)
    words = re.findall(r"[a-z0-9]+|[-,]", folded)
    out: list[str | int] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in "-,":
            out.append(word)
        elif re.fullmatch(r"t[2-7]", word):
            out.append(_VI_ORDINALS[word[1]])
        elif word == "cn":
            out.append(6)
        elif word == "chu" and nxt == "nhat":
            out.append(6)
            i += 1
        elif word == "thu" and nxt in _VI_ORDINALS:
            out.append(_VI_ORDINALS[nxt])
            i += 1
        elif word in _EN_DAYS:
            out.append(_EN_DAYS[word])
        else:
            raise ScheduleError("days", text)
        i += 1
    return out


def parse_days(text: str) -> int:
    """A weekday bitmask from ``t2-t6``, ``thứ 2 - thứ 6``, ``t2,t4,t6``, ``chủ nhật``,
    ``thu hai``, ``mon-fri``, ``weekdays``, ``daily``… (bit 0 = Monday).
    """
    key = " ".join(normalize.fold(text).split())
    if key in _DAY_SETS:
        return _DAY_SETS[key]
    tokens = _day_tokens(text)
    mask = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == ",":
            i += 1
            continue
        if not isinstance(token, int):
            raise ScheduleError("days", text)
        if i + 2 < len(tokens) and tokens[i + 1] == "-" and isinstance(tokens[i + 2], int):
            end = tokens[i + 2]
            day = token
            while True:  # a range may wrap: t7-t2 is Saturday to Monday
                mask |= 1 << day
                if day == end:
                    break
                day = (day + 1) % 7
            i += 3
            continue
        mask |= 1 << token
        i += 1
    if not mask:
        raise ScheduleError("days", text)
    return mask


# --- pauses and the digest -----------------------------------------------------------
def parse_pause(text: str, today: dt.date) -> dt.date:
    """The first local day tips come again (exclusive end of the pause).

    ``""`` → until ``/resume``; ``3`` or ``3 ngày`` → today and the next two days;
    ``20/2``, ``20/02/2027``, ``2027-02-20`` → through that date (the next one to come).
    """
    raw = " ".join(normalize.fold(text).split())
    if not raw:
        return PAUSED_INDEFINITELY
    match = re.fullmatch(r"(\d{1,3})\s*(ngay|days?|d)?", raw)
    if match:
        count = int(match[1])
        if not 1 <= count <= 366:
            raise ScheduleError("pause", text)
        return today + dt.timedelta(days=count)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            end = dt.date.fromisoformat(raw)
        else:
            match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?", raw)
            if not match:
                raise ScheduleError("pause", text)
            day, month = int(match[1]), int(match[2])
            if match[3]:
                year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
                end = dt.date(year, month, day)
            else:
                end = dt.date(today.year, month, day)
                if end < today:
                    end = dt.date(today.year + 1, month, day)
    except ValueError:
        raise ScheduleError("pause", text) from None
    if end < today or end > today + dt.timedelta(days=2 * 366):
        raise ScheduleError("pause", text)
    return end + dt.timedelta(days=1)


_OFF_WORDS = {"off", "tat", "huy", "stop", "dung", "khong"}


def parse_digest(args: Sequence[str]) -> tuple[int, dt.time] | None:
    """``/digest t2 9h`` → (Monday, 09:00); ``/digest off`` (or ``tắt``) → ``None``."""
    folded = " ".join(normalize.fold(a) for a in args).strip()
    if folded in _OFF_WORDS:
        return None
    at, _, rest = split_arguments(args)
    if at is None or not rest:
        raise ScheduleError("digest", " ".join(args))
    mask = parse_days(" ".join(rest))
    days = [d for d in range(7) if mask & (1 << d)]
    if len(days) != 1:
        raise ScheduleError("digest", " ".join(args))
    return days[0], at
