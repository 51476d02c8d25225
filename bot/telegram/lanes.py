"""One chat cannot stall the others: update slots, per-chat lanes, lookups coalesced.

python-telegram-bot works on a few updates at once (``SLOTS``). Two things used to let
one chat take them all: a handler waiting for its chat's send budget (one message a
second to a chat) kept its slot while it waited, and a chat that sent 300 lookups had
300 updates in line for those slots, answered for minutes. Here:

* ``Slots``: at most ``SLOTS`` updates at work; one that waits for a send budget lends
  its slot to other updates meanwhile (``lend()``, which the rate limiter calls) and
  takes one back to send.
* ``ChatLanes`` (PTB's update processor): a chat's messages are worked on one at a
  time, in order, before any handler runs. A lookup that comes while another of the
  chat's lookups is still waiting replaces it: the latest is answered, the excess is
  dropped before any work is done for it, and the chat is told once to slow down.
  Button presses, inline queries and the rest are not laned (votes from a whole team
  must not wait for each other); they only take a slot.
* Every update is reported done (``on_done``) once it was handled or dropped on
  purpose; the poller confirms to Telegram only what is done (``bot.telegram.polling``).
  At a stop (``close``) nothing new starts and what is at work gets a few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)

SLOTS = 8  # updates at work at once
MAX_WAITING = 50  # a chat's messages waiting behind the one at work; more are dropped
TELL_AGAIN_AFTER = 60.0  # seconds before a flooding chat is told to slow down again
_UNBOUNDED = 1_000_000  # PTB's own semaphore: our ``Slots`` do the bounding


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


def lane_of(update: object) -> int | None:
    """The chat whose lane an update waits in: new messages and channel posts only."""
    if not isinstance(update, Update):
        return None
    message = update.message or update.channel_post
    return message.chat.id if message is not None else None


GO, DROP, CLOSED = "go", "drop", "closed"  # what a waiting update is told when its turn is up


@dataclass(eq=False)
class _Ticket:
    lookup: bool
    turn: asyncio.Future[str] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future())


@dataclass(eq=False)
class _Lane:
    busy: bool = False
    waiting: deque[_Ticket] = field(default_factory=deque)


def _close(coroutine: Awaitable[Any]) -> None:
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()


class ChatLanes(BaseUpdateProcessor):
    """PTB's update processor: per-chat lanes over a few shared slots.

    ``is_lookup`` says which updates coalesce (set by the lookup handlers), ``on_flood``
    tells a chat to slow down (sent in the chat's lane, so it waits for the chat's budget
    without holding anything), ``on_done`` hears of every update handled or dropped.
    """

    def __init__(self, slots: int = SLOTS, *, max_waiting: int = MAX_WAITING,
                 tell_again_after: float = TELL_AGAIN_AFTER,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(_UNBOUNDED)
        self.slots = Slots(slots)
        self.max_waiting = max_waiting
        self.tell_again_after = tell_again_after
        self.clock = clock
        self.is_lookup: Callable[[object], bool] = lambda update: False
        self.on_flood: Callable[[object], Awaitable[None]] | None = None
        self.on_done: Callable[[object], None] = lambda update: None
        self.dropped = 0
        self._lanes: dict[int, _Lane] = {}
        self._told: dict[int, float] = {}
        self._notes: set[asyncio.Task[None]] = set()
        self._working: set[asyncio.Task[Any]] = set()
        self._closing = False

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        for task in list(self._notes):
            task.cancel()
        await asyncio.gather(*self._notes, return_exceptions=True)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update in its turn; report it done unless the stop came first."""
        task = asyncio.current_task()
        if self._closing or task is None:
            _close(coroutine)  # not done: Telegram sends it again after the restart
            return
        self._working.add(task)
        done = False
        try:
            chat_id = lane_of(update)
            if chat_id is None:
                done = await self._work(coroutine)
                return
            verdict = await self._admit(chat_id, update)
            if verdict != GO:
                _close(coroutine)
                done = verdict == DROP
                return
            try:
                done = await self._work(coroutine)
            finally:
                self._next(chat_id)
        finally:
            self._working.discard(task)
            if done:
                self.on_done(update)

    async def _work(self, coroutine: Awaitable[Any]) -> bool:
        async with self.slots.hold():
            if self._closing:
                _close(coroutine)
                return False
            await coroutine
            return True

    async def close(self, grace: float) -> None:
        """Stop: start nothing new, give what is at work ``grace`` seconds, cancel the rest.

        Updates that did not run are not reported done, so the poller leaves them to
        Telegram, which sends them again after the restart.
        """
        self._closing = True
        for lane in self._lanes.values():
            for ticket in lane.waiting:
                if not ticket.turn.done():
                    ticket.turn.set_result(CLOSED)
            lane.waiting.clear()
        for note in list(self._notes):
            note.cancel()
        working = [t for t in self._working if not t.done()]
        if working:
            _, late = await asyncio.wait(working, timeout=grace)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
            if late:
                log.info("stopped %d update(s) still at work after %.0f s", len(late), grace)

    async def _admit(self, chat_id: int, update: object) -> str:
        """Wait for this update's turn in its chat's lane: GO, DROP (coalesced), CLOSED."""
        lane = self._lanes.setdefault(chat_id, _Lane())
        if not lane.busy:
            lane.busy = True
            return GO
        ticket = _Ticket(self.is_lookup(update))
        replaced = [t for t in lane.waiting if t.lookup] if ticket.lookup else []
        for old in replaced:  # the latest lookup is answered, not every one
            lane.waiting.remove(old)
            if not old.turn.done():
                old.turn.set_result(DROP)
        if len(lane.waiting) >= self.max_waiting:
            self._flooded(chat_id, update, lane)
            self._count_drop(chat_id)
            return DROP
        lane.waiting.append(ticket)
        if replaced:
            self._count_drop(chat_id, len(replaced))
            self._flooded(chat_id, update, lane)
        try:
            return await ticket.turn
        except asyncio.CancelledError:
            if ticket in lane.waiting:
                lane.waiting.remove(ticket)
            elif ticket.turn.done() and not ticket.turn.cancelled() and ticket.turn.result() == GO:
                self._next(chat_id)  # handed the lane just now: pass it on
            raise

    def _next(self, chat_id: int) -> None:
        """The lane's current update is done: the next one waiting goes, or the lane idles."""
        lane = self._lanes.get(chat_id)
        if lane is None:
            return
        while lane.waiting:
            ticket = lane.waiting.popleft()
            if not ticket.turn.done():
                ticket.turn.set_result(GO)
                return
        del self._lanes[chat_id]

    def _count_drop(self, chat_id: int, count: int = 1) -> None:
        self.dropped += count
        log.debug("chat %s floods: %d update(s) dropped", chat_id, count)

    def _flooded(self, chat_id: int, update: object, lane: _Lane) -> None:
        """Tell the chat to slow down, once a while, right after what is at work now."""
        now = self.clock()
        if self.on_flood is None or now - self._told.get(chat_id, -1e18) < self.tell_again_after:
            return
        if len(self._told) > 10_000:
            self._told = {k: t for k, t in self._told.items()
                          if now - t < self.tell_again_after}
        self._told[chat_id] = now
        log.info("chat %s sends faster than it can be answered: told to slow down", chat_id)
        ticket = _Ticket(lookup=False)
        lane.waiting.appendleft(ticket)
        task = asyncio.create_task(self._note(chat_id, update, ticket))
        self._notes.add(task)
        task.add_done_callback(self._notes.discard)

    async def _note(self, chat_id: int, update: object, ticket: _Ticket) -> None:
        assert self.on_flood is not None
        try:
            if await ticket.turn != GO:
                return
        except asyncio.CancelledError:
            if ticket.turn.done() and not ticket.turn.cancelled() and ticket.turn.result() == GO:
                self._next(chat_id)
            raise
        try:
            async with self.slots.hold():
                await self.on_flood(update)
        except Exception:  # a note that cannot be sent must not stop the lane
            log.exception("could not tell chat %s to slow down", chat_id)
        finally:
            self._next(chat_id)

    @property
    def busy_chats(self) -> int:
        return len(self._lanes)
