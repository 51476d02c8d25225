"""The storage interface: one ``Storage`` class over both back-ends.

The database is the source of truth for everything that must survive a restart:
chats, subscriptions, the rotation of tips per chat and the delivery claims that make
a daily tip go out exactly once. Where things are:

- the schema and which tables belong to a chat: ``migrations.py``;
- the queries, one module per table: ``chats.py``, ``subscriptions.py``,
  ``deliveries.py``, ``digests.py``, ``votes.py``, ``team_tips.py``, ``misses.py``,
  ``quizzes.py``, ``pending_imports.py``, ``inbox.py``;
- what they share (connection primitives, timestamps): ``sql.py``;
- the records they return: ``bot/models.py``;
- the back-ends, which supply only connecting, statements, transactions and where the
  schema version lives: ``sqlite.py``, ``postgres.py``.

``Storage`` combines the query groups and adds what concerns the database as a whole:
opening and migrating it, counts, and reading and writing whole tables for copying.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.storage.chats import ChatQueries
from bot.storage.deliveries import DeliveryQueries
from bot.storage.digests import DigestQueries
from bot.storage.inbox import InboxQueries
from bot.storage.migrations import MIGRATIONS, TABLES, Migration
from bot.storage.misses import MissQueries
from bot.storage.pending_imports import PendingImportQueries
from bot.storage.quizzes import QuizQueries
from bot.storage.sql import StorageError
from bot.storage.subscriptions import SubscriptionQueries
from bot.storage.team_tips import TeamTipQueries
from bot.storage.votes import VoteQueries


class Storage(ChatQueries, SubscriptionQueries, DeliveryQueries, DigestQueries, VoteQueries,
              TeamTipQueries, MissQueries, QuizQueries, PendingImportQueries, InboxQueries):
    """Async access to the bot's database. One instance per process.

    ``Storage.open(target)`` (or ``bot.storage.open_storage``) picks the back-end: a
    ``postgresql://`` URL, or a SQLite file path (or ``sqlite:///`` URL). The rest of
    the bot never knows which one runs.
    """

    kind = "abstract"
    location = ""  # for messages: the file or the URL without its password

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
