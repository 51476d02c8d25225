"""Storage: one interface (``Storage``), two back-ends (SQLite, PostgreSQL).

``open_storage(target)`` is the factory: a ``postgresql://`` URL opens PostgreSQL, any
other target is a SQLite file. Each back-end is imported only when chosen, so a
process on SQLite never loads asyncpg. The records come from ``bot.models`` and are
re-exported here because older code imports them from ``bot.storage``.
"""

from __future__ import annotations

from pathlib import Path

from bot.models import (
    MAX_TEAM_TIPS,
    ChatRecord,
    Claim,
    MissRecord,
    Subscription,
    TeamTipRecord,
    utcnow,
)
from bot.storage.base import Storage
from bot.storage.migrations import CHAT_TABLES, MIGRATIONS, TABLES, ChatTable
from bot.storage.sql import StorageError, iso, parse_iso

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
    "MAX_TEAM_TIPS",
    "MIGRATIONS",
    "TABLES",
    "ChatRecord",
    "ChatTable",
    "Claim",
    "MissRecord",
    "Storage",
    "StorageError",
    "Subscription",
    "TeamTipRecord",
    "iso",
    "open_storage",
    "parse_iso",
    "utcnow",
]
