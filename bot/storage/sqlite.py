"""SQLite back-end: one file, aiosqlite, WAL. The zero-set-up default.

One connection serves the whole process; an asyncio lock keeps one task's statements
out of another task's transaction (SQLite allows one writer at a time anyway).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.base import Storage
from bot.storage.migrations import Migration
from bot.storage.sql import Row, StorageError, Tx


class _SQLiteTx:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = await self.conn.execute(sql, params)
        count = cur.rowcount
        await cur.close()
        return count

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        await self.conn.executemany(sql, rows)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        async with self.conn.execute(sql, params) as cur:
            return await cur.fetchone()

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self.conn.execute(sql, params) as cur:
            return list(await cur.fetchall())


class SQLiteUnusable(StorageError):
    """The file cannot serve as the bot's database: ``problem`` and ``fix`` say why and
    what to do, in words an operator can act on (callers name the setting)."""

    def __init__(self, path: Path, problem: str, fix: str) -> None:
        super().__init__(f"the database {path} {problem}; {fix}")
        self.path, self.problem, self.fix = path, problem, fix


def _unusable(path: Path, exc: BaseException) -> SQLiteUnusable:
    """What an SQLite error at opening means for the operator."""
    text = str(exc)
    lower = text.lower()
    if "not a database" in lower:
        return SQLiteUnusable(path, f"is not an SQLite database ({text})",
                              "point it at the bot's database file, or at a new file name to "
                              "start an empty database")
    if "malformed" in lower or "corrupt" in lower:
        return SQLiteUnusable(path, f"is damaged ({text})",
                              "restore it from a backup, or move it aside to start an empty "
                              "database")
    if "readonly" in lower or "read-only" in lower:
        return SQLiteUnusable(path, f"cannot be written ({text})",
                              "let the bot's user write the file and its folder (chown/chmod, "
                              "or a read-write mount), or point it elsewhere")
    if "unable to open" in lower or isinstance(exc, OSError):
        return SQLiteUnusable(path, f"cannot be opened ({text})",
                              f"the folder {path.parent} must exist and be writable by the "
                              "bot's user (it needs to create files next to the database)")
    return SQLiteUnusable(path, f"cannot be used ({text})",
                          "check the file, its folder and the disk")


class SQLiteStorage(Storage):
    kind = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        super().__init__()
        self._conn = conn
        self._lock = asyncio.Lock()
        self.path = path
        self.location = str(path)
        self._identity: tuple[int, int] | None = None

    @classmethod
    async def connect(cls, path: Path, *, create: bool = True) -> SQLiteStorage:
        """Open (with ``create``, making the folders and the file) and migrate.

        Raises ``SQLiteUnusable`` for a file that is not a database, is damaged, cannot
        be written or cannot be opened, and ``StorageError`` for a newer schema.
        """
        if path.is_dir():
            raise SQLiteUnusable(path, "is a folder", "point it at a file such as "
                                 "data/bot.sqlite3")
        if not create and not path.exists():
            raise SQLiteUnusable(path, "does not exist (deleted, or never created)",
                                 "restore it from a backup, or start the bot to create it")
        try:
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            # Fail fast here: when aiosqlite's own connect fails, its worker thread may
            # outlive the event loop and print a traceback at exit.
            sqlite3.connect(path).close()
            # Autocommit: every write commits at once; multi-statement changes use
            # explicit BEGIN IMMEDIATE … COMMIT (see _transaction).
            conn = await aiosqlite.connect(path, timeout=30, isolation_level=None)
        except (OSError, aiosqlite.Error) as exc:
            raise _unusable(path, exc) from None
        conn.row_factory = aiosqlite.Row
        storage = cls(conn, path)
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA busy_timeout=30000")
            await storage._migrate()
            stat = os.stat(path)
            storage._identity = (stat.st_dev, stat.st_ino)
        except (sqlite3.Error, OSError) as exc:
            await conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower():
                raise StorageError(f"the database {path} is locked by another process; "
                                   "stop the other process or wait") from None
            raise _unusable(path, exc) from None
        except BaseException:
            await conn.close()
            raise
        return storage

    async def check_usable(self, *, thorough: bool = False) -> None:
        """Raise ``SQLiteUnusable`` unless the database can be written (a row inserted and
        rolled back) and, with ``thorough``, passes SQLite's quick integrity check."""
        self._check_still_there()
        try:
            async with self._lock:
                if thorough:
                    async with self._conn.execute("PRAGMA quick_check(1)") as cur:
                        row = await cur.fetchone()
                    if row is None or row[0] != "ok":
                        raise SQLiteUnusable(self.path, f"is damaged ({row[0] if row else '?'})",
                                             "restore it from a backup, or move it aside to "
                                             "start an empty database")
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    await self._conn.execute(
                        "INSERT INTO chats (chat_id, type, created_at, updated_at) "
                        "VALUES (0, 'write-probe', '', '')")
                except sqlite3.IntegrityError:
                    pass  # a row 0 exists: the table was writable once, the insert tried
                finally:
                    await self._conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            raise _unusable(self.path, exc) from None

    def _check_still_there(self) -> None:
        """The file opened is still at its path: not deleted or replaced under us (SQLite
        would go on writing to the deleted file, and everything would be lost at exit)."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            raise SQLiteUnusable(self.path, "was deleted while the bot was running",
                                 "restore the file or its folder from a backup and restart "
                                 "the bot; what was written since is lost at the restart"
                                 ) from None
        if self._identity is not None and (stat.st_dev, stat.st_ino) != self._identity:
            raise SQLiteUnusable(self.path, "was replaced by another file while the bot was "
                                 "running", "restart the bot to use the new file")

    async def health(self) -> dict[str, int]:
        self._check_still_there()
        return await super().health()

    async def close(self) -> None:
        await self._conn.close()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Tx]:
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SQLiteTx(self._conn)
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def _chat_turn(self, db: Tx, chat_id: int) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` lets one writer at a time in the whole file."""

    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._lock:
            return await _SQLiteTx(self._conn).execute(sql, params)

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        async with self._lock:
            return await _SQLiteTx(self._conn).fetchone(sql, params)

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self._lock:
            return await _SQLiteTx(self._conn).fetchall(sql, params)

    async def schema_version(self) -> int:
        return int(await self._scalar("PRAGMA user_version") or 0)

    async def tables(self) -> dict[str, tuple[str, ...]]:
        names = await self._fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")
        result: dict[str, tuple[str, ...]] = {}
        for (name,) in names:
            columns = await self._fetchall(f"PRAGMA table_info({name})")
            result[name] = tuple(c["name"] for c in columns)
        return result

    async def _apply_migration(self, version: int, migration: Migration) -> None:
        # Either way the version bump commits with the migration, so a crash midway
        # leaves the old version number and the migration reruns. executescript commits
        # first; the bump is part of the same script.
        if migration.step is None and not migration.then.strip():
            async with self._lock:
                await self._conn.executescript(
                    f"BEGIN;\n{migration.sql}\nPRAGMA user_version = {version + 1};\nCOMMIT;")
            return
        # A Python step must run inside the transaction, which executescript would
        # commit: the statements go one by one instead.
        async with self._transaction() as db:
            for statement in statements(migration.sql):
                await db.execute(statement)
            if migration.step is not None:
                await migration.step(db)
            for statement in statements(migration.then):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {version + 1}")


def statements(script: str) -> list[str]:
    """A script's statements, split where SQLite says one is complete (so a ``;`` in a
    comment or a string does not split)."""
    found: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\n;"):
                found.append(pending.strip())
            pending = ""
    if pending.rstrip(";").strip():
        found.append(pending.rstrip(";").strip())
    return found
