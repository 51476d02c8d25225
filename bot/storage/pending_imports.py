"""Queries on ``pending_imports`` (``storage.pending_imports``): playbook imports
shown to an admin, waiting for ✅.

They are in the database, not in one process's memory, so a confirm reaches whichever
replica gets the button press, and a restart loses nothing that still waits. Each chat
keeps only its newest few (``keep``), so previews in other chats never push a team's
out; expired rows are never returned and are deleted as new ones come. Taking one is a
single ``DELETE … RETURNING``: of two presses or two replicas, only one gets it.
"""

from __future__ import annotations

import datetime as dt

from bot.models import PendingImportRecord
from bot.storage.sql import Repository, Row, iso

_COLUMNS = "chat_id, token, target, plan, created_at, expires_at"


def _record(row: Row) -> PendingImportRecord:
    return PendingImportRecord(chat_id=int(row[0]), token=str(row[1]), target=int(row[2]),
                               plan=str(row[3]),
                               created_at=dt.datetime.fromisoformat(str(row[4])),
                               expires_at=dt.datetime.fromisoformat(str(row[5])))


class PendingImports(Repository):
    async def put(self, chat_id: int, token: str, target: int, plan: str, *,
                  now: dt.datetime, expires: dt.datetime, keep: int) -> None:
        """Keep an import shown in ``chat_id`` until ``expires``; the chat's older ones
        beyond the newest ``keep`` go, and so does every expired one."""
        async with self._transaction() as db:
            await db.execute("DELETE FROM pending_imports WHERE expires_at <= ?", (iso(now),))
            await db.execute(
                "INSERT INTO pending_imports (chat_id, token, target, plan, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (chat_id, token, target, plan, iso(now), iso(expires)))
            await db.execute(
                "DELETE FROM pending_imports WHERE chat_id = ? AND id NOT IN "
                "(SELECT id FROM pending_imports WHERE chat_id = ? ORDER BY id DESC LIMIT ?)",
                (chat_id, chat_id, keep))

    async def get(self, chat_id: int, token: str,
                  now: dt.datetime) -> PendingImportRecord | None:
        """The import shown in ``chat_id`` with ``token``, if it still waits."""
        row = await self._fetchone(
            f"SELECT {_COLUMNS} FROM pending_imports "
            "WHERE chat_id = ? AND token = ? AND expires_at > ?", (chat_id, token, iso(now)))
        return None if row is None else _record(row)

    async def take(self, chat_id: int, token: str,
                   now: dt.datetime) -> PendingImportRecord | None:
        """``get``, removed in the same statement: only one caller gets it."""
        async with self._transaction() as db:
            row = await db.fetchone(
                "DELETE FROM pending_imports WHERE chat_id = ? AND token = ? AND expires_at > ? "
                f"RETURNING {_COLUMNS}", (chat_id, token, iso(now)))
        return None if row is None else _record(row)
