"""Queries for quizzes, a repository per table: ``quiz_polls`` (what was sent where),
``quiz_answers`` (one per person per poll), ``quiz_settings`` (a chat's daily quiz) and
``quiz_sends`` (the claims that make each daily quiz go out once, like ``deliveries``
for the daily tip): ``storage.quiz_polls``, ``storage.quiz_answers``…

Scores are sums of the answers that the answers' own transactions keep
(``bot.storage.tallies``: per person all time, and per person and quiz day with their run
of right quiz days), so a board (``storage.tallies.board``) reads a row per person
instead of counting a year of answers. Members who left still count in the past.
tests/storage/test_leaderboard.py checks the kept sums against a recount from the
answers and the boards against the Python computation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from bot.models import Claim, DailyQuiz, QuizAnswerRecord, QuizPoll
from bot.storage import tallies
from bot.storage.claims import QUIZZES, ClaimRepository, sent_sql
from bot.storage.sql import Repository, Row, chunks, iso, marks, parse_iso
from bot.storage.subscriptions import SUB_COLUMNS, subscription

_POLL_COLUMNS = ("poll_id, chat_id, tip_id, option_tips, correct, local_date, message_id, "
                 "anonymous, daily")
_INSERT_POLL = (f"INSERT INTO quiz_polls ({_POLL_COLUMNS}, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (poll_id) DO NOTHING")
_SUB_COLUMNS_S = ", ".join(f"s.{c.strip()}" for c in SUB_COLUMNS.split(","))

# People's names at their latest answer (of two in the same second, either), from the
# index quiz_answers_latest: one step per person asked. (``column1`` is how both SQLite
# and PostgreSQL name the column of a VALUES list.)
_LATEST_NAMES = """
    SELECT v.column1, (SELECT a.name FROM quiz_answers AS a
                       WHERE a.chat_id = ? AND a.user_id = v.column1 AND TRIM(a.name) <> ''
                       ORDER BY a.answered_at DESC LIMIT 1)
    FROM (VALUES {rows}) AS v
"""


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


_QUIZ_SENT = sent_sql(QUIZZES, "poll_id", "message_id")


class QuizPolls(Repository):
    """``quiz_polls`` (``storage.quiz_polls``): what was sent where."""

    async def record(self, poll: QuizPoll, now: dt.datetime) -> None:
        """Remember a poll just sent (a poll id is recorded once)."""
        await self._write(_INSERT_POLL, _poll_params(poll, now))

    async def get(self, poll_id: str) -> QuizPoll | None:
        row = await self._fetchone(
            f"SELECT {_POLL_COLUMNS} FROM quiz_polls WHERE poll_id = ?", (poll_id,))
        return _poll(row) if row else None

    async def of_chat(self, chat_id: int, since: dt.date | None = None) -> list[QuizPoll]:
        """The polls sent to the chat (since a local day), oldest first."""
        rows = await self._fetchall(
            f"SELECT {_POLL_COLUMNS} FROM quiz_polls WHERE chat_id = ? AND local_date >= ? "
            "ORDER BY local_date, created_at",
            (chat_id, (since or dt.date.min).isoformat()))
        return [_poll(r) for r in rows]



class QuizAnswers(Repository):
    """``quiz_answers`` (``storage.quiz_answers``): one per person per poll, and what is
    counted from them with their polls."""

    async def record(self, poll: QuizPoll, user_id: int, name: str, chosen: int,
                     now: dt.datetime) -> bool:
        """A person's answer; a later answer to the same poll replaces theirs. Their
        tallies change with it, in the same transaction: a new answer adds one answer, a
        changed one only a right answer more or less. The chat's answers take turns
        (PostgreSQL), so the answer read here is the one replaced. ``False`` when the
        same answer was already recorded (an update delivered twice, or forged): nothing
        changes, so nothing is announced twice."""
        correct = int(chosen == poll.correct)
        async with self._transaction() as db:
            await self._chat_turn(db, poll.chat_id)
            old = await db.fetchone(
                "SELECT correct, chosen FROM quiz_answers WHERE poll_id = ? AND user_id = ?",
                (poll.poll_id, user_id))
            if old is not None and int(old[1]) == chosen:
                return False
            await db.execute(
                """
                INSERT INTO quiz_answers (poll_id, chat_id, user_id, name, chosen, correct,
                                          answered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (poll_id, user_id) DO UPDATE SET
                    name = excluded.name, chosen = excluded.chosen,
                    correct = excluded.correct, answered_at = excluded.answered_at
                """,
                (poll.poll_id, poll.chat_id, user_id, name[:255], chosen, correct, iso(now)))
            right, answered = (correct, 1) if old is None else (correct - int(old[0]), 0)
            if right or answered:
                await tallies.add(db, poll.chat_id, user_id, poll.local_date.isoformat(),
                                  right, answered)
        return True

    async def retract(self, poll_id: str, user_id: int) -> bool:
        """The person took their answer back; ``False`` if they had none. Their tallies
        lose it in the same transaction."""
        async with self._transaction() as db:
            poll = await db.fetchone(
                "SELECT chat_id, local_date FROM quiz_polls WHERE poll_id = ?", (poll_id,))
            if poll is not None:
                await self._chat_turn(db, int(poll[0]))
            row = await db.fetchone(
                "DELETE FROM quiz_answers WHERE poll_id = ? AND user_id = ? "
                "RETURNING chat_id, correct", (poll_id, user_id))
            if row is None:
                return False
            if poll is not None:  # (an answer outlives its poll only in hand-made data)
                await tallies.add(db, int(row[0]), user_id, str(poll[1]), -int(row[1]), -1)
            return True

    async def of_chat(self, chat_id: int, since: dt.date | None = None,
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

    async def names(self, chat_id: int, user_ids: Collection[int]) -> dict[int, str]:
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

    async def results(self, chat_id: int, user_id: int | None = None
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

    async def figures(self, chat_id: int, since: dt.date | None = None,
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

    async def weeks(self, chat_id: int, starts: Sequence[dt.date], until: dt.date
                    ) -> list[tuple[int, int, int]]:
        """For the chart (``bot.charts``): people, answers and right answers to the quizzes
        of each period from ``starts[i]`` to the day before ``starts[i + 1]`` (the last to
        ``until``), one aggregate query: a row per period, never one per answer."""
        if not starts:
            return []
        # The period of a quiz day: the latest start not after it (CASE runs in order).
        period = " ".join(f"WHEN p.local_date >= ? THEN {n}"
                          for n in range(len(starts) - 1, -1, -1))
        rows = await self._fetchall(
            f"SELECT CASE {period} END AS period, COUNT(DISTINCT a.user_id), COUNT(*), "
            "SUM(a.correct) FROM quiz_polls AS p JOIN quiz_answers AS a "
            "ON a.poll_id = p.poll_id "
            "WHERE p.chat_id = ? AND p.local_date >= ? AND p.local_date <= ? GROUP BY period",
            (*(d.isoformat() for d in reversed(starts)), chat_id, starts[0].isoformat(),
             until.isoformat()))
        out = [(0, 0, 0)] * len(starts)
        for r in rows:
            out[int(r[0])] = (int(r[1]), int(r[2]), int(r[3] or 0))
        return out



class QuizSettings(Repository):
    """``quiz_settings`` (``storage.quiz_settings``): a chat's daily quiz and when it is
    next due."""

    async def set_daily(self, chat_id: int, at: dt.time | None,
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

    async def daily_time(self, chat_id: int) -> dt.time | None:
        value = await self._scalar("SELECT quiz_time FROM quiz_settings WHERE chat_id = ?",
                                   (chat_id,))
        return dt.time.fromisoformat(value) if value else None

    async def due(self, now: dt.datetime, limit: int = 500,
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

    async def set_due(self, chat_id: int, next_due: dt.datetime) -> None:
        await self._write("UPDATE quiz_settings SET next_due_utc = ? WHERE chat_id = ?",
                          (iso(next_due), chat_id))



class QuizSends(ClaimRepository):
    """``quiz_sends`` (``storage.quiz_sends``): one daily quiz per chat per local day
    (the claim queries: ``claims.py``)."""

    table = QUIZZES

    async def claim(self, chat_id: int, local_date: dt.date, tip_id: str, owner: str,
                    lease_until: dt.datetime, now: dt.datetime) -> Claim | None:
        return await self.claim_one(chat_id, local_date, owner, lease_until, now,
                                    tip_id=tip_id)

    async def sent_many(self, done: Sequence[tuple[Claim, QuizPoll, dt.datetime]],
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

    async def history(self, chat_id: int) -> list[tuple[dt.date, str, str]]:
        """(day, tip, status) of each daily quiz claimed for the chat, in order."""
        rows = await self._fetchall(
            "SELECT local_date, tip_id, status FROM quiz_sends WHERE chat_id = ? "
            "ORDER BY local_date", (chat_id,))
        return [(dt.date.fromisoformat(r[0]), str(r[1]), str(r[2])) for r in rows]

