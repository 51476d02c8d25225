"""How a tip looks to a reader: plain text (terminal, JSON) and Telegram HTML.

Kept apart from the Telegram adapter so the console, the CLI and the bot show a tip the
same way, and so the length limits can be checked offline.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from bot.corpus import Tip
from bot.strings import Strings, for_language
from bot.textnorm import canonical_tones


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
        lines.append(f"{s.source_date}: {show_date(src.date, s.lang)}")
    lines.append(f"{s.source_tip_id}: {tip.id}")
    return canonical_tones("\n".join(lines))


def show_date(value: str, lang: str = "vi") -> str:
    """A stored date as readers write it: ``2013-10-11`` → ``11/10/2013`` in Vietnamese
    (day first, as every other date the bot shows), ``11 October 2013`` in English.

    Anything that is not an ISO date is shown as it is.
    """
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return value
    return f"{day.day} {day:%B %Y}" if lang == "en" else f"{day:%d/%m/%Y}"
