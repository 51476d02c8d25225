"""Queries for quizzes: ``quiz_polls`` (what was sent where), ``quiz_answers`` (one per
person per poll), ``quiz_settings`` (a chat's daily quiz) and ``quiz_sends`` (the claims
that make each daily quiz go out once, like ``deliveries`` for the daily tip).

Scores are never stored: leaderboards and streaks are computed from the answers, so
they cannot drift from them, and members who left still count in the past.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Collection, Sequence

from bot.models import Claim, DailyQuiz, QuizAnswerRecord, QuizPoll, QuizTallies, QuizTally
from bot.storage.claims import QUIZZES, ClaimQueries, sent_sql
from bot.storage.sql import BATCH, Row, chunks, iso, marks, parse_iso
from bot.storage.subscriptions import SUB_COLUMNS, subscription

_POLL_COLUMNS = ("poll_id, chat_id, tip_id, option_tips, correct, local_date, message_id, "
                 "anonymous, daily")
_INSERT_POLL = (f"INSERT INTO quiz_polls ({_POLL_COLUMNS}, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (poll_id) DO NOTHING")
_SUB_COLUMNS_S = ", ".join(f"s.{c.strip()}" for c in SUB_COLUMNS.split(","))

# The leaderboard's queries. Each returns one row per person (or per quiz day, bounded),
# never one per answer: 500 people answering daily for a year are 182,500 answers.
# Everyone's answers counted, right and not, from the index quiz_answers_tally alone
# (counting, not summing, lets the database read that index in order, once).
_TALLY_ALL = """
    SELECT user_id, correct, COUNT(*) FROM quiz_answers
    WHERE chat_id = ? GROUP BY chat_id, user_id, correct
"""
# People's names at their latest answer (of two in the same second, either), from the
# index quiz_answers_latest: one step per person asked. (``column1`` is how both SQLite
# and PostgreSQL name the column of a VALUES list.)
_LATEST_NAMES = """
    SELECT v.column1, (SELECT a.name FROM quiz_answers AS a
                       WHERE a.chat_id = ? AND a.user_id = v.column1 AND TRIM(a.name) <> ''
                       ORDER BY a.answered_at DESC LIMIT 1)
    FROM (VALUES {rows}) AS v
"""
# Tallies of the quizzes of some days (this week; days after today), from those polls.
_TALLY_DAYS = """
    SELECT a.user_id, SUM(a.correct), COUNT(*)
    FROM quiz_polls AS p JOIN quiz_answers AS a ON a.poll_id = p.poll_id
    WHERE p.chat_id = ? AND p.local_date >= ? AND p.local_date <= ? GROUP BY a.user_id
"""
# The chat's quiz days (a day with at least one answer), latest first.
_QUIZ_DAYS = """
    SELECT DISTINCT p.local_date FROM quiz_polls AS p
    WHERE p.chat_id = ? AND p.local_date <= ?
      AND EXISTS (SELECT 1 FROM quiz_answers AS a WHERE a.poll_id = p.poll_id)
    ORDER BY p.local_date DESC LIMIT ? OFFSET ?
"""
# Per person, the quiz days in [?, ?] with a right answer of theirs as bits (day i of
# the window, latest first, is bit i % 62 of column i // 62: integers of 64 bits), summed
# in the database: a few integers per person, whatever the number of answers. The days
# are numbered by the database (the same days as _QUIZ_DAYS lists).
_RIGHT_DAYS = """
    WITH days AS (
        SELECT d.local_date,
               CAST(ROW_NUMBER() OVER (ORDER BY d.local_date DESC) - 1 AS INTEGER) AS i
        FROM (SELECT DISTINCT p.local_date FROM quiz_polls AS p
              WHERE p.chat_id = ? AND p.local_date >= ? AND p.local_date <= ?
                AND EXISTS (SELECT 1 FROM quiz_answers AS a WHERE a.poll_id = p.poll_id)
             ) AS d
    )
    SELECT a.user_id, {columns}
    FROM days JOIN quiz_polls AS p ON p.chat_id = ? AND p.local_date = days.local_date
    JOIN quiz_answers AS a ON a.poll_id = p.poll_id
    WHERE a.correct = 1 {users}
    GROUP BY a.user_id
"""
BITS = 62
# How many quiz days the streak query looks at first, and then at once. Few people's
# runs reach past the first window; only they are looked at again, over the next one.
STREAK_WINDOW, STREAK_WINDOW_MAX = 8, 4 * BITS


def _poll(row: Row) -> QuizPoll:
    return QuizPoll(poll_id=str(row["poll_id"]), chat_id=int(row["chat_id"]),
                    tip_id=str(row["tip_id"]),
                    option_tips=tuple(str(row["option_tips"]).split(",")),
                    correct=int(row["correct"]),
                    local_date=dt.date.fromisoformat(row["local_date"]),
                    message_id=None if row["message_id"] is None else int(row["message_id"]),
                    anonymous=bool(row["anonymous"]), daily=bool(row["daily"]))


def _poll_params(poll: QuizPoll, now: dt.datetime) -> tuple[object, ...]:
    return (poll.poll_id, poll.chat_id, poll.tip_id, ",".join(poll.option_tips), poll.correct,
            poll.local_date.isoformat(), poll.message_id, int(poll.anonymous), int(poll.daily),
            iso(now))


def _trailing_ones(bits: int) -> int:
    """How many lowest bits are set in a row (0b0111 → 3)."""
    return ((bits ^ (bits + 1)) >> 1).bit_length()


_QUIZ_SENT = sent_sql(QUIZZES, "poll_id", "message_id")


class QuizQueries(ClaimQueries):
    # --- polls and answers ------------------------------------------------------------
    async def record_poll(self, poll: QuizPoll, now: dt.datetime) -> None:
        """Remember a poll just sent (a poll id is recorded once)."""
        await self._write(_INSERT_POLL, _poll_params(poll, now))

    async def get_poll(self, poll_id: str) -> QuizPoll | None:
        row = await self._fetchone(
            f"SELECT {_POLL_COLUMNS} FROM quiz_polls WHERE poll_id = ?", (poll_id,))
        return _poll(row) if row else None

    async def record_answer(self, poll: QuizPoll, user_id: int, name: str, chosen: int,
                            now: dt.datetime) -> None:
        """A person's answer; a later answer to the same poll replaces theirs."""
        await self._write(
            """
            INSERT INTO quiz_answers (poll_id, chat_id, user_id, name, chosen, correct,
                                      answered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (poll_id, user_id) DO UPDATE SET
                name = excluded.name, chosen = excluded.chosen, correct = excluded.correct,
                answered_at = excluded.answered_at
            """,
            (poll.poll_id, poll.chat_id, user_id, name[:255], chosen,
             int(chosen == poll.correct), iso(now)))

    async def retract_answer(self, poll_id: str, user_id: int) -> bool:
        """The person took their answer back; ``False`` if they had none."""
        return await self._write("DELETE FROM quiz_answers WHERE poll_id = ? AND user_id = ?",
                                 (poll_id, user_id)) > 0

    async def quiz_answers(self, chat_id: int, since: dt.date | None = None,
                           user_id: int | None = None) -> list[QuizAnswerRecord]:
        """The chat's counted answers (of one person, if given), oldest quiz first."""
        sql = ("SELECT a.poll_id, a.chat_id, a.user_id, a.name, a.chosen, a.correct, p.tip_id, "
               "p.local_date FROM quiz_answers AS a JOIN quiz_polls AS p "
               "ON p.poll_id = a.poll_id WHERE a.chat_id = ?")
        params: list[object] = [chat_id]
        if since is not None:
            sql += " AND p.local_date >= ?"
            params.append(since.isoformat())
        if user_id is not None:
            sql += " AND a.user_id = ?"
            params.append(user_id)
        rows = await self._fetchall(sql + " ORDER BY p.local_date, a.answered_at, a.user_id",
                                    params)
        return [QuizAnswerRecord(str(r[0]), int(r[1]), int(r[2]), str(r[3]), int(r[4]),
                                 bool(r[5]), str(r[6]), dt.date.fromisoformat(r[7]))
                for r in rows]

    async def quiz_tallies(self, chat_id: int, today: dt.date, week_start: dt.date
                           ) -> QuizTallies:
        """Everyone's tallies for the leaderboard: answers to quizzes up to ``today``,
        all time and since ``week_start``, and each person's streak.

        Aggregates in the database (a row or two per person), so a year of a large
        team's answers never travels to Python; the indexes of migration 10 serve them.
        """
        # Independent queries: PostgreSQL runs them side by side (SQLite in turn).
        later = (today + dt.timedelta(days=1)).isoformat()
        everyone, after_today, week, streaks = await asyncio.gather(
            self._fetchall(_TALLY_ALL, (chat_id,)),
            # Quizzes dated after today (the chat's zone moved west since) do not count.
            self._fetchall(_TALLY_DAYS, (chat_id, later, dt.date.max.isoformat())),
            self._fetchall(_TALLY_DAYS, (chat_id, week_start.isoformat(), today.isoformat())),
            self.quiz_streaks(chat_id, today))
        totals: dict[int, list[int]] = {}
        for r in everyone:
            counts = totals.setdefault(int(r[0]), [0, 0])
            counts[0] += int(r[2]) if int(r[1]) else 0
            counts[1] += int(r[2])
        for r in after_today:
            totals[int(r[0])][0] -= int(r[1])
            totals[int(r[0])][1] -= int(r[2])
        return QuizTallies(
            tuple(QuizTally(uid, c, n) for uid, (c, n) in totals.items() if n),
            tuple(QuizTally(int(r[0]), int(r[1]), int(r[2])) for r in week), streaks)

    async def quiz_names(self, chat_id: int, user_ids: Collection[int]) -> dict[int, str]:
        """Each person's name at their latest answer in the chat, as Telegram showed it
        (not cleaned, not escaped); people without a name are absent. Only the people a
        board shows are asked for, one index step each."""
        names: dict[int, str] = {}
        for batch in chunks(sorted(user_ids)):
            rows = ", ".join("(CAST(? AS BIGINT))" for _ in batch)
            for r in await self._fetchall(_LATEST_NAMES.format(rows=rows), (chat_id, *batch)):
                if r[1] is not None:
                    names[int(r[0])] = str(r[1])
        return names

    async def quiz_streaks(self, chat_id: int, today: dt.date) -> dict[int, int]:
        """Each person's streak over the chat's quiz days (``bot.scores.streak`` with the
        days with answers): the latest quiz days in a row with a right answer of theirs,
        today's quiz not yet answered right breaking nothing. Absent: no streak.

        Bounded: one integer per person for the latest ``STREAK_WINDOW`` quiz days;
        only people whose run fills a window are looked at over the next, wider one.
        """
        streaks: dict[int, int] = {}
        users: list[int] | None = None  # None: everyone
        alive: set[int] | None = None  # whose run is still going, None: everyone
        offset, window = 0, STREAK_WINDOW
        while True:
            days = [str(r[0]) for r in await self._fetchall(
                _QUIZ_DAYS, (chat_id, today.isoformat(), window + 1, offset))]
            if not days:
                return streaks
            inside, more_days = days[:window], len(days) > window
            # The first window: today not answered right yet breaks nothing.
            skip_today = offset == 0 and inside[0] == today.isoformat()
            groups = [inside[i:i + BITS] for i in range(0, len(inside), BITS)]
            columns = ", ".join(
                f"SUM(DISTINCT CASE WHEN days.i >= {n * BITS} AND days.i < {(n + 1) * BITS} "
                f"THEN CAST(1 AS BIGINT) << (days.i - {n * BITS}) END)"
                for n in range(len(groups)))
            users_sql = f"AND a.user_id IN ({marks(users)})" if users else ""
            rows = await self._fetchall(
                _RIGHT_DAYS.format(columns=columns, users=users_sql),
                (chat_id, inside[-1], inside[0], chat_id, *(users or ())))
            again = []
            for r in rows:
                user, count = int(r[0]), len(inside)
                bits = sum(int(r[n + 1] or 0) << (BITS * n) for n in range(len(groups)))
                if alive is not None and user not in alive:
                    continue
                if skip_today and not bits & 1:
                    bits, count = bits >> 1, count - 1  # the run starts yesterday
                run = _trailing_ones(bits)
                if run:
                    streaks[user] = streaks.get(user, 0) + run
                if run == count and more_days:  # it may go on before this window
                    again.append(user)
            if not again:
                return streaks
            offset += len(inside)
            window = min(window * 8, STREAK_WINDOW_MAX)  # 8, 64, 248, 248 … days
            alive = set(again)
            users = again if len(again) <= BATCH else None

    async def quiz_results(self, chat_id: int, user_id: int | None = None
                           ) -> list[tuple[str, dt.date, int, int]]:
        """(tip, day, right answers, answers) of each answered quiz of the chat (of one
        person's answers, if given), oldest first: what spaced repetition needs, one row
        per quiz rather than one per answer."""
        person = "AND a.user_id = ? " if user_id is not None else ""
        rows = await self._fetchall(
            "SELECT p.tip_id, p.local_date, SUM(a.correct), COUNT(*) "
            "FROM quiz_polls AS p JOIN quiz_answers AS a ON a.poll_id = p.poll_id "
            f"WHERE p.chat_id = ? {person}"
            "GROUP BY p.poll_id, p.tip_id, p.local_date, p.created_at "
            "ORDER BY p.local_date, p.created_at, p.poll_id",
            (chat_id,) if user_id is None else (chat_id, user_id))
        return [(str(r[0]), dt.date.fromisoformat(r[1]), int(r[2]), int(r[3])) for r in rows]

    async def quiz_figures(self, chat_id: int, since: dt.date | None = None,
                           until: dt.date | None = None
                           ) -> tuple[int, int, int, list[tuple[str, int, int]]]:
        """For /stats and the digest, answers to the quizzes of [since, until]: people,
        answers, right answers, and (tip, right, answers) per principle asked."""
        where = ("FROM quiz_polls AS p JOIN quiz_answers AS a ON a.poll_id = p.poll_id "
                 "WHERE p.chat_id = ? AND p.local_date >= ? AND p.local_date <= ?")
        params = (chat_id, (since or dt.date.min).isoformat(),
                  (until or dt.date.max).isoformat())
        row = await self._fetchone(
            f"SELECT COUNT(DISTINCT a.user_id), COUNT(*), SUM(a.correct) {where}", params)
        tips = await self._fetchall(
            f"SELECT p.tip_id, SUM(a.correct), COUNT(*) {where} GROUP BY p.tip_id", params)
        people, answers, correct = (0, 0, 0) if row is None else row
        return (int(people), int(answers), int(correct or 0),
                [(str(r[0]), int(r[1]), int(r[2])) for r in tips])

    async def quiz_polls(self, chat_id: int, since: dt.date | None = None) -> list[QuizPoll]:
        """The polls sent to the chat (since a local day), oldest first."""
        rows = await self._fetchall(
            f"SELECT {_POLL_COLUMNS} FROM quiz_polls WHERE chat_id = ? AND local_date >= ? "
            "ORDER BY local_date, created_at",
            (chat_id, (since or dt.date.min).isoformat()))
        return [_poll(r) for r in rows]

    # --- the daily quiz's setting -----------------------------------------------------
    async def set_daily_quiz(self, chat_id: int, at: dt.time | None,
                             next_due: dt.datetime | None, now: dt.datetime) -> bool:
        """Turn the daily quiz on at ``at`` or off (``None``); ``False`` if it was off."""
        if at is None or next_due is None:
            return await self._write("DELETE FROM quiz_settings WHERE chat_id = ?",
                                     (chat_id,)) > 0
        await self._write(
            """
            INSERT INTO quiz_settings (chat_id, quiz_time, next_due_utc, updated_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (chat_id) DO UPDATE SET quiz_time = excluded.quiz_time,
                next_due_utc = excluded.next_due_utc, updated_at = excluded.updated_at
            """, (chat_id, at.strftime("%H:%M"), iso(next_due), iso(now)))
        return True

    async def daily_quiz_time(self, chat_id: int) -> dt.time | None:
        value = await self._scalar("SELECT quiz_time FROM quiz_settings WHERE chat_id = ?",
                                   (chat_id,))
        return dt.time.fromisoformat(value) if value else None

    async def due_daily_quizzes(self, now: dt.datetime, limit: int = 500,
                                exclude: Sequence[int] = ()) -> list[DailyQuiz]:
        """Daily quizzes to look at now, of chats with an active subscription."""
        skip = f" AND q.chat_id NOT IN ({marks(exclude)})" if exclude else ""
        rows = await self._fetchall(
            f"SELECT {_SUB_COLUMNS_S}, q.quiz_time, q.next_due_utc AS quiz_due, "
            "q.updated_at AS quiz_set FROM quiz_settings AS q JOIN subscriptions AS s "
            f"ON s.chat_id = q.chat_id WHERE s.active = 1 AND q.next_due_utc <= ?{skip} "
            "ORDER BY q.next_due_utc LIMIT ?", (iso(now), *exclude, limit))
        out = []
        for r in rows:
            due, since = parse_iso(r["quiz_due"]), parse_iso(r["quiz_set"])
            assert due is not None and since is not None  # NOT NULL columns
            out.append(DailyQuiz(subscription(r), dt.time.fromisoformat(r["quiz_time"]),
                                 due, since))
        return out

    async def set_daily_quiz_due(self, chat_id: int, next_due: dt.datetime) -> None:
        await self._write("UPDATE quiz_settings SET next_due_utc = ? WHERE chat_id = ?",
                          (iso(next_due), chat_id))

    # --- claims: one daily quiz per chat per local day (the queries: ``claims.py``) -----
    async def claim_quiz(self, chat_id: int, local_date: dt.date, tip_id: str, owner: str,
                         lease_until: dt.datetime, now: dt.datetime) -> Claim | None:
        return await self.claim_one(QUIZZES, chat_id, local_date, owner, lease_until, now,
                                    tip_id=tip_id)

    async def quiz_sent_many(self, done: Sequence[tuple[Claim, QuizPoll, dt.datetime]],
                             now: dt.datetime) -> None:
        """Record each poll, mark its day sent and move to the next slot, atomically."""
        if not done:
            return
        async with self._transaction() as db:
            await db.executemany(_INSERT_POLL, [_poll_params(poll, now) for _, poll, _ in done])
            await db.executemany(_QUIZ_SENT, [
                (poll.poll_id, poll.message_id, c.chat_id, c.local_date.isoformat())
                for c, poll, _ in done])
            await db.executemany(QUIZZES.move_due, [(iso(due), c.chat_id) for c, _, due in done])

    async def quiz_send_status(self, chat_id: int, local_date: dt.date) -> str | None:
        return await self.claim_status(QUIZZES, chat_id, local_date)

    async def quiz_sends(self, chat_id: int) -> list[tuple[dt.date, str, str]]:
        """(day, tip, status) of each daily quiz claimed for the chat, in order."""
        rows = await self._fetchall(
            "SELECT local_date, tip_id, status FROM quiz_sends WHERE chat_id = ? "
            "ORDER BY local_date", (chat_id,))
        return [(dt.date.fromisoformat(r[0]), str(r[1]), str(r[2])) for r in rows]

