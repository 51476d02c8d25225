"""Quizzes as the bot decides them, without Telegram: which tip, which poll, what an answer
counts for, the daily quiz's setting, the leaderboard and the figures for /stats and the
digest.

The Telegram handlers (``bot/telegram/handlers/quiz.py``) and the daily quiz
(``bot/delivery/quizzes.py``) call this; the pure parts live in ``bot.quiz.polls`` (a poll from a
tip), ``bot.quiz.repetition`` (what comes back when) and ``bot.quiz.scores`` (leaderboards).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from bot import schedule
from bot.corpus import Corpus, Tip
from bot.models import QuizAnswerRecord, QuizPoll, Subscription, utcnow
from bot.quiz import polls as quizmod
from bot.quiz import repetition, scores
from bot.quiz.members import Lookup, Members
from bot.services import tippool
from bot.services.subscriptions import NotSubscribed, next_open_due
from bot.storage import Storage
from bot.strings import Strings
from bot.text import normalize

Clock = Callable[[], dt.datetime]

RECENT_DAYS = 14  # "a tip the team received recently": the last two weeks of daily tips
OFF_WORDS = {"off", "tat", "huy", "stop", "dung", "khong"}
DAILY_WORDS = {"daily", "hang ngay", "hangngay", "moi ngay", "moingay", "every day"}


@dataclass(frozen=True, slots=True)
class Answered:
    """What an answer did: ``retracted`` (taken back) or recorded, right or not;
    ``counted`` is false for someone outside the poll's chat (not recorded); ``changed``
    is false when the same answer was recorded before (nothing to say again)."""

    poll: QuizPoll
    correct: bool
    retracted: bool
    counted: bool = True
    changed: bool = True


@dataclass(frozen=True, slots=True)
class DailySetting:
    """The daily quiz as set: its time and the next one, in the subscription's zone."""

    subscription: Subscription
    at: dt.time
    next_due: dt.datetime


def to_score(answer: QuizAnswerRecord) -> scores.Answer:
    return scores.Answer(answer.user_id, answer.name, answer.local_date, answer.correct,
                         answer.tip_id)


def histories(results: Sequence[tuple[str, dt.date, int, int]]
              ) -> dict[str, list[repetition.Outcome]]:
    """Each tip's outcomes, one per poll: the team's (majority) result of that quiz.

    ``results``: (tip, day, right answers, answers) per poll, oldest first
    (``storage.quiz_answers.results``).
    """
    out: dict[str, list[repetition.Outcome]] = defaultdict(list)
    for tip_id, day, right, answered in results:
        outcome = repetition.team_outcome(day, [True] * right + [False] * (answered - right))
        if outcome is not None:
            out[tip_id].append(outcome)
    return dict(out)


def daily_next_due(now: dt.datetime, at: dt.time, sub: Subscription,
                   after: dt.date | None = None) -> dt.datetime:
    """A chat's next daily quiz once a day is done (sent, given up or skipped). A change
    to the subscription promises it again (``Subscriptions``, by ``next_open_due``)."""
    return schedule.next_due(now, at, sub.timezone, days=sub.days,
                             paused_until=sub.paused_until, after=after)


class Quizzes:
    """The quiz decisions over one ``Storage`` and the shipped corpus."""

    def __init__(self, storage: Storage, corpus: Corpus, *, default_timezone: str,
                 clock: Clock = utcnow, rng: random.Random | None = None,
                 members: Members | None = None) -> None:
        self.storage = storage
        self.corpus = corpus
        self.default_timezone = default_timezone
        self.clock = clock
        self.rng = rng or random.Random()
        self.members = members or Members()

    # --- which tip, which poll ----------------------------------------------------------
    async def today(self, chat_id: int) -> dt.date:
        """The chat's calendar day: its subscription's zone, else the bot's default."""
        return self.today_of(await self.storage.subscriptions.get(chat_id))

    def today_of(self, sub: Subscription | None) -> dt.date:
        return schedule.local_date(self.clock(), sub.timezone if sub else self.default_timezone)

    async def pool(self, chat_id: int, s: Strings) -> list[Tip]:
        """The tips a chat's quizzes draw on: the seeds and the team's own."""
        return [*self.corpus.tips, *await tippool.team_tips(self.storage, chat_id, s)]

    async def choose(self, chat_id: int, day: dt.date, pool: Sequence[Tip],
                     rng: random.Random, user_id: int | None = None) -> Tip | None:
        """A due repetition first, then a tip the chat received recently, else any.

        ``user_id``: that person's answers decide the repetitions (practice in a
        private chat is personal); otherwise the team's.
        """
        by_id = {t.id: t for t in pool if quizmod.quizzable(t)}
        results = await self.storage.quiz_answers.results(chat_id, user_id)
        recent = await self.storage.tip_sends.tips_between(
            chat_id, day - dt.timedelta(days=RECENT_DAYS), day)
        choice = repetition.choose_daily_quiz_tip(day, histories(results), recent[::-1],
                                                  lambda tip_id: tip_id in by_id)
        if choice is not None:
            return by_id[choice.tip_id]
        return rng.choice(sorted(by_id.values(), key=lambda t: t.id)) if by_id else None

    def build(self, tip: Tip, pool: Sequence[Tip], rng: random.Random, s: Strings
              ) -> quizmod.Quiz | None:
        try:
            return quizmod.build_quiz(tip, pool, rng, s)
        except quizmod.QuizError:
            return None

    async def new_quiz(self, chat_id: int, s: Strings, *, user_id: int | None = None
                       ) -> tuple[quizmod.Quiz, dt.date] | None:
        """A quiz to send now (``/quiz``), and the chat's day it counts for."""
        day = await self.today(chat_id)
        pool = await self.pool(chat_id, s)
        tip = await self.choose(chat_id, day, pool, self.rng, user_id)
        built = (self.build(tip, pool, self.rng, s) if tip else None) \
            or self._any(pool, self.rng, s)  # a tip without enough distractors: another
        return (built, day) if built else None

    async def daily_quiz(self, chat_id: int, day: dt.date, s: Strings,
                         tip_id: str | None = None) -> quizmod.Quiz | None:
        """The daily quiz for ``day``, the same on every call (a retried claim agrees).

        ``tip_id``: the tip a claim already holds (kept when another process resends).
        """
        pool = await self.pool(chat_id, s)
        rng = random.Random(f"{chat_id}:{day.isoformat()}")
        tip = next((t for t in pool if t.id == tip_id), None) if tip_id else None
        built = self.build(tip, pool, rng, s) if tip else None
        if built is None:  # no claim yet, or its tip went away: the day's choice
            tip = await self.choose(chat_id, day, pool, rng)
            built = self.build(tip, pool, rng, s) if tip else None
        return built or self._any(pool, rng, s)

    def _any(self, pool: Sequence[Tip], rng: random.Random, s: Strings
             ) -> quizmod.Quiz | None:
        """A quiz from the first tip, in ``rng``'s order, that makes one: one tip that
        cannot (too few distractors) never costs a team its day's quiz."""
        candidates = sorted((t for t in pool if quizmod.quizzable(t)), key=lambda t: t.id)
        for other in rng.sample(candidates, len(candidates)):
            if built := self.build(other, pool, rng, s):
                return built
        return None

    async def record_sent(self, quiz: quizmod.Quiz, chat_id: int, day: dt.date, poll_id: str,
                          message_id: int | None, anonymous: bool) -> QuizPoll:
        poll = as_poll(quiz, chat_id, day, poll_id, message_id, anonymous)
        await self.storage.quiz_polls.record(poll, self.clock())
        return poll

    # --- answers ------------------------------------------------------------------------
    async def answer(self, poll_id: str, user_id: int, name: str, option_ids: Sequence[int],
                     lookup: Lookup) -> Answered | None:
        """Record an answer as Telegram reports it; ``None`` for a poll we do not know.

        Empty ``option_ids`` is a retraction; otherwise the (single) option chosen
        replaces any earlier answer of the person to that poll. Only members of the
        poll's chat are recorded (``lookup`` asks Telegram, once per person and chat, see
        ``bot.quiz.members``): someone answering a forwarded poll elsewhere is not, so they
        neither rank on the chat's board nor change its figures or repetitions.
        """
        poll = await self.storage.quiz_polls.get(poll_id)
        if poll is None or poll.anonymous:
            return None
        if not option_ids:
            await self.storage.quiz_answers.retract(poll_id, user_id)
            return Answered(poll, False, True)
        # A quiz takes one option; anything else was not sent by Telegram: ignored.
        if len(option_ids) != 1 or type(option_ids[0]) is not int:
            return None
        chosen = option_ids[0]
        if not 0 <= chosen < len(poll.option_tips):
            return None
        if not await self.members.member(poll.chat_id, user_id, lookup):
            return Answered(poll, chosen == poll.correct, False, counted=False)
        changed = await self.storage.quiz_answers.record(poll, user_id, name, chosen,
                                                         self.clock())
        return Answered(poll, chosen == poll.correct, False, changed=changed)

    async def streak(self, chat_id: int, user_id: int) -> int:
        """A person's days in a row with a right answer in this chat (calendar days)."""
        answers = [to_score(a) for a in await self.storage.quiz_answers.of_chat(chat_id,
                                                                                user_id=user_id)]
        return scores.personal_streak(answers, user_id, await self.today(chat_id))

    # --- progress -----------------------------------------------------------------------
    async def board(self, chat_id: int, today: dt.date | None = None) -> scores.Leaderboard:
        """The board from the sums the answers keep (a row per person: no year of answers
        counted on /bxh) and the names of the people shown only; /bxh and the dashboard
        (which knows ``today`` already)."""
        today = today or await self.today(chat_id)
        monday = scores.week_start(today)
        tallies = await self.storage.tallies.board(chat_id, today, monday)
        names = await self.storage.quiz_answers.names(chat_id, scores.named(tallies))
        return scores.leaderboard(tallies, names, monday)

    async def leaderboard(self, chat_id: int, s: Strings) -> str:
        """The board as one message."""
        return scores.render_leaderboard(await self.board(chat_id), s)

    async def figures_text(self, chat_id: int, s: Strings, *, since: dt.date | None = None,
                           until: dt.date | None = None) -> str:
        return await figures_text(self.storage, self.corpus, chat_id, s, since=since,
                                  until=until)

    # --- the daily quiz's setting -------------------------------------------------------
    async def set_daily(self, chat_id: int, args: Sequence[str]) -> DailySetting | None:
        """``/quiz daily 16h`` (the words after ``daily``) or ``off`` (returns ``None``).

        It follows the chat's subscription (days, pause, zone): ``NotSubscribed``
        without one; ``schedule.ScheduleError`` (kind ``quiz``) for words that are
        not a time.
        """
        folded = " ".join(normalize.fold(a) for a in args).strip()
        if folded in OFF_WORDS:
            await self.storage.quiz_settings.set_daily(chat_id, None, None, self.clock())
            return None
        sub = await self.storage.subscriptions.get(chat_id)
        if sub is None or not sub.active:
            raise NotSubscribed(chat_id)
        at, zone, rest = schedule.split_arguments(args)
        if at is None or zone is not None or rest:
            raise schedule.ScheduleError("quiz", " ".join(args))
        now = self.clock()
        # Shown even while paused until /resume: the time it would come.
        paused = None if sub.paused_until == schedule.PAUSED_INDEFINITELY else sub.paused_until
        nxt = await next_open_due(self.storage.quiz_sends, chat_id, now, at, sub.timezone,
                                  sub.days, paused)
        due = schedule.PAUSED_FOREVER_DUE if paused != sub.paused_until else nxt
        await self.storage.quiz_settings.set_daily(chat_id, at, due, now)
        return DailySetting(sub, at, nxt)

    def describe(self, setting: DailySetting, s: Strings) -> str:
        sub = setting.subscription
        return s.quiz_daily_on.format(
            time=setting.at.strftime("%H:%M"), zone=escape(schedule.describe_zone(sub.timezone, s)),
            days=escape(schedule.describe_days(sub.days, s)),
            next=escape(schedule.describe_moment(setting.next_due, sub.timezone, s)))


def as_poll(quiz: quizmod.Quiz, chat_id: int, day: dt.date, poll_id: str,
            message_id: int | None, anonymous: bool, daily: bool = False) -> QuizPoll:
    return QuizPoll(poll_id, chat_id, quiz.tip_id, quiz.option_tip_ids, quiz.correct_index,
                    day, message_id, anonymous, daily)


async def figures_text(storage: Storage, corpus: Corpus, chat_id: int, s: Strings, *,
                       since: dt.date | None = None, until: dt.date | None = None) -> str:
    """Participation, accuracy and the hardest principle as HTML; "" with no answers.

    For /stats (all time) and the weekly digest (its week).
    """
    people, answers, correct, tips = await storage.quiz_answers.figures(chat_id, since, until)
    figures = scores.quiz_figures(people, answers, correct,
                                  (scores.Hardest(*t) for t in tips))
    if not figures.answers:
        return ""
    text = s.quiz_figures.format(people=figures.people, answers=figures.answers,
                                 accuracy=figures.percent)
    if figures.hardest is not None:
        pool = {t.id: t for t in [*corpus.tips, *await tippool.team_tips(storage, chat_id, s)]}
        tip = pool.get(figures.hardest.tip_id)
        if tip is not None:
            text += "\n" + s.hardest_principle.format(
                principle=escape(tip.short or tip.principle),
                accuracy=figures.hardest.percent, answered=figures.hardest.answered)
    return text
