"""The bot's HTTP side: the Telegram webhook, /healthz, /readyz and /metrics.

One small aiohttp server instead of python-telegram-bot's built-in webhook server, so
the health and metrics endpoints share the webhook's port behind a reverse proxy. In
polling mode the same endpoints can run on a port of their own (``BOT_HEALTH_PORT``).

Telegram's POST is answered 200 as soon as its update is stored in the durable inbox
(``bot.inbox.engine``): a repeat of an update already stored is answered 200 and ignored; one
that cannot be stored (the database is down) gets 500 and Telegram sends it again; once
a stop begins, 503, so Telegram keeps what comes until the next process.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.telegram.metrics import Metrics

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
    app = web.Application(client_max_size=MAX_BODY)
    app[LARGE_BODIES] = {}

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
        path = "/" + webhook_path.lstrip("/")
        app.router.add_post(path, webhook)
        app[LARGE_BODIES][path] = WEBHOOK_MAX_BODY
    return app


# --- the server: timeouts and a cap on connections ---------------------------------------
# aiohttp waits for a request's head and body as long as the client likes, and accepts
# every connection; 1,000 connections that send half a request (slowloris) would hold
# 1,000 file descriptors, and under systemd's default of 1,024 Telegram's next POST could
# not even be accepted. So every connection is watched (``ConnectionGuard``):
# A request's head must be in within HEAD_TIMEOUT of connecting (or of the previous
# answer, on a kept-alive connection), its body within BODY_TIMEOUT of the head.
HEAD_TIMEOUT = 10.0
BODY_TIMEOUT = 10.0
# At most this many connections; a new one beyond it closes the oldest connection that has
# not yet sent a whole request (a request being handled is never cut). Telegram opens at
# most 40 (``max_connections`` of setWebhook), a reverse proxy one per request.
MAX_CONNECTIONS = 256
# The cap never closes a connection before its first bytes were read (under a burst of
# new connections, Telegram's could be closed before the server even looked at it), unless
# it stayed silent this long. When no connection may go, the new one goes.
GRACE = 1.0
# Connections taken from the listening queue at a time: fewer than the cap, so one burst
# cannot close a request that has arrived and is about to be handled.
BACKLOG = 100
_WAITING, _READING, _HANDLING = "waiting for a head", "reading a body", "handling"
# A body is read whole before anyone is known (the webhook's secret and the dashboard's
# signature are checked after), so its size is bounded per route before it is read: an
# update from Telegram (a few kB; far under 1 MB even with a replied-to message inside)
# on the webhook's path, 64 kB anywhere else (the dashboard takes 16 kB). 256 connections
# can then hold at most 16 MB of bodies, not 1 GB.
WEBHOOK_MAX_BODY = 1024 * 1024
MAX_BODY = 64 * 1024
LARGE_BODIES = web.AppKey("large_bodies", dict[str, int])  # path → its own limit


class _Connection:
    __slots__ = ("heard", "opened", "state", "timer", "transport")

    def __init__(self, transport: asyncio.Transport, opened: float) -> None:
        self.transport = transport
        self.opened = opened
        self.heard = False  # some bytes of it were read
        self.state = _WAITING
        self.timer: asyncio.TimerHandle | None = None


class ConnectionGuard:
    """Every open connection, oldest first, and whether it has sent a whole request yet.

    It sits between the listening socket and aiohttp (``protocol_factory``) to see
    connections come and go, and in front of every handler (``middleware``) to see
    requests start and end.
    """

    def __init__(self, *, max_connections: int = MAX_CONNECTIONS,
                 head_timeout: float = HEAD_TIMEOUT, body_timeout: float = BODY_TIMEOUT,
                 grace: float = GRACE) -> None:
        self.max_connections = max_connections
        self.grace = grace
        self.head_timeout = head_timeout
        self.body_timeout = body_timeout
        self.connections: dict[asyncio.BaseTransport, _Connection] = {}  # oldest first
        self.closed = {"head timeout": 0, "body timeout": 0, "connection cap": 0}
        self._reported = 0.0

    def protocol_factory(self, inner: Callable[[], asyncio.Protocol]
                         ) -> Callable[[], asyncio.Protocol]:
        """``inner`` (aiohttp's server) with each connection's protocol watched."""
        return lambda: _Watched(inner(), self)

    def opened(self, transport: asyncio.Transport) -> None:
        now = asyncio.get_running_loop().time()
        if len(self.connections) >= self.max_connections:
            oldest = next((c for c in self.connections.values() if c.state != _HANDLING
                           and (c.heard or now - c.opened >= self.grace)), None)
            if oldest is None:  # every other one is at work or not read yet
                self._close(transport, "connection cap")
                return
            self._close(oldest.transport, "connection cap")
        conn = _Connection(transport, now)
        self.connections[transport] = conn
        self._wait_for_head(conn)

    def heard(self, transport: asyncio.BaseTransport) -> None:
        conn = self.connections.get(transport)
        if conn is not None:
            conn.heard = True

    def lost(self, transport: asyncio.BaseTransport) -> None:
        conn = self.connections.pop(transport, None)
        if conn is not None and conn.timer is not None:
            conn.timer.cancel()

    def _wait_for_head(self, conn: _Connection) -> None:
        conn.state = _WAITING
        if conn.timer is not None:
            conn.timer.cancel()
        conn.timer = asyncio.get_running_loop().call_later(
            self.head_timeout, self._close, conn.transport, "head timeout")

    def _close(self, transport: asyncio.Transport, why: str) -> None:
        conn = self.connections.pop(transport, None)
        if conn is not None and conn.timer is not None:
            conn.timer.cancel()
        transport.abort()  # nothing of ours to flush: no answer was started on it
        self.closed[why] += 1
        now = asyncio.get_running_loop().time()
        if now - self._reported >= 60.0:  # an attack must not flood the log: a minute's tally
            self._reported = now
            log.warning("closed connections that sent no whole request in time (%s); "
                        "open now: %d", ", ".join(f"{k}: {v}" for k, v in self.closed.items()),
                        len(self.connections))

    @web.middleware
    async def middleware(self, request: web.Request,
                         handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                         ) -> web.StreamResponse:
        """The body is read here, within ``body_timeout``; handlers get it from memory."""
        transport = request.transport
        conn = self.connections.get(transport) if transport is not None else None
        if conn is None:
            if transport is None or transport.is_closing():
                raise web.HTTPRequestTimeout()  # gone already: nobody to answer
            return await handler(request)  # not a connection of ours (a test server's)
        if conn.timer is not None:
            conn.timer.cancel()
        conn.state = _READING
        limit = request.app.get(LARGE_BODIES, {}).get(request.path, MAX_BODY)
        too_large: web.HTTPRequestEntityTooLarge | None = None
        if (request.content_length or 0) > limit:  # said in its head: not read at all
            too_large = web.HTTPRequestEntityTooLarge(max_size=limit,
                                                      actual_size=request.content_length or 0)
        else:
            request = request.clone(client_max_size=limit)  # sent in chunks: read to it
            try:
                async with asyncio.timeout(self.body_timeout):
                    await request.read()
            except TimeoutError:
                self._close(conn.transport, "body timeout")
                raise web.HTTPRequestTimeout() from None  # never sent: the connection is gone
            except web.HTTPRequestEntityTooLarge as exc:
                too_large = exc
            except Exception:
                if conn.transport.is_closing():  # closed for the cap, or by the client
                    raise web.HTTPRequestTimeout() from None
        if too_large is not None:
            too_large.force_close()  # answered, then closed: the rest is never read
            raise too_large
        conn.state = _HANDLING
        try:
            return await handler(request)
        finally:
            if conn.transport in self.connections:
                self._wait_for_head(conn)


class _Watched(asyncio.Protocol):
    """aiohttp's protocol for one connection, with the guard told when it opens and ends."""

    def __init__(self, inner: asyncio.Protocol, guard: ConnectionGuard) -> None:
        self.inner, self.guard = inner, guard
        self.transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.inner.connection_made(transport)
        assert isinstance(transport, asyncio.Transport)  # a TCP server's connections are
        self.guard.opened(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is not None:
            self.guard.lost(self.transport)
        self.inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.transport is not None:
            self.guard.heard(self.transport)
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        keep_open: bool | None = self.inner.eof_received()
        return keep_open

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()


class GuardedRunner(web.AppRunner):
    """The app's runner, serving on a listener of its own behind a ``ConnectionGuard``."""

    def __init__(self, app: web.Application, guard: ConnectionGuard) -> None:
        super().__init__(app, access_log=None)
        self.guard = guard
        self.listener: asyncio.Server | None = None

    async def listen(self, host: str, port: int) -> None:
        assert self.server is not None, "setup() first"
        self.listener = await asyncio.get_running_loop().create_server(
            self.guard.protocol_factory(self.server), host, port, reuse_address=True,
            backlog=BACKLOG)

    async def cleanup(self) -> None:
        if self.listener is not None:
            self.listener.close()  # no new connections; then aiohttp's own shutdown
            self.listener = None
        for conn in self.guard.connections.values():
            if conn.timer is not None:
                conn.timer.cancel()
        await super().cleanup()


async def start(app: web.Application, host: str, port: int, *,
                guard: ConnectionGuard | None = None) -> web.AppRunner:
    guard = guard or ConnectionGuard()
    app.middlewares.append(guard.middleware)  # beside make_app's routes, before setup()
    runner = GuardedRunner(app, guard)
    await runner.setup()
    await runner.listen(host, port)
    log.info("HTTP endpoints on %s:%s", host, port)
    return runner
