"""The weekly digest as a push of the delivery engine (``bot.delivery.engine``): who is due
(a chat's digest weekday and time), what it says (``bot.services.digest``: last week's
tips with the team's votes, and the week's quiz figures) and how it is recorded."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from bot import schedule
from bot.corpus import Corpus, Tip
from bot.delivery.push import Due, Job, Push
from bot.delivery.ratelimit import SendLimiter
from bot.models import Claim, Subscription
from bot.services import digest
from bot.storage import Storage
from bot.storage.claims import ClaimRepository
from bot.strings import for_language

log = logging.getLogger(__name__)

# Sends the quiz chart after a digest (chat, the week's last day, language).
Chart = Callable[[int, dt.date, str], Awaitable[None]]


class DigestSender(Protocol):
    async def send_digest(self, chat_id: int, first: dt.date, last: dt.date,
                          items: list[tuple[Tip, int, int]], language: str,
                          quiz: str = "") -> int:
        """Send the weekly digest (tip, 👍, 👎 per line, then the week's quiz figures as
        HTML, if any); return the message id."""
        ...


@dataclass(frozen=True, slots=True)
class Digest:
    first: dt.date
    last: dt.date
    items: list[tuple[Tip, int, int]]
    quiz: str


@dataclass
class DigestPush(Push[Subscription, Digest, int]):
    storage: Storage
    corpus: Corpus
    sender: DigestSender
    chart: Chart | None = None  # after a digest whose week had quizzes (issue 22)
    limiter: SendLimiter | None = None  # the chart is a message of its own
    kind = "digest"
    title = "weekly digests"

    @property
    def sends(self) -> ClaimRepository:
        return self.storage.digest_sends

    async def due(self, now: dt.datetime, grace: dt.timedelta, limit: int,
                  exclude: Sequence[int]) -> Due[Subscription]:
        """The 7 local days before the digest day, once a week."""
        subs = await self.storage.subscriptions.due_digests(now, limit, exclude)
        due = Due[Subscription]([sub.chat_id for sub in subs], [])
        skip: list[tuple[int, dt.datetime]] = []
        for sub in subs:
            assert sub.digest_time is not None  # due_digests: only digests that are on
            slot = schedule.current_slot(now, sub.digest_time, sub.timezone,
                                         days=1 << sub.digest_day)
            if slot is None or not schedule.within_grace(slot, now, grace):
                skip.append((sub.chat_id, _next_slot(sub, now)))
                continue
            _, last = digest.week_before(slot.local_date)
            due.jobs.append(Job(sub.chat_id, last, slot.due_utc + grace, sub))
        await self.storage.digest_sends.move_due_many(skip)
        due.skipped = len(skip)
        return due

    def next_due(self, job: Job[Subscription], now: dt.datetime) -> dt.datetime:
        return _next_slot(job.data, now)

    async def message(self, claim: Claim, job: Job[Subscription]) -> Digest:
        first, last = digest.week_before(claim.local_date + dt.timedelta(days=1))
        items = await digest.items(self.storage, self.corpus, claim.chat_id, first, last)
        quiz = await digest.quiz_text(self.storage, self.corpus, claim.chat_id,
                                      for_language(job.data.language), first, last)
        return Digest(first, last, items, quiz)

    async def send(self, chat_id: int, job: Job[Subscription], message: Digest) -> int:
        message_id = await self.sender.send_digest(chat_id, message.first, message.last,
                                                   message.items, job.data.language,
                                                   message.quiz)
        if message.quiz:
            await self._chart(chat_id, message.last, job.data.language)
        return message_id

    async def _chart(self, chat_id: int, last: dt.date, language: str) -> None:
        """The chart after the digest, on the chat's send budget. The digest is out: a
        chart that cannot be drawn or sent is logged, never retried, and never fails the
        digest (which would send it again)."""
        if self.chart is None:
            return
        try:
            if self.limiter is not None:
                await self.limiter.acquire(chat_id)
            await self.chart(chat_id, last, language)
        except Exception as exc:  # any failure: the digest already went out
            log.warning("quiz chart after the digest for chat %s failed: %s", chat_id,
                        exc.__class__.__name__)

    async def record(self, done: Sequence[tuple[Claim, Job[Subscription], int]],
                     now: dt.datetime) -> None:
        await self.storage.digest_sends.sent_many(
            [(claim, message_id, self.next_due(job, now)) for claim, job, message_id in done],
            now)


def _next_slot(sub: Subscription, now: dt.datetime) -> dt.datetime:
    assert sub.digest_time is not None  # due_digests: only digests that are on
    return schedule.next_slot(now, sub.digest_time, sub.timezone,
                              days=1 << sub.digest_day).due_utc
