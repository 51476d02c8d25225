"""The bot's HTTP side: the Telegram webhook, /healthz, /readyz and /metrics.

One small aiohttp server instead of python-telegram-bot's built-in webhook server, so
the health and metrics endpoints share the webhook's port behind a reverse proxy. In
polling mode the same endpoints can run on a port of their own (``BOT_HEALTH_PORT``).

Telegram's POST is answered 200 as soon as its update is stored in the durable inbox
(``bot.inbox``): a repeat of an update already stored is answered 200 and ignored; one
that cannot be stored (the database is down) gets 500 and Telegram sends it again; once
a stop begins, 503, so Telegram keeps what comes until the next process.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.metrics import Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
Readiness = Callable[[], Awaitable[tuple[bool, str]]]
Take = Callable[[list[Any]], Awaitable[object]]


class Webhook:
    """Stores what Telegram POSTs; refuses it with 503 once a stop begins."""

    def __init__(self, take: Take) -> None:
        self.take = take
        self.stopping = False

    def stop(self) -> None:
        """A stop begins: new POSTs are refused, Telegram sends them again later."""
        self.stopping = True

    async def answer(self, raw: object) -> web.Response:
        try:
            await self.take([raw])
        except Exception:
            log.exception("could not store a webhook update; Telegram sends it again")
            return web.Response(status=500, text="not stored\n")
        return web.Response(text="ok\n")


def make_app(metrics: Metrics, ready: Readiness, *, webhook_path: str | None = None,
             secret: str = "", hook: Webhook | None = None) -> web.Application:
    app = web.Application(client_max_size=4 * 1024 * 1024)

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
        if hook is None or hook.stopping:
            return web.Response(status=503, text="stopping\n")
        try:
            data = await request.json(loads=json.loads)
        except Exception as exc:
            # Telegram sends an update again until it is accepted: one that cannot be
            # read is accepted, logged once and skipped, instead of coming back forever.
            log.error("skipped a webhook update that could not be read: %s",
                      type(exc).__name__)
            return web.Response(text="skipped\n")
        return await hook.answer(data)

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_view)
    if webhook_path is not None and hook is not None:
        app.router.add_post("/" + webhook_path.lstrip("/"), webhook)
    return app


async def start(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port, reuse_address=True)
    await site.start()
    log.info("HTTP endpoints on %s:%s", host, port)
    return runner
