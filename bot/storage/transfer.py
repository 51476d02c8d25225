"""Copy everything from one database to another (SQLite → PostgreSQL, or back).

The tables and their keys are ``migrations.TABLES``, the list chat migration and the
counts use too. Rows are upserted by primary key (``Storage.put_rows``), so running it
twice changes nothing the second time, and a copy interrupted halfway can simply be
run again. Counts are checked at the end.
"""

from __future__ import annotations

from bot.storage.base import Storage
from bot.storage.migrations import TABLES

BATCH = 1000


async def copy_all(source: Storage, target: Storage) -> dict[str, tuple[int, int]]:
    """Copy every table; returns table → (rows in the source, rows now in the target)."""
    counts: dict[str, tuple[int, int]] = {}
    for table in TABLES:
        columns, rows = await source.table_rows(table)
        await target.put_rows(table, columns, rows, batch=BATCH)
        counts[table] = (len(rows), await target.count(table))
    return counts
