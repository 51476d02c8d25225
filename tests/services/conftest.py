"""A real SQLite file per test: the services' decisions are only as good as their queries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.storage import Storage, open_storage


@pytest.fixture()
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    store = await open_storage(tmp_path / "services.sqlite3")
    try:
        yield store
    finally:
        await store.close()
