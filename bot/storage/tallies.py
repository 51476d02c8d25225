"""The sums the leaderboard reads, kept as the answers change (migration 11).

``quiz_scores`` holds a person's right answers and answers in a chat, all time;
``quiz_days`` the same per quiz day, and the person's *run* that day: how many of the
chat's quiz days in a row, up to and including that one, they answered right (0 when
not right that day). A chat's quiz days are the days of its polls with an answer, as
``bot.quiz.scores.streak`` counts them, so a streak is one run read from the latest quiz day
(or the one before, when today's quiz is not answered right yet) instead of a walk
through a year of answers.

``add`` changes them by exactly what one answer changed, in that answer's transaction;
``recount`` computes a chat's from its answers (migration 11, a chat's move). The
writers of one chat take turns (``Queries._chat_turn``) before calling ``add``: a run
depends on the run of the quiz day before, which another writer may be changing.
``Tallies`` (``storage.tallies``) reads them: the leaderboard.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from bot.models import QuizTallies, QuizTally
from bot.storage.sql import Repository, Row, Tx

_ADD_SCORE = """
    INSERT INTO quiz_scores (chat_id, user_id, correct, answered) VALUES (?, ?, ?, ?)
    ON CONFLICT (chat_id, user_id) DO UPDATE SET
        correct = quiz_scores.correct + excluded.correct,
        answered = quiz_scores.answered + excluded.answered
"""
_ADD_DAY = """
    INSERT INTO quiz_days (chat_id, user_id, local_date, correct, answered, run)
    VALUES (?, ?, ?, ?, ?, 0)
    ON CONFLICT (chat_id, user_id, local_date) DO UPDATE SET
        correct = quiz_days.correct + excluded.correct,
        answered = quiz_days.answered + excluded.answered
    RETURNING correct, answered
"""
# A person's quiz day with no answer left is no row, so a day with rows is a quiz day.
_DROP_EMPTY_SCORE = ("DELETE FROM quiz_scores WHERE chat_id = ? AND user_id = ? "
                     "AND answered <= 0")
_DROP_EMPTY_DAY = ("DELETE FROM quiz_days WHERE chat_id = ? AND user_id = ? AND local_date = ? "
                   "AND answered <= 0")
_OTHERS_THAT_DAY = ("SELECT 1 FROM quiz_days WHERE chat_id = ? AND local_date = ? "
                    "AND user_id <> ? LIMIT 1")
_QUIZ_DAY_AFTER = "SELECT 1 FROM quiz_days WHERE chat_id = ? AND local_date > ? LIMIT 1"
_QUIZ_DAY_BEFORE = """
    SELECT p.local_date FROM quiz_polls AS p
    WHERE p.chat_id = ? AND p.local_date < ?
      AND EXISTS (SELECT 1 FROM quiz_answers AS a WHERE a.poll_id = p.poll_id)
    ORDER BY p.local_date DESC LIMIT 1
"""
_QUIZ_DAYS_FROM = """
    SELECT DISTINCT p.local_date FROM quiz_polls AS p
    WHERE p.chat_id = ? AND p.local_date >= ?
      AND EXISTS (SELECT 1 FROM quiz_answers AS a WHERE a.poll_id = p.poll_id)
    ORDER BY p.local_date
"""
_SET_RUN = "UPDATE quiz_days SET run = ? WHERE chat_id = ? AND user_id = ? AND local_date = ?"

_RECOUNT_SCORES = """
    INSERT INTO quiz_scores (chat_id, user_id, correct, answered)
    SELECT chat_id, user_id, SUM(correct), COUNT(*) FROM quiz_answers WHERE chat_id = ?
    GROUP BY chat_id, user_id
"""
_RECOUNT_DAYS = """
    INSERT INTO quiz_days (chat_id, user_id, local_date, correct, answered, run)
    SELECT a.chat_id, a.user_id, p.local_date, SUM(a.correct), COUNT(*), 0
    FROM quiz_answers AS a JOIN quiz_polls AS p ON p.poll_id = a.poll_id
    WHERE a.chat_id = ? GROUP BY a.chat_id, a.user_id, p.local_date
"""


async def add(db: Tx, chat_id: int, user_id: int, day: str, right: int,
              answered: int) -> None:
    """Change a person's tallies by one answer's change to the quizzes of ``day``:
    ``answered`` +1 for a new answer, -1 for one taken back, 0 for a changed one;
    ``right`` what it changed in right answers. The runs follow when the person's day
    turned right or not right, or the day turned into a quiz day of the chat or out of
    one (its first answer, its last taken back)."""
    await db.execute(_ADD_SCORE, (chat_id, user_id, right, answered))
    row = await db.fetchone(_ADD_DAY, (chat_id, user_id, day, right, answered))
    assert row is not None  # an upsert returns its row
    now_right, now_answered = int(row[0]), int(row[1])
    was_right = now_right - right > 0
    if answered < 0:
        await db.execute(_DROP_EMPTY_SCORE, (chat_id, user_id))
        await db.execute(_DROP_EMPTY_DAY, (chat_id, user_id, day))
    came_or_went = now_answered - answered <= 0 or now_answered <= 0
    if came_or_went and await db.fetchone(_OTHERS_THAT_DAY, (chat_id, day, user_id)) is None \
            and await db.fetchone(_QUIZ_DAY_AFTER, (chat_id, day)) is not None:
        # A quiz day appeared or vanished before others (a quiz dated back, or taken
        # back): everyone's runs after it change.
        await recount_runs(db, chat_id, day)
    elif was_right != (now_right > 0):
        await recount_runs(db, chat_id, day, user_id)


async def recount_runs(db: Tx, chat_id: int, since: str, user_id: int | None = None) -> None:
    """Set the runs of the chat's quiz days from ``since`` on (of one person, or of
    everyone) from the run of the quiz day before it and who answered right since."""
    before = await db.fetchone(_QUIZ_DAY_BEFORE, (chat_id, since))
    start = str(before[0]) if before is not None else since
    days = [str(r[0]) for r in await db.fetchall(_QUIZ_DAYS_FROM, (chat_id, start))]
    person = "AND user_id = ? " if user_id is not None else ""
    rows = await db.fetchall(
        f"SELECT user_id, local_date, correct, run FROM quiz_days WHERE chat_id = ? {person}"
        "AND local_date >= ?",
        (chat_id, user_id, start) if user_id is not None else (chat_id, start))
    people: dict[int, dict[str, Row]] = defaultdict(dict)
    for r in rows:
        people[int(r[0])][str(r[1])] = r
    changes: list[tuple[int, int, int, str]] = []
    for person_id, theirs in people.items():
        run = 0
        for day in days:
            mine = theirs.get(day)
            right = mine is not None and int(mine[2]) > 0
            if day < since:  # the day before: its run stands
                run = int(mine[3]) if mine is not None and right else 0
                continue
            run = run + 1 if right else 0
            if mine is not None and int(mine[3]) != run:
                changes.append((run, chat_id, person_id, day))
    await db.executemany(_SET_RUN, changes)


async def recount(db: Tx, chat_id: int) -> None:
    """A chat's tallies and runs computed from its answers, replacing what it had."""
    await db.execute("DELETE FROM quiz_scores WHERE chat_id = ?", (chat_id,))
    await db.execute("DELETE FROM quiz_days WHERE chat_id = ?", (chat_id,))
    await db.execute(_RECOUNT_SCORES, (chat_id,))
    await db.execute(_RECOUNT_DAYS, (chat_id,))
    await recount_runs(db, chat_id, "")


async def recount_all(db: Tx) -> None:
    """Every chat's tallies (migration 11)."""
    for (chat_id,) in await db.fetchall("SELECT DISTINCT chat_id FROM quiz_answers"):
        await recount(db, int(chat_id))


# The chat's quiz days (a day with at least one answer), latest first.
_QUIZ_DAYS = """
    SELECT DISTINCT p.local_date FROM quiz_polls AS p
    WHERE p.chat_id = ? AND p.local_date <= ?
      AND EXISTS (SELECT 1 FROM quiz_answers AS a WHERE a.poll_id = p.poll_id)
    ORDER BY p.local_date DESC LIMIT ?
"""
# The leaderboard from the tallies the answers keep (``add``, above), per person:
# all time (quiz_scores, a row each) less the quizzes dated after today (the chat's zone
# moved west since), this week's, and the runs of the latest two quiz days. quiz_days is
# read from the earlier of Monday and those days: a row per person and day, from the
# index quiz_days_date. (Bounded on both sides, so that SQLite, which cannot see how
# few days that is, does not count a year of rows in the person order of the key.)
_BOARD = """
    SELECT s.user_id, s.correct - COALESCE(r.later_right, 0),
           s.answered - COALESCE(r.later_answered, 0),
           COALESCE(r.week_right, 0), COALESCE(r.week_answered, 0),
           COALESCE(r.run0, 0), COALESCE(r.run1, 0)
    FROM quiz_scores AS s LEFT JOIN (
        SELECT q.user_id,
               SUM(CASE WHEN q.local_date > ? THEN q.correct ELSE 0 END) AS later_right,
               SUM(CASE WHEN q.local_date > ? THEN q.answered ELSE 0 END) AS later_answered,
               SUM(CASE WHEN q.local_date >= ? AND q.local_date <= ? THEN q.correct
                   ELSE 0 END) AS week_right,
               SUM(CASE WHEN q.local_date >= ? AND q.local_date <= ? THEN q.answered
                   ELSE 0 END) AS week_answered,
               MAX(CASE WHEN q.local_date = ? THEN q.run ELSE 0 END) AS run0,
               MAX(CASE WHEN q.local_date = ? THEN q.run ELSE 0 END) AS run1
        FROM quiz_days AS q WHERE q.chat_id = ? AND q.local_date >= ? AND q.local_date <= ?
        GROUP BY q.user_id
    ) AS r ON r.user_id = s.user_id
    WHERE s.chat_id = ?
"""


class Tallies(Repository):
    async def board(self, chat_id: int, today: dt.date, week_start: dt.date) -> QuizTallies:
        """Everyone's tallies for the leaderboard: answers to quizzes up to ``today``,
        all time and since ``week_start``, and each person's streak over the chat's quiz
        days (``bot.quiz.scores.streak`` with the days with answers: the latest quiz days in a
        row with a right answer of theirs, today's quiz not yet answered right breaking
        nothing).

        One query over the tallies the answers keep (``add``, above): a row per
        person, and a row per person and day for this week, so a year of a large team's
        answers is neither counted nor sent to Python.
        """
        day, monday = today.isoformat(), week_start.isoformat()
        days = [str(r[0]) for r in await self._fetchall(_QUIZ_DAYS, (chat_id, day, 2))]
        latest = days[0] if days else day
        # Today's quiz not answered right yet breaks nothing: the run of the day before.
        before = days[-1] if days and latest == day else latest
        rows = await self._fetchall(_BOARD, (day, day, monday, day, monday, day, latest,
                                             before, chat_id, min(monday, before),
                                             dt.date.max.isoformat(), chat_id))
        streaks = {int(r[0]): int(r[5]) or int(r[6]) for r in rows}
        return QuizTallies(
            tuple(QuizTally(int(r[0]), int(r[1]), int(r[2])) for r in rows if int(r[2])),
            tuple(QuizTally(int(r[0]), int(r[3]), int(r[4])) for r in rows if int(r[4])),
            {user: run for user, run in streaks.items() if run})
