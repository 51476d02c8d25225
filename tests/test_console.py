"""The offline console: lookups as before, and subscriptions on the shared services."""

from __future__ import annotations

import datetime as dt

from bot import commands, schedule
from bot.config import DEFAULT_TIMEZONE
from bot.console import html_to_text, session
from bot.replies import Replies
from bot.strings import EN, VI


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
