"""The fake Bot API's privacy mode: a group message reaches the bot only when the real
Telegram would deliver it to a bot in privacy mode; and a user's client answers a
``ForceReply`` that targets them with a reply (which privacy mode lets through)."""

from __future__ import annotations

from telegram import Bot, ForceReply

from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI

TOKEN = DEFAULT_TOKEN  # the one the fixtures (conftest.py) serve
GROUP, OTHER_GROUP, ALICE, BOB = -100700, -100701, 7001, 7002


def delivered(api: FakeBotAPI) -> list[str]:
    return [(u.get("message") or u.get("edited_message") or {}).get("text", "<service>")
            for u in api.pending_updates()]


async def test_off_by_default_every_group_message_is_delivered(api: FakeBotAPI) -> None:
    api.send_text(GROUP, "chào cả nhà", user_id=ALICE)
    assert delivered(api) == ["chào cả nhà"] and api.withheld() == []


async def test_in_privacy_mode_a_group_gives_the_bot_only_what_is_meant_for_it(
        api: FakeBotAPI, bot: Bot) -> None:
    api.set_privacy_mode()
    mine = await bot.send_message(GROUP, "Câu hỏi của bot")
    api.send_text(GROUP, "tin của Alice", user_id=ALICE)
    alice_message = mine.message_id + 1
    for text, kw in (("chuyện trong nhóm", {}),                       # withheld
                     ("/tip khách giận", {}),                          # a command
                     ("/tip@cskh_test_bot khách giận", {}),            # for this bot
                     ("/tip@other_bot khách giận", {}),                # withheld
                     ("@cskh_test_bot khách giận", {}),                # a mention
                     ("trả lời bot", {"reply_to_message_id": mine.message_id}),
                     ("trả lời Alice", {"reply_to_message_id": alice_message})):  # withheld
        api.send_text(GROUP, text, user_id=BOB, **kw)  # type: ignore[arg-type]
    api.send_media(GROUP, "photo", user_id=BOB)  # withheld: no words for the bot
    api.migrate(GROUP, OTHER_GROUP)  # a service message
    api.send_text(ALICE, "riêng tư")  # a private chat: always
    assert delivered(api) == ["/tip khách giận", "/tip@cskh_test_bot khách giận",
                              "@cskh_test_bot khách giận", "trả lời bot", "<service>",
                              "riêng tư"]
    assert [u["message"].get("text") for u in api.withheld(GROUP)] == [
        "tin của Alice", "chuyện trong nhóm", "/tip@other_bot khách giận", "trả lời Alice",
        None]


async def test_an_admin_bot_or_a_chat_with_privacy_off_gets_everything(
        api: FakeBotAPI) -> None:
    api.set_privacy_mode()
    api.set_privacy_mode(False, chat_id=GROUP)
    api.set_chat_member(OTHER_GROUP, api.bot_id, "administrator")
    api.send_text(GROUP, "một", user_id=ALICE)
    api.send_text(OTHER_GROUP, "hai", user_id=ALICE)
    api.send_text(-100702, "ba", user_id=ALICE)
    assert delivered(api) == ["một", "hai"]
    assert [u["message"]["text"] for u in api.withheld()] == ["ba"]


async def test_an_edit_is_filtered_like_the_message(api: FakeBotAPI, bot: Bot) -> None:
    api.set_privacy_mode()
    mine = await bot.send_message(GROUP, "Câu hỏi của bot")
    api.send_text(GROUP, "trả lời", user_id=ALICE, reply_to_message_id=mine.message_id)
    api.send_text(GROUP, "chuyện riêng", user_id=ALICE)
    api.edit_text(GROUP, mine.message_id + 1, "trả lời, sửa")
    api.edit_text(GROUP, mine.message_id + 2, "chuyện riêng, sửa")
    assert delivered(api) == ["trả lời", "trả lời, sửa"]


async def test_a_client_answers_a_force_reply_that_targets_its_user(
        api: FakeBotAPI, bot: Bot) -> None:
    """Selective: the users the question mentions, and the sender of the message it
    quotes; not anyone else, and not after the user wrote something else."""
    api.set_privacy_mode()
    api.send_text(GROUP, "/addtip", user_id=ALICE)
    quoted = await bot.send_message(GROUP, "Bước 1/4", reply_to_message_id=1,
                                    reply_markup=ForceReply(selective=True))
    api.type_text(GROUP, "không phải việc của Bob", user_id=BOB)  # withheld
    api.type_text(GROUP, "Nguyên tắc", user_id=ALICE)  # a reply to the question
    api.type_text(GROUP, "thêm nữa", user_id=ALICE)  # her reply was used: plain
    named = await bot.send_message(
        GROUP, '<a href="tg://user?id=7002">Bob</a>, gửi nguyên tắc', parse_mode="HTML",
        reply_markup=ForceReply(selective=True))
    api.type_text(GROUP, "Nguyên tắc của Bob", user_id=BOB)
    replies = [(u["message"]["text"], u["message"].get("reply_to_message", {}).get("message_id"))
               for u in api.pending_updates()]
    assert replies == [("/addtip", None), ("Nguyên tắc", quoted.message_id),
                       ("Nguyên tắc của Bob", named.message_id)]
