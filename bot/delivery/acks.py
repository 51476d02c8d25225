"""Recording what the engine sent, the moment it is sent or in small batches.

Apart from the engine's loop because it is its own small machine: a writer task that
must be stopped by asking, never by cancelling (see ``Acks``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from bot.delivery.push import Job, Push
from bot.models import Claim

log = logging.getLogger(__name__)


class Acks:
    """Recording sent messages: each one as it completes, or (high-rate mode) in batches.

    A message counts as in flight from its request until it is recorded; only in-flight
    messages can be doubled by a crash. Recorded one by one, that is the request itself
    and one write after it. Batched, a message waits at most ``ACK_BATCH`` messages or
    ``ACK_SECONDS`` for its batch. The batch writer is stopped by asking, never by
    cancelling: a batch cancelled halfway through its write would be rolled back and
    lost, and its messages sent again after the lease.
    """

    ACK_BATCH = 200
    ACK_SECONDS = 0.1

    def __init__(self, push: Push[Any, Any, Any], clock: Callable[[], dt.datetime], *,
                 batched: bool) -> None:
        self.push = push
        self.clock = clock
        self.batched = batched
        self.pending: list[tuple[Claim, Job[Any], Any]] = []
        self._lock = asyncio.Lock()
        self._closing = asyncio.Event()
        self._writer = asyncio.create_task(self._run()) if batched else None

    async def add(self, claim: Claim, job: Job[Any], result: object) -> None:
        if not self.batched:
            await self.push.record([(claim, job, result)], self.clock())
            return
        self.pending.append((claim, job, result))
        if len(self.pending) >= self.ACK_BATCH:
            await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            batch, self.pending = self.pending, []
            if not batch:
                return
            try:
                await self.push.record(batch, self.clock())
            except BaseException:
                self.pending[:0] = batch  # not written: keep it for the next flush
                raise

    async def _run(self) -> None:
        while not self._closing.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), self.ACK_SECONDS)
            try:
                await self.flush()
            except Exception:  # the database hiccuped: the batch stays pending
                log.exception("could not record sent %s messages; retrying", self.push.kind)

    async def close(self) -> None:
        """Write everything pending and stop the batch writer."""
        self._closing.set()
        if self._writer is not None:
            await self._writer
        await self.flush()
