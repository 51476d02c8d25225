"""SQLite back-end: one file, aiosqlite, WAL. The zero-set-up default.

One connection serves the whole process; an asyncio lock keeps one task's statements
out of another task's transaction (SQLite allows one writer at a time anyway).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.base import Storage
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


class SQLiteStorage(Storage):
    kind = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self.path = path
        self.location = str(path)

    @classmethod
    async def connect(cls, path: Path) -> SQLiteStorage:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit: every write commits at once; multi-statement changes use
            # explicit BEGIN IMMEDIATE … COMMIT (see _transaction).
            conn = await aiosqlite.connect(path, timeout=30, isolation_level=None)
        except (OSError, aiosqlite.Error) as exc:
            raise StorageError(f"cannot open the database at {path}: {exc}; check BOT_DB_PATH "
                               "and that the folder is writable") from None
        conn.row_factory = aiosqlite.Row
        storage = cls(conn, path)
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA busy_timeout=30000")
            await storage._migrate()
        except BaseException:
            await conn.close()
            raise
        return storage

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

    async def _apply_migration(self, version: int, sql: str) -> None:
        # executescript commits first; the version bump is part of the same script so a
        # crash mid-migration leaves the old version number and the migration reruns.
        async with self._lock:
            await self._conn.executescript(
                f"BEGIN;\n{sql}\nPRAGMA user_version = {version + 1};\nCOMMIT;")
