"""The bot's HTTP side: the Telegram webhook, /healthz, /readyz and /metrics.

One small aiohttp server instead of python-telegram-bot's built-in webhook server, so
the health and metrics endpoints share the webhook's port behind a reverse proxy. In
polling mode the same endpoints can run on a port of their own (``BOT_HEALTH_PORT``).

Telegram's POST is answered only once its update was handled (``Webhook``): 200 then,
or after ``ANSWER_WITHIN`` seconds anyway (one slow update must not make Telegram send
it for ever); once a stop begins, 503, so Telegram sends again after the restart what
this process will not answer.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeAlias

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.metrics import Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Readiness = Callable[[], Awaitable[tuple[bool, str]]]
# Only the bot and the update queue are used here, whatever the application's context types.
AnyApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]
# Well under the time Telegram waits for a webhook's answer before it sends again.
ANSWER_WITHIN = 25.0


class Completion(Protocol):
    """Which updates are done: ``bot.telegram.polling.Inbox``."""

    def fetched(self, update_id: int) -> None: ...

    def handled(self, update_id: int) -> asyncio.Future[bool]: ...


class Webhook:
    """Answers Telegram when an update was handled; 503 for what a stop leaves undone."""

    def __init__(self, completion: Completion | None = None, *,
                 answer_within: float = ANSWER_WITHIN) -> None:
        self.completion = completion
        self.answer_within = answer_within
        self.stopping = False

    def stop(self) -> None:
        """A stop begins: new POSTs are refused, Telegram sends them again later."""
        self.stopping = True

    async def answer(self, application: AnyApplication, update: Update) -> web.Response:
        if self.completion is None:
            await application.update_queue.put(update)
            return web.Response(text="ok\n")
        update_id = update.update_id
        handled = self.completion.handled(update_id)
        if handled.done():  # not a repeat of an update still at work: queue it
            self.completion.fetched(update_id)
            handled = self.completion.handled(update_id)
            await application.update_queue.put(update)
        try:
            ok = await asyncio.wait_for(asyncio.shield(handled), self.answer_within)
        except TimeoutError:
            log.warning("update %s not handled within %.0f s; acknowledged anyway",
                        update_id, self.answer_within)
            return web.Response(text="slow\n")
        if not ok:
            return web.Response(status=503, text="stopping\n")
        return web.Response(text="ok\n")


def make_app(application: AnyApplication, metrics: Metrics, ready: Readiness, *,
             webhook_path: str | None = None, secret: str = "",
             hook: Webhook | None = None) -> web.Application:
    app = web.Application(client_max_size=4 * 1024 * 1024)
    hook = hook or Webhook()

    async def healthz(request: web.Request) -> web.Response:
        return web.Response(text="ok\n")  # answering at all proves the event loop runs

    async def readyz(request: web.Request) -> web.Response:
        ok, detail = await ready()
        return web.Response(status=200 if ok else 503, text=f"{detail}\n")

    async def metrics_view(request: web.Request) -> web.Response:
        response = web.Response(body=metrics.render())
        response.headers["Content-Type"] = metrics.content_type
        return response

    async def webhook(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return web.Response(status=403, text="forbidden\n")
        if hook.stopping:
            return web.Response(status=503, text="stopping\n")
        try:
            data = await request.json(loads=json.loads)
            update = Update.de_json(data, application.bot)
        except Exception as exc:
            # Telegram sends an update again until it is accepted: one that cannot be
            # read is accepted, logged once and skipped, instead of coming back forever.
            log.error("skipped a webhook update that could not be read: %s: %s",
                      type(exc).__name__, exc)
            return web.Response(text="skipped\n")
        if update is None:
            return web.Response(status=400, text="bad update\n")
        return await hook.answer(application, update)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_view)
    if webhook_path is not None:
        app.router.add_post("/" + webhook_path.lstrip("/"), webhook)
    return app


async def start(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port, reuse_address=True)
    await site.start()
    log.info("HTTP endpoints on %s:%s", host, port)
    return runner
