"""The offline console: lookups as before, and subscriptions on the shared services."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import schedule
from bot.cli.console import ChartMaker, html_to_text, session
from bot.config import DEFAULT_TIMEZONE
from bot.corpus import Corpus
from bot.quiz.polls import sentences
from bot.replies import Replies, commands
from bot.storage import Storage
from bot.strings import EN, VI, Strings
from tests.support.strings import shows, values


def said(template: str) -> str:
    """The fixed start of a string as the console prints it (before any placeholder)."""
    return html_to_text(template.split("{")[0]).split("\n")[0].strip()


async def chat(replies: Replies, *lines: str, lang: str = "vi") -> str:
    out: list[str] = []
    await session(replies, lang, [*lines, "/quit"], out.append)
    return "\n".join(out)


async def test_subscribe_shows_the_next_deliveries_instead_of_waiting(
        replies_fixture: Replies) -> None:
    out = await chat(replies_fixture, "/subscribe 8h30 t2-t6", "/status")
    assert out.count(said(VI.console_next)) == 2
    upcoming = next(line for line in out.splitlines() if line.startswith("🗓"))
    assert upcoming.count("08:30") == 3
    assert "Thứ Bảy" not in upcoming and "Chủ Nhật" not in upcoming


async def test_pause_resume_topics_and_digest_work_offline(replies_fixture: Replies) -> None:
    today = schedule.local_date(dt.datetime.now(dt.UTC), DEFAULT_TIMEZONE)
    out = await chat(replies_fixture, "/subscribe", "/pause 3", "/resume", "/resume",
                     "/topics", "1", "/digest t2 9h", "/unsubscribe", "/pause")
    assert f"{today + dt.timedelta(days=2):%d/%m/%Y}" in out  # paused through that day
    assert said(VI.resume_not_paused) in out  # the second /resume
    assert "✅" in out  # the first topic, toggled on by pressing [1]
    assert said(VI.console_next_digest) in out
    assert out.rstrip().splitlines()[-1].startswith("bot> " + said(VI.unsub_none))


async def test_english_console_and_aliases(replies_fixture: Replies) -> None:
    out = await chat(replies_fixture, "/subscribe 9:00 mon-fri", "/meo Disney", lang="en")
    assert "Monday to Friday" in out and said(EN.console_next) in out
    assert "Disney" in out


def test_one_alias_table_for_both_front_ends() -> None:
    assert commands.canonical("/meo") == commands.canonical("/TIP@cskh_bot") == "tip"
    assert commands.canonical("/tim") == "search"
    assert commands.canonical("/nope") is None
    # Every command in the menus is one the table knows, in both languages.
    for strings in (VI, EN):
        assert {c for c, _ in strings.commands} <= set(commands.ALIASES)


# --- issue 23: the console is the whole bot -------------------------------------------
def options_of(out: list[str]) -> tuple[str, list[str]]:
    """The last quiz the console printed: its question and its options, in order."""
    start = max(n for n, line in enumerate(out) if line.startswith("bot> 🧠 "))
    question = out[start].removeprefix("bot> 🧠 ")
    options = [line.split("] ", 1)[1] for line in out[start + 1:]
               if line.startswith("     [")]
    return question, options


def right_number(corpus: Corpus, question: str, options: list[str]) -> int:
    """Which option a reader who knows the tips would pick: the tip whose situation or
    passage the question quotes."""
    for n, option in enumerate(options, 1):
        for tip in corpus.tips:
            if tip.short == option and (any(s in question for s in tip.situations)
                                        or any(p in question for p in sentences(tip.passage))):
                return n
    raise AssertionError(f"no option fits {question!r}")


async def play(replies: Replies, answers: list[str], lang: str = "vi", *,
               charts: ChartMaker | None = None, after: tuple[str, ...] = ()) -> list[str]:
    """Type /quiz and answer each, as a user reads the options: "right", "wrong" or a
    number; then the lines of ``after``."""
    out: list[str] = []

    def typed() -> Iterator[str]:
        for given in answers:
            yield "/quiz"
            question, options = options_of(out)
            right = right_number(replies.corpus, question, options)
            yield {"right": str(right), "wrong": str(right % len(options) + 1)}.get(given, given)
        yield from after
        yield "/quit"

    await session(replies, lang, typed(), out.append, rng=random.Random(4), charts=charts)
    return out


async def test_quiz_shows_numbered_options_and_a_number_answers_it(
        replies_fixture: Replies) -> None:
    out = await play(replies_fixture, ["right", "wrong"], after=("2",))
    text = "\n".join(out)
    first = text.index("bot> 🧠 ")
    assert "[1] " in text[first:] and shows(text[first:], VI.console_quiz_how)
    verdicts = [line for line in out if line.startswith("bot> ✅") or line.startswith("bot> ❌")]
    assert shows(verdicts[0], VI.console_quiz_right)
    assert shows(verdicts[1], VI.console_quiz_wrong)
    # The explanation follows each answer, as Telegram shows it after a quiz.
    assert text.count("💡 " + said(VI.quiz_explanation)) == 2
    assert shows(text, VI.streak_personal)  # a right answer in a private chat
    # A quiz is answered once: the same number again is not a second answer.
    assert out[-1].startswith("bot> " + said(VI.console_no_button))
    assert said(VI.help) not in text


async def test_answers_count_for_the_consoles_leaderboard_and_stats(
        replies_fixture: Replies) -> None:
    async def no_chart(storage: Storage, chat_id: int, s: Strings, folder: Path) -> None:
        return None  # the chart's own tests: below and tests/test_charts.py

    out = await play(replies_fixture, ["right", "right", "wrong"], charts=no_chart,
                     after=("/bxh", "/leaderboard", "/stats"))
    text = "\n".join(out)
    boards = [values(line, VI.leaderboard_row) for line in text.splitlines()]
    mine = [v for v in boards if v]
    assert len(mine) == 4  # this week and all time, twice (/bxh and /leaderboard)
    assert {(v["name"], v["correct"], v["answered"], v["accuracy"]) for v in mine} == {
        (VI.console_you, "2", "3", "67")}
    assert values(text, VI.quiz_figures) == {"people": "1", "answers": "3", "accuracy": "67"}
    assert shows(text, VI.stats_title_private)  # the private chat's /stats
    assert said(VI.help) not in text


async def test_stats_prints_the_charts_file_when_there_is_one(replies_fixture: Replies,
                                                              tmp_path: Path) -> None:
    async def chart(storage: Storage, chat_id: int, s: Strings, folder: Path) -> Path | None:
        figures = await storage.quiz_answers.figures(chat_id)
        if not figures[1]:
            return None  # nothing answered: nothing to draw
        path = folder / "stats.png"
        path.write_bytes(b"\x89PNG")
        return path

    quiet = "\n".join(await play(replies_fixture, [], charts=chart, after=("/stats",)))
    assert said(VI.console_chart) not in quiet
    out = "\n".join(await play(replies_fixture, ["wrong"], charts=chart, after=("/stats",)))
    line = next(x for x in out.splitlines() if x.startswith(said(VI.console_chart)))
    assert line.endswith("stats.png")


async def test_what_needs_telegram_says_so_in_one_line_and_where(
        replies_fixture: Replies) -> None:
    for command, where in (("/addtip", VI.console_where_telegram),
                           ("/mytips", VI.console_where_telegram),
                           ("/riengtu", VI.console_where_telegram),
                           ("/nhap", VI.console_where_import),
                           ("/quiz daily 16h", VI.console_where_daily_quiz),
                           ("/quiz off", VI.console_where_daily_quiz)):
        out = await chat(replies_fixture, command)
        told = [line for line in out.splitlines()
                if line.startswith("bot> " + said(VI.console_unavailable))]
        assert len(told) == 1, command
        assert command.split()[0] in told[0] and shows(told[0], where), command
        assert said(VI.help) not in out.split(said(VI.console_hint))[-1], command
    # A command the bot does not know gets the help, as in a private chat on Telegram.
    out = await chat(replies_fixture, "/nope")
    assert said(VI.help) in out.split(said(VI.console_hint))[-1]


async def test_english_quiz_in_the_console(replies_fixture: Replies) -> None:
    out = "\n".join(await play(replies_fixture, ["wrong"], lang="en", after=("/bxh",)))
    assert shows(out, EN.console_quiz_wrong) and shows(out, EN.console_quiz_how)
    assert shows(out, EN.leaderboard_row) and "You" in out


@pytest.mark.process  # the chart's worker process
async def test_stats_draws_the_real_chart_once_the_console_has_answered_a_quiz(
        replies_fixture: Replies) -> None:
    quiet = "\n".join(await play(replies_fixture, [], after=("/stats",)))
    assert said(VI.console_chart) not in quiet  # nothing answered: no chart
    out = "\n".join(await play(replies_fixture, ["right"], after=("/stats",)))
    line = next(x for x in out.splitlines() if x.startswith(said(VI.console_chart)))
    assert line.endswith("stats.png")
