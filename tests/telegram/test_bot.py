"""The bot end to end: real Application, real HTTP, fake Bot API server, real SQLite."""

from __future__ import annotations

import sqlite3

import pytest

from bot.strings import EN, VI
from tests.conftest import RunningBot, reply_to
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows

USER = 5001
GROUP = -100200300


async def test_start_welcomes_in_vietnamese_with_buttons_and_records_chat(
        api: FakeBotAPI, bot: RunningBot) -> None:
    text = await reply_to(api, USER, "/start", first_name="Lan")
    assert shows(text, VI.welcome) and "Lan" in text
    buttons = api.messages(USER)[-1].callback_data
    assert "rand" in buttons and "help:search" in buttons and "help:subscribe" in buttons
    with sqlite3.connect(bot.settings.db_path) as db:
        assert db.execute("SELECT type FROM chats WHERE chat_id = ?", (USER,)).fetchone() == (
            "private",)


async def test_english_user_gets_english(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await reply_to(api, USER, "/start", language_code="en-GB", first_name="Anna")
    assert shows(text, EN.welcome) and "Anna" in text
    help_text = await reply_to(api, USER, "/help", language_code="en")
    assert shows(help_text, EN.help)


async def test_help_lists_every_command_with_an_example(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await reply_to(api, USER, "/help")
    for command in ("/tip", "/search", "/quiz", "/leaderboard", "/bxh", "/help"):
        assert command in text
    assert "@cskh_test_bot" in text


async def test_tip_random_and_by_keyword_with_buttons(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await reply_to(api, USER, "/tip")
    assert "💡" in text and f"— {VI.source_label}:" in text
    data = api.messages(USER)[-1].callback_data
    assert any(d.startswith("more:") for d in data) and any(d.startswith("src:") for d in data)
    text = await reply_to(api, USER, "/tip Disney")
    assert "Disney" in text


async def test_tip_without_match_says_so_and_offers_topics(api: FakeBotAPI,
                                                           bot: RunningBot) -> None:
    text = await reply_to(api, USER, "/tip công thức nấu phở")
    assert shows(text, VI.no_results) and "công thức nấu phở" in text
    data = api.messages(USER)[-1].callback_data
    assert data[-1] == "rand" and all(d.startswith("ttip:") for d in data[:-1]) and data[:-1]


async def test_search_lists_matches_with_a_button_each(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await reply_to(api, USER, "/search dam me")
    assert shows(text, VI.results_header)
    data = api.messages(USER)[-1].callback_data
    assert 1 <= len(data) <= 5 and all(d.startswith("tip:") for d in data)


async def test_search_without_keywords_shows_usage(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await reply_to(api, USER, "/search")
    assert shows(text, VI.search_usage)


async def test_plain_text_in_private_chat_is_a_lookup(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await reply_to(api, USER, "lam sao giu chan khach hang cu?")
    assert "💡" in text


async def test_buttons_another_tip_edits_and_source_sends(api: FakeBotAPI,
                                                          bot: RunningBot) -> None:
    await reply_to(api, USER, "/tip Disney")
    message = api.messages(USER)[-1]
    api.press_button(USER, message.message_id, "more:dh08")
    await api.wait_for_calls("answerCallbackQuery", 1)
    await api.wait_until(lambda: api.message(USER, message.message_id).text != message.text)
    assert "Disney" not in api.message(USER, message.message_id).text
    count = len(api.messages(USER))
    api.press_button(USER, message.message_id, "src:dh08")
    await api.wait_until(lambda: len(api.messages(USER)) > count)
    assert "Định hướng khách hàng" in api.messages(USER)[-1].text


async def test_stale_button_gets_a_friendly_answer(api: FakeBotAPI, bot: RunningBot) -> None:
    await reply_to(api, USER, "/tip")
    message = api.messages(USER)[-1]
    count = len(api.messages(USER))
    api.press_button(USER, message.message_id, "tip:khong-con")
    await api.wait_until(lambda: len(api.messages(USER)) > count)
    assert shows(api.messages(USER)[-1].text, VI.unknown_button)


async def test_group_silent_on_ordinary_talk(api: FakeBotAPI, bot: RunningBot) -> None:
    api.send_text(GROUP, "hôm nay khách đông quá mọi người ơi", chat_type="supergroup",
                  user_id=USER)
    api.send_text(GROUP, "/tip@cskh_test_bot Disney", chat_type="supergroup", user_id=USER)
    await api.wait_until(lambda: api.messages(GROUP), timeout=10)
    await bot.settle(api)
    messages = api.messages(GROUP)
    assert len(messages) == 1 and "Disney" in messages[0].text


async def test_group_answers_mentions_and_replies(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await reply_to(api, GROUP, "@cskh_test_bot khách hay đổ lỗi cho mình",
                          chat_type="group", user_id=USER)
    assert "đổ lỗi" in text.lower() or "💡" in text
    bot_message = api.messages(GROUP)[-1]
    text = await reply_to(api, GROUP, "Disney", chat_type="group", user_id=USER,
                          reply_to_message_id=bot_message.message_id)
    assert "Disney" in text


async def test_command_for_another_bot_is_ignored(api: FakeBotAPI, bot: RunningBot) -> None:
    api.send_text(GROUP, "/tip@other_bot", chat_type="supergroup", user_id=USER)
    api.send_text(GROUP, "/help@cskh_test_bot", chat_type="supergroup", user_id=USER)
    await api.wait_until(lambda: api.messages(GROUP), timeout=10)
    assert len(api.messages(GROUP)) == 1 and shows(api.messages(GROUP)[0].text, VI.help)


async def test_another_bots_messages_get_no_answer(api: FakeBotAPI, bot: RunningBot) -> None:
    """Two bots answering each other never stop: Telegram does not deliver one bot's
    messages to another, and one that arrives anyway (forged) gets no answer. An anonymous
    admin's message, which Telegram sends from a bot account on the group's behalf, is
    still read."""
    other = {"id": 777000111, "is_bot": True, "first_name": "Helper", "username": "help_bot"}
    chat = {"id": GROUP, "type": "supergroup", "title": "Team"}
    for n, text in enumerate(["@cskh_test_bot khách hay đổ lỗi cho mình", "/tip Disney",
                              "/subscribe 8h"]):
        api.raw_update({"message": {"message_id": 900 + n, "date": 1, "chat": chat,
                                    "from": other, "text": text,
                                    "entities": [{"type": "bot_command" if text[0] == "/"
                                                  else "mention", "offset": 0,
                                                  "length": len(text.split()[0])}]}})
    api.raw_update({"edited_message": {"message_id": 900, "date": 1, "edit_date": 2,
                                       "chat": {"id": USER, "type": "private", "first_name": "A"},
                                       "from": other, "text": "giữ chân khách hàng"}})
    await bot.settle(api)
    assert not api.messages(GROUP) and not api.messages(USER)
    text = await reply_to(api, GROUP, "/tip Disney", chat_type="supergroup",
                          sender_chat_id=GROUP)
    assert "Disney" in text


async def test_inline_query_lists_tips_todays_first(api: FakeBotAPI, bot: RunningBot) -> None:
    api.inline_query("")
    calls = await api.wait_for_calls("answerInlineQuery", 1)
    results = calls[-1].params["results"]
    assert 1 < len(results) <= 50
    assert results[0]["title"].startswith("🌅")
    api.inline_query("moments of truth", language_code="en")
    calls = await api.wait_for_calls("answerInlineQuery", 2)
    results = calls[-1].params["results"]
    assert results and all("input_message_content" in r for r in results)


async def test_command_menus_are_set_in_both_languages(api: FakeBotAPI, bot: RunningBot) -> None:
    for strings, language in ((VI, ""), (EN, "en")):
        assert api.commands(language_code=language) == [
            {"command": command, "description": description}
            for command, description in strings.commands]
    assert [c for c, _ in VI.commands] == [c for c, _ in EN.commands]


@pytest.mark.parametrize("text", ["   ", "x" * 10_000, "\x01\x02\x1b[0m", "😀🎉🔥",
                                  "<b>không đóng & thẻ", "клиент 顧客"])
async def test_bad_input_gets_a_clear_answer(api: FakeBotAPI, bot: RunningBot, text: str) -> None:
    reply = await reply_to(api, USER, text)
    assert reply.strip()
    assert all(len(m.text) <= 4096 for m in api.messages(USER))


async def test_handler_exception_gets_an_apology(api: FakeBotAPI, bot: RunningBot,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure")

    from bot.replies import Replies

    monkeypatch.setattr(Replies, "tip", boom)
    text = await reply_to(api, USER, "/tip")
    assert shows(text, VI.error_apology)


async def test_added_to_group_greets_once(api: FakeBotAPI, bot: RunningBot) -> None:
    api.my_chat_member(GROUP, "member", chat_type="supergroup", old_status="left")
    await api.wait_until(lambda: api.messages(GROUP))
    assert shows(api.messages(GROUP)[0].text, VI.group_hint)
    api.my_chat_member(GROUP, "administrator", chat_type="supergroup", old_status="member")
    await bot.settle(api)
    assert len(api.messages(GROUP)) == 1


async def test_an_update_id_no_database_can_hold_is_skipped_not_retried(
        api: FakeBotAPI, bot: RunningBot) -> None:
    assert bot.serving is not None
    intake = bot.serving.intake
    body = {"message": {"message_id": 1, "date": 0, "text": "/tip",
                        "chat": {"id": 5, "type": "private", "first_name": "A"},
                        "from": {"id": 5, "is_bot": False, "first_name": "A"}}}
    for bad in (2**70, -1, "7", True, None):
        assert intake.item({"update_id": bad, **body}) is None
    good = intake.item({"update_id": 7, **body})
    assert good is not None and (good.lane, good.sender, good.kind) == (5, 5, "lookup")


async def test_a_reply_told_the_group_moved_moves_the_group_and_says_sorry_there(
        api: FakeBotAPI, bot: RunningBot) -> None:
    old, new = -4242, -1004242
    api.set_chat_member(old, USER, "administrator")
    assert shows(await reply_to(api, old, "/subscribe 8h", chat_type="group", user_id=USER),
                 VI.sub_confirm)
    api.fail("sendMessage", chat_id=old, kind="migrate", migrate_to_chat_id=new)
    api.send_text(old, "/status", chat_type="group", user_id=USER)
    await api.wait_until(lambda: api.messages(new), timeout=10)
    assert shows(api.messages(new)[-1].text, VI.error_apology)
    assert await bot.services.storage.subscriptions.get(new) is not None  # moved with it
