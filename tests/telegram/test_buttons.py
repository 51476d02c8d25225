"""Buttons that change something are the chat's admins' only, in every kind of chat;
forged or stale button data changes nothing and says so (end to end, fake Bot API)."""

from __future__ import annotations

import sqlite3

import pytest

from bot.strings import VI
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows

CHANNEL = -100700
GROUP = -100701
ADMIN, READER = 8101, 8102


def count(bot: RunningBot, sql: str, *args: object) -> int:
    with sqlite3.connect(bot.settings.db_path) as db:
        return int(db.execute(sql, args).fetchone()[0])


def team_tips(bot: RunningBot, chat_id: int) -> int:
    return count(bot, "SELECT COUNT(*) FROM team_tips WHERE chat_id = ?", chat_id)


async def toast(api: FakeBotAPI, chat_id: int, message_id: int, data: str, user_id: int
                ) -> dict[str, object]:
    """Press a button and return the parameters of the answer to that press."""
    done = len(api.calls("answerCallbackQuery"))
    api.press_button(chat_id, message_id, data, user_id=user_id)
    calls = await api.wait_for_calls("answerCallbackQuery", done + 1)
    return calls[done].params


async def channel_post(api: FakeBotAPI, text: str) -> str:
    before = len(api.messages(CHANNEL))
    api.channel_post(CHANNEL, text)
    await api.wait_until(lambda: len(api.messages(CHANNEL)) > before, timeout=10)
    return api.messages(CHANNEL)[-1].text


async def test_a_channel_reader_cannot_delete_a_tip_or_change_topics(api: FakeBotAPI,
                                                                       bot: RunningBot) -> None:
    api.set_chat_member(CHANNEL, ADMIN, "administrator")
    api.set_chat_member(CHANNEL, READER, "member")
    assert "Đã lưu" in await channel_post(api, "/addtip Gọi lại | Gọi lại trong 24 giờ.")
    await channel_post(api, "/mytips")  # posted by the channel: its admins
    menu = api.messages(CHANNEL)[-1]
    delete = next(d for d in menu.callback_data if d.startswith("del:"))
    refused = await toast(api, CHANNEL, menu.message_id, delete, READER)
    assert refused["text"] == VI.mytips_admin_alert and refused.get("show_alert") in (True,
                                                                                        "true")
    assert team_tips(bot, CHANNEL) == 1

    await channel_post(api, "/subscribe 7h")
    await channel_post(api, "/topics")
    topics = api.messages(CHANNEL)[-1]
    refused = await toast(api, CHANNEL, topics.message_id, "topic:hau-mai", READER)
    assert refused["text"] == VI.topics_admin_alert
    assert count(bot, "SELECT COUNT(*) FROM subscriptions WHERE chat_id = ? AND topics = ''",
                 CHANNEL) == 1
    assert api.message(CHANNEL, topics.message_id).text == topics.text

    # The channel's admin may press both.
    done = await toast(api, CHANNEL, menu.message_id, delete, ADMIN)
    assert done["text"] == VI.mytips_deleted and team_tips(bot, CHANNEL) == 0
    await toast(api, CHANNEL, topics.message_id, "topic:hau-mai", ADMIN)
    await api.wait_until(lambda: "Hậu mãi" in api.message(CHANNEL, topics.message_id).text)


async def test_addtip_posted_in_a_channel_gets_an_answer(api: FakeBotAPI,
                                                          bot: RunningBot) -> None:
    text = await channel_post(api, "/addtip")
    assert str(CHANNEL) in text and "python -m bot import" in text
    assert team_tips(bot, CHANNEL) == 0


async def test_a_demoted_admin_cannot_press_the_stats_plus(api: FakeBotAPI,
                                                           bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    await say(api, GROUP, "@cskh_test_bot công thức nấu phở", chat_type="supergroup",
              user_id=ADMIN)
    await say(api, GROUP, "/stats", chat_type="supergroup", user_id=ADMIN)
    stats = api.messages(GROUP)[-1]
    plus = next(d for d in stats.callback_data if d.startswith("miss:"))
    api.set_chat_member(GROUP, ADMIN, "member")  # demoted since /stats was posted
    before = len(api.messages(GROUP))
    refused = await toast(api, GROUP, stats.message_id, plus, ADMIN)
    assert refused["text"] == VI.addtip_admin_alert
    assert len(api.messages(GROUP)) == before  # no /addtip started


@pytest.mark.parametrize("data", ["del:99999999999999999999999999", "del:²", "del:١",
                                  "del:abc", "del:-1", "del:", "del:0:0"])
async def test_forged_delete_data_deletes_nothing_and_says_so(api: FakeBotAPI, bot: RunningBot,
                                                               data: str) -> None:
    await say(api, 42, "/addtip Một | Một nội dung")
    await say(api, 42, "/mytips")
    menu = api.messages(42)[-1]
    answer = await toast(api, 42, menu.message_id, data, 42)
    assert answer["text"] == VI.mytips_nothing_deleted
    assert team_tips(bot, 42) == 1
    assert not any(m.text == VI.error_apology for m in api.messages(42))


async def test_another_chats_tip_number_deletes_nothing(api: FakeBotAPI,
                                                         bot: RunningBot) -> None:
    await say(api, 43, "/addtip Của 43 | Mẹo của chat 43")
    theirs = next(d for d in (await _mytips_menu(api, 43)).callback_data if d.startswith("del:"))
    await say(api, 44, "/addtip Của 44 | Mẹo của chat 44")
    menu = await _mytips_menu(api, 44)
    answer = await toast(api, 44, menu.message_id, theirs, 44)
    assert answer["text"] == VI.mytips_nothing_deleted
    assert team_tips(bot, 43) == 1 and team_tips(bot, 44) == 1


async def _mytips_menu(api: FakeBotAPI, chat_id: int):  # type: ignore[no-untyped-def]
    await say(api, chat_id, "/mytips")
    return api.messages(chat_id)[-1]


async def test_a_forged_vote_on_a_menu_records_nothing_and_keeps_the_menu(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 45, "/subscribe 8h")
    await say(api, 45, "/topics")
    menu = api.messages(45)[-1]
    answer = await toast(api, 45, menu.message_id, "vote:+:dh08", 45)
    assert answer["text"] == VI.unknown_button
    await bot.services.edits.drain()
    assert api.message(45, menu.message_id).reply_markup == menu.reply_markup
    assert count(bot, "SELECT COUNT(*) FROM votes") == 0


async def test_a_topic_press_on_an_inline_message_is_answered(api: FakeBotAPI,
                                                             bot: RunningBot) -> None:
    api.raw_update({"callback_query": {
        "id": "inline-1", "chat_instance": "1", "inline_message_id": "AAAA", "data": "topic:*",
        "from": {"id": ADMIN, "is_bot": False, "first_name": "Lan"}}}, open_query="inline-1")
    calls = await api.wait_for_calls("answerCallbackQuery", 1)
    assert calls[0].params["callback_query_id"] == "inline-1" and calls[0].ok


async def test_status_shows_admins_the_chat_id(api: FakeBotAPI, bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, READER, "member")
    assert str(GROUP) in await say(api, GROUP, "/status", chat_type="supergroup", user_id=ADMIN)
    assert str(GROUP) not in await say(api, GROUP, "/status", chat_type="supergroup",
                                       user_id=READER)


TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def test_a_press_answered_too_late_still_does_what_it_asks(
        api: FakeBotAPI, bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    """A press waits its turn (a file read in its chat, a restart): Telegram then refuses
    the late answer, but the press still counts and nobody is told of a failure."""
    user = 8103
    assert await say(api, user, "/tip Disney")
    tip = api.messages(user)[-1]
    api.fail("answerCallbackQuery", kind="error", status=400, description=TOO_OLD)
    api.press_button(user, tip.message_id, "more:dh08")
    await bot.settle(api)
    assert api.message(user, tip.message_id).text != tip.text  # another tip, in place
    assert not any(shows(m.text, VI.error_apology) for m in api.messages(user))
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


async def test_an_inline_query_answered_too_late_is_no_error(
        api: FakeBotAPI, bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    api.fail("answerInlineQuery", kind="error", status=400, description=TOO_OLD)
    api.inline_query("giữ chân khách hàng")
    await bot.settle(api)
    assert api.calls("answerInlineQuery")
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
