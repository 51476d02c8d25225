"""Storage: one interface (``Storage``), two back-ends (SQLite, PostgreSQL).

``open_storage(target)`` is the factory: a ``postgresql://`` URL opens PostgreSQL, any
other target is a SQLite file. Each back-end is imported only when chosen, so a
process on SQLite never loads asyncpg. The records it returns are in ``bot.models``.
"""

from __future__ import annotations

from pathlib import Path

from bot.storage.base import Storage
from bot.storage.migrations import CHAT_TABLES, MIGRATIONS, TABLES, ChatTable
from bot.storage.sql import StorageError

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


async def open_storage(target: Path | str) -> Storage:
    """Connect (creating what is missing) and migrate to the current schema.

    ``target`` is a ``postgresql://`` URL, a SQLite path, or a ``sqlite:///`` URL.
    """
    text = str(target)
    if text.startswith(POSTGRES_SCHEMES):
        from bot.storage.postgres import PostgresStorage

        return await PostgresStorage.connect(text)
    from bot.storage.sqlite import SQLiteStorage

    return await SQLiteStorage.connect(Path(text.removeprefix("sqlite:///")
                                            .removeprefix("sqlite://")))


__all__ = [
    "CHAT_TABLES",
    "MIGRATIONS",
    "TABLES",
    "ChatTable",
    "Storage",
    "StorageError",
    "open_storage",
]
