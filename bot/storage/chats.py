"""Queries on ``chats`` (``storage.chats``): the chats the bot talks in.

A chat's row says what it is now (active, left, blocked, migrated). When a group
becomes a supergroup, Telegram gives it a new id; moving every row the group owns, in
every table of ``CHAT_TABLES``, is ``Storage.migrate_chat`` (it spans the tables).
"""

from __future__ import annotations

import datetime as dt

from bot.models import ChatRecord, utcnow
from bot.storage.sql import Repository, iso


class Chats(Repository):
    async def record(self, chat_id: int, chat_type: str, title: str = "",
                     language: str = "", *, now: dt.datetime | None = None) -> None:
        """Remember a chat the bot talks in (first contact or any later message)."""
        stamp = iso(now or utcnow())
        await self._write(
            """
            INSERT INTO chats (chat_id, type, title, language, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'active', ?, ?)
            ON CONFLICT (chat_id) DO UPDATE SET
                type = excluded.type,
                title = CASE WHEN excluded.title != '' THEN excluded.title ELSE chats.title END,
                language = CASE WHEN excluded.language != '' THEN excluded.language
                                ELSE chats.language END,
                status = CASE WHEN chats.status = 'migrated' THEN chats.status ELSE 'active' END,
                updated_at = excluded.updated_at
            """,
            (chat_id, chat_type, title[:255], language[:16], stamp, stamp),
        )

    async def get(self, chat_id: int) -> ChatRecord | None:
        row = await self._fetchone(
            "SELECT chat_id, type, title, language, status, migrated_to, misses_off FROM chats "
            "WHERE chat_id = ?", (chat_id,))
        if row is None:
            return None
        return ChatRecord(chat_id=int(row[0]), type=str(row[1]), title=str(row[2]),
                          language=str(row[3]), status=str(row[4]),
                          migrated_to=None if row[5] is None else int(row[5]),
                          misses_off=bool(row[6]))

    async def set_status(self, chat_id: int, status: str, *,
                         now: dt.datetime | None = None) -> None:
        await self._write("UPDATE chats SET status = ?, updated_at = ? WHERE chat_id = ?",
                          (status, iso(now or utcnow()), chat_id))

    async def set_misses_off(self, chat_id: int, off: bool, *,
                             now: dt.datetime | None = None) -> bool:
        """Stop (or resume) keeping the chat's lookups that found nothing.

        ``storage.misses.record`` reads this flag itself. Turning it off keeps what was
        recorded so far; ``storage.misses.forget`` deletes that. ``False`` if the chat is unknown.
        """
        return await self._write(
            "UPDATE chats SET misses_off = ?, updated_at = ? WHERE chat_id = ?",
            (int(off), iso(now or utcnow()), chat_id)) > 0
