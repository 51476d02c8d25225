"""Scores from answer records: leaderboard after a week, ties, streaks, the hardest tip."""

from __future__ import annotations

import datetime as dt

from bot.scores import (
    Answer,
    hardest_principle,
    leaderboard,
    personal_streak,
    quiz_figures,
    render_leaderboard,
    standings,
    streak,
    week_start,
)
from bot.strings import EN, VI

MON = dt.date(2026, 3, 9)  # a Monday


def d(n: int) -> dt.date:
    return MON + dt.timedelta(days=n)


def ans(uid: int, name: str, n: int, correct: bool, tip: str = "t") -> Answer:
    return Answer(uid, name, d(n), correct, tip)


def test_week_start_is_monday() -> None:
    assert week_start(d(0)) == d(0)
    assert week_start(d(6)) == d(0)
    assert week_start(d(7)) == d(7)


def test_streak_over_calendar_days_and_today_not_over_yet() -> None:
    right = {d(0), d(1), d(2)}
    assert streak(right, d(2)) == 3
    assert streak(right, d(3)) == 3  # today unanswered: still alive
    assert streak(right, d(4)) == 0  # yesterday missed: broken
    assert streak(right | {d(4)}, d(4)) == 1
    assert streak(set(), d(0)) == 0


def test_streak_over_quiz_days_skips_weekends_without_quiz() -> None:
    quiz_days = [d(3), d(4), d(7), d(8)]  # Thu, Fri, (weekend: no quiz) Mon, Tue
    assert streak({d(3), d(4), d(7), d(8)}, d(8), quiz_days) == 4
    assert streak({d(3), d(7), d(8)}, d(8), quiz_days) == 2  # missed Friday's quiz
    assert streak({d(3), d(4), d(7)}, d(8), quiz_days) == 3  # Tuesday not answered yet


def test_leaderboard_after_a_week() -> None:
    answers = [
        # last week: only all-time
        ans(1, "An", -7, True), ans(1, "An", -6, True), ans(1, "An", -5, True),
        # this week
        ans(1, "An", 0, True), ans(1, "An", 1, False),
        ans(2, "Bình", 0, True), ans(2, "Bình", 1, True), ans(2, "Bình", 2, True),
        ans(3, "Chi", 0, False), ans(3, "Chi", 1, True), ans(3, "Chi", 2, True),
        ans(3, "Chi", 2, True),
    ]
    board = leaderboard(answers, d(2))
    assert board.week_start == d(0)
    assert [(s.rank, s.name, s.correct, s.answered) for s in board.week] == [
        (1, "Bình", 3, 3), (2, "Chi", 3, 4), (3, "An", 1, 2)]
    assert [(s.rank, s.name, s.correct) for s in board.all_time] == [
        (1, "An", 4), (2, "Bình", 3), (3, "Chi", 3)]
    by_name = {s.name: s for s in board.week}
    assert by_name["Bình"].streak == 3 and by_name["Bình"].percent == 100
    assert by_name["Chi"].streak == 2 and by_name["Chi"].percent == 75
    assert by_name["An"].streak == 0  # wrong on day 1, nothing on day 2


def test_ties_share_a_rank_and_are_listed_by_name_then_id() -> None:
    answers = [ans(30, "Đức", 0, True), ans(10, "duc", 0, True), ans(20, "Anh", 0, True),
               ans(40, "Bảo", 0, True), ans(40, "Bảo", 0, False)]
    rows = standings(answers, d(0))
    assert [(s.rank, s.user_id) for s in rows] == [(1, 20), (1, 10), (1, 30), (4, 40)]
    # Input order never changes the result.
    assert standings(list(reversed(answers)), d(0)) == rows


def test_accuracy_then_streak_break_equal_right_answers() -> None:
    answers = [ans(1, "A", 0, True), ans(1, "A", 1, True),  # 2 of 2, streak 2
               ans(2, "B", 0, True), ans(2, "B", 1, True), ans(2, "B", 1, False),  # 2/3
               ans(3, "C", -1, True), ans(3, "C", 1, True)]  # 2 of 2, day 0 missed
    rows = standings(answers, d(1))
    assert [(s.user_id, s.rank, s.streak) for s in rows] == [(1, 1, 2), (3, 2, 1), (2, 3, 2)]


def test_latest_name_is_shown_and_people_who_left_still_count() -> None:
    answers = [ans(1, "Old name", 0, True), ans(1, "New name", 1, True),
               ans(2, "Left the group", 0, True)]
    rows = standings(answers, d(1))
    assert [s.name for s in rows] == ["New name", "Left the group"]


def test_names_are_escaped_only_by_the_renderer() -> None:
    answers = [ans(1, "<b>Tí</b> & Tèo", 0, True)]
    board = leaderboard(answers, d(0))
    assert board.week[0].name == "<b>Tí</b> & Tèo"  # stored as shown
    html = render_leaderboard(board, VI)
    assert "&lt;b&gt;Tí&lt;/b&gt; &amp; Tèo" in html and "<b>Tí</b>" not in html
    assert "1. &lt;b&gt;Tí" in html and "1 câu đúng / 1 · 100% · 🔥 1 ngày" in html
    empty = render_leaderboard(leaderboard([], d(0)), EN)
    assert empty.count("Nobody has answered a quiz yet.") == 2


def test_week_board_is_empty_on_monday_before_anyone_answers() -> None:
    board = leaderboard([ans(1, "An", -1, True)], d(0))
    assert board.week == () and len(board.all_time) == 1
    assert board.all_time[0].streak == 1  # Sunday's right answer; Monday not over


def test_personal_streak() -> None:
    answers = [ans(7, "Me", 0, True), ans(7, "Me", 1, True), ans(7, "Me", 2, False),
               ans(8, "Other", 2, True)]
    assert personal_streak(answers, 7, d(1)) == 2
    assert personal_streak(answers, 7, d(2)) == 2  # wrong today, the day is not over
    assert personal_streak(answers, 7, d(3)) == 0
    assert personal_streak(answers, 9, d(3)) == 0


def test_hardest_principle_needs_enough_answers() -> None:
    answers = ([ans(u, "x", 0, False, "rare") for u in range(2)]  # 0 %, only 2 answers
               + [ans(u, "x", 0, u < 2, "hard") for u in range(6)]  # 2/6
               + [ans(u, "x", 0, u < 4, "easy") for u in range(6)]  # 4/6
               + [ans(u, "x", 0, u < 3, "hard2") for u in range(9)])  # 3/9 = 2/6, more
    hardest = hardest_principle(answers)
    assert hardest is not None and (hardest.tip_id, hardest.correct) == ("hard2", 3)
    assert hardest.percent == 33
    assert hardest_principle(answers, min_answers=2).tip_id == "rare"  # type: ignore[union-attr]
    assert hardest_principle(answers[:2]) is None


def test_quiz_figures_for_a_period() -> None:
    answers = [ans(1, "A", 0, True, "a"), ans(2, "B", 0, False, "a"), ans(1, "A", 8, True)]
    week = quiz_figures(answers, since=d(0), until=d(6), min_answers=2)
    assert (week.people, week.answers, week.correct, week.percent) == (2, 2, 1, 50)
    assert week.hardest is not None and week.hardest.tip_id == "a"
    assert quiz_figures([]).percent == 0
