"""The chart's sums (issue 22) agree with the answers they come from, on both back-ends:
people, answers and right answers per week for 8 weeks, and the hardest principles."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest

from bot import charts
from bot.quiz import scores
from bot.storage import Storage
from tests.storage.test_leaderboard import T0, TEAM, fill


@pytest.mark.parametrize("seed", [1, 2])
async def test_weekly_sums_and_hardest_principles_equal_the_answers(store: Storage,
                                                                    seed: int) -> None:
    given = await fill(store, random.Random(seed), 70)
    labels = {f"t{n}": f"Nguyên tắc số {n}" for n in range(5)}  # t5: a deleted tip
    until = T0.date() + dt.timedelta(days=66)  # a Friday: its week is not over
    data = await charts.chart_data(store, TEAM, until, labels)
    mondays = charts.mondays(until)
    assert [w.monday for w in data.weeks] == mondays
    assert mondays[-1] == scores.week_start(until) and len(mondays) == 8
    for week in data.weeks:
        inside = [g for g in given
                  if week.monday <= g.day <= min(week.monday + dt.timedelta(days=6), until)]
        assert (week.people, week.answers, week.correct) == (
            len({g.user_id for g in inside}), len(inside), sum(g.correct for g in inside))
    # The principles: lowest accuracy first, among those with enough answers.
    per_tip: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g in given:
        if mondays[0] <= g.day <= until and g.tip_id in labels:
            per_tip[g.tip_id][0] += g.correct
            per_tip[g.tip_id][1] += 1
    ranked = sorted(((c / n, -n, tip) for tip, (c, n) in per_tip.items()
                     if n >= scores.MIN_ANSWERS_HARDEST))
    assert [(p.label, p.correct, p.answered) for p in data.hardest] == [
        (labels[tip], per_tip[tip][0], per_tip[tip][1]) for _, _, tip in ranked[:5]]
    assert not data.empty


async def test_a_team_without_answers_in_the_weeks_has_an_empty_chart(store: Storage) -> None:
    await fill(store, random.Random(4), 20)
    later = T0.date() + dt.timedelta(days=200)  # 8 weeks after the last answer
    data = await charts.chart_data(store, TEAM, later, {})
    assert data.empty and data.hardest == ()
    assert [w.answers for w in data.weeks] == [0] * 8
    assert (await charts.chart_data(store, -1, later, {})).empty  # never answered
