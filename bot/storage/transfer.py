"""Copy everything from one database to another (SQLite → PostgreSQL, or back).

The tables and their keys are ``migrations.TABLES``, the list chat migration and the
counts use too. Rows are upserted by primary key, so running it twice changes nothing
the second time, and a copy interrupted halfway can simply be run again. Counts are
checked at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.storage.base import Storage
from bot.storage.migrations import TABLES

BATCH = 1000


async def _rows(storage: Storage, table: str) -> tuple[list[str], list[Sequence[Any]]]:
    rows = await storage._fetchall(f"SELECT * FROM {table}")
    if not rows:
        return [], []
    columns = list(rows[0].keys())
    return columns, [tuple(row[c] for c in columns) for row in rows]


async def copy_all(source: Storage, target: Storage) -> dict[str, tuple[int, int]]:
    """Copy every table; returns table → (rows in the source, rows now in the target)."""
    counts: dict[str, tuple[int, int]] = {}
    for table, key in TABLES.items():
        columns, rows = await _rows(source, table)
        if rows:
            updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
            sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
                   f"VALUES ({', '.join('?' * len(columns))}) "
                   f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}")
            for start in range(0, len(rows), BATCH):
                async with target._transaction() as db:
                    await db.executemany(sql, rows[start : start + BATCH])
        if table == "team_tips" and target.kind == "postgresql" and rows:
            # Explicit ids bypass the sequence: move it past them for new tips.
            await target._fetchone("SELECT setval(pg_get_serial_sequence('team_tips', 'id'), "
                                   "(SELECT MAX(id) FROM team_tips))")
        counts[table] = (len(rows), await target.count(table))
    return counts
