"""Queries on ``votes`` (``storage.votes``): 👍/👎 on tips, one per person per tip per chat.

The counts show on the buttons and in /stats and the digest; tips a chat voted down
come later in its rotation (``penalties_many``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.models import utcnow
from bot.storage.sql import Repository, chunks, iso, marks

_UP_DOWN = ("COALESCE(SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END), 0)")


class Votes(Repository):
    async def cast(self, chat_id: int, tip_id: str, user_id: int, value: int, *,
                   now: dt.datetime | None = None) -> tuple[int, int, int]:
        """Record a vote; the same vote again takes it back.

        Returns the tip's (up, down) counts in the chat and this user's vote now
        (0 when taken back).
        """
        async with self._transaction() as db:
            row = await db.fetchone(
                "SELECT value FROM votes WHERE chat_id = ? AND tip_id = ? AND user_id = ?",
                (chat_id, tip_id, user_id))
            mine = value
            if row is not None and row[0] == value:
                mine = 0
                await db.execute(
                    "DELETE FROM votes WHERE chat_id = ? AND tip_id = ? AND user_id = ?",
                    (chat_id, tip_id, user_id))
            else:
                await db.execute(
                    "INSERT INTO votes (chat_id, tip_id, user_id, value, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, tip_id, user_id) DO UPDATE "
                    "SET value = excluded.value, updated_at = excluded.updated_at",
                    (chat_id, tip_id, user_id, value, iso(now or utcnow())))
            counts = await db.fetchone(f"SELECT {_UP_DOWN} FROM votes WHERE chat_id = ? "
                                       "AND tip_id = ?", (chat_id, tip_id))
        assert counts is not None  # an aggregate without GROUP BY always returns one row
        return int(counts[0]), int(counts[1]), mine

    async def counts(self, chat_id: int, tip_id: str) -> tuple[int, int]:
        """(up, down) for one tip in one chat: what its buttons show."""
        row = await self._fetchone(
            f"SELECT {_UP_DOWN} FROM votes WHERE chat_id = ? AND tip_id = ?", (chat_id, tip_id))
        assert row is not None  # an aggregate without GROUP BY always returns one row
        return int(row[0]), int(row[1])

    async def by_tip(self, chat_id: int) -> dict[str, tuple[int, int]]:
        """(up, down) for every tip this chat voted on."""
        rows = await self._fetchall(
            f"SELECT tip_id, {_UP_DOWN} FROM votes WHERE chat_id = ? GROUP BY tip_id",
            (chat_id,))
        return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}

    async def voters(self, chat_id: int) -> int:
        """How many people voted in the chat (for /stats)."""
        return int(await self._scalar(
            "SELECT COUNT(DISTINCT user_id) FROM votes WHERE chat_id = ?", (chat_id,)))

    async def penalties_many(self, chat_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """Tips each chat voted down (more 👎 than 👍): they come later in the rotation."""
        result: dict[int, dict[str, int]] = {c: {} for c in chat_ids}
        for chunk in chunks(list(chat_ids)):
            rows = await self._fetchall(
                f"SELECT chat_id, tip_id FROM votes WHERE chat_id IN "
                f"({marks(chunk)}) GROUP BY chat_id, tip_id "
                "HAVING SUM(value) < 0", chunk)
            for chat_id, tip_id in rows:
                result[int(chat_id)][str(tip_id)] = 1
        return result
