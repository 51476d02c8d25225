"""The durable inbox: every update is stored before Telegram is told it arrived, then
handled per lane, in order, exactly once.

Telegram confirms updates by offset (polling) or by the answer to its POST (webhook).
Confirming only what was handled let one open update pin the hundred after it, and a
stop left answered updates unconfirmed. Here intake and handling are apart:

* ``take`` stores a batch (``update_id`` unique: a repeat or a replay is ignored) and
  Telegram is told at once. A lookup replaces the lookup its sender still has waiting
  in the lane (the latest is answered); any other update past ``max_waiting`` of its
  sender's waiting in the lane is stored as dropped, counted, and the chat is told once
  a minute to slow down. A flood costs a row per update and nothing else; a team that
  taps a button together is answered in full.
* Each lane (a chat; a person for what has no chat) is worked on by one task that
  holds the lane's claim in the database (a lease it renews), so with several replicas
  any of them may take any chat, one at a time; one killed mid-update loses its lanes
  when the leases end. The task handles the lane's updates oldest first, each in one of
  the process's few ``Slots`` (lent while it waits for a send budget or a flood wait, so
  a chat held up holds only itself), and marks each done when its handler returned.
* A scan every second takes lanes nobody holds: after a restart, after a replica died,
  or an update that slipped in as a lane was given back.
* At a stop nothing new starts, what is at work gets a few seconds, the rest stays
  waiting for the next process. Handled and dropped rows are kept a day, then deleted.

Telegram-free: the adapter gives ``handle`` (run one update) and ``on_flood`` (tell a
chat to slow down).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from bot.inbox.slots import Slots
from bot.models import InboxItem, Stored
from bot.storage import Storage

log = logging.getLogger(__name__)

MAX_WAITING = 20  # one person's updates waiting in a lane besides a lookup; more: dropped
MAX_LANE = 2000  # a lane's updates waiting, whoever sent them (a big team tapping 👍 at once)
LEASE = dt.timedelta(seconds=20)  # a lane's claim; renewed every third of it
SCAN_EVERY = 1.0  # seconds between looks for lanes nobody holds
KEEP = dt.timedelta(days=1)  # handled and dropped updates are deleted after this
EXPIRE_EVERY = 3600.0
BATCH = 20  # a lane's updates fetched at once
TELL_AGAIN_AFTER = 60.0  # seconds before a flooding chat is told to slow down again
# Questions a person may have replaced by later ones within that minute before being told:
# typing a correction quickly is not a flood.
REPLACED_BEFORE_TOLD = 3
# The longest an update may take, waits included (two flood waits of a minute, a file read
# of ten seconds fit): past it the handler is stopped and the update counted done, since
# one that hangs would hang again after a restart.
TIME_LIMIT = 180.0

Handle = Callable[[InboxItem], Awaitable[None]]
# Tells the chat of an update to slow down; False when it could not (no chat to write to,
# or the chat refuses the bot), so the next update dropped there tries again.
OnFlood = Callable[[InboxItem], Awaitable[bool]]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def owner_name() -> str:
    """Who holds a lane: unique per process, readable in the database."""
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(3).hex()}"


class Inbox:
    """Stores updates as they come and works on them lane by lane until closed."""

    def __init__(self, storage: Storage, handle: Handle, *, slots: Slots | None = None,
                 on_flood: OnFlood | None = None,
                 on_dropped: Callable[[str, int], None] = lambda reason, count: None,
                 max_waiting: int = MAX_WAITING, max_lane: int = MAX_LANE,
                 lease: dt.timedelta = LEASE,
                 scan_every: float = SCAN_EVERY, keep: dt.timedelta = KEEP,
                 tell_again_after: float = TELL_AGAIN_AFTER,
                 time_limit: float = TIME_LIMIT) -> None:
        self.storage = storage
        self.handle = handle
        self.slots = slots or Slots()
        self.on_flood = on_flood
        self.on_dropped = on_dropped
        self.max_waiting = max_waiting
        self.max_lane = max_lane
        self.lease = lease
        self.scan_every = scan_every
        self.keep = keep
        self.tell_again_after = tell_again_after
        self.time_limit = time_limit
        self.owner = owner_name()
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._poked: set[int] = set()  # lanes given updates while their task was finishing
        self._lost: set[int] = set()  # lanes whose lease another process took
        self._held: set[int] = set()  # lanes this process holds a claim on
        self._finished: list[tuple[int, asyncio.Future[None]]] = []
        self._committer: asyncio.Task[None] | None = None
        self._sole = False
        self._running: set[asyncio.Task[bool]] = set()  # handlers at work
        self._notes: set[asyncio.Task[None]] = set()
        self._told: dict[int, float] = {}
        self._replaced: dict[int, list[float]] = {}  # lane → when its questions were replaced
        self._background: asyncio.Task[None] | None = None
        self._closing = False

    # -- intake --------------------------------------------------------------------

    async def take(self, items: Sequence[InboxItem]) -> Stored:
        """Store a batch; once this returns, Telegram may forget it. Wakes the lanes."""
        stored = await self.storage.inbox.store(items, _now(), max_waiting=self.max_waiting,
                                                max_lane=self.max_lane)
        if stored.superseded:
            self.on_dropped("coalesced", len(stored.superseded))
        if stored.dropped:
            self.on_dropped("flood", len(stored.dropped))
        for item in stored.dropped:
            self._flooded(item)
        for item in stored.replacing:
            if self._replaced_often(item.lane):
                self._flooded(item)
        for lane in dict.fromkeys(item.lane for item in stored.new):
            self._wake(lane)
        return stored

    # -- lifecycle -----------------------------------------------------------------

    async def start(self, *, sole: bool) -> None:
        """Begin working. ``sole``: no other process can hold lanes (polling, SQLite), so
        claims left by the previous process are void and its updates resume at once."""
        self._sole = sole
        if sole:
            await self.storage.inbox.forget_lane_claims()
        await self._expire()
        self._background = asyncio.create_task(self._keep_up(), name="inbox")
        await self._scan()

    async def close(self, grace: float) -> None:
        """Start nothing new; what is at work gets ``grace`` seconds, then is cancelled.

        What was not done stays waiting in the database for the next process, and the
        lanes are given back so another replica need not wait for their leases.
        """
        self._closing = True
        if self._background is not None:
            self._background.cancel()
            await asyncio.gather(self._background, return_exceptions=True)
        for note in list(self._notes):
            note.cancel()
        running = [t for t in self._running if not t.done()]
        if running:
            _, late = await asyncio.wait(running, timeout=grace)
            for handler in late:
                handler.cancel()
            await asyncio.gather(*late, return_exceptions=True)
            if late:
                log.info("stopped %d update(s) still at work after %.0f s; they are handled "
                         "after the restart", len(late), grace)
        workers = list(self._workers.values())
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, *self._notes, return_exceptions=True)
        if self._committer is not None:  # the done marks already under way: written
            await asyncio.gather(self._committer, return_exceptions=True)
        with contextlib.suppress(Exception):  # leases ended now: other replicas may take over
            await self.storage.inbox.renew_lanes(self.owner, _now() - self.lease)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait until this process has nothing waiting or at work (tests, benchmarks)."""
        deadline = time.monotonic() + timeout
        while self._workers or await self._pending():
            if time.monotonic() > deadline:
                raise TimeoutError("the inbox did not drain")
            await asyncio.sleep(0.01)

    async def _pending(self) -> int:
        counts = await self.storage.inbox.counts()
        return counts.get("new", 0) + counts.get("working", 0)

    @property
    def busy_lanes(self) -> int:
        return len(self._workers)

    # -- lanes ---------------------------------------------------------------------

    def _wake(self, lane: int) -> None:
        if self._closing:
            return
        if lane in self._workers:
            self._poked.add(lane)
            return
        self._lost.discard(lane)
        task = asyncio.create_task(self._work(lane), name=f"lane {lane}")
        self._workers[lane] = task
        task.add_done_callback(lambda done: self._forget(lane, done))

    async def _work(self, lane: int) -> None:
        try:
            await self._work_lane(lane)
        except asyncio.CancelledError:
            raise
        except Exception:  # the database failed: the scan takes the lane up again
            log.exception("lane %s stopped; it is taken up again shortly", lane)
        finally:
            self._held.discard(lane)
            # At once, not in a later callback: an update stored from now on wakes anew.
            self._forget(lane, asyncio.current_task())

    def _forget(self, lane: int, task: asyncio.Task[Any] | None) -> None:
        if self._workers.get(lane) is task:
            del self._workers[lane]

    async def _work_lane(self, lane: int) -> None:
        if not await self._claim(lane):
            return  # another process works on it and will see what was stored
        while not self._closing:
            self._poked.discard(lane)
            items = await self.storage.inbox.take(lane, BATCH)
            if not items:
                if await self._release(lane):
                    return
                continue
            for item in items:
                if self._closing or lane in self._lost:
                    return  # taken, not done: the next process takes it again
                await self._run(item)
            if self._sole and len(items) < BATCH and lane not in self._poked:
                return  # took all there was, and nothing came since: no need to look again

    async def _claim(self, lane: int) -> bool:
        """Only one process works on a lane. Alone (``sole``), this process's own
        ``_workers`` say so; among replicas, the lane's claim in the database does."""
        if self._sole:
            return True
        now = _now()
        if await self.storage.inbox.claim_lane(lane, self.owner, now, now + self.lease):
            self._held.add(lane)
            return True
        return False

    async def _release(self, lane: int) -> bool:
        """Nothing of the lane waits: give it back, unless something came meanwhile."""
        if self._sole:
            return lane not in self._poked  # no await since the look: nothing slips by
        outcome = await self.storage.inbox.release_lane(lane, self.owner)
        if outcome == "more":
            return False
        self._held.discard(lane)
        if outcome == "released" and lane in self._poked and not self._closing:
            return not await self._claim(lane)  # stored as the lane was given back
        return True

    async def _run(self, item: InboxItem) -> None:
        """Handle one update, then mark it done (unless the stop came first).

        The handler runs in a task of its own, shielded from the lane's task, so a stop
        can give it the grace while the lane itself ends at once.
        """
        task = asyncio.create_task(self._call(item))
        self._running.add(task)
        try:
            await asyncio.shield(task)
        finally:
            self._running.discard(task)
        if task.cancelled() or not task.result():
            return
        await asyncio.shield(self._finish(item.update_id))

    async def _call(self, item: InboxItem) -> bool:
        """Run the handler in a slot, held by this task so that it can lend it while it
        waits (``bot.inbox.slots.lend``); False if the stop came before it started."""
        async with self.slots.hold():
            if self._closing:
                return False
            try:
                async with asyncio.timeout(self.time_limit):
                    await self.handle(item)
            except TimeoutError:
                log.error("update %s was still at work after %.0f s; stopped and left out",
                          item.update_id, self.time_limit)
            except Exception:  # one update must never stop its lane
                log.exception("update %s could not be handled", item.update_id)
            return True

    async def _finish(self, update_id: int) -> None:
        """Mark an update done; marks from many lanes share one write (a group commit)."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._finished.append((update_id, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_finished())
        await future

    async def _commit_finished(self) -> None:
        while self._finished:
            batch, self._finished = self._finished, []
            try:
                await self.storage.inbox.finish([u for u, _ in batch], "done", _now())
            except Exception as exc:  # left working: handled again by the next process
                log.exception("could not record %d update(s) as done", len(batch))
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for _, future in batch:
                if not future.done():
                    future.set_result(None)

    # -- background ----------------------------------------------------------------

    async def _keep_up(self) -> None:
        renew_every = self.lease.total_seconds() / 3
        last_renew = last_expire = time.monotonic()
        while True:
            await asyncio.sleep(self.scan_every)
            try:
                now = time.monotonic()
                if now - last_renew >= renew_every:
                    last_renew = now
                    await self._renew()
                if now - last_expire >= EXPIRE_EVERY:
                    last_expire = now
                    await self._expire()
                await self._scan()
            except Exception:
                log.exception("inbox upkeep failed; trying again")

    async def _renew(self) -> None:
        if not self._held:
            return
        held = await self.storage.inbox.renew_lanes(self.owner, _now() + self.lease)
        for lane in list(self._held):
            if lane not in held:
                log.warning("lane %s was taken over by another process", lane)
                self._lost.add(lane)
                self._held.discard(lane)

    async def _scan(self) -> None:
        for lane in await self.storage.inbox.waiting_lanes(_now()):
            if lane not in self._workers:
                self._wake(lane)

    async def _expire(self) -> None:
        removed = await self.storage.inbox.expire(_now() - self.keep)
        if removed:
            log.info("forgot %d handled update(s) older than %s", removed, self.keep)

    # -- floods --------------------------------------------------------------------

    def _replaced_often(self, lane: int) -> bool:
        """A question replaced by a later one: a flood only the third time in a minute."""
        now = time.monotonic()
        if len(self._replaced) > 10_000:
            self._replaced.clear()
        recent = [t for t in self._replaced.get(lane, []) if now - t < self.tell_again_after]
        recent.append(now)
        self._replaced[lane] = recent[-REPLACED_BEFORE_TOLD:]
        return len(recent) >= REPLACED_BEFORE_TOLD

    def _flooded(self, item: InboxItem) -> None:
        """Tell the chat to slow down, once in a while."""
        now = time.monotonic()
        if self.on_flood is None or self._closing:
            return
        if now - self._told.get(item.lane, -1e18) < self.tell_again_after:
            return
        if len(self._told) > 10_000:
            self._told = {k: t for k, t in self._told.items() if now - t < self.tell_again_after}
        self._told[item.lane] = now
        log.info("chat %s sends faster than it can be answered: told to slow down", item.lane)
        task = asyncio.create_task(self._note(item))
        self._notes.add(task)
        task.add_done_callback(self._notes.discard)

    async def _note(self, item: InboxItem) -> None:
        assert self.on_flood is not None
        try:
            told = await self.on_flood(item)
        except Exception:  # a note that cannot be sent must not matter
            log.exception("could not tell chat %s to slow down", item.lane)
            told = False
        if not told:
            self._told.pop(item.lane, None)  # the next update dropped there tries again
