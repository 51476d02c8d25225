"""Queries on ``team_tips``: the tips a team wrote itself, at most ``MAX_TEAM_TIPS`` a chat.

A tip's ``id`` is global (one sequence for all chats) and is the number admins see in
/mytips and in exports; it never changes, even when the chat moves to a new id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.models import MAX_TEAM_TIPS, TeamTipRecord, utcnow
from bot.storage.sql import Queries, Row, chunks, iso, marks

_COLUMNS = "id, chat_id, principle, passage, source, created_by, short, situations"


def _record(row: Row) -> TeamTipRecord:
    return TeamTipRecord(id=int(row[0]), chat_id=int(row[1]), principle=str(row[2]),
                         passage=str(row[3]), source=str(row[4]),
                         created_by=None if row[5] is None else int(row[5]),
                         short=str(row[6]), situations=split_situations(str(row[7])))


def split_situations(stored: str) -> tuple[str, ...]:
    """The stored column (one situation a line) as a tuple, without blank lines."""
    return tuple(line for line in stored.split("\n") if line.strip())


class TeamTipQueries(Queries):
    async def add_team_tip(self, chat_id: int, principle: str, passage: str, source: str,
                           created_by: int | None, *, short: str = "",
                           situations: Sequence[str] = (), now: dt.datetime | None = None
                           ) -> int | None:
        """Store a team tip; ``None`` when the chat already has ``MAX_TEAM_TIPS``.

        ``situations`` are stored one a line, so none may contain a line break.
        """
        async with self._transaction() as db:
            row = await db.fetchone("SELECT COUNT(*) FROM team_tips WHERE chat_id = ?",
                                    (chat_id,))
            if row is not None and row[0] >= MAX_TEAM_TIPS:
                return None
            row = await db.fetchone(
                "INSERT INTO team_tips (chat_id, principle, passage, source, created_by, "
                "created_at, short, situations) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (chat_id, principle, passage, source, created_by, iso(now or utcnow()),
                 short, "\n".join(" ".join(s.split()) for s in situations if s.strip())))
            assert row is not None  # INSERT … RETURNING returns the row it inserted
            return int(row[0])

    async def team_tips(self, chat_id: int) -> list[TeamTipRecord]:
        """A chat's tips in the order they were added."""
        rows = await self._fetchall(
            f"SELECT {_COLUMNS} FROM team_tips WHERE chat_id = ? ORDER BY id", (chat_id,))
        return [_record(r) for r in rows]

    async def team_tips_many(self, chat_ids: Sequence[int]) -> dict[int, list[TeamTipRecord]]:
        """``team_tips`` for a batch of chats (the daily push), a query per 400 chats."""
        result: dict[int, list[TeamTipRecord]] = {c: [] for c in chat_ids}
        for chunk in chunks(list(chat_ids)):
            rows = await self._fetchall(
                f"SELECT {_COLUMNS} FROM team_tips WHERE chat_id IN ({marks(chunk)}) "
                "ORDER BY id", chunk)
            for r in rows:
                tip = _record(r)
                result[tip.chat_id].append(tip)
        return result

    async def team_tips_by(self, user_id: int, limit: int = 50) -> list[TeamTipRecord]:
        """The tips one person added in any chat, newest first (their inline answers)."""
        rows = await self._fetchall(
            f"SELECT {_COLUMNS} FROM team_tips WHERE created_by = ? ORDER BY id DESC LIMIT ?",
            (user_id, limit))
        return [_record(r) for r in rows]

    async def delete_team_tip(self, chat_id: int, tip_number: int) -> bool:
        """Delete a chat's tip by its number; ``False`` if that chat has no such tip."""
        return await self._write("DELETE FROM team_tips WHERE chat_id = ? AND id = ?",
                                 (chat_id, tip_number)) > 0
