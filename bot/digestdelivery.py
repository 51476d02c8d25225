"""The weekly digest as a push of the delivery engine (``bot.delivery``): who is due
(a chat's digest weekday and time), what it says (``bot.services.digest``: last week's
tips with the team's votes, and the week's quiz figures) and how it is recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot import schedule
from bot.corpus import Corpus, Tip
from bot.delivery import Due, Job, Push
from bot.models import Claim, Subscription
from bot.services import digest, quizzes
from bot.storage import Storage
from bot.storage.claims import DIGESTS
from bot.strings import for_language


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
    kind = "digest"
    title = "weekly digests"
    table = DIGESTS

    async def due(self, now: dt.datetime, grace: dt.timedelta, limit: int,
                  exclude: Sequence[int]) -> Due[Subscription]:
        """The 7 local days before the digest day, once a week."""
        subs = await self.storage.due_digests(now, limit, exclude)
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
        await self.storage.move_due_many(DIGESTS, skip)
        due.skipped = len(skip)
        return due

    def next_due(self, job: Job[Subscription], now: dt.datetime) -> dt.datetime:
        return _next_slot(job.data, now)

    async def message(self, claim: Claim, job: Job[Subscription]) -> Digest:
        first, last = digest.week_before(claim.local_date + dt.timedelta(days=1))
        items = await digest.items(self.storage, self.corpus, claim.chat_id, first, last)
        quiz = await quizzes.figures_text(self.storage, self.corpus, claim.chat_id,
                                          for_language(job.data.language), since=first,
                                          until=last)
        return Digest(first, last, items, quiz)

    async def send(self, chat_id: int, job: Job[Subscription], message: Digest) -> int:
        return await self.sender.send_digest(chat_id, message.first, message.last,
                                             message.items, job.data.language, message.quiz)

    async def record(self, done: Sequence[tuple[Claim, Job[Subscription], int]],
                     now: dt.datetime) -> None:
        await self.storage.digest_sent_many(
            [(claim, message_id, self.next_due(job, now)) for claim, job, message_id in done],
            now)


def _next_slot(sub: Subscription, now: dt.datetime) -> dt.datetime:
    assert sub.digest_time is not None  # due_digests: only digests that are on
    return schedule.next_slot(now, sub.digest_time, sub.timezone,
                              days=1 << sub.digest_day).due_utc
