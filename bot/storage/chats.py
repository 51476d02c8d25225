"""Queries on ``chats``: the chats the bot talks in, and moving a chat to a new id.

A chat's row says what it is now (active, left, blocked, migrated). When a group
becomes a supergroup, Telegram gives it a new id; ``migrate_chat`` moves every row
the group owns, in every table of ``CHAT_TABLES``, to that id.
"""

from __future__ import annotations

import datetime as dt

from bot.models import ChatRecord, utcnow
from bot.storage import tallies
from bot.storage.migrations import CHAT_TABLES, ChatTable
from bot.storage.sql import Queries, iso


def _move_sql(table: ChatTable) -> str:
    """UPDATE moving a chat's rows (params: new, old, new) unless the new id has them."""
    chat = table.chat_column
    clash = f"SELECT 1 FROM {table.name} AS n WHERE n.{chat} = ?"
    for column in table.same:
        clash += f" AND n.{column} = {table.name}.{column}"
    return f"UPDATE {table.name} SET {chat} = ? WHERE {chat} = ? AND NOT EXISTS ({clash})"


class ChatQueries(Queries):
    async def record_chat(self, chat_id: int, chat_type: str, title: str = "",
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

    async def get_chat(self, chat_id: int) -> ChatRecord | None:
        row = await self._fetchone(
            "SELECT chat_id, type, title, language, status, migrated_to, misses_off FROM chats "
            "WHERE chat_id = ?", (chat_id,))
        if row is None:
            return None
        return ChatRecord(chat_id=int(row[0]), type=str(row[1]), title=str(row[2]),
                          language=str(row[3]), status=str(row[4]),
                          migrated_to=None if row[5] is None else int(row[5]),
                          misses_off=bool(row[6]))

    async def set_chat_status(self, chat_id: int, status: str, *,
                              now: dt.datetime | None = None) -> None:
        await self._write("UPDATE chats SET status = ?, updated_at = ? WHERE chat_id = ?",
                          (status, iso(now or utcnow()), chat_id))

    async def set_misses_off(self, chat_id: int, off: bool, *,
                             now: dt.datetime | None = None) -> bool:
        """Stop (or resume) keeping the chat's lookups that found nothing.

        ``record_miss`` reads this flag itself. Turning it off keeps what was recorded
        so far; ``forget_misses`` deletes that. ``False`` if the chat is unknown.
        """
        return await self._write(
            "UPDATE chats SET misses_off = ?, updated_at = ? WHERE chat_id = ?",
            (int(off), iso(now or utcnow()), chat_id)) > 0

    async def migrate_chat(self, old_id: int, new_id: int, *,
                           now: dt.datetime | None = None) -> None:
        """A group became a supergroup: everything the old id owned moves to the new id.

        Every table in ``CHAT_TABLES`` moves (subscription with its rotation, topics and
        digest settings, delivery history, votes, digest sends, team tips, misses, quizzes,
        imports waiting for a confirm, and what names the chat: ``ChatTable.refers``), in one
        transaction, so a failure leaves the group whole on its old id. A row the new id
        already has (same ``ChatTable.same`` columns) wins and the old one is dropped:
        the new id's rows were written after the migration and are the newer truth.
        Tables of sums (``ChatTable.derived``) are counted again for the new id.
        Running it again, as both the old group's and the new one's service messages
        do, changes nothing.
        """
        if old_id == new_id:
            return  # moving onto itself would only delete
        stamp = iso(now or utcnow())
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO chats (chat_id, type, title, language, status, misses_off, "
                "created_at, updated_at) SELECT ?, 'supergroup', title, language, 'active', "
                "misses_off, created_at, ? FROM chats WHERE chat_id = ? "
                "ON CONFLICT (chat_id) DO NOTHING", (new_id, stamp, old_id))
            # A team's "do not keep misses" survives even if the new id was seen first.
            await db.execute(
                "UPDATE chats SET misses_off = 1 WHERE chat_id = ? AND EXISTS "
                "(SELECT 1 FROM chats AS o WHERE o.chat_id = ? AND o.misses_off = 1)",
                (new_id, old_id))
            await db.execute(
                "UPDATE chats SET status = 'migrated', migrated_to = ?, updated_at = ? "
                "WHERE chat_id = ?", (new_id, stamp, old_id))
            for table in CHAT_TABLES:
                if not table.derived:
                    await db.execute(_move_sql(table), (new_id, old_id, new_id))
                await db.execute(f"DELETE FROM {table.name} WHERE {table.chat_column} = ?",
                                 (old_id,))
                for column in table.refers:
                    await db.execute(f"UPDATE {table.name} SET {column} = ? WHERE {column} = ?",
                                     (new_id, old_id))
            # Sums (quiz tallies) are counted again from the rows that moved and those
            # the new id had, whichever won: adding the two chats' sums would count an
            # answer the new id replaced twice.
            await tallies.recount(db, new_id)

    async def count_by_chat(self, chat_id: int) -> dict[str, int]:
        """Rows each chat table holds for one chat (what ``migrate_chat`` would move)."""
        return {table.name: int(await self._scalar(
                    f"SELECT COUNT(*) FROM {table.name} WHERE {table.chat_column} = ?",
                    (chat_id,)))
                for table in CHAT_TABLES}
