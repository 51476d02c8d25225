"""The group flows with Telegram's privacy mode on (BotFather's default), as the fake Bot
API emulates it: the bot gets commands, replies to its messages, mentions and service
messages, nothing else of a group's talk. Each part a flow needs must still arrive: the
bot's questions open the admin's reply (ForceReply), and the admin's client answers them
(``type_text``: what the client sends when the person just types)."""

from __future__ import annotations

import pytest

from bot.strings import VI
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows

GROUP, ADMIN, MEMBER = -100900, 9001, 9002
IN_GROUP = {"chat_type": "supergroup"}


@pytest.fixture(autouse=True)
def _privacy(api: FakeBotAPI) -> None:
    api.set_privacy_mode()
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")


async def typed(api: FakeBotAPI, bot: RunningBot, text: str, user_id: int) -> str | None:
    """``user_id`` types ``text`` in the group; the bot's answer, ``None`` if it got none."""
    before = len(api.messages(GROUP))
    api.type_text(GROUP, text, user_id=user_id, **IN_GROUP)  # type: ignore[arg-type]
    await bot.settle(api)
    return api.messages(GROUP)[-1].text if len(api.messages(GROUP)) > before else None


async def test_addtip_step_by_step_reaches_the_bot(api: FakeBotAPI, bot: RunningBot) -> None:
    """Every part comes as the admin's reply to the question before it; a member's talk
    in between is never delivered and changes nothing."""
    assert shows(await typed(api, bot, "/addtip", ADMIN), VI.addtip_ask_principle)
    assert await typed(api, bot, "mọi người ăn trưa chưa", MEMBER) is None
    assert shows(await typed(api, bot, "Luôn gọi lại cho khách trong 24 giờ", ADMIN),
                 VI.addtip_ask_passage)
    assert shows(await typed(api, bot, "Khách để lại số thì gọi lại trong 24 giờ.", ADMIN),
                 VI.addtip_ask_source)
    assert shows(await typed(api, bot, "Sổ tay CSKH", ADMIN), VI.addtip_ask_short)
    assert shows(await typed(api, bot, "Gọi lại trong 24 giờ", ADMIN), VI.addtip_saved)
    withheld = [u["message"]["from"]["id"] for u in api.withheld(GROUP)]
    assert withheld == [MEMBER]  # nothing of the admin's was lost
    assert bot.services.storage is not None
    [tip] = await bot.services.storage.team_tips.of_chat(GROUP)
    assert (tip.principle, tip.source, tip.short) == (
        "Luôn gọi lại cho khách trong 24 giờ", "Sổ tay CSKH", "Gọi lại trong 24 giờ")


async def test_addtip_goes_on_after_an_apology(api: FakeBotAPI, bot: RunningBot) -> None:
    """The apology for a failed answer opens the admin's reply too: the next part arrives."""
    await typed(api, bot, "/addtip", ADMIN)
    api.fail("sendMessage", GROUP, kind="error", status=400,
             description="Bad Request: message is too long")
    apology = await typed(api, bot, "Luôn gọi lại cho khách trong 24 giờ", ADMIN)
    assert shows(apology, VI.error_apology_draft) and shows(apology, VI.addtip_ask_passage)
    told = await say(api, GROUP, "Khách để lại số thì gọi lại.", user_id=MEMBER,
                     reply_to_message_id=api.messages(GROUP)[-1].message_id, **IN_GROUP)
    assert shows(told, VI.addtip_not_yours)  # the apology asks the admin's step too
    assert shows(await typed(api, bot, "Khách để lại số thì gọi lại trong 24 giờ.", ADMIN),
                 VI.addtip_ask_source)
    assert api.withheld(GROUP) == []


async def test_the_stats_plus_prompt_reaches_the_admin(api: FakeBotAPI,
                                                       bot: RunningBot) -> None:
    """➕ under /stats names the admin who pressed it and opens their reply: the principle
    they type next is delivered and the tip is written."""
    await say(api, GROUP, "/tip công thức nấu phở bò", user_id=MEMBER, **IN_GROUP)
    await say(api, GROUP, "/stats", user_id=ADMIN, **IN_GROUP)
    stats = api.messages(GROUP)[-1]
    button = next(d for d in stats.callback_data if d.startswith("miss:"))
    before = len(api.messages(GROUP))
    api.press_button(GROUP, stats.message_id, button, user_id=ADMIN)
    await api.wait_until(lambda: len(api.messages(GROUP)) > before)
    assert "công thức nấu phở bò" in api.messages(GROUP)[-1].text
    assert shows(await typed(api, bot, "Bot chỉ trả lời về chăm sóc khách hàng.", ADMIN),
                 VI.addtip_ask_passage)
    await typed(api, bot, "Hỏi món ăn thì gợi ý đội hỏi chỗ khác.", ADMIN)
    await typed(api, bot, "/skip", ADMIN)
    assert shows(await typed(api, bot, "/skip", ADMIN), VI.addtip_saved)
    assert api.withheld(GROUP) == []


async def test_a_lookup_addressed_to_the_bot_is_answered_and_talk_is_not_seen(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """A mention of the bot and a reply to one of its tips are questions it gets; the
    group's own talk never reaches it."""
    mention = await typed(api, bot, "@cskh_test_bot khách hay đổ lỗi cho mình thì làm sao",
                          MEMBER)
    assert mention is not None and "💡" in mention
    tip = api.messages(GROUP)[-1].message_id
    before = len(api.messages(GROUP))
    api.send_text(GROUP, "còn khách chờ lâu quá thì sao", user_id=MEMBER,
                  reply_to_message_id=tip, **IN_GROUP)  # type: ignore[arg-type]
    await bot.settle(api)
    assert len(api.messages(GROUP)) == before + 1
    assert await typed(api, bot, "khách hay đổ lỗi cho mình thì làm sao", MEMBER) is None
    assert len(api.withheld(GROUP)) == 1


async def test_someone_else_replying_to_the_admins_question_is_told_it_is_not_theirs(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """Anyone may reply to the bot's question for the admin writing a tip (Telegram opens
    it for the admin, but a member can reply by hand): that reply is not the tip's part
    and not a question to search (an unrelated tip, kept in /stats as something the team
    asked); they are told whom it is for. The admin's draft goes on untouched."""
    await typed(api, bot, "/addtip", ADMIN)
    question = api.messages(GROUP)[-1].message_id
    for user in (MEMBER, ADMIN + 2):  # a member, another admin writing no tip
        api.set_chat_member(GROUP, user, "member" if user == MEMBER else "administrator")
        before = len(api.messages(GROUP))
        api.send_text(GROUP, "Luôn chào khách bằng tên", user_id=user,
                      reply_to_message_id=question, **IN_GROUP)  # type: ignore[arg-type]
        await bot.settle(api)
        [told] = api.messages(GROUP)[before:]
        assert shows(told.text, VI.addtip_not_yours), told.text
    assert bot.services.storage is not None
    assert await bot.services.storage.misses.top(GROUP) == []
    assert shows(await typed(api, bot, "Luôn gọi lại cho khách trong 24 giờ", ADMIN),
                 VI.addtip_ask_passage)
    # The ➕ question under /stats is the admin's too.
    await typed(api, bot, "/cancel", ADMIN)
    await say(api, GROUP, "/tip công thức nấu phở bò", user_id=MEMBER, **IN_GROUP)
    await say(api, GROUP, "/stats", user_id=ADMIN, **IN_GROUP)
    stats = api.messages(GROUP)[-1]
    api.press_button(GROUP, stats.message_id, "miss:1", user_id=ADMIN)
    await bot.settle(api)
    plus = api.messages(GROUP)[-1].message_id
    reply = await say(api, GROUP, "Bot chỉ trả lời về chăm sóc khách hàng.", user_id=MEMBER,
                      reply_to_message_id=plus, **IN_GROUP)
    assert shows(reply, VI.addtip_not_yours)
    assert [m.query for m in await bot.services.storage.misses.top(GROUP)] == [
        "công thức nấu phở bò"]


async def test_a_draft_goes_on_in_the_supergroup_a_group_becomes(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """A group that becomes a supergroup mid-draft: the draft moves with it, and the admin
    is asked the step again there (their reply to the old group's question is gone with
    it), so what they type next in the supergroup reaches the bot."""
    old, new = -500901, -100500901
    api.set_chat_member(old, ADMIN, "administrator")
    kw = {"chat_type": "group", "user_id": ADMIN}
    await say(api, old, "/addtip", **kw)
    asked = api.messages(old)[-1].message_id
    await say(api, old, "Luôn gọi lại cho khách trong 24 giờ", reply_to_message_id=asked, **kw)
    api.migrate(old, new, user_id=ADMIN)
    await bot.settle(api)
    [again] = api.messages(new)
    assert shows(again.text, VI.addtip_moved) and shows(again.text, VI.addtip_ask_passage)
    before = len(api.messages(new))
    api.type_text(new, "Khách để lại số thì gọi lại trong 24 giờ.", user_id=ADMIN,
                  chat_type="supergroup")
    await bot.settle(api)
    assert len(api.messages(new)) == before + 1, api.withheld(new)
    assert shows(api.messages(new)[-1].text, VI.addtip_ask_source)


async def test_two_admins_write_tips_at_once_and_each_reply_goes_to_its_own(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """Two admins writing tips at once: each one's answers (their client replies to their
    own question) go to their own tip; an admin replying by hand to the other's question
    is told it is not theirs and asked their own step again (neither tip takes it)."""
    other = ADMIN + 2
    api.set_chat_member(GROUP, other, "administrator")
    await typed(api, bot, "/addtip", ADMIN)
    await typed(api, bot, "/addtip", other)
    assert shows(await typed(api, bot, "Nguyên tắc của Minh", ADMIN), VI.addtip_ask_passage)
    theirs = api.messages(GROUP)[-2].message_id  # the other admin's question, step 1
    told = await say(api, GROUP, "Nội dung Minh gửi nhầm chỗ", user_id=ADMIN,
                     reply_to_message_id=theirs, **IN_GROUP)
    # Not theirs, and their own step asked again: their reply to it is open again.
    assert shows(told, VI.addtip_not_yours_own) and shows(told, VI.addtip_ask_passage)
    assert shows(await typed(api, bot, "Nguyên tắc của Lan", other), VI.addtip_ask_passage)
    for user, passage in ((ADMIN, "Nội dung của Minh"), (other, "Nội dung của Lan")):
        assert shows(await typed(api, bot, passage, user), VI.addtip_ask_source)
        await typed(api, bot, "/skip", user)
        assert shows(await typed(api, bot, "/skip", user), VI.addtip_saved)
    assert bot.services.storage is not None
    tips = await bot.services.storage.team_tips.of_chat(GROUP)
    assert sorted((t.principle, t.passage) for t in tips) == [
        ("Nguyên tắc của Lan", "Nội dung của Lan"), ("Nguyên tắc của Minh", "Nội dung của Minh")]


async def test_a_part_that_mentions_the_bot_is_kept_without_the_mention(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """With privacy mode, an admin whose reply was not opened (a client that ignores it,
    or they closed it) reaches the bot by naming it: "@bot Nguyên tắc…" is the part, and
    the tip keeps the words, not the bot's name."""
    await typed(api, bot, "/addtip", ADMIN)
    for text in ("@cskh_test_bot Luôn gọi lại cho khách trong 24 giờ",
                 "Khách để lại số thì gọi lại.\n@cskh_test_bot Kể cả khi chưa có câu trả lời.",
                 "/skip", "/skip"):
        await say(api, GROUP, text, user_id=ADMIN, **IN_GROUP)  # plain, not a reply
    assert shows(api.messages(GROUP)[-1].text, VI.addtip_saved)
    assert bot.services.storage is not None
    [tip] = await bot.services.storage.team_tips.of_chat(GROUP)
    assert (tip.principle, tip.passage) == (
        "Luôn gọi lại cho khách trong 24 giờ",
        "Khách để lại số thì gọi lại.\nKể cả khi chưa có câu trả lời.")


async def test_an_apology_for_the_plus_button_names_the_admin(api: FakeBotAPI,
                                                              bot: RunningBot) -> None:
    """➕ pressed, and its question fails to go out: the apology asks the step and names
    the admin who pressed it, so Telegram opens their reply and the principle arrives."""
    await say(api, GROUP, "/tip công thức nấu phở bò", user_id=MEMBER, **IN_GROUP)
    await say(api, GROUP, "/stats", user_id=ADMIN, **IN_GROUP)
    stats = api.messages(GROUP)[-1]
    api.fail("sendMessage", GROUP, kind="error", status=400,
             description="Bad Request: message is too long")
    before = len(api.messages(GROUP))
    api.press_button(GROUP, stats.message_id, "miss:1", user_id=ADMIN)
    await bot.settle(api)
    [apology] = api.messages(GROUP)[before:]
    assert shows(apology.text, VI.error_apology_draft_to)
    assert shows(apology.text, VI.addtip_ask_principle)
    assert shows(await typed(api, bot, "Bot chỉ trả lời về chăm sóc khách hàng.", ADMIN),
                 VI.addtip_ask_passage)
