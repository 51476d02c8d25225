"""Spaced repetition over fake days: 1, then 3, then 7 days after a wrong answer."""

from __future__ import annotations

import datetime as dt

from bot.quiz.repetition import (
    RECENT,
    REPEAT,
    Choice,
    Outcome,
    choose_daily_quiz_tip,
    due_date,
    due_repetitions,
    team_outcome,
)

DAY0 = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def test_nothing_to_repeat_without_a_wrong_answer() -> None:
    assert due_date([]) is None
    assert due_date([Outcome(day(0), True), Outcome(day(5), True)]) is None


def test_one_three_seven_then_seven_until_right() -> None:
    history: list[Outcome] = []
    expected = [1, 4, 11, 18, 25]  # wrong on each day it comes back
    when = 0
    for due in expected:
        history.append(Outcome(day(when), False))
        assert due_date(history) == day(due)
        when = due
    history.append(Outcome(day(when), True))
    assert due_date(history) is None
    # A new mistake weeks later starts the ladder again at one day.
    history.append(Outcome(day(60), False))
    assert due_date(history) == day(61)


def test_right_before_it_is_due_ends_it_and_order_of_input_does_not_matter() -> None:
    assert due_date([Outcome(day(3), True), Outcome(day(2), False)]) is None
    assert due_date([Outcome(day(3), False), Outcome(day(2), True)]) == day(4)


def test_several_wrong_answers_on_one_day_are_one_step() -> None:
    same_day = [Outcome(day(0), False)] * 3
    assert due_date(same_day) == day(1)
    # Wrong then right on the same day (practising again): done.
    assert due_date([Outcome(day(0), False), Outcome(day(0), True)]) is None


def test_team_outcome_needs_a_majority_and_silence_is_no_result() -> None:
    assert team_outcome(day(0), []) is None
    assert team_outcome(day(0), [True, True, False]) == Outcome(day(0), True)
    assert team_outcome(day(0), [True, False]) == Outcome(day(0), False)


def test_due_repetitions_most_overdue_first() -> None:
    histories = {
        "b": [Outcome(day(0), False)],  # due day 1
        "a": [Outcome(day(2), False)],  # due day 3
        "c": [Outcome(day(0), False), Outcome(day(1), True)],  # done
        "d": [Outcome(day(5), False)],  # due day 6: not yet
    }
    assert due_repetitions(histories, day(4)) == ["b", "a"]
    assert due_repetitions(histories, day(0)) == []


def test_choice_prefers_due_repetition_then_recent_tips() -> None:
    recent = ["t3", "t2", "t1"]  # most recent first
    always = lambda _tip_id: True  # noqa: E731
    histories = {"t9": [Outcome(day(0), False)]}
    assert choose_daily_quiz_tip(day(1), histories, recent, always) == Choice("t9", REPEAT)
    # Not due yet: the most recent tip nobody was quizzed on.
    assert choose_daily_quiz_tip(day(0), histories, recent, always) == Choice("t3", RECENT)
    histories = {"t3": [Outcome(day(0), True)], "t2": [Outcome(day(1), True)]}
    assert choose_daily_quiz_tip(day(2), histories, recent, always) == Choice("t1", RECENT)
    # Every recent tip quizzed: the one quizzed longest ago, never one asked today.
    histories["t1"] = [Outcome(day(2), True)]
    assert choose_daily_quiz_tip(day(2), histories, recent, always) == Choice("t3", RECENT)
    only_today = {t: [Outcome(day(2), True)] for t in recent}
    assert choose_daily_quiz_tip(day(2), only_today, recent, always) is None
    assert choose_daily_quiz_tip(day(2), {}, [], always) is None


def test_choice_skips_tips_that_cannot_be_quizzed() -> None:
    histories = {"gone": [Outcome(day(0), False)]}
    can = lambda tip_id: tip_id != "gone" and tip_id != "t3"  # noqa: E731
    assert choose_daily_quiz_tip(day(5), histories, ["t3", "t2"], can) == Choice("t2", RECENT)


def test_a_month_of_fake_days_with_a_team_that_learns() -> None:
    """Daily quizzes for 30 days: the team misses "x" three times, then gets it right."""
    histories: dict[str, list[Outcome]] = {}
    delivered: list[str] = []
    asked: dict[str, list[int]] = {}
    misses_left = {"x": 3}
    for n in range(30):
        delivered.insert(0, "x" if n == 0 else f"tip{n}")  # today's daily tip
        choice = choose_daily_quiz_tip(day(n), histories, delivered[:7], lambda _t: True)
        assert choice is not None
        asked.setdefault(choice.tip_id, []).append(n)
        wrong = misses_left.get(choice.tip_id, 0) > 0
        if wrong:
            misses_left[choice.tip_id] -= 1
        histories.setdefault(choice.tip_id, []).append(Outcome(day(n), not wrong))
    # Asked on day 0 (new), then back after 1, 3 and 7 days; right on day 11, then gone.
    assert asked["x"] == [0, 1, 4, 11]
    # Every other day's quiz was about the tip delivered that day.
    assert all(asked.get(f"tip{n}") == [n] for n in range(2, 30) if n not in (4, 11))
