"""The leaderboard's sums in SQL agree with the Python computation they replaced, on random
data and both back-ends: tallies all time and this week, latest names, streaks over the
team's quiz days (long ones too, which the bounded streak query counts in rounds), and
the figures /stats and the digest show, and the per-quiz results spaced repetition uses."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

import pytest

import bot.storage.base as storage_base
from bot.models import QuizPoll, QuizTallies, QuizTally
from bot.quiz import scores
from bot.storage import MIGRATIONS, Storage, tallies

TEAM, OTHER = -700, -701
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Given:
    """One stored answer, as the old code saw it (plus when it was given)."""

    user_id: int
    name: str
    day: dt.date
    correct: bool
    tip_id: str
    at: dt.datetime
    poll_id: str


def oracle(given: list[Given], today: dt.date, since: dt.date | None
           ) -> tuple[set[QuizTally], dict[int, int], dict[int, str]]:
    """The old full-load computation (``bot.quiz.scores.standings`` before the SQL), kept
    as the reference: tallies over [since, today], latest non-blank name at the latest
    answer, streaks with ``scores.streak`` over the days that have answers."""
    every = [g for g in given if g.day <= today]
    names: dict[int, str] = {}
    for g in sorted(given, key=lambda g: g.at):
        if g.name.strip(" "):
            names[g.user_id] = g.name
    quiz_days = sorted({g.day for g in every})
    right: dict[int, set[dt.date]] = defaultdict(set)
    for g in every:
        if g.correct:
            right[g.user_id].add(g.day)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for g in every:
        if since is None or g.day >= since:
            counts[g.user_id][0] += g.correct
            counts[g.user_id][1] += 1
    tallies = {QuizTally(uid, c, n) for uid, (c, n) in counts.items()}
    streaks = {uid: n for uid in right
               if (n := scores.streak(right[uid], today, quiz_days))}
    return tallies, streaks, names


async def fill(store: Storage, rng: random.Random, days: int) -> list[Given]:
    """Random quizzes of TEAM over ``days`` days: skipped days, days with several polls
    or none answered, a poll dated after the last day, renames, blank names, and two
    people who are (nearly) always right so their streaks outgrow the first window."""
    given: list[Given] = []
    start = T0.date()
    people = list(range(1, 13))
    n = 0
    for day_n in range(days + 1):  # the last day is "tomorrow" for the checks below
        day = start + dt.timedelta(days=day_n)
        if rng.random() < 0.15:
            continue  # no quiz today
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            n += 1
            poll = QuizPoll(f"p{n}", TEAM, f"t{rng.randrange(6)}", ("a", "b", "c"), 1, day,
                            n, False)
            moment = T0 + dt.timedelta(days=day_n, minutes=n)
            await store.quiz_polls.record(poll, moment)
            if rng.random() < 0.1:
                continue  # nobody answered this one
            for uid in people:
                if uid > 2 and rng.random() < 0.3:
                    continue
                chosen = 1 if (uid <= 2 and rng.random() < 0.97) or rng.random() < 0.6 else 0
                name = rng.choice((f"Người {uid}", f"Người {uid} mới", "", "  ")) \
                    if rng.random() < 0.1 else f"Người {uid}"
                at = moment + dt.timedelta(seconds=uid)  # one answer a second per person
                await store.quiz_answers.record(poll, uid, name, chosen, at)
                given.append(Given(uid, name, day, chosen == 1, poll.tip_id, at, poll.poll_id))
    # Another chat's answers never count here.
    other = QuizPoll("x1", OTHER, "t0", ("a", "b"), 0, start, 1, False)
    await store.quiz_polls.record(other, T0)
    await store.quiz_answers.record(other, 1, "Elsewhere", 0, T0)
    return given


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_sql_tallies_and_streaks_equal_the_python_computation(store: Storage,
                                                                    seed: int) -> None:
    rng = random.Random(seed)
    days = 70
    given = await fill(store, rng, days)
    last = T0.date() + dt.timedelta(days=days - 1)
    for today in (last, last - dt.timedelta(days=1), last - dt.timedelta(days=17),
                  T0.date() + dt.timedelta(days=3)):
        monday = scores.week_start(today)
        got = await store.tallies.board(TEAM, today, monday)
        all_time, streaks, names = oracle(given, today, None)
        week, _, _ = oracle(given, today, monday)
        assert set(got.all_time) == all_time, today
        assert await store.quiz_answers.names(TEAM, range(1, 14)) == names
        assert set(got.week) == week, today
        assert got.streaks == streaks, today
        if today == last:  # the long runs were counted in a second round
            assert max(streaks.values()) > 8
        # /stats and the digest: the same sums per principle as the answers say.
        chosen = [g for g in given if monday <= g.day <= today]
        people, answers, correct, tips = await store.quiz_answers.figures(TEAM, monday, today)
        assert (people, answers, correct) == (len({g.user_id for g in chosen}), len(chosen),
                                              sum(g.correct for g in chosen))
        per_tip: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for g in chosen:
            per_tip[g.tip_id][0] += g.correct
            per_tip[g.tip_id][1] += 1
        assert {t: [c, n] for t, c, n in tips} == per_tip
    # Spaced repetition: each answered poll's right answers and answers, oldest first.
    by_poll: dict[str, list[Given]] = defaultdict(list)
    for g in sorted(given, key=lambda g: int(g.poll_id[1:])):
        by_poll[g.poll_id].append(g)
    assert await store.quiz_answers.results(TEAM) == [
        (gs[0].tip_id, gs[0].day, sum(g.correct for g in gs), len(gs)) for gs in by_poll.values()]
    assert await store.quiz_answers.results(TEAM, 1) == [
        (gs[0].tip_id, gs[0].day, sum(g.correct for g in gs if g.user_id == 1), 1)
        for gs in by_poll.values() if any(g.user_id == 1 for g in gs)]


async def test_a_perfect_year_is_a_365_day_streak(store: Storage) -> None:
    """Every quiz day right for a year: the rounds widen the window until the run ends."""
    start = dt.date(2025, 1, 1)
    for n in range(365):
        day = start + dt.timedelta(days=n)
        poll = QuizPoll(f"y{n}", TEAM, "t", ("a", "b"), 0, day, n, False)
        moment = T0 + dt.timedelta(days=n)
        await store.quiz_polls.record(poll, moment)
        await store.quiz_answers.record(poll, 1, "Chăm chỉ", 0, moment)
        await store.quiz_answers.record(poll, 2, "Hôm qua sai", 0 if n != 363 else 1, moment)
    today = start + dt.timedelta(days=364)
    tallies = await store.tallies.board(TEAM, today, scores.week_start(today))
    assert tallies.streaks == {1: 365, 2: 1}
    tomorrow = today + dt.timedelta(days=1)  # not answered yet: the streak is alive
    assert (await store.tallies.board(TEAM, tomorrow, tomorrow)).streaks == {1: 365, 2: 1}
    assert await store.tallies.board(OTHER, today, today) == type(tallies)((), (), {})


async def tally_rows(store: Storage, chat: int
                     ) -> tuple[list[tuple[int, ...]], list[tuple[object, ...]]]:
    async with store._transaction() as db:
        scores_ = await db.fetchall("SELECT user_id, correct, answered FROM quiz_scores "
                                    "WHERE chat_id = ? ORDER BY user_id", (chat,))
        days = await db.fetchall("SELECT user_id, local_date, correct, answered, run "
                                 "FROM quiz_days WHERE chat_id = ? ORDER BY user_id, local_date",
                                 (chat,))
    return [tuple(int(v) for v in r) for r in scores_], [tuple(r) for r in days]


async def assert_kept_equals_recounted(store: Storage, chat: int) -> None:
    """The tallies the writes kept are those counted afresh from the answers."""
    kept = await tally_rows(store, chat)
    async with store._transaction() as db:
        await tallies.recount(db, chat)
    assert kept == await tally_rows(store, chat)


def assert_board_matches(got: QuizTallies, given: list[Given], today: dt.date) -> None:
    monday = scores.week_start(today)
    all_time, streaks, _ = oracle(given, today, None)
    week, _, _ = oracle(given, today, monday)
    assert (set(got.all_time), set(got.week), got.streaks) == (all_time, week, streaks), today


@pytest.mark.parametrize("seed", [4, 5, 6])
async def test_tallies_follow_changed_late_and_retracted_answers(store: Storage,
                                                                 seed: int) -> None:
    """Answers change their mind, come late for earlier quizzes, are taken back (the last
    of a day too, so the day stops being a quiz day), and a quiz dated back between
    answered days gets answers: after every step the kept tallies equal a recount from
    the answers, and the board equals the Python computation."""
    rng = random.Random(seed)
    start = T0.date()
    polls: list[QuizPoll] = []
    current: dict[tuple[str, int], Given] = {}
    moment = T0

    async def answer(poll: QuizPoll, uid: int) -> None:
        nonlocal moment
        moment += dt.timedelta(seconds=1)
        chosen = rng.choice((0, 1, 1))
        name = rng.choice((f"Người {uid}", "", f"Tên mới {uid}"))
        await store.quiz_answers.record(poll, uid, name, chosen, moment)
        current[(poll.poll_id, uid)] = Given(uid, name, poll.local_date, chosen == 1,
                                             poll.tip_id, moment, poll.poll_id)

    async def new_poll(day: dt.date) -> QuizPoll:
        poll = QuizPoll(f"c{len(polls)}", TEAM, f"t{rng.randrange(4)}", ("a", "b"), 1, day,
                        len(polls), False)
        await store.quiz_polls.record(poll, moment)
        polls.append(poll)
        return poll

    for n in range(24):
        day = start + dt.timedelta(days=n + n // 5)  # gaps: days without a quiz
        poll = await new_poll(day)
        for uid in range(1, 7):
            if uid <= 2 or rng.random() < 0.7:
                await answer(poll, uid)
        for _ in range(3):  # second thoughts and late answers, to any earlier quiz
            await answer(rng.choice(polls), rng.randrange(1, 7))
        if rng.random() < 0.5 and current:  # taken back
            poll_id, uid = rng.choice(sorted(current))
            assert await store.quiz_answers.retract(poll_id, uid)
            del current[(poll_id, uid)]
        if n == 12:  # a whole day's answers taken back: it is no quiz day any more
            gone = polls[5].poll_id
            for poll_id, uid in sorted(k for k in current if k[0] == gone):
                assert await store.quiz_answers.retract(poll_id, uid)
                del current[(poll_id, uid)]
        if n == 18:  # a quiz dated back into a gap between answered days
            back = await new_poll(start + dt.timedelta(days=4 + 4 // 5 + 1))
            for uid in (1, 3):
                await answer(back, uid)
        assert not await store.quiz_answers.retract(polls[0].poll_id, 99)  # had none
        given = list(current.values())
        today = day if n % 2 else day + dt.timedelta(days=1)  # answered / not yet
        assert_board_matches(await store.tallies.board(TEAM, today, scores.week_start(today)),
                             given, today)
        if n % 6 == 5:
            await assert_kept_equals_recounted(store, TEAM)
    given = list(current.values())
    for today in (day - dt.timedelta(days=9), day - dt.timedelta(days=1)):
        assert_board_matches(await store.tallies.board(TEAM, today, scores.week_start(today)),
                             given, today)
    await assert_kept_equals_recounted(store, TEAM)


async def test_a_group_that_moves_keeps_everyone_s_exact_tallies(store: Storage) -> None:
    """A group becomes a supergroup where some already answered: the board of the new
    id counts both chats' answers once each, streaks over both chats' quiz days."""
    given: list[Given] = []
    for chat, first in ((OTHER, 0), (TEAM, 6)):
        for n in range(first, first + 8):
            day = T0.date() + dt.timedelta(days=n)
            poll = QuizPoll(f"m{chat}-{n}", chat, "t", ("a", "b"), 0, day, n, False)
            moment = T0 + dt.timedelta(days=n)
            await store.quiz_polls.record(poll, moment)
            for uid in (1, 2, 3):
                chosen = 0 if uid == 1 or (uid == 2 and n % 3) else 1
                await store.quiz_answers.record(poll, uid, f"Người {uid}", chosen, moment)
                given.append(Given(uid, f"Người {uid}", day, chosen == 0, "t", moment,
                                   poll.poll_id))
    await store.migrate_chat(OTHER, TEAM)
    today = T0.date() + dt.timedelta(days=13)
    assert_board_matches(await store.tallies.board(TEAM, today, scores.week_start(today)),
                         given, today)
    assert (await store.tallies.board(TEAM, today, today)).streaks[1] == 14
    assert await tally_rows(store, OTHER) == ([], [])
    await assert_kept_equals_recounted(store, TEAM)


async def test_migration_11_counts_the_answers_given_before_it(
        target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database from before the tallies (version 10) gets them from its answers."""
    monkeypatch.setattr(storage_base, "MIGRATIONS", MIGRATIONS[:10])
    old = await Storage.open(target)
    rng = random.Random(11)
    given: list[Given] = []
    for n in range(20):
        day = T0.date() + dt.timedelta(days=n)
        poll = QuizPoll(f"o{n}", TEAM, "t", ("a", "b"), 0, day, n, False)
        moment = T0 + dt.timedelta(days=n)
        await old.quiz_polls.record(poll, moment)
        for uid in range(1, 5):
            if rng.random() < 0.8:
                right = uid == 1 or rng.random() < 0.6
                async with old._transaction() as db:  # as version 10 wrote them
                    await db.execute(
                        "INSERT INTO quiz_answers (poll_id, chat_id, user_id, name, chosen, "
                        "correct, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (poll.poll_id, TEAM, uid, f"Người {uid}", 0 if right else 1,
                         int(right), moment.isoformat()))
                given.append(Given(uid, f"Người {uid}", day, right, "t", moment,
                                   poll.poll_id))
    await old.close()
    monkeypatch.undo()
    store = await Storage.open(target)
    try:
        for today in (T0.date() + dt.timedelta(days=19), T0.date() + dt.timedelta(days=20)):
            assert_board_matches(
                await store.tallies.board(TEAM, today, scores.week_start(today)), given, today)
        await assert_kept_equals_recounted(store, TEAM)
    finally:
        await store.close()


async def test_answers_at_the_same_time_keep_exact_tallies(store: Storage) -> None:
    """Many answers of one chat at once (PostgreSQL runs them side by side on its pool):
    first answers, changed minds on adjacent days and retractions still add up."""
    rng = random.Random(7)
    polls = [QuizPoll(f"s{n}", TEAM, "t", ("a", "b"), 0, T0.date() + dt.timedelta(days=n), n,
                      False) for n in range(4)]
    for poll in polls:
        await store.quiz_polls.record(poll, T0)

    async def busy(uid: int) -> None:
        for _ in range(12):
            poll = rng.choice(polls)
            if rng.random() < 0.2:
                await store.quiz_answers.retract(poll.poll_id, uid)
            else:
                await store.quiz_answers.record(poll, uid, f"Người {uid}", rng.randrange(2), T0)

    await asyncio.gather(*(busy(uid) for uid in range(1, 9)), *(busy(1) for _ in range(3)))
    await assert_kept_equals_recounted(store, TEAM)
