"""What a message to the bot asks for: small talk, a search over tips, or nothing we know.

The one place that decides it, so the Telegram layer, the console, the CLI and the
quality benchmark all read a message the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.search import Hit, SearchIndex
from bot.smalltalk import SmallTalk, SmallTalkTable


@dataclass(frozen=True, slots=True)
class Understood:
    """Exactly one of: small talk, hits, or neither (nothing found)."""

    smalltalk: SmallTalk | None = None
    hits: list[Hit] = field(default_factory=list)


@lru_cache(maxsize=4)
def smalltalk_table(path: Path | None = None) -> SmallTalkTable:
    from bot.corpus import seeds_dir

    return SmallTalkTable.load(path or seeds_dir() / "smalltalk.toml")


def understand(text: str, index: SearchIndex, *, limit: int = 5,
               table: SmallTalkTable | None = None) -> Understood:
    """Small talk first (a thank-you must never fetch a tip), then the search."""
    expanded = index.chatspeak.expand(text) if index.chatspeak else text
    chat = (table or smalltalk_table()).classify(expanded)
    if chat is not None:
        return Understood(smalltalk=chat)
    return Understood(hits=index.search(text, limit=limit))


__all__ = ["Understood", "smalltalk_table", "understand"]
