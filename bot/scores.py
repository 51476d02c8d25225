"""Quiz scores as pure functions: leaderboards, streaks, the principle a team finds hardest.

Everything is computed from answer records (who, under which name, on which day, right
or not), so the figures need no counters of their own that could drift from the answers,
and members who left the group still count in the past. Names are kept as Telegram shows
them; only ``render_leaderboard`` escapes them, for Telegram HTML.

**Ranking and ties.** People are ranked by right answers; equal counts by accuracy (the
same right answers from fewer attempts rank higher), then by current streak. People equal
on all three share a rank ("1, 2, 2, 4"): nobody is placed above another by an arbitrary
rule such as a lower user id or an earlier answer. Within a shared rank they are listed by
name (case and diacritics folded), then user id, so the order is the same on every call.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from bot import textnorm
from bot.strings import Strings

# A principle needs this many answers before it can be called the hardest: two wrong
# answers from one new member say little about the team.
MIN_ANSWERS_HARDEST = 5
LEADERBOARD_SIZE = 10


@dataclass(frozen=True, slots=True)
class Answer:
    """One person's counted answer to one quiz (a changed answer replaces the old one)."""

    user_id: int
    name: str  # as Telegram showed it when answering, not escaped
    quiz_date: dt.date  # the chat's local day of the quiz
    correct: bool
    tip_id: str = ""


@dataclass(frozen=True, slots=True)
class Standing:
    """One line of a leaderboard."""

    rank: int
    user_id: int
    name: str
    correct: int
    answered: int
    streak: int

    @property
    def accuracy(self) -> Fraction:
        return Fraction(self.correct, self.answered) if self.answered else Fraction(0)

    @property
    def percent(self) -> int:
        """Accuracy in whole percent, rounded half up (as people round)."""
        return int(self.accuracy * 100 + Fraction(1, 2))


@dataclass(frozen=True, slots=True)
class Leaderboard:
    week_start: dt.date
    week: tuple[Standing, ...]
    all_time: tuple[Standing, ...]


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week (weeks run Monday to Sunday, as in Vietnam)."""
    return day - dt.timedelta(days=day.weekday())


def streak(right_days: Collection[dt.date], today: dt.date,
           days: Sequence[dt.date] | None = None) -> int:
    """How many days in a row, up to ``today``, had at least one right answer.

    ``days`` are the days that count (a team's quiz days, so a weekend or a pause with no
    quiz does not break anyone's streak); ``None`` means every calendar day (personal
    practice). Today counts once answered right, but an unanswered today does not break
    the streak yet: the day is not over.
    """
    if days is None:
        ordered: Iterable[dt.date] = (today - dt.timedelta(days=n)
                                      for n in range(len(right_days) + 2))
    else:
        ordered = sorted({d for d in days if d <= today}, reverse=True)
    count = 0
    for n, day in enumerate(ordered):
        if day in right_days:
            count += 1
        elif n == 0 and day == today:
            continue
        else:
            break
    return count


def personal_streak(answers: Iterable[Answer], user_id: int, today: dt.date) -> int:
    """A person's streak over calendar days: ``/quiz`` in a private chat is daily practice."""
    right = {a.quiz_date for a in answers if a.user_id == user_id and a.correct}
    return streak(right, today)


def _names(answers: Sequence[Answer]) -> dict[int, str]:
    """Each person's latest name: people rename themselves, the board shows them now."""
    names: dict[int, str] = {}
    for a in sorted(answers, key=lambda a: a.quiz_date):
        if a.name.strip():
            names[a.user_id] = a.name.strip()
    return names


def standings(answers: Iterable[Answer], today: dt.date, *, since: dt.date | None = None,
              limit: int | None = None) -> list[Standing]:
    """Everyone who answered between ``since`` and ``today`` (inclusive), ranked.

    Streaks run over the team's quiz days in all of ``answers``, not only the period.
    """
    every = [a for a in answers if a.quiz_date <= today]
    quiz_days = sorted({a.quiz_date for a in every})
    names = _names(every)
    right_days: dict[int, set[dt.date]] = defaultdict(set)
    for a in every:
        if a.correct:
            right_days[a.user_id].add(a.quiz_date)
    correct: dict[int, int] = defaultdict(int)
    answered: dict[int, int] = defaultdict(int)
    for a in every:
        if since is None or a.quiz_date >= since:
            answered[a.user_id] += 1
            correct[a.user_id] += a.correct
    rows = [Standing(0, uid, names.get(uid, str(uid)), correct[uid], answered[uid],
                     streak(right_days[uid], today, quiz_days))
            for uid in answered]

    def merit(s: Standing) -> tuple[int, Fraction, int]:
        return (-s.correct, -s.accuracy, -s.streak)

    rows.sort(key=lambda s: (merit(s), textnorm.fold(s.name), s.user_id))
    ranked: list[Standing] = []
    for i, row in enumerate(rows):
        same = ranked and merit(ranked[-1]) == merit(row)
        rank = ranked[-1].rank if same else i + 1
        ranked.append(Standing(rank, row.user_id, row.name, row.correct, row.answered,
                               row.streak))
    return ranked[:limit] if limit is not None else ranked


def leaderboard(answers: Iterable[Answer], today: dt.date,
                limit: int = LEADERBOARD_SIZE) -> Leaderboard:
    """This week (Monday to ``today``) and all time, each at most ``limit`` lines."""
    every = list(answers)
    monday = week_start(today)
    return Leaderboard(monday, tuple(standings(every, today, since=monday, limit=limit)),
                       tuple(standings(every, today, limit=limit)))


@dataclass(frozen=True, slots=True)
class Hardest:
    tip_id: str
    correct: int
    answered: int

    @property
    def percent(self) -> int:
        return int(Fraction(self.correct * 100, self.answered) + Fraction(1, 2))


def hardest_principle(answers: Iterable[Answer], *, min_answers: int = MIN_ANSWERS_HARDEST
                      ) -> Hardest | None:
    """The principle with the lowest accuracy among those with ``min_answers`` answers.

    Equal accuracy: the one with more answers (more evidence it is really hard), then the
    tip id, so the digest and /stats name the same one. ``None`` if none qualifies.
    """
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for a in answers:
        if a.tip_id:
            tally[a.tip_id][0] += a.correct
            tally[a.tip_id][1] += 1
    candidates = [Hardest(tip_id, c, n) for tip_id, (c, n) in tally.items()
                  if n >= max(min_answers, 1)]
    if not candidates:
        return None
    return min(candidates, key=lambda h: (Fraction(h.correct, h.answered), -h.answered,
                                          h.tip_id))


@dataclass(frozen=True, slots=True)
class QuizFigures:
    """What /stats and the weekly digest say about quizzes over a period."""

    people: int
    answers: int
    correct: int
    hardest: Hardest | None

    @property
    def percent(self) -> int:
        return int(Fraction(self.correct * 100, self.answers) + Fraction(1, 2)) \
            if self.answers else 0


def quiz_figures(answers: Iterable[Answer], *, since: dt.date | None = None,
                 until: dt.date | None = None,
                 min_answers: int = MIN_ANSWERS_HARDEST) -> QuizFigures:
    """Participation, accuracy and the hardest principle for the days in [since, until]."""
    chosen = [a for a in answers if (since is None or a.quiz_date >= since)
              and (until is None or a.quiz_date <= until)]
    return QuizFigures(len({a.user_id for a in chosen}), len(chosen),
                       sum(a.correct for a in chosen),
                       hardest_principle(chosen, min_answers=min_answers))


def _rows(board: Sequence[Standing], strings: Strings) -> list[str]:
    if not board:
        return [strings.leaderboard_empty]
    return [strings.leaderboard_row.format(rank=s.rank, name=escape(s.name),
                                           correct=s.correct, answered=s.answered,
                                           accuracy=s.percent, streak=s.streak)
            for s in board]


def render_leaderboard(board: Leaderboard, strings: Strings) -> str:
    """The leaderboard as Telegram HTML; every name is escaped here, and only here."""
    return "\n".join([strings.leaderboard_week, *_rows(board.week, strings), "",
                      strings.leaderboard_all_time, *_rows(board.all_time, strings)])
