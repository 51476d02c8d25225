"""Queries on ``misses`` (``storage.misses``): the lookups in a chat that found no tip.

They tell a team (and the operator) which questions the corpus does not answer yet.
What people type is their words, so the table keeps as little as will do: one row per
distinct question per chat (grouped by a key the caller normalises), the latest
wording cut to 200 characters with phone numbers, e-mail addresses, links and order
codes replaced (``bot.text.redact``; rows kept before that rule are redacted as they are
read), at most 1,000 rows per chat and nothing older than 90 days; a chat can turn it
off (``storage.chats.set_misses_off``) or wipe it (``forget``).

A private chat's id is the person's own account (Telegram gives people positive ids,
groups and channels negative ones), so its rows are that person's: the operator's
listing leaves them out unless asked (``listing(..., private=True)``).
"""

from __future__ import annotations

import datetime as dt

from bot.models import MissRecord
from bot.storage.sql import Repository, Row, iso
from bot.text.redact import redact

MAX_QUERY = 200  # characters of the typed text kept (and of the key)
MAX_PER_CHAT = 1000
KEEP_FOR = dt.timedelta(days=90)

_COLUMNS = "chat_id, query, folded, count, first_seen, last_seen"
_GROUPS = "chat_id < 0"  # groups, supergroups and channels: not one person's chat
_ORDER = "ORDER BY count DESC, last_seen DESC, chat_id, folded"  # ties: a stable order


def is_private_chat(chat_id: int) -> bool:
    """A chat with one person, whose id is that person's account (Telegram's ids)."""
    return chat_id > 0


def _record(row: Row) -> MissRecord:
    return MissRecord(chat_id=int(row[0]), query=redact(str(row[1])), folded=str(row[2]),
                      count=int(row[3]), first_seen=dt.datetime.fromisoformat(row[4]),
                      last_seen=dt.datetime.fromisoformat(row[5]))


class Misses(Repository):
    async def record(self, chat_id: int, query: str, folded: str,
                     now: dt.datetime) -> bool:
        """Count one lookup that found nothing; ``False`` when nothing was kept.

        Grouped by (chat, ``folded``): the count goes up, ``last_seen`` becomes ``now``
        and the latest wording replaces the earlier one, contact details and order codes
        replaced (the caller has done so already, and computed ``folded`` from the
        result; done again here so no wording is kept without it). Nothing is kept for a chat that
        turned misses off (checked here, so no caller can forget) or for a blank key.
        Then, in the same transaction, the chat keeps only its ``MAX_PER_CHAT`` most
        recently seen questions, and rows of any chat not seen for ``KEEP_FOR`` go.
        """
        folded = folded.strip()[:MAX_QUERY]
        if not folded:
            return False
        stamp = iso(now)
        async with self._transaction() as db:
            kept = await db.execute(
                "INSERT INTO misses (chat_id, query, folded, count, first_seen, last_seen) "
                "SELECT ?, ?, ?, 1, ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM chats WHERE chat_id = ? AND misses_off = 1) "
                "ON CONFLICT (chat_id, folded) DO UPDATE SET count = misses.count + 1, "
                "query = excluded.query, last_seen = excluded.last_seen",
                (chat_id, redact(query.strip())[:MAX_QUERY], folded, stamp, stamp, chat_id))
            if not kept:
                return False
            await db.execute("DELETE FROM misses WHERE last_seen < ?", (iso(now - KEEP_FOR),))
            # The first row past the cap, in most-recent-first order; it and all after go.
            first_out = await db.fetchone(
                "SELECT last_seen, folded FROM misses WHERE chat_id = ? "
                "ORDER BY last_seen DESC, folded DESC LIMIT 1 OFFSET ?", (chat_id, MAX_PER_CHAT))
            if first_out is not None:
                seen, key = first_out[0], first_out[1]
                await db.execute(
                    "DELETE FROM misses WHERE chat_id = ? "
                    "AND (last_seen < ? OR (last_seen = ? AND folded <= ?))",
                    (chat_id, seen, seen, key))
        return True

    async def top(self, chat_id: int, limit: int = 10,
                  since: dt.datetime | None = None) -> list[MissRecord]:
        """A chat's most asked unanswered questions: by count, then most recently seen.

        ``since`` keeps only questions seen at or after that instant.
        """
        rows = await self._fetchall(  # every ISO stamp is >= '': no ``since``, no filter
            f"SELECT {_COLUMNS} FROM misses WHERE chat_id = ? AND last_seen >= ? "
            f"{_ORDER} LIMIT ?", (chat_id, iso(since) if since else "", limit))
        return [_record(r) for r in rows]

    async def listing(self, chat_id: int | None, limit: int = 100, *,
                      private: bool = False) -> list[MissRecord]:
        """For the operator: one chat's misses, or every chat's (``None``), top first.

        Private chats only with ``private``: their questions are kept for the person's
        own /stats, and a private chat named without it gives nothing.
        """
        if chat_id is not None and is_private_chat(chat_id) and not private:
            return []
        if chat_id is None:
            where = "" if private else f"WHERE {_GROUPS}"
            rows = await self._fetchall(f"SELECT {_COLUMNS} FROM misses {where} {_ORDER} LIMIT ?",
                                        (limit,))
        else:
            rows = await self._fetchall(
                f"SELECT {_COLUMNS} FROM misses WHERE chat_id = ? {_ORDER} LIMIT ?",
                (chat_id, limit))
        return [_record(r) for r in rows]

    async def expire(self, now: dt.datetime) -> int:
        """Delete questions not asked for ``KEEP_FOR``: the 90-day promise holds even in
        a quiet period, when no new miss comes to trigger the clean-up."""
        return await self._write("DELETE FROM misses WHERE last_seen < ?",
                                 (iso(now - KEEP_FOR),))

    async def forget(self, chat_id: int) -> int:
        """Delete everything kept about a chat's misses; returns how many rows went."""
        return await self._write("DELETE FROM misses WHERE chat_id = ?", (chat_id,))
