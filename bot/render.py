"""How a tip looks to a reader: plain text (terminal, JSON) and Telegram HTML.

Kept apart from the Telegram adapter so the console, the CLI and the bot show a tip the
same way, and so the length limits can be checked offline.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from bot.corpus import Tip
from bot.strings import LANGUAGES, Strings, for_language
from bot.text.normalize import canonical_tones


def tip_plain(tip: Tip, strings: Strings | None = None) -> str:
    """Principle, passage and source as plain text."""
    s = strings or for_language("vi")
    return canonical_tones(
        f"💡 {tip.principle}\n\n{tip.passage}\n\n— {s.source_label}: {tip.source.describe()}")


def tip_html(tip: Tip, strings: Strings | None = None, *, heading: str = "") -> str:
    """The same, as Telegram HTML with every dynamic value escaped."""
    s = strings or for_language("vi")
    head = f"{escape(heading)}\n" if heading else ""
    return canonical_tones(
        f"{head}💡 <b>{escape(tip.principle)}</b>\n\n{escape(tip.passage)}\n\n"
        f"— <i>{escape(s.source_label)}: {escape(tip.source.describe())}</i>"
    )


def source_details(tip: Tip, strings: Strings | None = None) -> str:
    """Everything known about a tip's source, as plain text."""
    s = strings or for_language("vi")
    src = tip.source
    lines = [f"{s.source_title}: {src.title}"]
    if src.author:
        lines.append(f"{s.source_author}: {src.author}")
    if src.publisher:
        lines.append(f"{s.source_publisher}: {src.publisher}")
    if src.date:
        lines.append(f"{s.source_date}: {show_date(src.date, s)}")
    lines.append(f"{s.source_tip_id}: {tip.id}")
    return canonical_tones("\n".join(lines))


def show_date(value: str, strings: Strings | None = None) -> str:
    """A stored date as readers write it: ``2013-10-11`` → ``11/10/2013`` in Vietnamese
    (day first, as every other date the bot shows), ``11 October 2013`` in English.

    Anything that is not an ISO date is shown as it is.
    """
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return value
    s = strings or for_language("vi")
    return s.date.format(day=day.day, month=s.months[day.month - 1], year=day.year)


# --- length as Telegram counts it -----------------------------------------------------
MAX_MESSAGE_LENGTH = 4096  # Telegram: "1-4096 characters after entities parsing"
# What the bot may put around a tip in one message: a heading ("🌅 Nguyên tắc hôm nay")
# or the note that confirms /addtip. Generous, so no wording change breaks a tip.
MESSAGE_RESERVE = 600
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]+)|#[xX]([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _entity(match: re.Match[str]) -> str:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match[0]


def visible_text(html: str) -> str:
    """What a reader sees of Telegram HTML: tags removed, entities decoded.

    Telegram knows only ``&lt; &gt; &amp; &quot;`` and numeric entities by name; that is
    all ``html.escape`` writes.
    """
    return _ENTITY.sub(_entity, _TAG.sub("", html))


def telegram_length(html: str) -> int:
    """A message's length as Telegram limits it: the visible text after entity parsing,
    in UTF-16 code units (an emoji outside the BMP counts two). ``&quot;`` is one."""
    return len(visible_text(html).encode("utf-16-le")) // 2


def fits_one_message(html: str, reserve: int = 0) -> bool:
    """True when ``html`` (plus ``reserve`` units of heading or note) is one message."""
    return telegram_length(html) + reserve <= MAX_MESSAGE_LENGTH


def tip_fits(tip: Tip, reserve: int = MESSAGE_RESERVE) -> bool:
    """The tip, as shown in every language, fits one message with ``reserve`` to spare."""
    return all(fits_one_message(tip_html(tip, s), reserve) for s in LANGUAGES.values())
