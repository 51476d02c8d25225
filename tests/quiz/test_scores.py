"""Scores: ranking and ties, streaks, hostile names, a board that is one message whatever the
names, the hardest tip. (The sums themselves: tests/storage/test_leaderboard.py.)"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.models import QuizTallies, QuizTally
from bot.quiz.scores import (
    LEADERBOARD_SIZE,
    Answer,
    Hardest,
    Leaderboard,
    hardest_principle,
    leaderboard,
    named,
    personal_streak,
    quiz_figures,
    render_leaderboard,
    standings,
    streak,
    week_start,
)
from bot.render import MAX_MESSAGE_LENGTH, telegram_length
from bot.strings import EN, VI, Strings
from bot.text.normalize import NAME_LIMIT
from tests.support.strings import shows, values

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


NAMES: dict[int, str] = {}


def tally(uid: int, name: str, correct: int, answered: int) -> QuizTally:
    NAMES[uid] = name
    return QuizTally(uid, correct, answered)


def board_of(week: list[QuizTally], all_time: list[QuizTally],
             streaks: dict[int, int] | None = None) -> Leaderboard:
    tallies = QuizTallies(tuple(all_time), tuple(week), streaks or {})
    names = {uid: NAMES[uid] for uid in named(tallies)}  # only those the board needs
    return leaderboard(tallies, names, MON)


def test_leaderboard_ranks_the_week_and_all_time() -> None:
    board = board_of([tally(1, "An", 1, 2), tally(2, "Bình", 3, 3), tally(3, "Chi", 3, 4)],
                     [tally(1, "An", 4, 5), tally(2, "Bình", 3, 3), tally(3, "Chi", 3, 4)],
                     {2: 3, 3: 2})
    assert board.week_start == MON
    assert [(s.rank, s.name, s.correct, s.answered) for s in board.week] == [
        (1, "Bình", 3, 3), (2, "Chi", 3, 4), (3, "An", 1, 2)]
    assert [(s.rank, s.name, s.correct) for s in board.all_time] == [
        (1, "An", 4), (2, "Bình", 3), (3, "Chi", 3)]
    by_name = {s.name: s for s in board.week}
    assert by_name["Bình"].streak == 3 and by_name["Bình"].percent == 100
    assert by_name["Chi"].streak == 2 and by_name["Chi"].percent == 75
    assert by_name["An"].streak == 0


def test_ties_share_a_rank_and_are_listed_by_name_then_id() -> None:
    tallies = [tally(30, "Đức", 1, 1), tally(10, "duc", 1, 1), tally(20, "Anh", 1, 1),
               tally(40, "Bảo", 1, 2)]
    rows = standings(tallies, {}, NAMES)
    assert [(s.rank, s.user_id) for s in rows] == [(1, 20), (1, 10), (1, 30), (4, 40)]
    # Input order never changes the result.
    assert standings(list(reversed(tallies)), {}, NAMES) == rows


def test_accuracy_then_streak_break_equal_right_answers() -> None:
    rows = standings([tally(1, "A", 2, 2), tally(2, "B", 2, 3), tally(3, "C", 2, 2)],
                     {1: 2, 2: 2, 3: 1}, NAMES)
    assert [(s.user_id, s.rank, s.streak) for s in rows] == [(1, 1, 2), (3, 2, 1), (2, 3, 2)]


def test_names_are_escaped_only_by_the_renderer() -> None:
    board = board_of([tally(1, "<b>Tí</b> & Tèo", 1, 1)], [tally(1, "<b>Tí</b> & Tèo", 1, 1)],
                     {1: 1})
    assert board.week[0].name == "<b>Tí</b> & Tèo"  # plain text until rendered
    html = render_leaderboard(board, VI)
    assert "&lt;b&gt;Tí&lt;/b&gt; &amp; Tèo" in html and "<b>Tí</b>" not in html
    assert "1. &lt;b&gt;Tí" in html and "1 câu đúng / 1 · 100% · 🔥 1 ngày" in html
    empty = render_leaderboard(board_of([], []), EN)
    assert empty.count("Nobody has answered a quiz yet.") == 2


def test_a_streak_is_shown_only_when_there_is_one() -> None:
    """Issue 23: someone without a streak does not read "🔥 0 ngày"."""
    people = [tally(1, "An", 2, 2), tally(2, "Bảo", 1, 2)]
    for strings in (VI, EN):
        html = render_leaderboard(board_of(people, people, {1: 3}), strings)
        an, bao = (next(line for line in html.split("\n\n")[0].splitlines() if name in line)
                   for name in ("An", "Bảo"))
        assert values(an, strings.leaderboard_streak) == {"streak": "3"}
        assert "🔥" not in bao and shows(bao, strings.leaderboard_row)
    assert "🔥 3 days" in render_leaderboard(board_of(people, people, {1: 3}), EN)


HOSTILE = ("\u202eTên ngược\u202c", "\u2066cô lập\u2069 và \u200fRTL", "\x1b[31mđỏ\x1b[0m",
           "Dòng 1\nDòng 2\r\n\tDòng 3", "\x85\x9b2J C1", "مرحبا بالعالم", "👨\u200d👩\u200d👧")


def test_names_lose_control_and_bidi_characters() -> None:
    board = board_of([], [tally(n, name, 1, 1) for n, name in enumerate(HOSTILE)])
    html = render_leaderboard(board, EN)
    for bad in ("\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\x1b", "\x85", "\x9b",
                "\r", "\t", "\u200d"):
        assert bad not in html
    names = {s.name for s in board.all_time}
    assert "Tên ngược" in names and "cô lập và RTL" in names and "Dòng 1 Dòng 2 Dòng 3" in names
    assert "[31mđỏ [0m" in names and "مرحبا بالعالم" in names
    assert standings([tally(9, "\u202e\u2066 \n", 1, 1)], {}, NAMES)[0].name == "9"  # nothing left
    assert standings([QuizTally(10, 1, 1)], {}, {})[0].name == "10"  # no name at all


@pytest.mark.parametrize("strings", [VI, EN])
@pytest.mark.parametrize("name", ["x" * 4000, "😀" * 4000, "مرحبا " * 700, "&<>\"" * 1000,
                                  "Nguyễn Thị Minh Khai"])
def test_the_board_is_one_message_whatever_the_names(strings: Strings, name: str) -> None:
    people = [tally(uid, f"{name}{uid}", 500 - uid, 500) for uid in range(1, 501)]
    html = render_leaderboard(board_of(people, people, {1: 300}), strings)
    assert telegram_length(html) <= MAX_MESSAGE_LENGTH
    week, _, all_time = html.partition("\n\n")
    for part in (week, all_time):
        lines = part.splitlines()
        shown = [v for line in lines if (v := values(line, strings.leaderboard_row))]
        assert 1 <= len(shown) <= LEADERBOARD_SIZE
        assert values(lines[-1], strings.leaderboard_more) == {"count": str(500 - len(shown))}
    assert all(len(s.name.encode("utf-16-le")) // 2 <= NAME_LIMIT
               for s in board_of(people, people).all_time)


def test_the_cut_says_how_many_are_not_shown_in_the_plural_english_needs() -> None:
    people = [tally(uid, f"P{uid}", 1, 1) for uid in range(1, 12)]
    en = render_leaderboard(board_of(people, people), EN)
    cuts = [v for line in en.splitlines() if (v := values(line, EN.leaderboard_more))]
    assert cuts == [{"count": "1"}] * 2 and "… and 1 other" in en and "1 others" not in en
    assert shows(render_leaderboard(board_of(people, people), VI, limit=5),
                 VI.leaderboard_more)
    assert "… and" not in render_leaderboard(board_of(people[:10], []), EN)


def test_week_board_is_empty_on_monday_before_anyone_answers() -> None:
    board = board_of([], [tally(1, "An", 1, 1)], {1: 1})
    assert board.week == () and len(board.all_time) == 1
    assert board.all_time[0].streak == 1


def test_personal_streak() -> None:
    answers = [ans(7, "Me", 0, True), ans(7, "Me", 1, True), ans(7, "Me", 2, False),
               ans(8, "Other", 2, True)]
    assert personal_streak(answers, 7, d(1)) == 2
    assert personal_streak(answers, 7, d(2)) == 2  # wrong today, the day is not over
    assert personal_streak(answers, 7, d(3)) == 0
    assert personal_streak(answers, 9, d(3)) == 0


def test_hardest_principle_needs_enough_answers() -> None:
    tips = [Hardest("rare", 0, 2), Hardest("hard", 2, 6), Hardest("easy", 4, 6),
            Hardest("hard2", 3, 9)]  # 3/9 = 2/6, with more answers
    hardest = hardest_principle(tips)
    assert hardest is not None and (hardest.tip_id, hardest.correct) == ("hard2", 3)
    assert hardest.percent == 33
    assert hardest_principle(tips, min_answers=2).tip_id == "rare"  # type: ignore[union-attr]
    assert hardest_principle(tips[:1]) is None


def test_quiz_figures_for_a_period() -> None:
    week = quiz_figures(2, 2, 1, [Hardest("a", 1, 2)], min_answers=2)
    assert (week.people, week.answers, week.correct, week.percent) == (2, 2, 1, 50)
    assert week.hardest is not None and week.hardest.tip_id == "a"
    assert quiz_figures(0, 0, 0, []).percent == 0
