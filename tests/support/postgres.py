"""The PostgreSQL the tests may use: ``BOT_TEST_POSTGRES_URL``, wiped before each use.

Tests that need it skip with ``ENABLE_PG`` when it is not set (``.ci/run`` sets it).
"""

from __future__ import annotations

import os

PG_URL = os.environ.get("BOT_TEST_POSTGRES_URL", "")
ENABLE_PG = ("PostgreSQL storage tests are off: set BOT_TEST_POSTGRES_URL="
             "postgresql://USER:PASSWORD@127.0.0.1:5432/DB (a database they may wipe; "
             ".ci/run creates one) to run them")


async def wipe_postgres(url: str) -> None:
    """Drop every table (the schema's and the bookkeeping), so a test starts at version 0."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
