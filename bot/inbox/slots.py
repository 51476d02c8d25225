"""How many updates are at work at once, where waiting for a send budget is not work.

Handlers run a few at a time (``Slots``). A handler that has to wait, for its chat's
send budget (one message a second to a chat), for a flood wait Telegram asked for, or
for a file being read in a worker process, lends its slot to other updates meanwhile
(``lend()``) and takes one back when it goes on: one chat that waits never holds the
others up. Telegram-free: the inbox takes slots, the rate limiter and the file reader lend
them.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

SLOTS = 8  # updates at work at once


@dataclass(eq=False)
class _Slot:
    semaphore: asyncio.Semaphore
    task: asyncio.Task[Any] | None
    held: bool = True


_SLOT: ContextVar[_Slot | None] = ContextVar("update_slot", default=None)


class Slots:
    """At most ``size`` updates at work; waiting for a send budget is not work."""

    def __init__(self, size: int = SLOTS) -> None:
        self.size = size
        self._semaphore = asyncio.Semaphore(size)

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        await self._semaphore.acquire()
        slot = _Slot(self._semaphore, asyncio.current_task())
        token = _SLOT.set(slot)
        try:
            yield
        finally:
            _SLOT.reset(token)
            if slot.held:
                slot.held = False
                self._semaphore.release()


@contextlib.asynccontextmanager
async def lend() -> AsyncIterator[None]:
    """While the caller waits, its update's slot serves other updates; then it is taken back.

    A no-op outside an update (the daily broadcast) and in tasks an update started (an
    edit scheduled for later): only the task that holds the slot can lend it.
    """
    slot = _SLOT.get()
    if slot is None or not slot.held or slot.task is not asyncio.current_task():
        yield
        return
    slot.held = False
    slot.semaphore.release()
    try:
        yield
    finally:
        await slot.semaphore.acquire()
        slot.held = True
