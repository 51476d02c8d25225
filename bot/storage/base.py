"""The storage interface: one ``Storage`` class over both back-ends.

The database is the source of truth for everything that must survive a restart:
chats, subscriptions, the rotation of tips per chat and the delivery claims that make
a daily tip go out exactly once. Where things are:

- the schema and which tables belong to a chat: ``migrations.py``;
- the queries, a repository per table (or per tight group of tables), each reached as an
  attribute of the storage: ``storage.chats`` (``chats.py``), ``storage.subscriptions``
  (``subscriptions.py``), ``storage.tip_sends`` (``deliveries.py``),
  ``storage.digest_sends`` (``digests.py``), ``storage.votes``, ``storage.team_tips``,
  ``storage.misses``, ``storage.quiz_polls`` / ``quiz_answers`` / ``quiz_settings`` /
  ``quiz_sends`` (``quizzes.py``), ``storage.tallies``, ``storage.pending_imports``,
  ``storage.addtip_drafts``, ``storage.inbox``; the claim queries the three claim tables
  share: ``claims.py``;
- what they share (connection primitives, timestamps): ``sql.py``;
- the records they return: ``bot/models.py``;
- the back-ends, which supply only connecting, statements, transactions and where the
  schema version lives: ``sqlite.py``, ``postgres.py``.

``Storage`` is the back-end the repositories share, and keeps what concerns the
database as a whole or many tables at once: opening and migrating it, health, counts,
moving a chat to a new id over every table it owns (``CHAT_TABLES``), and reading and
writing whole tables for copying.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.models import utcnow
from bot.storage import tallies
from bot.storage.addtip_drafts import AddtipDrafts
from bot.storage.chats import Chats
from bot.storage.deliveries import TipSends
from bot.storage.digests import DigestSends
from bot.storage.inbox import Inbox
from bot.storage.migrations import CHAT_TABLES, MIGRATIONS, TABLES, ChatTable, Migration
from bot.storage.misses import Misses
from bot.storage.pending_imports import PendingImports
from bot.storage.quizzes import QuizAnswers, QuizPolls, QuizSends, QuizSettings
from bot.storage.sql import Queries, StorageError, iso
from bot.storage.subscriptions import Subscriptions
from bot.storage.tallies import Tallies
from bot.storage.team_tips import TeamTips
from bot.storage.votes import Votes


def _move_sql(table: ChatTable) -> str:
    """UPDATE moving a chat's rows (params: new, old, new) unless the new id has them."""
    chat = table.chat_column
    clash = f"SELECT 1 FROM {table.name} AS n WHERE n.{chat} = ?"
    for column in table.same:
        clash += f" AND n.{column} = {table.name}.{column}"
    return f"UPDATE {table.name} SET {chat} = ? WHERE {chat} = ? AND NOT EXISTS ({clash})"


class Storage(Queries):
    """Async access to the bot's database. One instance per process.

    ``Storage.open(target)`` (or ``bot.storage.open_storage``) picks the back-end: a
    ``postgresql://`` URL, or a SQLite file path (or ``sqlite:///`` URL). The rest of
    the bot never knows which one runs. A table's queries are its repository's
    (``storage.chats.get``…); every repository runs on this back-end's connection.
    """

    kind = "abstract"
    location = ""  # for messages: the file or the URL without its password

    def __init__(self) -> None:
        self.chats = Chats(self)
        self.subscriptions = Subscriptions(self)
        self.tip_sends = TipSends(self)
        self.digest_sends = DigestSends(self)
        self.votes = Votes(self)
        self.team_tips = TeamTips(self)
        self.misses = Misses(self)
        self.quiz_polls = QuizPolls(self)
        self.quiz_answers = QuizAnswers(self)
        self.quiz_settings = QuizSettings(self)
        self.quiz_sends = QuizSends(self)
        self.tallies = Tallies(self)
        self.pending_imports = PendingImports(self)
        self.addtip_drafts = AddtipDrafts(self)
        self.inbox = Inbox(self)

    @staticmethod
    async def open(target: Path | str) -> Storage:
        """Same as ``bot.storage.open_storage``: kept because callers say ``Storage.open``.

        The interface names no back-end; the package's factory picks one, imported
        only when it is called (so nothing here imports its own subclasses).
        """
        from bot.storage import open_storage

        return await open_storage(target)

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    async def check_usable(self, *, thorough: bool = False) -> None:
        """Raise ``StorageError`` unless the database can be written now (a row inserted
        and rolled back); ``thorough`` adds the back-end's integrity check if it has one.

        Start-up and health checks call it on any back-end, so it is part of the interface.
        """

    # --- schema ---------------------------------------------------------------------
    @abc.abstractmethod
    async def schema_version(self) -> int: ...

    @abc.abstractmethod
    async def tables(self) -> dict[str, tuple[str, ...]]:
        """Every table of the bot's schema and its columns, as the database has them.

        For copying (which columns to read) and for checks that the code's lists
        (``TABLES``, ``CHAT_TABLES``) match the schema.
        """

    @abc.abstractmethod
    async def _apply_migration(self, version: int, migration: Migration) -> None:
        """Run migration ``version`` (0-based, its SQL rendered for this back-end) and
        record ``version + 1``, atomically."""

    def _render(self, sql: str) -> str:
        """A migration's SQL for this back-end (SQLite's is the reference)."""
        return sql

    async def _migrate(self) -> None:
        current = await self.schema_version()
        latest = len(MIGRATIONS)
        if current > latest:
            raise StorageError(
                f"the database {self.location} has schema version {current}, newer than this "
                f"code ({latest}); upgrade cskh-bot or point BOT_DB_URL at another database")
        for version in range(current, latest):
            entry = MIGRATIONS[version]
            if isinstance(entry, str):
                entry = Migration(entry)
            await self._apply_migration(version, Migration(
                self._render(entry.sql), entry.step, self._render(entry.then)))

    async def health(self) -> dict[str, int]:
        """Figures for /readyz and /metrics (the subscriptions by state); also proves the
        database answers."""
        return await self.subscriptions.counts()

    # --- a chat's rows, over every table it owns (``CHAT_TABLES``) -------------------
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

    # --- whole tables ---------------------------------------------------------------
    async def count(self, table: str) -> int:
        """Rows in one of the bot's tables (``TABLES``: the name is checked, not quoted)."""
        if table not in TABLES:
            raise ValueError(table)
        return int(await self._scalar(f"SELECT COUNT(*) FROM {table}"))

    async def table_rows(self, table: str) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """Every row of one of the bot's tables and its column names, in key order.

        For copying a database to another (``transfer``); the whole table is read.
        """
        if table not in TABLES:
            raise ValueError(table)
        columns = (await self.tables())[table]
        rows = await self._fetchall(f"SELECT {', '.join(columns)} FROM {table} "
                                    f"ORDER BY {', '.join(TABLES[table])}")
        return columns, [tuple(row) for row in rows]

    async def put_rows(self, table: str, columns: Sequence[str],
                       rows: Sequence[Sequence[Any]], *, batch: int = 1000) -> None:
        """Insert rows, replacing those with the same primary key, a transaction per batch.

        Safe to repeat, so a copy interrupted halfway can simply be run again. Rows keep
        their keys (a team tip keeps its number); the back-end makes sure new rows get
        numbers after them.
        """
        if table not in TABLES:
            raise ValueError(table)
        unknown = set(columns) - set((await self.tables())[table])
        if unknown:
            raise ValueError(f"{table} has no column(s) {sorted(unknown)}")
        key = TABLES[table]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
               f"VALUES ({', '.join('?' * len(columns))}) "
               f"ON CONFLICT ({', '.join(key)}) "
               + (f"DO UPDATE SET {updates}" if updates else "DO NOTHING"))
        for start in range(0, len(rows), batch):
            async with self._transaction() as db:
                await db.executemany(sql, rows[start : start + batch])
        if rows:
            await self._after_put_rows(table)

    async def _after_put_rows(self, table: str) -> None:
        """Hook after rows were written with their own keys (PostgreSQL's sequences)."""

    async def analyze(self) -> None:
        """Refresh the query planner's statistics, after loading many rows at once."""
        await self._write("ANALYZE")
