"""Issue 16: the words people read and what a new user meets in the first minutes.

Telegram's side through the fake Bot API (menus per scope, descriptions, HTML defaults,
/status for admins, /stats in a private chat, inline "today's principle"); the shared
replies and the console directly. Assertions use ``Strings`` fields, not sentences.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot import schedule
from bot.cli.console import html_to_text, run_console, session
from bot.config import DEFAULT_TIMEZONE
from bot.corpus import Corpus
from bot.render import show_date, source_details, tip_html, tip_plain
from bot.replies import Button, Replies, Reply, commands
from bot.strings import EN, VI, Strings
from bot.text.normalize import canonical_tones
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.UTC
ADMIN, MEMBER = 7001, 7002
GROUP = -100777


def prefix(template: str) -> str:
    """The fixed start of a template, as shown (before its first placeholder)."""
    return html_to_text(template.split("{")[0]).strip()


# --- the words people read ------------------------------------------------------------

def test_shown_text_has_one_tone_mark_style(corpus: Corpus) -> None:
    assert Reply("Khách thoả mãn, hoà nhã, khoẻ").html == "Khách thỏa mãn, hòa nhã, khỏe"
    assert Button("hoà", "x").text == "hòa"
    # A team's own tip typed with the other style reads like the seeds next to it.
    tip = dataclasses.replace(corpus.tips[0], principle="Làm khách thoả mãn",
                              passage="Giữ hoà khí với khách.")
    for shown in (tip_plain(tip), tip_html(tip)):
        assert "thỏa mãn" in shown and "hòa khí" in shown
        assert "thoả" not in shown and "hoà" not in shown
    for tip in corpus.tips:
        assert canonical_tones(tip_plain(tip)) == tip_plain(tip)


def test_source_card_date_is_day_first_in_vietnamese(corpus: Corpus) -> None:
    dated = [t for t in corpus.tips if t.source.date]
    assert dated
    iso = dated[0].source.date
    day = dt.date.fromisoformat(iso)
    card = source_details(dated[0], VI)
    assert f"{day:%d/%m/%Y}" in card and iso not in card
    assert iso not in source_details(dated[0], EN)
    assert show_date("2013-10-11") == "11/10/2013"  # 11 October, not 10 November
    assert show_date("không rõ") == "không rõ"


async def test_schedule_in_words(replies_fixture: Replies) -> None:
    out = await console(replies_fixture, "/subscribe 8h")
    zone = schedule.describe_zone(DEFAULT_TIMEZONE, VI)
    assert VI.schedule_every_day.format(time="08:00", zone=zone) in out
    assert DEFAULT_TIMEZONE not in out
    out = await console(replies_fixture, "/subscribe 9h +01:00")
    assert prefix(VI.zone_fixed_offset_note) in out  # will not follow summer time


# --- the first minutes: Telegram ------------------------------------------------------

def commands_in(api: FakeBotAPI, scope: str, lang: str = "") -> list[str]:
    return [c["command"] for c in api.commands({"type": scope}, language_code=lang)]


async def test_command_menus_per_scope_in_both_languages(api: FakeBotAPI,
                                                         bot: RunningBot) -> None:
    every = [c for c, _ in VI.commands]
    for lang in ("", "en"):
        assert commands_in(api, "all_private_chats", lang) == every
        assert commands_in(api, "all_chat_administrators", lang) == every
        members = commands_in(api, "all_group_chats", lang)
        assert members == [c for c in every if c in commands.GROUP_MEMBER_MENU]
        for admin_only in ("subscribe", "unsubscribe", "pause", "stats", "addtip", "privacy"):
            assert admin_only not in members
        assert commands_in(api, "default", lang) == every
    descriptions = {c["description"] for c in api.commands({"type": "all_private_chats"},
                                                           language_code="en")}
    assert descriptions == {d for _, d in EN.commands}


async def test_descriptions_in_both_languages(api: FakeBotAPI, bot: RunningBot) -> None:
    for strings, lang in ((VI, ""), (EN, "en")):
        assert api.description(lang) == strings.bot_description
        assert api.description(lang, short=True) == strings.bot_short_description
    assert len(VI.bot_short_description) <= 120 and len(EN.bot_short_description) <= 120


async def test_html_and_no_link_previews_come_from_the_defaults(api: FakeBotAPI,
                                                                bot: RunningBot) -> None:
    await say(api, 7100, "/tip")
    sent = api.calls("sendMessage", chat_id=7100)[-1].params
    assert sent["parse_mode"] == "HTML"
    assert sent["link_preview_options"]["is_disabled"] is True
    api.inline_query("khách đổ lỗi")
    results = (await api.wait_for_calls("answerInlineQuery", 1))[-1].params["results"]
    assert results[0]["input_message_content"]["parse_mode"] == "HTML"


async def test_quiz_polls_stay_plain_text_under_the_html_defaults(
        api: FakeBotAPI, bot: RunningBot, corpus: Corpus) -> None:
    import random

    from bot.quiz import polls as quizmod
    from bot.telegram.quizsender import send_quiz_poll

    tip = dataclasses.replace(corpus.tips[0], principle="Khách <3 & nhân viên <b>vui</b>")
    quiz = quizmod.build_quiz(tip, corpus.tips, random.Random(1), VI)
    await send_quiz_poll(bot.app.bot, 7400, quiz, False)  # type: ignore[attr-defined]
    params = api.calls("sendPoll", chat_id=7400)[-1].params
    assert "question_parse_mode" not in params and "explanation_parse_mode" not in params
    assert all("text_parse_mode" not in option for option in params["options"])


async def test_status_shows_admins_the_next_tip(api: FakeBotAPI, bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")
    await say(api, GROUP, "/subscribe 8h30", chat_type="supergroup", user_id=ADMIN)
    lead = prefix(VI.status_next_tip)
    member = await say(api, GROUP, "/status", chat_type="supergroup", user_id=MEMBER)
    assert lead not in member
    admin = await say(api, GROUP, "/status", chat_type="supergroup", user_id=ADMIN)
    line = next(x for x in admin.splitlines() if x.startswith(lead))
    previewed = line[len(lead):].strip()
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 30, tzinfo=UTC))  # 08:30 local
    assert (await bot.tick()).sent == 1
    assert previewed in api.messages(GROUP)[-1].text  # what the team then got


async def test_private_stats_are_the_users_not_a_groups(api: FakeBotAPI,
                                                        bot: RunningBot) -> None:
    text = await say(api, 7200, "/stats")
    assert VI.stats_title_private in text and VI.stats_title_group not in text


async def test_inline_todays_principle_is_the_tip_the_chat_received(
        api: FakeBotAPI, bot: RunningBot, corpus: Corpus) -> None:
    user = 7300
    await say(api, user, "/subscribe 8h")
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    assert (await bot.tick()).sent == 1
    got = api.messages(user)[-1].text
    received = next(t for t in corpus.tips if t.principle in got)
    api.inline_query("", user_id=user)
    call = (await api.wait_for_calls("answerInlineQuery", 1))[-1].params
    assert call["results"][0]["id"] == received.id
    assert call["is_personal"] is True


# --- the first minutes: the console ---------------------------------------------------

async def console(replies: Replies, *lines: str, lang: str = "vi") -> str:
    out: list[str] = []
    await session(replies, lang, [*lines, "/quit"], out.append)
    return "\n".join(out)


def strings_for(lang: str) -> Strings:
    return EN if lang == "en" else VI


@pytest.mark.parametrize("lang", ["vi", "en"])
async def test_console_votes_instead_of_calling_the_button_old(replies_fixture: Replies,
                                                               lang: str) -> None:
    s = strings_for(lang)
    out = await console(replies_fixture, "/tip", "1", "1", "2", lang=lang)
    assert s.unknown_button not in out
    assert s.vote_up_done in out and s.vote_removed in out and s.vote_down_done in out


async def test_console_number_without_a_button_is_not_a_search(
        replies_fixture: Replies) -> None:
    out = await console(replies_fixture, "/unsubscribe", "1")
    assert out.rstrip().splitlines()[-1] == "bot> " + VI.console_no_button.format(n=1)
    assert prefix(VI.no_results) not in out


def test_console_prompt_in_each_language(replies_fixture: Replies,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert EN.console_prompt != VI.console_prompt
    for lang in ("en", "vi"):
        monkeypatch.setattr(sys, "stdin", io.StringIO("/quit\n"))
        run_console(replies_fixture, lang)
        printed = capsys.readouterr().out
        assert strings_for(lang).console_prompt + "/quit" in printed
    assert VI.console_prompt not in EN.console_prompt


@pytest.mark.process
def test_make_chat_passes_the_language() -> None:
    dry = subprocess.run(["make", "-n", "chat", "ARGS=--lang en"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "bot chat --lang en" in dry
