"""A caption is what the person typed, through the fake Bot API: under a photo, a video, a
voice note or a file in a private chat it is read like a text message (the same answer,
the same inbox bounds); in a group only when it addresses the bot, as a text must. A file
the playbook reads stays a file."""

from __future__ import annotations

import sqlite3

import pytest

from bot.strings import VI
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows

QUESTION = "khách hay đổ lỗi cho mình thì làm sao"
GROUP = -100800
MEMBER = 8101


async def next_reply(api: FakeBotAPI, chat_id: int, before: int) -> str:
    await api.wait_until(lambda: len(api.messages(chat_id)) > before, timeout=10)
    return api.messages(chat_id)[-1].text


def kinds(bot: RunningBot) -> list[str]:
    """The inbox's kind of each update taken in, in order (lookup | inline | other)."""
    with sqlite3.connect(bot.settings.db_path) as db:
        return [kind for kind, in db.execute("SELECT kind FROM inbox ORDER BY update_id")]


async def test_a_caption_in_a_private_chat_is_answered_like_the_same_text(
        api: FakeBotAPI, bot: RunningBot) -> None:
    typed = await say(api, 900, QUESTION)
    for chat_id, kind in ((901, "photo"), (902, "video"), (903, "voice")):
        api.send_media(chat_id, kind, caption=QUESTION)
        assert await next_reply(api, chat_id, 0) == typed, kind
    # A file the playbook does not read (a screenshot sent as a file): its words count.
    api.send_document(904, b"\x89PNG\r\n", "anh-chup-man-hinh.png", caption=QUESTION)
    assert await next_reply(api, 904, 0) == typed
    await bot.settle(api)
    assert kinds(bot) == ["lookup"] * 5  # the same bounds: a later question replaces it


@pytest.mark.process  # the .csv is read in the file reader's process
async def test_no_caption_or_a_file_for_the_playbook_keeps_todays_answers(
        api: FakeBotAPI, bot: RunningBot) -> None:
    api.send_media(910, "photo")
    assert shows(await next_reply(api, 910, 0), VI.empty_query)
    api.send_media(911, "sticker")
    assert shows(await next_reply(api, 911, 0), VI.empty_query)
    api.send_document(912, b"%PDF-1.4", "bao-cao.pdf")  # no words: a file for the playbook
    assert shows(await next_reply(api, 912, 0), VI.playbook_bad_type)
    typed = await say(api, 909, QUESTION)
    api.send_document(913, b"tip,passage\n", "meo.csv", caption=QUESTION)
    assert await next_reply(api, 913, 0) != typed  # read as a playbook, not searched
    await bot.settle(api)
    assert kinds(bot)[-1] == "other"  # a file is never replaced by what follows
    # A caption that is a command is not a question to search.
    api.send_media(914, "photo", caption="/tip")
    assert shows(await next_reply(api, 914, 0), VI.empty_query)


async def test_an_album_is_answered_once(api: FakeBotAPI, bot: RunningBot) -> None:
    """Telegram sends an album as one message per photo, the caption (if any) under one
    of them: the person sent one message and gets one answer, not one per photo."""
    typed = await say(api, 920, QUESTION)
    for n in range(10):
        api.send_media(921, "photo", media_group_id="album-1",
                       caption=QUESTION if n == 0 else None)
    for n in range(10):  # an album without words: told once what the bot reads
        api.send_media(922, "photo" if n % 2 else "video", media_group_id="album-2")
    await bot.settle(api)
    assert [m.text for m in api.messages(921)] == [typed]
    [hint] = api.messages(922)
    assert shows(hint.text, VI.empty_query)
    api.send_media(922, "photo", media_group_id="album-3")  # another album: its own answer
    api.send_media(922, "photo")  # and a single photo
    await bot.settle(api)
    assert len(api.messages(922)) == 3


async def test_a_caption_in_a_group_is_answered_only_when_it_addresses_the_bot(
        api: FakeBotAPI, bot: RunningBot) -> None:
    typed = await say(api, 920, QUESTION)
    api.send_media(GROUP, "photo", caption=QUESTION, chat_type="supergroup", user_id=MEMBER)
    api.send_document(GROUP, b"\x89PNG\r\n", "anh.png", caption=QUESTION,
                      chat_type="supergroup", user_id=MEMBER)
    await bot.settle(api)
    assert api.messages(GROUP) == []  # group talk: silence
    before = 0
    api.send_media(GROUP, "photo", caption=f"@cskh_test_bot {QUESTION}",
                   chat_type="supergroup", user_id=MEMBER)
    assert await next_reply(api, GROUP, before) == typed
    answer_id = api.messages(GROUP)[-1].message_id
    before = len(api.messages(GROUP))
    api.send_media(GROUP, "video", caption=QUESTION, chat_type="supergroup",
                   user_id=MEMBER, reply_to_message_id=answer_id)
    assert await next_reply(api, GROUP, before) == typed
