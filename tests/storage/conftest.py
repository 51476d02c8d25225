"""Storage fixtures: every test that takes ``target`` or ``store`` runs on both back-ends.

SQLite is a fresh file per test; PostgreSQL is the wiped ``BOT_TEST_POSTGRES_URL``
database (skipped, with how to turn it on, when that is not set).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Storage
from tests.support.postgres import ENABLE_PG, PG_URL, wipe_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
async def target(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "bot.sqlite3")
        return
    if not PG_URL:
        pytest.skip(ENABLE_PG)
    await wipe_postgres(PG_URL)
    yield PG_URL


@pytest.fixture()
async def store(target: str) -> AsyncIterator[Storage]:
    storage = await Storage.open(target)
    try:
        yield storage
    finally:
        await storage.close()
