"""The leaderboard's sums in SQL agree with the Python computation they replaced, on random
data and both back-ends: tallies all time and this week, latest names, streaks over the
team's quiz days (long ones too, which the bounded streak query counts in rounds), and
the figures /stats and the digest show, and the per-quiz results spaced repetition uses."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

import pytest

from bot import scores
from bot.models import QuizPoll, QuizTally
from bot.storage import Storage

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
    """The old full-load computation (``bot.scores.standings`` before the SQL), kept
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
            await store.record_poll(poll, moment)
            if rng.random() < 0.1:
                continue  # nobody answered this one
            for uid in people:
                if uid > 2 and rng.random() < 0.3:
                    continue
                chosen = 1 if (uid <= 2 and rng.random() < 0.97) or rng.random() < 0.6 else 0
                name = rng.choice((f"Người {uid}", f"Người {uid} mới", "", "  ")) \
                    if rng.random() < 0.1 else f"Người {uid}"
                at = moment + dt.timedelta(seconds=uid)  # one answer a second per person
                await store.record_answer(poll, uid, name, chosen, at)
                given.append(Given(uid, name, day, chosen == 1, poll.tip_id, at, poll.poll_id))
    # Another chat's answers never count here.
    other = QuizPoll("x1", OTHER, "t0", ("a", "b"), 0, start, 1, False)
    await store.record_poll(other, T0)
    await store.record_answer(other, 1, "Elsewhere", 0, T0)
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
        got = await store.quiz_tallies(TEAM, today, monday)
        all_time, streaks, names = oracle(given, today, None)
        week, _, _ = oracle(given, today, monday)
        assert set(got.all_time) == all_time, today
        assert await store.quiz_names(TEAM, range(1, 14)) == names
        assert set(got.week) == week, today
        assert got.streaks == streaks, today
        if today == last:  # the long runs were counted in a second round
            assert max(streaks.values()) > 8
        # /stats and the digest: the same sums per principle as the answers say.
        chosen = [g for g in given if monday <= g.day <= today]
        people, answers, correct, tips = await store.quiz_figures(TEAM, monday, today)
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
    assert await store.quiz_results(TEAM) == [
        (gs[0].tip_id, gs[0].day, sum(g.correct for g in gs), len(gs)) for gs in by_poll.values()]
    assert await store.quiz_results(TEAM, 1) == [
        (gs[0].tip_id, gs[0].day, sum(g.correct for g in gs if g.user_id == 1), 1)
        for gs in by_poll.values() if any(g.user_id == 1 for g in gs)]


async def test_a_perfect_year_is_a_365_day_streak(store: Storage) -> None:
    """Every quiz day right for a year: the rounds widen the window until the run ends."""
    start = dt.date(2025, 1, 1)
    for n in range(365):
        day = start + dt.timedelta(days=n)
        poll = QuizPoll(f"y{n}", TEAM, "t", ("a", "b"), 0, day, n, False)
        moment = T0 + dt.timedelta(days=n)
        await store.record_poll(poll, moment)
        await store.record_answer(poll, 1, "Chăm chỉ", 0, moment)
        await store.record_answer(poll, 2, "Hôm qua sai", 0 if n != 363 else 1, moment)
    today = start + dt.timedelta(days=364)
    tallies = await store.quiz_tallies(TEAM, today, scores.week_start(today))
    assert tallies.streaks == {1: 365, 2: 1}
    tomorrow = today + dt.timedelta(days=1)  # not answered yet: the streak is alive
    assert (await store.quiz_tallies(TEAM, tomorrow, tomorrow)).streaks == {1: 365, 2: 1}
    assert await store.quiz_tallies(OTHER, today, today) == type(tallies)((), (), {})
