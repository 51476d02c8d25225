"""The webhook server under a slowloris: 1,000 half-open connections from one client.

A real aiohttp server (``bot.telegram.web.start``) on 127.0.0.1 and real sockets. The attacker's
connections send half a request head, or a whole head and no body; Telegram's POST must
still be answered at once, the half-open connections must be closed after the timeouts,
and the server must never hold more connections than its cap.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import resource
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest

from bot.telegram import web
from bot.telegram.metrics import Metrics
from tests.telegram.test_webhook import SECRET, update

ATTACKERS = 1000
CAP = 100
HEAD_TIMEOUT = 3.0
BODY_TIMEOUT = 3.0
GRACE = 0.5
READY_SECONDS = 3.5  # /readyz takes this long: a request at work outlives the timeouts


@pytest.fixture(autouse=True)
def enough_descriptors() -> Iterator[None]:
    """The test holds both ends of 1,000 connections: lift the soft limit if it is low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * ATTACKERS
    if soft != resource.RLIM_INFINITY and soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            pytest.skip(f"needs {wanted} open files, the hard limit is {hard}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


class Taken:
    """Where the webhook puts what it was sent (the inbox, in the bot)."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Any] = asyncio.Queue()

    async def take(self, raws: list[Any]) -> None:
        for raw in raws:
            self.queue.put_nowait(raw)


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[tuple[Taken, web.ConnectionGuard, int]]:
    async def ready() -> tuple[bool, str]:
        await asyncio.sleep(READY_SECONDS)
        return True, "ready"

    application = Taken()
    app = web.make_app(Metrics(), ready, webhook_path="/telegram", secret=SECRET,
                       hook=web.Webhook(application.take))
    guard = web.ConnectionGuard(max_connections=CAP, head_timeout=HEAD_TIMEOUT,
                                body_timeout=BODY_TIMEOUT, grace=GRACE)
    runner = await web.start(app, "127.0.0.1", 0, guard=guard)
    assert isinstance(runner, web.GuardedRunner) and runner.listener is not None
    port = runner.listener.sockets[0].getsockname()[1]
    try:
        yield application, guard, port
    finally:
        await runner.cleanup()


def _head(port: int, body: int = 0) -> bytes:
    head = (f"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\n{web.SECRET_HEADER}: {SECRET}\r\n")
    return (head + f"Content-Length: {body}\r\n\r\n").encode() if body else head.encode()


_held: list[asyncio.StreamWriter] = []  # a writer let go of closes its connection


async def _half_open(port: int, data: bytes) -> asyncio.StreamReader | None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        _held.append(writer)
        writer.write(data)
        await writer.drain()
    except OSError:
        return None  # closed by the server before it could even write: fine
    return reader


async def _accepted(guard: web.ConnectionGuard, count: int) -> None:
    """Until the server took in ``count`` connections (kept or closed).

    The clients' connects return once the kernel accepted them; the server takes them
    from the queue a little later. The attack is "1,000 connections are open, then
    Telegram's POST comes", not a POST racing the attacker's connects.
    """
    async with asyncio.timeout(20):
        while len(guard.connections) + sum(guard.closed.values()) < count:
            await asyncio.sleep(0.01)


async def _closed(reader: asyncio.StreamReader) -> None:
    with contextlib.suppress(OSError):
        while await reader.read(4096):
            pass


async def _post(session: aiohttp.ClientSession, port: int, update_id: int) -> tuple[int, float]:
    """Telegram's POST, as Telegram sends it: a connection cut before the answer is tried
    again (on a loaded machine the guard may take a slow new connection for an idle one,
    or close the pooled one while it is being reused: a reset, not only a disconnect)."""
    started = time.monotonic()
    for attempt in range(2):
        try:
            async with session.post(f"http://127.0.0.1:{port}/telegram",
                                    json=update(update_id),
                                    headers={web.SECRET_HEADER: SECRET}) as response:
                await response.read()
                return response.status, time.monotonic() - started
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
            if attempt:
                raise
    raise AssertionError("unreachable")


async def test_telegram_is_answered_while_1000_half_open_connections_wait(
        caplog: pytest.LogCaptureFixture) -> None:
    async with server() as (application, guard, port), aiohttp.ClientSession() as session:
        peak = 0

        async def watch() -> None:
            nonlocal peak
            while True:
                peak = max(peak, len(guard.connections))
                await asyncio.sleep(0.005)

        watcher = asyncio.create_task(watch())
        # Half a head from half of them, a whole head and no body from the others.
        readers = await asyncio.gather(*(
            _half_open(port, _head(port)[: 40 + n % 60] if n % 2 else _head(port, body=500))
            for n in range(ATTACKERS)))
        await _accepted(guard, ATTACKERS)
        assert len(guard.connections) <= CAP
        status, took = await asyncio.wait_for(_post(session, port, 1), 5)
        assert status == 200 and took < 2.0, took
        assert (await asyncio.wait_for(application.queue.get(), 1))["update_id"] == 1
        # Every half-open connection ends within the timeouts (plus a margin).
        open_readers = [r for r in readers if r is not None]
        await asyncio.wait_for(asyncio.gather(*(_closed(r) for r in open_readers)),
                               HEAD_TIMEOUT + BODY_TIMEOUT + 5)
        watcher.cancel()
        assert peak <= CAP
        assert sum(guard.closed.values()) >= ATTACKERS - CAP
        # And the server still answers as before.
        status, _ = await _post(session, port, 2)
        assert status == 200
    # No traceback or error line per connection: one warning with the tally, at most.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len([r for r in caplog.records if r.name == "bot.telegram.web"
                and r.levelno == logging.WARNING]) <= 1


async def test_a_head_sent_slowly_is_cut_at_the_head_timeout() -> None:
    async with server() as (_, guard, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        started = time.monotonic()
        head = _head(port)
        with contextlib.suppress(OSError):
            for byte in head:  # a byte every 0.1 s: always some data, never a whole head
                writer.write(bytes([byte]))
                await writer.drain()
                if reader.at_eof() or writer.is_closing():
                    break
                await asyncio.sleep(0.1)
        await asyncio.wait_for(_closed(reader), 5)
        assert HEAD_TIMEOUT - 0.1 <= time.monotonic() - started < HEAD_TIMEOUT + 2
        assert guard.closed["head timeout"] == 1
        writer.close()


async def test_a_missing_body_is_cut_at_the_body_timeout_and_nothing_is_queued() -> None:
    async with server() as (application, guard, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        body = json.dumps(update(5)).encode()
        writer.write(_head(port, body=len(body)) + body[:10])
        await asyncio.wait_for(_closed(reader), BODY_TIMEOUT + 3)
        assert guard.closed["body timeout"] == 1
        assert application.queue.empty()
        writer.close()


async def test_requests_at_work_are_never_cut_and_idle_ones_go_first() -> None:
    """At the cap, a new connection closes the oldest idle one, never one being answered,
    even when the answer takes longer than the timeouts."""
    async with server() as (_, guard, port):
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def readyz() -> int:
                async with session.get(f"http://127.0.0.1:{port}/readyz") as response:
                    return response.status

            slow = [asyncio.create_task(readyz()) for _ in range(CAP // 2)]
            await asyncio.sleep(0.3)
            readers = await asyncio.gather(*(_half_open(port, b"GET /he")
                                             for _ in range(2 * CAP)))
            await _accepted(guard, len(slow) + 2 * CAP)
            assert len(guard.connections) <= CAP
            status, _ = await asyncio.wait_for(_post(session, port, 9), 5)
            assert status == 200
            assert await asyncio.gather(*slow) == [200] * len(slow)
            assert guard.closed["connection cap"] >= CAP
            await asyncio.wait_for(asyncio.gather(*(_closed(r) for r in readers if r)),
                                   HEAD_TIMEOUT + 5)


async def test_a_kept_alive_connection_serves_requests_in_turn(
        caplog: pytest.LogCaptureFixture) -> None:
    async with server() as (_, _guard, port), aiohttp.ClientSession() as session:
        for n in range(3):  # one connection, reused: the head timeout restarts each time
            status, _ = await _post(session, port, 20 + n)
            assert status == 200
            await asyncio.sleep(HEAD_TIMEOUT / 2)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]




async def test_a_body_is_bounded_by_its_route_before_anyone_is_known() -> None:
    """Bodies are read before the secret is checked: a large one said in the head is refused
    unread, one sent in chunks is read only to its route's limit, and Telegram's updates
    (the webhook's path) keep room for a large message."""
    async with server() as (application, _guard, port), aiohttp.ClientSession() as client:
        base = f"http://127.0.0.1:{port}"
        said = await client.post(f"{base}/healthz", data=b"x" * (web.MAX_BODY + 1))
        assert said.status == 413

        async def chunks(total: int) -> AsyncIterator[bytes]:
            for _ in range(total // 4096):
                yield b"x" * 4096

        sent = await client.post(f"{base}/app/api/team", data=chunks(40 * web.MAX_BODY))
        assert sent.status == 413
        sent_to_hook = await client.post(f"{base}/telegram",
                                         data=chunks(2 * web.WEBHOOK_MAX_BODY),
                                          headers={web.SECRET_HEADER: SECRET})
        assert sent_to_hook.status == 413 and application.queue.empty()

        large = update(7) | {"message": {**update(7)["message"], "text": "á" * 4000,
                                         "reply_to_message": {"text": "é" * 15_000}}}
        body = json.dumps(large).encode()
        assert web.MAX_BODY < len(body) < web.WEBHOOK_MAX_BODY
        taken = await client.post(f"{base}/telegram", data=body,
                                  headers={web.SECRET_HEADER: SECRET,
                                           "Content-Type": "application/json"})
        assert taken.status == 200
        assert (await asyncio.wait_for(application.queue.get(), 5))["update_id"] == 7
