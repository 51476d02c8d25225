"""What a team asked that no tip answered: kept so a lead can fill the gap.

Only the question's text is kept (never who asked), grouped by its folded words so
"Khách hàng giận" and "khach hang gian" count once; storage keeps 90 days and at most
1,000 a chat, and a chat that turned this off keeps nothing (``/privacy``).
"""

from __future__ import annotations

import datetime as dt

from bot import textnorm
from bot.models import utcnow
from bot.storage import Storage

MAX_QUERY = 200
SHOWN = 5


def key(query: str) -> str:
    """The grouping key: folded words, so spelling and diacritics do not split a count."""
    return " ".join(textnorm.tokens(query))[:MAX_QUERY]


async def record(storage: Storage, chat_id: int, query: str,
                 now: dt.datetime | None = None) -> bool:
    """Count a lookup that found nothing; ``False`` when nothing was kept."""
    text = " ".join(query.split())[:MAX_QUERY]
    return await storage.record_miss(chat_id, text, key(text), now or utcnow())


async def top(storage: Storage, chat_id: int, limit: int = SHOWN) -> list[tuple[str, int]]:
    """The most asked unanswered questions, as (latest wording, times asked)."""
    return [(m.query, m.count) for m in await storage.top_misses(chat_id, limit)]


async def kept(storage: Storage, chat_id: int) -> bool:
    """Whether this chat keeps its unanswered questions (the default)."""
    chat = await storage.get_chat(chat_id)
    return not (chat and chat.misses_off)


async def set_kept(storage: Storage, chat_id: int, keep: bool) -> int:
    """Turn keeping on or off; turning it off deletes what was kept (returns how many)."""
    await storage.set_misses_off(chat_id, not keep)
    return 0 if keep else await storage.forget_misses(chat_id)
