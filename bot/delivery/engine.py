"""The delivery engine: every scheduled push (daily tip, daily quiz, weekly digest) goes
due → claim in batches → send under the limiter → record, exactly once, under one
retry policy.

A kind of push is a small plug-in (``Push``: ``bot.delivery.tips``, ``bot.delivery.quizzes``,
``bot.delivery.digests``) that says who is due, what to send, how to send it and how to
record it; the engine owns the rest, the same for every kind:

- the database decides who is due; a claim with a lease (``bot.storage.claims``) makes
  each (chat, period) go out once; a crash leaves a lease that runs out and the next tick
  (here or in another process) resends what the claim holds, so nobody misses a period
  and at most the messages in flight at the crash are doubled;
- down past the grace window, the period is skipped, never sent late;
- a flood wait makes only that chat wait, then resends; a migrated group moves and gets
  it at its new id; a chat gone stops its subscription; a message Telegram rejects is
  recorded once and the chat moves on; transient errors back off within the grace;
  a claim taken ``MAX_ATTEMPTS`` times without a send (each try crashed) is given up;
- the lease is renewed while a send waits.

Sending goes through senders that speak in delivery terms (the ``SendError`` kinds of
``bot.delivery.push``), so this module knows nothing of Telegram; sends are recorded by
``bot.delivery.acks``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.delivery.acks import Acks
from bot.delivery.push import (
    ChatGone,
    FloodWait,
    Job,
    Migrated,
    Push,
    PushReport,
    Rejected,
    TickReport,
    Transient,
)
from bot.delivery.ratelimit import SendLimiter
from bot.models import Claim, utcnow
from bot.services import addtip
from bot.storage import Storage
from bot.storage.claims import DONE

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
BATCH_SECONDS = 2.0  # how much sending one claim batch holds, at the limiter's rate
# The next batch is claimed while this much sending is left of the one before, so the
# limiter never waits for the database; and the first claim of a tick holds only this
# much, so the first message goes out at once (the rate holds from the first second).
LOOKAHEAD_SECONDS = 0.25
# A claim taken this many times without being sent (each try crashed, or failed in a way
# no error class explains) is given up: that period is skipped, never retried forever.
MAX_ATTEMPTS = 5
# Up to this rate (messages a second, per process) every send is recorded the moment it
# completes, so a crash can double only a message whose request was in flight. Above it
# (the limiter off, a local Bot API server, paid broadcasts) one write per message would
# cap throughput, so sends are recorded in small batches (see Acks).
PER_SEND_RECORD_MAX_RATE = 100.0
MAX_BACKOFF = 60.0


@dataclass
class Engine:
    """Runs its pushes, one after the other, each tick."""

    storage: Storage
    pushes: Sequence[Push[Any, Any, Any]]
    limiter: SendLimiter
    clock: Clock = utcnow
    grace: dt.timedelta = dt.timedelta(hours=3)
    lease: dt.timedelta = dt.timedelta(minutes=2)
    concurrency: int = 64
    batch: int = 500
    owner: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    stopping: bool = False  # set at a stop: finish the batch at hand, claim no more

    async def tick(self) -> TickReport:
        """Deliver everything due now. Overlapping ticks wait for each other."""
        async with self._lock:
            report = TickReport()
            for push in self.pushes:
                figures = PushReport()
                await self._run(push, figures)
                report.add(push.kind, figures)
                if figures.due:
                    log.info("%s: %s", push.title, figures)
            return report

    async def _run(self, push: Push[Any, Any, Any], report: PushReport) -> None:
        """Claim batch after batch, each while the last sends of the one before are
        still going out (``LOOKAHEAD_SECONDS``)."""
        seen: set[int] = set()
        acks = Acks(push, self.clock, batched=self._batched_acks())
        semaphore = asyncio.Semaphore(self.concurrency)
        sending: set[asyncio.Task[None]] = set()
        lookahead = size = self._batch_size(LOOKAHEAD_SECONDS)
        try:
            while not self.stopping:
                # Claims not sent soon could run out, or leave other replicas idle while
                # this one still holds them: claim more only near the end of this batch.
                while len(sending) > lookahead:
                    _, sending = await asyncio.wait(sending,
                                                    return_when=asyncio.FIRST_COMPLETED)
                due = await push.due(self.clock(), self.grace, size, list(seen)[-5000:])
                fresh = {chat for chat in due.looked_at if chat not in seen}
                if not fresh:
                    break
                seen.update(fresh)
                jobs = [job for job in due.jobs if job.chat_id in fresh]
                report.due += len(fresh)
                report.skipped += due.skipped
                held_until = self.clock() + self.lease
                sends = await self._claim(push, jobs, held_until, report)
                sending.update(asyncio.create_task(self._one(push, claim, job, held_until,
                                                             report, acks, semaphore))
                               for claim, job in sends)
                size = self._batch_size(BATCH_SECONDS)
        finally:
            await asyncio.gather(*sending, return_exceptions=True)
            await acks.close()

    def _batched_acks(self) -> bool:
        rate = self.limiter.rate
        return rate is None or rate > PER_SEND_RECORD_MAX_RATE

    def _batch_size(self, seconds: float) -> int:
        """Claim about ``seconds`` of sending (never more than a quarter lease) at a time.

        Replicas each send at their share of the rate, so a replica that claimed
        everything would leave the others idle and the bot at 1/N of its budget; small
        claims let them take turns. And a claim sent only after its lease ran out could
        be taken over, and sent again, by another replica.
        """
        rate = self.limiter.rate
        if rate is None:
            return self.batch
        seconds = min(seconds, self.lease.total_seconds() / 4)
        return max(1, min(self.batch, int(rate * seconds)))

    async def _claim(self, push: Push[Any, Any, Any], jobs: list[Job[Any]],
                     held_until: dt.datetime, report: PushReport
                     ) -> list[tuple[Claim, Job[Any]]]:
        """Claim a batch (in bulk, before any send); move on the periods already done."""
        if not jobs:
            return []
        now = self.clock()
        by_chat = {job.chat_id: job for job in jobs}
        claims, others = await push.sends.claim_many(
            [(j.chat_id, j.period, j.tip_id, j.cycle) for j in jobs], self.owner, held_until, now)
        # Done already (by us before a crash, or by a peer): just move on to the next slot.
        await push.sends.move_due_many([
            (chat, push.next_due(by_chat[chat], now)) for chat, status in others.items()
            if status in DONE])
        report.not_claimed += len(others)
        return [(claim, by_chat[claim.chat_id]) for claim in claims]

    async def _one(self, push: Push[Any, Any, Any], claim: Claim, job: Job[Any],
                   held_until: dt.datetime, report: PushReport, acks: Acks,
                   semaphore: asyncio.Semaphore) -> None:
        if claim.attempts > 1:
            report.retried += 1
        try:
            try:
                if claim.attempts > MAX_ATTEMPTS:
                    raise Rejected(f"given up after {claim.attempts - 1} attempts")
                message = await push.message(claim, job)
            except Rejected as exc:
                await self._reject(push, claim, job, exc, report)
                return
            async with semaphore:
                await self._deliver(push, claim, job, message, held_until, report, acks)
        except Exception:  # one chat's failure must not stop the broadcast
            log.exception("%s for chat %s failed", push.kind, claim.chat_id)
            report.failed += 1

    async def _reject(self, push: Push[Any, Any, Any], claim: Claim, job: Job[Any],
                      exc: Rejected, report: PushReport) -> None:
        """Recorded once; the chat moves on to its next slot."""
        log.warning("%s for chat %s rejected (%s); the next slot brings the next one",
                    push.kind, claim.chat_id, exc)
        await push.sends.failed(claim, str(exc), push.next_due(job, self.clock()),
                                status="rejected")
        report.failed += 1
        report.rejected += 1

    async def _deliver(self, push: Push[Any, Any, Any], claim: Claim, job: Job[Any],
                       message: object, lease_end: dt.datetime, report: PushReport,
                       acks: Acks) -> None:
        """Send under the limiter until it is sent or the retry policy gives up; the
        claim is held until ``lease_end``, and renewed before it runs out."""
        backoff = 1.0

        async def hold(seconds: float) -> bool:
            """Keep the claim through a wait; ``False`` if another process took it."""
            nonlocal lease_end
            lease_end = self.clock() + self.lease + dt.timedelta(seconds=seconds)
            if await push.sends.extend_lease(claim, lease_end):
                return True
            report.not_claimed += 1
            return False

        while True:
            await self.limiter.acquire(claim.chat_id)
            # Near the end of the lease (a long wait for the limiter): renew it.
            if self.clock() >= lease_end - self.lease / 4 and not await hold(0):
                return
            try:
                result = await push.send(claim.chat_id, job, message)
            except FloodWait as exc:
                # Only this chat waits; the others keep going under the limiter.
                report.flood_waits += 1
                log.info("flood wait %.1f s for chat %s", exc.seconds, claim.chat_id)
                if not await hold(exc.seconds):
                    return
                await self.sleep(exc.seconds)
                continue
            except Migrated as exc:
                log.info("chat %s migrated to %s; moving it", claim.chat_id, exc.new_chat_id)
                # As every move: the tips being written there are asked again when
                # Telegram's word of the upgrade comes (``addtip.moved``).
                await addtip.moved(self.storage, claim.chat_id, exc.new_chat_id, self.clock())
                report.migrated += 1
                claim = dataclasses.replace(claim, chat_id=exc.new_chat_id)
                continue
            except ChatGone as exc:
                log.info("chat %s is gone (%s); subscription stopped", claim.chat_id, exc)
                await self.storage.subscriptions.stop(claim.chat_id, "blocked")
                await push.sends.failed(claim, str(exc), None)
                report.failed += 1
                return
            except Rejected as exc:
                await self._reject(push, claim, job, exc, report)
                return
            except Transient as exc:
                if self.clock() + dt.timedelta(seconds=backoff) > job.deadline:
                    log.warning("%s for chat %s still failing at the end of its grace "
                                "window: %s", push.kind, claim.chat_id, exc)
                    await push.sends.failed(claim, str(exc), push.next_due(job, self.clock()))
                    report.failed += 1
                    return
                log.info("transient error for chat %s, retrying in %.0f s: %s",
                         claim.chat_id, backoff, exc)
                if not await hold(backoff):
                    return
                await self.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            break
        await acks.add(claim, job, result)
        report.sent += 1
