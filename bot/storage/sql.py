"""What every query module shares: the connection primitives, rows, timestamps, batches.

The SQL in ``bot/storage/`` runs unchanged on SQLite and PostgreSQL: timestamps are
ISO text in UTC (they compare as strings), conflicts use ``ON CONFLICT``, new ids come
from ``RETURNING``, sums use ``CASE`` and placeholders are ``?`` (the PostgreSQL
back-end numbers them). ``Queries`` declares the primitives a back-end supplies;
``Storage`` is one. Each table's queries are a ``Repository`` over those primitives,
reached as an attribute of the storage (``storage.chats``, ``storage.votes``…), so a
query is written once, in the module of the table it reads, and every repository of a
process shares the one connection (or pool).
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

BATCH = 400  # ids per IN (…) list: well under SQLite's 999 parameters per statement


class Row(Protocol):
    """A result row: ``sqlite3.Row`` and ``asyncpg.Record`` both index by position or
    by column name and unpack like a tuple. Values are whatever the driver returns."""

    def __getitem__(self, key: int | str, /) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...


class Tx(Protocol):
    """One transaction: statements run in it commit together or not at all."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...
    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...


class StorageError(RuntimeError):
    """The database cannot be used as it is; the message says what to do."""


class Queries(abc.ABC):
    """The primitives every query group is written against; a back-end implements them."""

    @abc.abstractmethod
    def _transaction(self) -> AbstractAsyncContextManager[Tx]:
        """A transaction (BEGIN … COMMIT, ROLLBACK on error)."""

    @abc.abstractmethod
    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement, committed on its own; returns the number of rows changed."""

    @abc.abstractmethod
    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...

    @abc.abstractmethod
    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abc.abstractmethod
    async def _chat_turn(self, db: Tx, chat_id: int) -> None:
        """Wait in ``db`` until no other open transaction has taken this chat's turn; the
        turn is held until ``db`` ends.

        For writers that count a chat's rows before adding more (a team's limit): on
        PostgreSQL two transactions would otherwise count the same rows at once and
        both add. SQLite's writers already take turns for the whole file.
        """

    async def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first value of the first row (``None`` without a row): counts and sums."""
        row = await self._fetchone(sql, params)
        return None if row is None else row[0]


class Repository:
    """The queries of one table (or of a few that only make sense together), over the
    back-end's primitives: the primitives are the back-end's, so a repository holds no
    connection of its own and any number of them share one transaction discipline."""

    def __init__(self, db: Queries) -> None:
        self._db = db

    def _transaction(self) -> AbstractAsyncContextManager[Tx]:
        return self._db._transaction()

    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        return await self._db._write(sql, params)

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return await self._db._fetchone(sql, params)

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await self._db._fetchall(sql, params)

    async def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return await self._db._scalar(sql, params)

    async def _chat_turn(self, db: Tx, chat_id: int) -> None:
        await self._db._chat_turn(db, chat_id)


def iso(moment: dt.datetime) -> str:
    """How an instant is stored: UTC ISO text to the second, so text order is time order."""
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def parse_iso(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def marks(items: Sequence[Any]) -> str:
    """``?, ?, ?``: one placeholder per item, for ``IN (…)``."""
    return ", ".join("?" * len(items))


def chunks(items: Sequence[T], size: int = BATCH) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
