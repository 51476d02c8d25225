"""The daily push: due chats → claim → send under the limits → record, exactly once.

The database decides who is due (``next_due_utc``), the claim in ``deliveries`` makes
each (chat, local day) go out once, and sending goes through a ``Sender`` that speaks
in delivery terms (blocked, migrated, flood wait, transient), so this module knows
nothing of Telegram. A crash after a claim leaves a lease that runs out; the next tick
(here or in another process) resends the claimed tip, so a chat never misses its day
and at most the messages in flight at the crash are doubled.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot import schedule
from bot.corpus import Corpus, Tip
from bot.models import Claim, Subscription, utcnow
from bot.ratelimit import SendLimiter
from bot.render import tip_fits
from bot.services import digest, tippool
from bot.storage import Storage
from bot.strings import for_language

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
BATCH_SECONDS = 2.0  # how much sending one claim batch holds, at the limiter's rate
# A day's claim taken this many times without being sent (each try crashed, or failed in
# a way no error class explains) is given up: its tip is skipped, never retried forever.
MAX_ATTEMPTS = 5
# Up to this rate (messages a second, per process) every send is recorded the moment it
# completes, so a crash can double only a message whose request was in flight. Above it
# (the limiter off, a local Bot API server, paid broadcasts) one write per message would
# cap throughput, so sends are recorded in small batches (see _Acks).
PER_SEND_RECORD_MAX_RATE = 100.0


class SendError(Exception):
    """Base of what a ``Sender`` may raise."""


class ChatGone(SendError):
    """Blocked, kicked, or the chat does not exist: stop sending there."""


class Migrated(SendError):
    def __init__(self, new_chat_id: int) -> None:
        super().__init__(f"migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class FloodWait(SendError):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


class Transient(SendError):
    """Network trouble, timeouts, 5xx: try again later."""


class Rejected(SendError):
    """Telegram refused this message for good (a 400 that is not about the chat: "message
    is too long", "can't parse entities"): sending it again would fail again."""


class Sender(Protocol):
    async def send_daily(self, chat_id: int, tip: Tip, language: str) -> int:
        """Send the daily tip; return the message id."""
        ...

    async def send_digest(self, chat_id: int, first: dt.date, last: dt.date,
                          items: list[tuple[Tip, int, int]], language: str,
                          quiz: str = "") -> int:
        """Send the weekly digest (tip, 👍, 👎 per line, then the week's quiz figures as
        HTML, if any); return the message id."""
        ...


@dataclass
class TickReport:
    due: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    flood_waits: int = 0
    migrated: int = 0
    not_claimed: int = 0
    digests: int = 0
    rejected: int = 0  # of ``failed``: the tip itself could not be sent; skipped

    def __str__(self) -> str:
        return (f"due {self.due}, sent {self.sent}, skipped {self.skipped}, "
                f"failed {self.failed} ({self.rejected} tips rejected), retried "
                f"{self.retried}, flood waits {self.flood_waits}")


@dataclass
class Broadcaster:
    storage: Storage
    corpus: Corpus
    sender: Sender
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
    # Issue 22: sends the quiz chart after a digest whose week had quizzes (chat, the
    # week's last day, language); see ``_digest_chart``. ``None``: no chart.
    digest_chart: Callable[[int, dt.date, str], Awaitable[None]] | None = None

    async def _digests(self, report: TickReport) -> None:
        """Weekly digests due now: the 7 local days before the digest day, once a week."""
        now = self.clock()
        for sub in await self.storage.due_digests(now):
            assert sub.digest_time is not None
            mask = 1 << sub.digest_day
            after = schedule.next_slot(now, sub.digest_time, sub.timezone, days=mask).due_utc
            slot = schedule.current_slot(now, sub.digest_time, sub.timezone, days=mask)
            if slot is None or not schedule.within_grace(slot, now, self.grace):
                await self.storage.set_digest(sub.chat_id, sub.digest_day, sub.digest_time,
                                              after)
                continue
            first, last = digest.week_before(slot.local_date)
            if not await self.storage.claim_digest(sub.chat_id, last, self.owner,
                                                   now + self.lease, now):
                continue
            items = await digest.items(self.storage, self.corpus, sub.chat_id, first, last)
            quiz = await digest.quiz_text(self.storage, self.corpus, sub.chat_id,
                                          for_language(sub.language), first, last)
            await self.limiter.acquire(sub.chat_id)
            try:
                message_id = await self.sender.send_digest(sub.chat_id, first, last, items,
                                                           sub.language, quiz)
            except ChatGone:
                await self.storage.stop_subscription(sub.chat_id, "blocked")
                await self.storage.finish_digest(sub.chat_id, last, "failed", None, after)
                continue
            except SendError as exc:
                log.warning("weekly digest for chat %s failed: %s", sub.chat_id, exc)
                await self.storage.finish_digest(sub.chat_id, last, "failed", None, after)
                continue
            await self.storage.finish_digest(sub.chat_id, last, "sent", message_id, after)
            report.digests += 1
            if quiz:  # quizzes ran that week: the chart follows (issue 22)
                await self._digest_chart(sub.chat_id, last, sub.language)

    async def _digest_chart(self, chat_id: int, last: dt.date, language: str) -> None:
        """The chart after a digest, on the digest's send budget. The digest is out and
        recorded: a chart that cannot be drawn or sent is logged, never retried, and
        never fails the digest or the chats after it."""
        if self.digest_chart is None:
            return
        await self.limiter.acquire(chat_id)
        try:
            await self.digest_chart(chat_id, last, language)
        except Exception as exc:  # any failure: the digest already went out
            log.warning("quiz chart after the digest for chat %s failed: %s", chat_id,
                        exc.__class__.__name__)

    async def tick(self) -> TickReport:
        """Deliver everything due now. Overlapping ticks wait for each other."""
        async with self._lock:
            report = TickReport()
            seen: set[int] = set()
            acks = _Acks(self.storage, self.clock, batched=self._batched_acks())
            try:
                while not self.stopping:
                    subs = await self.storage.due_subscriptions(
                        self.clock(), self._batch_size(), exclude=list(seen)[-5000:])
                    subs = [s for s in subs if s.chat_id not in seen]
                    if not subs:
                        break
                    seen.update(s.chat_id for s in subs)
                    report.due += len(subs)
                    await self._run_batch(subs, report, acks)
            finally:
                await acks.close()
            await self._digests(report)
            if report.due:
                log.info("daily tips: %s", report)
            return report

    def _batched_acks(self) -> bool:
        rate = self.limiter.rate
        return rate is None or rate > PER_SEND_RECORD_MAX_RATE

    def _batch_size(self) -> int:
        """Claim about two seconds of sending (never more than half a lease) at a time.

        Replicas each send at their share of the rate, so a replica that claimed
        everything would leave the others idle and the bot at 1/N of its budget; small
        claims let them take turns. And a claim sent only after its lease ran out could
        be taken over, and sent again, by another replica.
        """
        rate = self.limiter.rate
        if rate is None:
            return self.batch
        seconds = min(BATCH_SECONDS, self.lease.total_seconds() / 2)
        return max(1, min(self.batch, int(rate * seconds)))

    def _tip_pool(self, sub: Subscription) -> list[str]:
        return tippool.rotation_pool(self.corpus, sub.topics)

    def _next_due(self, sub: Subscription, after: dt.date | None) -> dt.datetime:
        return schedule.next_due(self.clock(), sub.time_of_day, sub.timezone, days=sub.days,
                                 paused_until=sub.paused_until, after=after)

    async def _run_batch(self, subs: list[Subscription], report: TickReport,
                         acks: _Acks) -> None:
        """Decide, claim (in bulk, before any send), then send concurrently."""
        now = self.clock()
        skip: list[tuple[int, dt.datetime]] = []
        ready: list[tuple[Subscription, schedule.Slot]] = []
        for sub in subs:
            slot = schedule.current_slot(now, sub.time_of_day, sub.timezone, days=sub.days,
                                         paused_until=sub.paused_until)
            if slot is None or not schedule.within_grace(slot, now, self.grace) or (
                    sub.next_due_utc is not None and slot.due_utc < sub.next_due_utc):
                # Down past the grace window (or nothing due today): skip, never flood.
                skip.append((sub.chat_id, self._next_due(sub, None)))
            else:
                ready.append((sub, slot))
        report.skipped += len(skip)
        await self.storage.set_next_due_many(skip)
        if not ready:
            return
        delivered = await self.storage.delivered_tips_many(
            [(sub.chat_id, sub.rotation_cycle) for sub, _ in ready])
        penalties = await self.storage.penalties_many([sub.chat_id for sub, _ in ready])
        # The team's own tips join its rotation (and only its).
        team = await tippool.team_tips_many(self.storage,
                                            {sub.chat_id: sub.language for sub, _ in ready})
        # A team tip saved before today's checks that cannot go out as one message never
        # joins the rotation (it would only be skipped).
        team = {chat: {tip_id: tip for tip_id, tip in tips.items() if _fits(tip)}
                for chat, tips in team.items()}
        wanted = []
        by_chat: dict[int, tuple[Subscription, schedule.Slot]] = {}
        for sub, slot in ready:
            pool = self._tip_pool(sub) + list(team[sub.chat_id])
            tip_id, cycle = schedule.next_tip(pool, sub.rotation_seed,
                                              sub.rotation_cycle, delivered[sub.chat_id],
                                              penalties[sub.chat_id])
            wanted.append((sub.chat_id, slot.local_date, tip_id, cycle))
            by_chat[sub.chat_id] = (sub, slot)
        claims, others = await self.storage.claim_many(wanted, self.owner, now + self.lease, now)
        # Done already (by us before a crash, or by a peer): just move on to the next day.
        await self.storage.set_next_due_many([
            (chat, self._next_due(by_chat[chat][0], by_chat[chat][1].local_date))
            for chat, status in others.items() if status in ("sent", "failed", "rejected")])
        report.not_claimed += len(others)
        semaphore = asyncio.Semaphore(self.concurrency)

        async def run(claim: Claim) -> None:
            sub, slot = by_chat[claim.chat_id]
            if claim.attempts > 1:
                report.retried += 1
            tip = (self.corpus.get(claim.tip_id) or team.get(claim.chat_id, {}).get(claim.tip_id)
                   or self.corpus.tips[0])  # a tip deleted since its claim: send another
            reason = ""
            if claim.attempts > MAX_ATTEMPTS:
                reason = f"given up after {claim.attempts - 1} attempts"
            elif not _fits(tip):
                reason = "too long for one message"
            if reason:
                log.warning("daily tip %s for chat %s skipped: %s; the next day brings the "
                            "next tip", claim.tip_id, claim.chat_id, reason)
                await self.storage.mark_failed(claim, reason,
                                               self._next_due(sub, slot.local_date),
                                               status="rejected")
                report.failed += 1
                report.rejected += 1
                return
            async with semaphore:
                try:
                    await self._send(sub, claim, slot, tip, report, acks)
                except Exception:  # one chat's failure must not stop the broadcast
                    log.exception("daily tip for chat %s failed", claim.chat_id)
                    report.failed += 1

        await asyncio.gather(*(run(c) for c in claims))

    async def _send(self, sub: Subscription, claim: Claim, slot: schedule.Slot, tip: Tip,
                    report: TickReport, acks: _Acks) -> None:
        chat_id = claim.chat_id
        backoff = 1.0
        deadline = slot.due_utc + self.grace
        lease_end = self.clock() + self.lease
        while True:
            await self.limiter.acquire(chat_id)
            if self.clock() >= lease_end - self.lease / 4:
                # Near the end of the lease: renew it, unless another replica took over.
                if not await self.storage.extend_lease(claim, self.clock() + self.lease):
                    report.not_claimed += 1
                    return
                lease_end = self.clock() + self.lease
            try:
                message_id = await self.sender.send_daily(chat_id, tip, sub.language)
            except FloodWait as exc:
                # Only this chat waits; the others keep going under the limiter.
                report.flood_waits += 1
                log.info("flood wait %.1f s for chat %s", exc.seconds, chat_id)
                lease_end = self.clock() + self.lease + dt.timedelta(seconds=exc.seconds)
                if not await self.storage.extend_lease(claim, lease_end):
                    report.not_claimed += 1
                    return
                await self.sleep(exc.seconds)
                continue
            except Migrated as exc:
                log.info("chat %s migrated to %s; moving its subscription", chat_id,
                         exc.new_chat_id)
                await self.storage.migrate_chat(chat_id, exc.new_chat_id)
                report.migrated += 1
                chat_id = exc.new_chat_id
                claim = Claim(chat_id, claim.local_date, claim.tip_id, claim.cycle,
                              claim.attempts, claim.token)
                continue
            except ChatGone as exc:
                log.info("chat %s is gone (%s); subscription stopped", chat_id, exc)
                await self.storage.stop_subscription(chat_id, "blocked")
                await self.storage.mark_failed(claim, str(exc), None)
                report.failed += 1
                return
            except Rejected as exc:
                # Sending it again would fail again: record the day, move the rotation on.
                log.warning("daily tip %s to chat %s rejected for good: %s", claim.tip_id,
                            chat_id, exc)
                await self.storage.mark_failed(claim, str(exc),
                                               self._next_due(sub, slot.local_date),
                                               status="rejected")
                report.failed += 1
                report.rejected += 1
                return
            except Transient as exc:
                if self.clock() + dt.timedelta(seconds=backoff) > deadline:
                    log.warning("chat %s still failing at the end of its grace window: %s",
                                chat_id, exc)
                    await self.storage.mark_failed(claim, str(exc),
                                                   self._next_due(sub, slot.local_date))
                    report.failed += 1
                    return
                log.info("transient error for chat %s, retrying in %.0f s: %s", chat_id,
                         backoff, exc)
                lease_end = self.clock() + self.lease + dt.timedelta(seconds=backoff)
                if not await self.storage.extend_lease(claim, lease_end):
                    report.not_claimed += 1
                    return
                await self.sleep(backoff)
                backoff = min(backoff * 2, 60.0)
                continue
            break
        await acks.add(claim, message_id, self._next_due(sub, slot.local_date))
        report.sent += 1


def _fits(tip: Tip) -> bool:
    """``tip_fits``, with the common case decided without rendering: text this short
    cannot reach Telegram's limit even with every character counted twice (UTF-16)."""
    if len(tip.principle) + len(tip.passage) + len(tip.source.describe()) <= 1500:
        return True
    return tip_fits(tip)


class _Acks:
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

    def __init__(self, storage: Storage, clock: Clock, *, batched: bool) -> None:
        self.storage = storage
        self.clock = clock
        self.batched = batched
        self.pending: list[tuple[Claim, int, dt.datetime]] = []
        self._lock = asyncio.Lock()
        self._closing = asyncio.Event()
        self._writer = asyncio.create_task(self._run()) if batched else None

    async def add(self, claim: Claim, message_id: int, next_due: dt.datetime) -> None:
        if not self.batched:
            await self.storage.mark_sent(claim, message_id, next_due, self.clock())
            return
        self.pending.append((claim, message_id, next_due))
        if len(self.pending) >= self.ACK_BATCH:
            await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            batch, self.pending = self.pending, []
            try:
                await self.storage.mark_sent_many(batch, self.clock())
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
                log.exception("could not record sent daily tips; retrying")

    async def close(self) -> None:
        """Write everything pending and stop the batch writer."""
        self._closing.set()
        if self._writer is not None:
            await self._writer
        await self.flush()
