"""The daily quiz: due chats → claim → send under the limits → record, exactly once.

A sibling of the daily tip's ``Broadcaster`` (``bot.delivery``) with the same rules: the
claim in ``quiz_sends`` makes each (chat, local day) go out once; a crash leaves a lease
that runs out and the next tick (here or in another replica) resends the claimed tip;
down past the grace window, the day is skipped; a flood wait makes only that chat wait;
a blocked chat stops its subscription; a group upgraded to a supergroup moves and the
quiz is resent there. It knows nothing of Telegram: a ``QuizSender`` speaks in the
delivery's terms (``bot.delivery.SendError`` and its kinds).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot import schedule
from bot.delivery import ChatGone, Clock, FloodWait, Migrated, Rejected, Transient
from bot.models import DailyQuiz, QuizClaim, utcnow
from bot.quiz import Quiz
from bot.ratelimit import SendLimiter
from bot.services.quizzes import Quizzes, as_poll, daily_next_due
from bot.storage import Storage
from bot.strings import for_language

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SentQuiz:
    message_id: int
    poll_id: str
    anonymous: bool


class QuizSender(Protocol):
    async def send_quiz(self, chat_id: int, quiz: Quiz, anonymous: bool) -> SentQuiz:
        """Send a quiz poll; raise ``bot.delivery.SendError`` kinds on failure."""
        ...


@dataclass
class QuizReport:
    due: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    flood_waits: int = 0
    not_claimed: int = 0


@dataclass
class QuizCaster:
    storage: Storage
    quizzes: Quizzes
    sender: QuizSender
    limiter: SendLimiter
    clock: Clock = utcnow
    grace: dt.timedelta = dt.timedelta(hours=3)
    lease: dt.timedelta = dt.timedelta(minutes=2)
    concurrency: int = 32
    batch: int = 200
    owner: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    stopping: bool = False  # set at a stop: finish the batch at hand, claim no more

    async def tick(self) -> QuizReport:
        """Send every daily quiz due now. Overlapping ticks wait for each other."""
        async with self._lock:
            report = QuizReport()
            seen: set[int] = set()
            semaphore = asyncio.Semaphore(self.concurrency)

            async def run(item: DailyQuiz) -> None:
                async with semaphore:
                    try:
                        await self._one(item, report)
                    except Exception:  # one chat's failure must not stop the others
                        log.exception("daily quiz for chat %s failed",
                                      item.subscription.chat_id)
                        report.failed += 1

            while not self.stopping:
                due = [d for d in await self.storage.due_daily_quizzes(self.clock(), self.batch)
                       if d.subscription.chat_id not in seen]
                if not due:
                    break
                seen.update(d.subscription.chat_id for d in due)
                report.due += len(due)
                await asyncio.gather(*(run(d) for d in due))
            if report.sent or report.failed:
                log.info("daily quizzes: %s", report)
            return report

    async def _one(self, item: DailyQuiz, report: QuizReport) -> None:
        sub, now = item.subscription, self.clock()
        chat_id = sub.chat_id
        slot = schedule.current_slot(now, item.time_of_day, sub.timezone, days=sub.days,
                                     paused_until=sub.paused_until)
        if slot is None or not schedule.within_grace(slot, now, self.grace) or \
                slot.due_utc < item.updated_at:
            # Nothing due today, set after today's slot, or down past the grace window.
            await self.storage.set_daily_quiz_due(chat_id, daily_next_due(now, item.time_of_day,
                                                                          sub))
            report.skipped += 1
            return
        after = daily_next_due(now, item.time_of_day, sub, slot.local_date)
        if await self.storage.quiz_send_status(chat_id, slot.local_date) in ("sent", "failed"):
            await self.storage.set_daily_quiz_due(chat_id, after)
            return
        s = for_language(sub.language)
        quiz = await self.quizzes.daily_quiz(chat_id, slot.local_date, s)
        if quiz is None:
            log.warning("no quiz can be made for chat %s", chat_id)
            await self.storage.set_daily_quiz_due(chat_id, after)
            return
        claim = await self.storage.claim_quiz(chat_id, slot.local_date, quiz.tip_id, self.owner,
                                              now + self.lease, now)
        if claim is None:  # another process holds it: look again when its lease ends
            report.not_claimed += 1
            await self.storage.set_daily_quiz_due(chat_id, min(after, now + self.lease))
            return
        if claim.attempts > 1:
            report.retried += 1
        if claim.tip_id != quiz.tip_id:  # taken over: send the tip the claim holds
            quiz = await self.quizzes.daily_quiz(chat_id, slot.local_date, s, claim.tip_id)
            if quiz is None:
                await self.storage.quiz_failed(claim, "no quiz for the claimed tip", after)
                report.failed += 1
                return
        await self._send(item, claim, slot, quiz, report)

    async def _send(self, item: DailyQuiz, claim: QuizClaim, slot: schedule.Slot, quiz: Quiz,
                    report: QuizReport) -> None:
        sub = item.subscription
        chat_id = claim.chat_id
        backoff = 1.0
        deadline = slot.due_utc + self.grace
        lease_end = self.clock() + self.lease

        def after() -> dt.datetime:
            return daily_next_due(self.clock(), item.time_of_day, sub, slot.local_date)

        while True:
            await self.limiter.acquire(chat_id)
            if self.clock() >= lease_end - self.lease / 4:
                if not await self.storage.extend_quiz_lease(claim, self.clock() + self.lease):
                    report.not_claimed += 1
                    return
                lease_end = self.clock() + self.lease
            chat = await self.storage.get_chat(chat_id)
            anonymous = chat is not None and chat.type == "channel"
            try:
                sent = await self.sender.send_quiz(chat_id, quiz, anonymous)
            except FloodWait as exc:
                report.flood_waits += 1
                lease_end = self.clock() + self.lease + dt.timedelta(seconds=exc.seconds)
                if not await self.storage.extend_quiz_lease(claim, lease_end):
                    report.not_claimed += 1
                    return
                await self.sleep(exc.seconds)
                continue
            except Migrated as exc:
                await self.storage.migrate_chat(chat_id, exc.new_chat_id)
                chat_id = exc.new_chat_id
                claim = QuizClaim(chat_id, claim.local_date, claim.tip_id, claim.attempts,
                                  claim.token)
                continue
            except ChatGone as exc:
                log.info("chat %s is gone (%s); subscription stopped", chat_id, exc)
                await self.storage.stop_subscription(chat_id, "blocked")
                await self.storage.quiz_failed(claim, str(exc), None)
                report.failed += 1
                return
            except Rejected as exc:
                log.warning("daily quiz to chat %s rejected: %s", chat_id, exc)
                await self.storage.quiz_failed(claim, str(exc), after())
                report.failed += 1
                return
            except Transient as exc:
                if self.clock() + dt.timedelta(seconds=backoff) > deadline:
                    await self.storage.quiz_failed(claim, str(exc), after())
                    report.failed += 1
                    return
                lease_end = self.clock() + self.lease + dt.timedelta(seconds=backoff)
                if not await self.storage.extend_quiz_lease(claim, lease_end):
                    report.not_claimed += 1
                    return
                await self.sleep(backoff)
                backoff = min(backoff * 2, 60.0)
                continue
            break
        poll = as_poll(quiz, chat_id, claim.local_date, sent.poll_id, sent.message_id,
                       sent.anonymous, daily=True)
        await self.storage.quiz_sent(claim, poll, after(), self.clock())
        report.sent += 1
