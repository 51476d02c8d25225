"""The fake Bot API tested on its own: a fresh server and a bare PTB ``Bot`` talking to
it, no bot application (the root conftest's ``api`` and ``bot`` run the whole bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from telegram import Bot

from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI

TOKEN = DEFAULT_TOKEN


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI(token=TOKEN, bot_username="cskh_test_bot") as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=api.base_url) as client:
        yield client
