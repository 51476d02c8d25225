"""What every query module shares: the connection primitives, rows, timestamps, batches.

The SQL in ``bot/storage/`` runs unchanged on SQLite and PostgreSQL: timestamps are
ISO text in UTC (they compare as strings), conflicts use ``ON CONFLICT``, new ids come
from ``RETURNING``, sums use ``CASE`` and placeholders are ``?`` (the PostgreSQL
back-end numbers them). ``Queries`` declares the four primitives a back-end supplies;
each group of queries (chats, subscriptions, …) is a subclass of it, and ``Storage``
combines them, so a query is written once, in the module of the table it reads.
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
