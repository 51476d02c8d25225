"""The daily tip as a push of the delivery engine (``bot.delivery.engine``): who is due, which
tip each chat gets (its rotation, with the team's own tips), and how it is recorded (the
subscription moves to its next slot and counts one more tip)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot import schedule
from bot.corpus import Corpus, Tip
from bot.delivery.push import Due, Job, Push, Rejected
from bot.models import Claim, Subscription
from bot.render import tip_fits
from bot.services import tippool
from bot.storage import Storage
from bot.storage.claims import ClaimRepository


class TipSender(Protocol):
    async def send_daily(self, chat_id: int, tip: Tip, language: str) -> int:
        """Send the daily tip; return the message id."""
        ...


@dataclass(frozen=True, slots=True)
class TipChat:
    subscription: Subscription
    team: dict[str, Tip]  # the team's own tips that can go out, by id


@dataclass
class TipPush(Push[TipChat, Tip, int]):
    storage: Storage
    corpus: Corpus
    sender: TipSender
    kind = "tip"
    title = "daily tips"

    @property
    def sends(self) -> ClaimRepository:
        return self.storage.tip_sends

    async def due(self, now: dt.datetime, grace: dt.timedelta, limit: int,
                  exclude: Sequence[int]) -> Due[TipChat]:
        subs = await self.storage.subscriptions.due(now, limit, exclude=exclude)
        skip: list[tuple[int, dt.datetime]] = []
        ready: list[tuple[Subscription, schedule.Slot]] = []
        for sub in subs:
            slot = schedule.current_slot(now, sub.time_of_day, sub.timezone, days=sub.days,
                                         paused_until=sub.paused_until)
            if slot is None or not schedule.within_grace(slot, now, grace) or (
                    sub.next_due_utc is not None and slot.due_utc < sub.next_due_utc):
                # Down past the grace window (or nothing due today): skip, never flood.
                skip.append((sub.chat_id, _next_due(now, sub, None)))
            else:
                ready.append((sub, slot))
        await self.storage.tip_sends.move_due_many(skip)
        due = Due[TipChat]([sub.chat_id for sub in subs], [], len(skip))
        if not ready:
            return due
        delivered = await self.storage.tip_sends.delivered_many(
            [(sub.chat_id, sub.rotation_cycle) for sub, _ in ready])
        penalties = await self.storage.votes.penalties_many([sub.chat_id for sub, _ in ready])
        # The team's own tips join its rotation (and only its). One saved before today's
        # checks that cannot go out as one message never joins it (it would be skipped).
        team = await tippool.team_tips_many(self.storage,
                                            {sub.chat_id: sub.language for sub, _ in ready})
        for sub, slot in ready:
            own = {tip_id: tip for tip_id, tip in team[sub.chat_id].items() if _fits(tip)}
            pool = tippool.rotation_pool(self.corpus, sub.topics) + list(own)
            tip_id, cycle = schedule.next_tip(pool, sub.rotation_seed, sub.rotation_cycle,
                                              delivered[sub.chat_id], penalties[sub.chat_id])
            due.jobs.append(Job(sub.chat_id, slot.local_date, slot.due_utc + grace,
                                TipChat(sub, own), tip_id, cycle))
        return due

    def next_due(self, job: Job[TipChat], now: dt.datetime) -> dt.datetime:
        return _next_due(now, job.data.subscription, job.period)

    async def message(self, claim: Claim, job: Job[TipChat]) -> Tip:
        tip = (self.corpus.get(claim.tip_id) or job.data.team.get(claim.tip_id)
               or self.corpus.tips[0])  # a tip deleted since its claim: send another
        if not _fits(tip):
            raise Rejected("too long for one message")
        return tip

    async def send(self, chat_id: int, job: Job[TipChat], message: Tip) -> int:
        return await self.sender.send_daily(chat_id, message, job.data.subscription.language)

    async def record(self, done: Sequence[tuple[Claim, Job[TipChat], int]],
                     now: dt.datetime) -> None:
        await self.storage.tip_sends.sent_many(
            [(claim, message_id, self.next_due(job, now)) for claim, job, message_id in done],
            now)


def _next_due(now: dt.datetime, sub: Subscription, after: dt.date | None) -> dt.datetime:
    return schedule.next_due(now, sub.time_of_day, sub.timezone, days=sub.days,
                             paused_until=sub.paused_until, after=after)


def _fits(tip: Tip) -> bool:
    """``tip_fits``, with the common case decided without rendering: text this short
    cannot reach Telegram's limit even with every character counted twice (UTF-16)."""
    if len(tip.principle) + len(tip.passage) + len(tip.source.describe()) <= 1500:
        return True
    return tip_fits(tip)
