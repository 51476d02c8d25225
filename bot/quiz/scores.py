"""Quiz scores as pure functions: leaderboards, streaks, the principle a team finds hardest.

The figures are the answers' (who, under which name, on which day, right or not), and
members who left the group still count in the past. The database keeps each person's
sums as the answers change (``bot.storage.tallies``: all time, per quiz day, and the run
of right quiz days a streak is), in the answer's own transaction, so they change exactly
with the answers; ``storage.tallies.board`` reads them, a row per person, and ``named``
picks the people a board names. This module ranks and renders. Names are stored as
Telegram showed them: ``normalize.display_name`` cleans them here and
``render_leaderboard`` escapes them for Telegram HTML.

**Ranking and ties.** People are ranked by right answers; equal counts by accuracy (the
same right answers from fewer attempts rank higher), then by current streak. People equal
on all three share a rank ("1, 2, 2, 4"): nobody is placed above another by an arbitrary
rule such as a lower user id or an earlier answer. Within a shared rank they are listed by
name (case and diacritics folded), then user id, so the order is the same on every call.

**Length.** The message is one Telegram message whatever the names: a board shows the
first ``LEADERBOARD_SIZE`` people and "… và N người khác" for the rest, and fewer when
the names are long.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from bot import render
from bot.models import QuizTallies, QuizTally
from bot.strings import Strings
from bot.text import normalize

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
    week: tuple[Standing, ...]  # the first people, ranked
    all_time: tuple[Standing, ...]
    week_people: int  # everyone who answered this week, shown or not
    all_time_people: int


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


def _merit(tally: QuizTally, streak: int) -> tuple[int, int, int]:
    """What ranks a person, best first: right answers; then accuracy, which for equal
    right answers means fewer answers (and is 0 for everyone with none right); then
    the streak. Integers, so ranking 500 people costs no fractions."""
    return (-tally.correct, tally.answered if tally.correct else 0, -streak)


def _ranked(tallies: Iterable[QuizTally], streaks: Mapping[int, int]
            ) -> list[tuple[tuple[int, int, int], int, QuizTally]]:
    return sorted(((_merit(t, streaks.get(t.user_id, 0)), t.user_id, t)
                   for t in tallies if t.answered), key=lambda r: (r[0], r[1]))


def _tie_groups(rows: Sequence[tuple[tuple[int, int, int], int, QuizTally]],
                limit: int | None) -> Iterable[tuple[int, int]]:
    """(start, end) of each group of equal merit that reaches the first ``limit``."""
    stop = len(rows) if limit is None else min(limit, len(rows))
    start = 0
    while start < stop:
        end = start
        while end < len(rows) and rows[end][0] == rows[start][0]:
            end += 1
        yield start, end
        start = end


def named(tallies: QuizTallies, limit: int = LEADERBOARD_SIZE) -> set[int]:
    """Whose names the board needs: the people shown, and those tied with them (a tie is
    listed by name). Only they are looked up, not everyone who ever answered."""
    wanted: set[int] = set()
    for board in (tallies.week, tallies.all_time):
        rows = _ranked(board, tallies.streaks)
        for start, end in _tie_groups(rows, limit):
            wanted.update(uid for _, uid, _ in rows[start:end])
    return wanted


def standings(tallies: Iterable[QuizTally], streaks: Mapping[int, int],
              names: Mapping[int, str], limit: int | None = None) -> list[Standing]:
    """The first ``limit`` people (everyone: ``None``) of ``tallies``, ranked.

    ``streaks`` run over the team's quiz days, so they are the same on the week's board
    and the all-time one. ``names`` are as stored; they are cleaned here
    (``normalize.display_name``, the user id when nothing is left).
    """
    rows = _ranked(tallies, streaks)
    ranked: list[Standing] = []
    for start, end in _tie_groups(rows, limit):
        tied = [Standing(start + 1, uid, normalize.display_name(names.get(uid, ""), str(uid)),
                         t.correct, t.answered, streaks.get(uid, 0))
                for _, uid, t in rows[start:end]]
        tied.sort(key=lambda s: (normalize.fold(s.name), s.user_id))
        ranked.extend(tied)
    return ranked if limit is None else ranked[:limit]


def leaderboard(tallies: QuizTallies, names: Mapping[int, str], monday: dt.date,
                limit: int = LEADERBOARD_SIZE) -> Leaderboard:
    """This week (from ``monday``) and all time: the first ``limit`` people of each, and
    how many there are in all (the renderer says how many it does not show)."""
    return Leaderboard(monday, tuple(standings(tallies.week, tallies.streaks, names, limit)),
                       tuple(standings(tallies.all_time, tallies.streaks, names, limit)),
                       sum(1 for t in tallies.week if t.answered),
                       sum(1 for t in tallies.all_time if t.answered))


@dataclass(frozen=True, slots=True)
class Hardest:
    tip_id: str
    correct: int
    answered: int

    @property
    def percent(self) -> int:
        return int(Fraction(self.correct * 100, self.answered) + Fraction(1, 2))


def hardest_principle(tallies: Iterable[Hardest], *, min_answers: int = MIN_ANSWERS_HARDEST
                      ) -> Hardest | None:
    """The principle with the lowest accuracy among those with ``min_answers`` answers.

    ``tallies``: each principle's right answers and answers (``storage.quiz_answers.figures``).
    Equal accuracy: the one with more answers (more evidence it is really hard), then the
    tip id, so the digest and /stats name the same one. ``None`` if none qualifies.
    """
    candidates = [h for h in tallies if h.tip_id and h.answered >= max(min_answers, 1)]
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


def quiz_figures(people: int, answers: int, correct: int, tips: Iterable[Hardest], *,
                 min_answers: int = MIN_ANSWERS_HARDEST) -> QuizFigures:
    """Participation, accuracy and the hardest principle from a period's sums."""
    return QuizFigures(people, answers, correct,
                       hardest_principle(tips, min_answers=min_answers))


def _section(title: str, board: Sequence[Standing], people: int, shown: int,
             strings: Strings) -> list[str]:
    if not board:
        return [title, strings.leaderboard_empty]
    rows = [strings.leaderboard_row.format(rank=s.rank, name=escape(s.name),
                                           correct=s.correct, answered=s.answered,
                                           accuracy=s.percent)
            # "🔥 0 ngày" reads as a reproach: a streak is shown only when there is one
            + (strings.leaderboard_streak.format(streak=s.streak) if s.streak else "")
            for s in board[:shown]]
    rest = people - shown
    if rest:
        rows.append(strings.leaderboard_more.format(count=rest))
    return [title, *rows]


def render_leaderboard(board: Leaderboard, strings: Strings, limit: int = LEADERBOARD_SIZE
                       ) -> str:
    """The leaderboard as Telegram HTML, one message: every name is escaped here.

    Each board shows its first ``limit`` people (at most those the board holds); when
    that is too long for one message
    (long names), the longer board loses its last line until it fits, and "… và N
    người khác" says how many are not shown.
    """
    shown = [min(limit, len(board.week)), min(limit, len(board.all_time))]
    while True:
        text = "\n".join([
            *_section(strings.leaderboard_week, board.week, board.week_people, shown[0],
                      strings), "",
            *_section(strings.leaderboard_all_time, board.all_time, board.all_time_people,
                      shown[1], strings)])
        if render.fits_one_message(text) or shown == [0, 0]:
            return text
        shown[0 if shown[0] >= shown[1] else 1] -= 1
