"""Telegram's webhook POST is answered once its update is stored in the inbox
(``bot.telegram.web.Webhook`` over ``bot.inbox.engine.Inbox``, a real SQLite file)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.inbox.engine import Inbox
from bot.models import InboxItem
from bot.storage import Storage, open_storage
from bot.telegram import web
from bot.telegram.metrics import Metrics

SECRET = "webhook-secret-for-the-unit-test"


def update(update_id: int, text: str = "hi") -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": text,
        "chat": {"id": 7, "type": "private", "first_name": "Lan"}}}


def item(raw: Any) -> InboxItem:
    return InboxItem(raw["update_id"], raw["message"]["chat"]["id"], 7, "other", json.dumps(raw))


async def ready() -> tuple[bool, str]:
    return True, "ready"


class Bot:
    """An inbox whose handler records what it ran, behind the real webhook app."""

    def __init__(self, storage: Storage) -> None:
        self.handled: list[int] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.inbox = Inbox(storage, self.handle)

    async def handle(self, entry: InboxItem) -> None:
        await self.gate.wait()
        self.handled.append(entry.update_id)

    async def take(self, raws: list[Any]) -> object:
        return await self.inbox.take([item(raw) for raw in raws])


@pytest.fixture()
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    store = await open_storage(tmp_path / "bot.sqlite3")
    try:
        yield store
    finally:
        await store.close()


async def serve(hook: web.Webhook) -> TestClient[Any, Any]:
    app = web.make_app(Metrics(), ready, webhook_path="/telegram", secret=SECRET, hook=hook)
    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()
    return client


async def post(client: TestClient[Any, Any], body: Any, secret: str = SECRET) -> int:
    response = await client.post("/telegram", json=body, headers={web.SECRET_HEADER: secret})
    return response.status


async def test_answered_once_stored_and_a_repeat_is_handled_once(storage: Storage) -> None:
    bot = Bot(storage)
    await bot.inbox.start(sole=True)
    bot.gate.clear()  # the handler is slow: Telegram's answer must not wait for it
    client = await serve(web.Webhook(bot.take))
    try:
        started = time.monotonic()
        assert await post(client, update(1)) == 200
        assert time.monotonic() - started < 2.0 and bot.handled == []
        assert await post(client, update(1)) == 200  # Telegram sent it again meanwhile
        assert await post(client, update(2)) == 200
        bot.gate.set()
        await bot.inbox.drain()
        assert bot.handled == [1, 2]
        assert await post(client, update(1)) == 200  # replayed later: still once
        await bot.inbox.drain()
        assert bot.handled == [1, 2]
    finally:
        await client.close()
        await bot.inbox.close(1.0)


async def test_a_stop_answers_503_and_what_was_stored_waits_for_the_next_process(
        storage: Storage) -> None:
    bot = Bot(storage)
    await bot.inbox.start(sole=True)
    bot.gate.clear()
    hook = web.Webhook(bot.take)
    client = await serve(hook)
    try:
        assert await post(client, update(1)) == 200
        hook.stop()
        assert await post(client, update(2)) == 503
        await bot.inbox.close(0.2)  # the handler never finished within the grace
        assert bot.handled == []
        after = Bot(storage)  # the next process on the same database
        await after.inbox.start(sole=True)
        await after.inbox.drain()
        assert after.handled == [1]
        await after.inbox.close(1.0)
    finally:
        await client.close()


async def test_what_cannot_be_stored_gets_500_and_what_cannot_be_read_is_skipped(
        storage: Storage) -> None:
    bot = Bot(storage)
    client = await serve(web.Webhook(bot.take))
    try:
        assert await post(client, update(1), secret="wrong") == 403
        response = await client.post("/telegram", data=b"{not json",
                                     headers={web.SECRET_HEADER: SECRET})
        assert response.status == 200  # accepted and skipped: never sent again for ever
        await storage.close()  # the database goes away
        assert await post(client, update(3)) == 500  # Telegram sends it again later
    finally:
        await client.close()
