"""What a team asked that no tip answered: kept so a lead can fill the gap.

Only the question's words are kept, with phone numbers, e-mail addresses, links and
order codes replaced by a placeholder first (``bot.text.redact``), then grouped by its folded
words so "Khách hàng giận" and "khach hang gian" count once; storage keeps 90 days from
the last time it was asked and at most 1,000 a chat, and a chat that turned this off
keeps nothing (``/privacy``). In a group the row does not say who asked; in a private
chat the chat is the person, so those rows serve only that person's own /stats and the
operator's listing leaves them out unless asked (``for_operator``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.models import MissRecord, utcnow
from bot.storage import Storage
from bot.storage.misses import is_private_chat
from bot.text import normalize
from bot.text.redact import redact

MAX_QUERY = 200
SHOWN = 5


def tidy(text: str) -> str:
    """One line, no control or direction-changing characters: what may be kept or shown
    (an escape sequence in a question must not reach the operator's terminal)."""
    return " ".join(normalize.strip_controls(text).split())


def key(query: str) -> str:
    """The grouping key: folded words, so spelling and diacritics do not split a count."""
    return " ".join(normalize.tokens(query))[:MAX_QUERY]


async def record(storage: Storage, chat_id: int, query: str,
                 now: dt.datetime | None = None) -> bool:
    """Count a lookup that found nothing; ``False`` when nothing was kept.

    Contact details and codes go (after the invisible characters that could hide one)
    before the key is made, so two questions that differ only in a phone number count
    as one and no number is in the key either.
    """
    text = redact(tidy(query))[:MAX_QUERY]
    return await storage.misses.record(chat_id, text, key(text), now or utcnow())


async def top(storage: Storage, chat_id: int, limit: int = SHOWN) -> list[tuple[str, int]]:
    """The most asked unanswered questions, as (latest wording, times asked); tidied,
    as rows kept before ``record`` tidied them may hold control characters."""
    return [(tidy(m.query), m.count) for m in await storage.misses.top(chat_id, limit)]


async def kept(storage: Storage, chat_id: int) -> bool:
    """Whether this chat keeps its unanswered questions (the default)."""
    chat = await storage.chats.get(chat_id)
    return not (chat and chat.misses_off)


async def set_kept(storage: Storage, chat_id: int, keep: bool) -> int:
    """Turn keeping on or off; turning it off deletes what was kept (returns how many)."""
    await storage.chats.set_misses_off(chat_id, not keep)
    return 0 if keep else await storage.misses.forget(chat_id)


def private_chat(chat_id: int) -> bool:
    """Whether this chat's questions are one person's (a private chat with the bot)."""
    return is_private_chat(chat_id)


async def for_operator(storage: Storage, chat_id: int | None, limit: int, *,
                       private: bool = False) -> list[MissRecord]:
    """``python -m bot misses``: group chats' questions, private chats' only if asked;
    the wording tidied for a terminal."""
    rows = await storage.misses.listing(chat_id, limit, private=private)
    return [dataclasses.replace(m, query=tidy(m.query)) for m in rows]
