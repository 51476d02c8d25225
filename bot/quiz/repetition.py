"""Spaced repetition for quizzes, as pure functions over a principle's history.

A principle the team (or, in a private chat, the person) got wrong comes back after about
1, then 3, then 7 days, until it is answered right. The history is all this needs, so
nothing extra is stored: whoever keeps the answers asks ``due_date`` and gets the day.
The daily tip's rotation is not touched; this only decides which tip the daily *quiz* is
about.

Days are local calendar days (``datetime.date``) of the chat, like the daily tip's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

# Days until a principle comes back after the 1st, 2nd, 3rd (and every later) wrong day
# in a row: soon enough to fix it while the mistake is fresh, then spaced further so a
# principle the team keeps missing does not crowd out everything else.
INTERVALS = (1, 3, 7)

REPEAT, RECENT = "repeat", "recent"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One quiz about a principle: the day it was answered and whether it was right."""

    day: dt.date
    correct: bool


def team_outcome(day: dt.date, answers: Iterable[bool]) -> Outcome | None:
    """A team's outcome of one quiz from its members' answers (``True`` = right).

    Right when more than half answered right: a principle half the team missed deserves
    another round. ``None`` when nobody answered: silence is not a result, so it neither
    advances nor resets the repetition.
    """
    given = list(answers)
    if not given:
        return None
    return Outcome(day, sum(given) * 2 > len(given))


def _wrong_run(history: Iterable[Outcome]) -> tuple[int, dt.date | None]:
    """Wrong *days* in a row since the last right answer, and the last of them.

    Several wrong answers on one day (a person practising ``/quiz`` again and again) are
    one step, so a bad afternoon does not push the principle a week away. A right
    answer ends the run, also on a day that had a wrong one before it.
    """
    run, last_wrong = 0, None
    for outcome in sorted(history, key=lambda o: o.day):  # stable: same-day order kept
        if outcome.correct:
            run, last_wrong = 0, None
        elif outcome.day != last_wrong:
            run, last_wrong = run + 1, outcome.day
    return run, last_wrong


def due_date(history: Iterable[Outcome]) -> dt.date | None:
    """The day the principle should come back, or ``None`` when it need not.

    ``None`` if it was never answered wrong, or answered right since. Otherwise the last
    wrong day plus 1, 3 or 7 days for the 1st, 2nd or 3rd-and-later wrong day in a row.
    """
    run, last_wrong = _wrong_run(history)
    if last_wrong is None:
        return None
    return last_wrong + dt.timedelta(days=INTERVALS[min(run, len(INTERVALS)) - 1])


def due_repetitions(histories: Mapping[str, Sequence[Outcome]], today: dt.date
                    ) -> list[str]:
    """Tip ids due on ``today`` or earlier, most overdue first (then by id, for replay)."""
    due = [(day, tip_id) for tip_id, history in histories.items()
           if (day := due_date(history)) is not None and day <= today]
    return [tip_id for _, tip_id in sorted(due)]


@dataclass(frozen=True, slots=True)
class Choice:
    """The tip a daily quiz is about and why: ``REPEAT`` (got wrong) or ``RECENT``."""

    tip_id: str
    reason: str


def choose_daily_quiz_tip(today: dt.date, histories: Mapping[str, Sequence[Outcome]],
                          recent: Sequence[str], can_quiz: Callable[[str], bool]
                          ) -> Choice | None:
    """Which tip today's daily quiz is about, deterministically (a resent claim agrees).

    1. A due repetition, most overdue first.
    2. Else a tip from ``recent`` (delivered tip ids, most recent first) not quizzed
       today: first those never quizzed, most recently delivered first (the tip still in
       everyone's head), then the one quizzed longest ago.
    3. ``None`` when neither exists; the caller may fall back to any quizzable tip.

    ``can_quiz`` says whether a tip id can be asked at all (it still exists and has a
    short form), so a deleted team tip or one without a short form is never chosen.
    """
    for tip_id in due_repetitions(histories, today):
        if can_quiz(tip_id):
            return Choice(tip_id, REPEAT)
    never: list[str] = []
    quizzed: list[tuple[dt.date, int, str]] = []
    seen: set[str] = set()
    for position, tip_id in enumerate(recent):
        if tip_id in seen or not can_quiz(tip_id):
            continue
        seen.add(tip_id)
        days = [o.day for o in histories.get(tip_id, ())]
        if not days:
            never.append(tip_id)
        elif max(days) < today:
            quizzed.append((max(days), position, tip_id))
    if never:
        return Choice(never[0], RECENT)
    if quizzed:
        return Choice(min(quizzed)[2], RECENT)
    return None
