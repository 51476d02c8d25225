"""Telegram's webhook POST is answered when its update was handled (``bot.web.Webhook``)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from telegram import Update

from bot import web
from bot.metrics import Metrics
from bot.telegram.polling import Inbox

SECRET = "webhook-secret-for-the-unit-test"


class FakeApplication:
    """The two things the webhook uses: a bot (none needed to read an update), a queue."""

    bot: Any = None

    def __init__(self) -> None:
        self.update_queue: asyncio.Queue[Update] = asyncio.Queue()


def update(update_id: int) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": 1, "date": int(time.time()), "text": "hi",
        "chat": {"id": 7, "type": "private", "first_name": "Lan"}}}


async def ready() -> tuple[bool, str]:
    return True, "ready"


async def serve(hook: web.Webhook) -> tuple[FakeApplication, TestClient[Any, Any]]:
    application = FakeApplication()
    app = web.make_app(application, Metrics(), ready,  # type: ignore[arg-type]
                       webhook_path="/telegram", secret=SECRET, hook=hook)
    client: TestClient[Any, Any] = TestClient(TestServer(app))
    await client.start_server()
    return application, client


async def post(client: TestClient[Any, Any], update_id: int) -> int:
    response = await client.post("/telegram", json=update(update_id),
                                 headers={web.SECRET_HEADER: SECRET})
    return response.status


async def test_answered_when_handled_once_for_a_repeat_and_after_a_timeout_anyway() -> None:
    inbox = Inbox()
    application, client = await serve(web.Webhook(inbox, answer_within=0.5))
    try:
        first = asyncio.create_task(post(client, 1))
        queued = await asyncio.wait_for(application.update_queue.get(), 5)
        repeat = asyncio.create_task(post(client, 1))  # Telegram sent it again meanwhile
        await asyncio.sleep(0.2)
        assert not first.done() and application.update_queue.empty()  # queued once
        inbox.done(queued)
        assert await first == 200 and await repeat == 200

        started = time.monotonic()
        assert await post(client, 2) == 200  # never handled: acknowledged anyway
        assert 0.4 < time.monotonic() - started < 3.0
    finally:
        await client.close()


async def test_a_stop_answers_503_to_new_posts_and_to_those_still_waiting() -> None:
    inbox = Inbox()
    hook = web.Webhook(inbox)
    application, client = await serve(hook)
    try:
        waiting = asyncio.create_task(post(client, 1))
        await asyncio.wait_for(application.update_queue.get(), 5)
        hook.stop()
        assert await post(client, 2) == 503
        assert application.update_queue.empty()
        inbox.abandon()  # the end of the grace
        assert await waiting == 503
    finally:
        await client.close()
