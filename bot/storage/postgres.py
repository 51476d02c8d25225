"""PostgreSQL back-end (asyncpg), for several replicas on one database.

asyncpg because it is asyncio-native and the fastest Python driver for PostgreSQL, and
its connection pool lets concurrent tasks run queries in parallel, which SQLite cannot.
The queries are the repositories' (``base``); only ``?`` placeholders become ``$n``.
The password never leaves this module: messages name the database without it.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from asyncpg import Connection, Pool, Record
from asyncpg.pool import PoolConnectionProxy

from bot.storage.base import Storage
from bot.storage.migrations import TABLES, Migration
from bot.storage.sql import Row, StorageError, Tx

_PLACEHOLDER = re.compile(r"\?")
_CHAT_TURN = 727102  # the advisory locks' first key for a chat's turn (``_chat_turn``)


@lru_cache(maxsize=1024)
def _pg(sql: str) -> str:
    """``?`` placeholders as PostgreSQL's ``$1``, ``$2``… (none of our SQL has ``?`` text)."""
    counter = iter(range(1, 100_000))
    return _PLACEHOLDER.sub(lambda _: f"${next(counter)}", sql)


def redact_url(url: str) -> str:
    """The URL without its password, for logs and errors."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class NotReachable(StorageError):
    """The server did not answer or is not accepting connections yet (booting, full)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _reason(exc: BaseException) -> str:
    """An error in a few words without secrets: the class, and the server's message."""
    if isinstance(exc, asyncpg.PostgresError):
        return f"{exc.__class__.__name__}: {exc.args[0] if exc.args else ''}".rstrip(": ")
    return exc.__class__.__name__ + (f": {exc.strerror}" if isinstance(exc, OSError)
                                     and exc.strerror else "")


def _count(status: str) -> int:
    # asyncpg returns the command tag, e.g. "UPDATE 3" or "INSERT 0 1".
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0


class _PgTx:
    def __init__(self, conn: Connection[Record] | PoolConnectionProxy[Record]) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return _count(await self.conn.execute(_pg(sql), *params))

    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            await self.conn.executemany(_pg(sql), [tuple(r) for r in rows])

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return await self.conn.fetchrow(_pg(sql), *params)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self.conn.fetch(_pg(sql), *params))


class PostgresStorage(Storage):
    kind = "postgresql"

    def __init__(self, pool: Pool[Record], url: str) -> None:
        super().__init__()
        self._pool = pool
        self.location = redact_url(url)

    @classmethod
    async def connect(cls, url: str, *, pool_size: int = 10) -> PostgresStorage:
        """Connect and migrate. ``NotReachable`` when the server is not (yet) there or
        not accepting connections (booting, full): worth retrying; ``StorageError`` for
        what waiting will not fix (wrong password, no such database, a bad URL)."""
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size,
                                             command_timeout=60, timeout=10)
        except (OSError, asyncpg.CannotConnectNowError,
                asyncpg.TooManyConnectionsError) as exc:
            raise NotReachable(
                f"cannot reach {redact_url(url)} ({_reason(exc)}); check that the server "
                "runs and BOT_DB_URL's host and port", _reason(exc)) from None
        except (asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
            # The driver's message may quote the DSN: name the database without secrets.
            raise StorageError(
                f"cannot connect to {redact_url(url)}: {exc.__class__.__name__}; check "
                "BOT_DB_URL, that the server runs and that the role may log in") from None
        storage = cls(pool, url)
        try:
            async with pool.acquire() as conn:
                await conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                # One migrator at a time when replicas start together.
                await conn.execute("SELECT pg_advisory_lock(727101)")
                try:
                    await storage._migrate()
                finally:
                    await conn.execute("SELECT pg_advisory_unlock(727101)")
        except asyncpg.ReadOnlySQLTransactionError as exc:
            await pool.close()
            raise StorageError(
                f"the database {redact_url(url)} cannot be written ({_reason(exc)}); point "
                "BOT_DB_URL at the primary server and a role that may write") from None
        except (asyncpg.PostgresError, OSError) as exc:
            await pool.close()
            raise StorageError(
                f"the database {redact_url(url)} cannot be prepared ({_reason(exc)}); check "
                "that BOT_DB_URL's role may create tables in it") from None
        except BaseException:
            await pool.close()
            raise
        return storage

    async def close(self) -> None:
        await self._pool.close()

    async def check_usable(self, *, thorough: bool = False) -> None:
        """Raise ``StorageError`` unless the database accepts writes (a row inserted and
        rolled back): a read-only replica or a read-only role is refused at start-up."""
        try:
            async with self._pool.acquire() as conn:
                tx = conn.transaction()
                await tx.start()
                try:
                    await conn.execute(
                        "INSERT INTO chats (chat_id, type, created_at, updated_at) "
                        "VALUES (0, 'write-probe', '', '')")
                except asyncpg.UniqueViolationError:
                    pass
                finally:
                    await tx.rollback()
        except (asyncpg.PostgresError, OSError) as exc:
            raise StorageError(
                f"the database {self.location} cannot be written ({_reason(exc)}); point "
                "BOT_DB_URL at the primary server and a role that may write") from None

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[Tx]:
        async with self._pool.acquire() as conn, conn.transaction():
            yield _PgTx(conn)

    async def _chat_turn(self, db: Tx, chat_id: int) -> None:
        # A transaction-scoped advisory lock, in the two-key space (apart from the
        # migration's one-key lock); chats whose ids hash alike only wait for each other.
        digest = zlib.crc32(str(chat_id).encode())
        await db.fetchone("SELECT pg_advisory_xact_lock(?, ?)",
                          (_CHAT_TURN, digest - 2**32 if digest >= 2**31 else digest))

    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._pool.acquire() as conn:
            return await _PgTx(conn).execute(sql, params)

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        async with self._pool.acquire() as conn:
            return await _PgTx(conn).fetchone(sql, params)

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self._pool.acquire() as conn:
            return await _PgTx(conn).fetchall(sql, params)

    async def schema_version(self) -> int:
        return int(await self._scalar("SELECT MAX(version) FROM schema_version") or 0)

    async def tables(self) -> dict[str, tuple[str, ...]]:
        rows = await self._fetchall(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name != 'schema_version' "
            "ORDER BY table_name, ordinal_position")
        result: dict[str, tuple[str, ...]] = {}
        for table, column in rows:
            result[table] = (*result.get(table, ()), column)
        return result

    async def _after_put_rows(self, table: str) -> None:
        if TABLES[table] == ("id",):
            # Explicit ids bypass the sequence: move it past them for new rows.
            await self._fetchone(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT MAX(id) FROM {table}))")

    def _render(self, sql: str) -> str:
        sql = sql.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
        return re.sub(r"\bINTEGER\b", "BIGINT", sql)

    async def _apply_migration(self, version: int, migration: Migration) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(migration.sql)
            if migration.step is not None:
                await migration.step(_PgTx(conn))
            if migration.then.strip():
                await conn.execute(migration.then)
            await conn.execute("DELETE FROM schema_version")
            await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", version + 1)
