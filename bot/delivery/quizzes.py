"""The daily quiz as a push of the delivery engine (``bot.delivery.engine``): who is due (a
chat's quiz time, in its subscription's zone, days and pause), which quiz (about a tip
the chat got before), and how it is recorded (the poll, so answers can be scored)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot import schedule
from bot.delivery.push import Due, Job, Push, Rejected
from bot.models import Claim, DailyQuiz
from bot.quiz.polls import Quiz
from bot.services.quizzes import Quizzes, as_poll, daily_next_due
from bot.storage import Storage
from bot.storage.claims import ClaimRepository
from bot.strings import Strings, for_language


@dataclass(frozen=True, slots=True)
class SentQuiz:
    message_id: int
    poll_id: str
    anonymous: bool


class QuizSender(Protocol):
    async def send_quiz(self, chat_id: int, quiz: Quiz, anonymous: bool) -> SentQuiz:
        """Send a quiz poll; raise ``bot.delivery.push.SendError`` kinds on failure."""
        ...


@dataclass(frozen=True, slots=True)
class QuizChat:
    setting: DailyQuiz
    quiz: Quiz  # made before the claim, about the tip the claim will hold
    strings: Strings


@dataclass
class QuizPush(Push[QuizChat, Quiz, tuple[Quiz, SentQuiz]]):
    storage: Storage
    quizzes: Quizzes
    sender: QuizSender
    kind = "quiz"
    title = "daily quizzes"

    @property
    def sends(self) -> ClaimRepository:
        return self.storage.quiz_sends

    async def due(self, now: dt.datetime, grace: dt.timedelta, limit: int,
                  exclude: Sequence[int]) -> Due[QuizChat]:
        items = await self.storage.quiz_settings.due(now, limit, exclude)
        due = Due[QuizChat]([item.subscription.chat_id for item in items], [])
        skip: list[tuple[int, dt.datetime]] = []
        for item in items:
            sub = item.subscription
            slot = schedule.current_slot(now, item.time_of_day, sub.timezone, days=sub.days,
                                         paused_until=sub.paused_until)
            if slot is None or not schedule.within_grace(slot, now, grace) or \
                    slot.due_utc < item.next_due_utc:
                # Nothing due today, down past the grace window, or a slot before the one
                # promised (set after it, or passed before a move to a zone ahead).
                skip.append((sub.chat_id, daily_next_due(now, item.time_of_day, sub)))
                continue
            strings = for_language(sub.language)
            quiz = await self.quizzes.daily_quiz(sub.chat_id, slot.local_date, strings)
            if quiz is None:  # nothing the chat got can be asked yet
                skip.append((sub.chat_id, daily_next_due(now, item.time_of_day, sub,
                                                         slot.local_date)))
                continue
            due.jobs.append(Job(sub.chat_id, slot.local_date, slot.due_utc + grace,
                                QuizChat(item, quiz, strings), quiz.tip_id))
        await self.storage.quiz_sends.move_due_many(skip)
        due.skipped = len(skip)
        return due

    def next_due(self, job: Job[QuizChat], now: dt.datetime) -> dt.datetime:
        setting = job.data.setting
        return daily_next_due(now, setting.time_of_day, setting.subscription, job.period)

    async def message(self, claim: Claim, job: Job[QuizChat]) -> Quiz:
        if claim.tip_id == job.data.quiz.tip_id:
            return job.data.quiz
        # Taken over from a process that died: ask about the tip its claim holds.
        quiz = await self.quizzes.daily_quiz(claim.chat_id, claim.local_date, job.data.strings,
                                             claim.tip_id)
        if quiz is None:
            raise Rejected("no quiz for the claimed tip")
        return quiz

    async def send(self, chat_id: int, job: Job[QuizChat], message: Quiz
                   ) -> tuple[Quiz, SentQuiz]:
        chat = await self.storage.chats.get(chat_id)
        anonymous = chat is not None and chat.type == "channel"
        return message, await self.sender.send_quiz(chat_id, message, anonymous)

    async def record(self, done: Sequence[tuple[Claim, Job[QuizChat], tuple[Quiz, SentQuiz]]],
                     now: dt.datetime) -> None:
        await self.storage.quiz_sends.sent_many([
            (claim, as_poll(quiz, claim.chat_id, claim.local_date, sent.poll_id,
                            sent.message_id, sent.anonymous, daily=True),
             self.next_due(job, now))
            for claim, job, (quiz, sent) in done], now)
