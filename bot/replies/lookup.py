"""What a message to the bot asks for: small talk, a topic, a search over tips, or nothing
we know.

The one place that decides it, so the Telegram layer, the console, the CLI and the
quality benchmark all read a message the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.corpus import Topic
from bot.replies.topics import match_topic
from bot.search import Hit, SearchIndex
from bot.text import articles, normalize, redact
from bot.text.smalltalk import SmallTalk, SmallTalkTable

# Fewer words than this beside a link, a phone number or an order code: a paste.
PASTED_WORDS = 4


@dataclass(frozen=True, slots=True)
class Understood:
    """Exactly one of: small talk, a topic named, hits, or none (nothing found)."""

    smalltalk: SmallTalk | None = None
    hits: list[Hit] = field(default_factory=list)
    topic: Topic | None = None


@lru_cache(maxsize=4)
def smalltalk_table(path: Path | None = None) -> SmallTalkTable:
    from bot.corpus import seeds_dir

    return SmallTalkTable.load(path or seeds_dir() / "smalltalk.toml")


def strip_noise(text: str) -> str:
    """``text`` without links, addresses, phone numbers and order codes: pasted things
    that carry no question (``bot.text.redact`` says what they look like)."""
    return redact.strip(text)


def understand(text: str, index: SearchIndex, *, limit: int = 5,
               table: SmallTalkTable | None = None, topics: Sequence[Topic] = ()) -> Understood:
    """A topic named (``/tip thái độ``: one of ``topics``, when given), then small talk (a
    thank-you must never fetch a tip), then the search.

    Scrape residue (the articles' download prompts and ads, pasted back at the bot) and
    bare links or numbers find nothing: their words are the articles' own, so the search
    alone would happily match them.
    """
    topic = match_topic(text, topics) if topics else None
    if topic is not None:
        return Understood(topic=topic)
    expanded = index.chatspeak.expand(text) if index.chatspeak else text
    chat = (table or smalltalk_table()).classify(expanded)
    if chat is not None:
        return Understood(smalltalk=chat)
    cleaned = searchable(text)
    if cleaned is None:
        return Understood()
    return Understood(hits=index.search(cleaned, limit=limit))


def searchable(text: str) -> str | None:
    """The part of ``text`` worth searching, or ``None`` for scrape residue and noise."""
    if any(articles.is_boilerplate(line) for line in text.splitlines() if line.strip()):
        return None
    if redact.has_code(text):
        # A bank's or a shop's text with a one-time code, pasted: however many of its
        # words ("Quý khách", "giao dịch", "nhân viên") the articles hold, it asks nothing.
        return None
    cleaned = strip_noise(text)
    words = normalize.tokens(cleaned)
    if cleaned != text and len(words) < PASTED_WORDS:
        # An order confirmation or a tracking link with a word or two around it
        # ("Đơn DH2403… đã giao"): pasted, not asked.
        return None
    return cleaned if words else None


__all__ = ["Understood", "searchable", "smalltalk_table", "strip_noise", "understand"]
