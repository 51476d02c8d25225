"""/addtip's steps as people really answer them, through the fake Bot API: typed in a row
without waiting, as captions, with /skip or "hủy" where they do not fit, a failed answer,
and a process handling a part again after a crash (in-process, and a real SIGKILL)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from bot.models import MAX_TEAM_TIPS, InboxItem
from bot.strings import VI
from bot.teamtips.drafts import TeamTipDraft
from tests.conftest import TOKEN, RunningBot
from tests.conftest import reply_to as say
from tests.support import processes
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows, values

GROUP, ADMIN = -100810, 8011


def team_tip_count(bot: RunningBot, chat_id: int) -> int:
    with sqlite3.connect(bot.settings.db_path) as db:
        return int(db.execute("SELECT COUNT(*) FROM team_tips WHERE chat_id = ?",
                              (chat_id,)).fetchone()[0])


async def handle_again(bot: RunningBot, update_id: int) -> None:
    """What the next process does with an update a killed one left at work."""
    with sqlite3.connect(bot.settings.db_path) as db:
        [(lane, sender, kind, payload)] = db.execute(
            "SELECT lane, sender, kind, payload FROM inbox WHERE update_id = ?",
            (update_id,)).fetchall()
    assert bot.serving is not None
    await bot.serving.intake.handle(InboxItem(update_id, lane, sender, kind, payload))


@pytest.mark.parametrize("where", ["private", "group"])
async def test_parts_typed_quickly_are_each_a_part_not_replaced_lookups(
        api: FakeBotAPI, bot: RunningBot, where: str) -> None:
    """An admin who knows the steps types them without waiting for each question (or
    pastes them): every part counts, none is dropped as a lookup a later one replaced,
    also when the first parts arrive before the draft is open (in a group, as replies to
    the bot, which address it)."""
    chat, kw = (52, {}) if where == "private" else (GROUP, {"chat_type": "supergroup",
                                                            "user_id": ADMIN})
    if where == "group":
        api.set_chat_member(GROUP, ADMIN, "administrator")
    asked = await say(api, chat, "/tip", **kw)  # a message of the bot to reply to
    bot_message = api.messages(chat)[-1].message_id
    assert asked
    if where == "group":
        kw["reply_to_message_id"] = bot_message
    for text in ("/addtip", "Luôn gọi lại cho khách trong 24 giờ",
                 "Khách nào để lại số thì trong 24 giờ phải có người gọi lại.",
                 "Sổ tay CSKH", "Gọi lại trong 24 giờ"):
        api.send_text(chat, text, **kw)  # type: ignore[arg-type]
    await bot.settle(api)
    assert shows(api.messages(chat)[-1].text, VI.addtip_saved)
    assert bot.services.storage is not None
    [tip] = await bot.services.storage.team_tips.of_chat(chat)
    assert (tip.principle, tip.source, tip.short) == (
        "Luôn gọi lại cho khách trong 24 giờ", "Sổ tay CSKH", "Gọi lại trong 24 giờ")


async def test_a_caption_during_a_draft_is_the_next_part(api: FakeBotAPI,
                                                         bot: RunningBot) -> None:
    """A caption is what the person typed: an admin who answers a step with a screenshot
    and words under it gives that part (not a question to search, the draft waiting). A
    playbook file stays a file."""
    await say(api, 53, "/addtip")
    before = len(api.messages(53))
    api.send_media(53, "photo", caption="Luôn gọi lại cho khách trong 24 giờ")
    await bot.settle(api)
    assert shows(api.messages(53)[-1].text, VI.addtip_ask_passage)
    assert len(api.messages(53)) == before + 1
    # No words (a photo, a sticker, an album): not a part, and not "type a few words"
    # either (a keyword hint while the draft waits): the step is asked again, once.
    for kind in ("photo", "sticker"):
        before = len(api.messages(53))
        api.send_media(53, kind)
        await bot.settle(api)
        assert len(api.messages(53)) == before + 1
        assert shows(api.messages(53)[-1].text, VI.addtip_ask_passage), kind
    before = len(api.messages(53))
    for _ in range(5):
        api.send_media(53, "photo", media_group_id="album-1")
    await bot.settle(api)
    assert len(api.messages(53)) == before + 1
    assert shows(api.messages(53)[-1].text, VI.addtip_ask_passage)
    assert shows(await say(api, 53, "Khách để lại số thì gọi lại trong 24 giờ."),
                 VI.addtip_ask_source)


async def test_a_part_handled_again_after_a_crash_is_not_the_next_part(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """A process killed after a part moved the draft on, before the update was marked
    done, leaves it to the next process, which handles it again: the principle must not
    become the passage too. The step is asked again (the in-flight answer, repeated)."""
    await say(api, 54, "/addtip")
    principle = "Luôn gọi lại cho khách trong 24 giờ"
    update_id = api.send_text(54, principle)
    await bot.settle(api)
    assert shows(api.messages(54)[-1].text, VI.addtip_ask_passage)
    await handle_again(bot, update_id)
    assert shows(api.messages(54)[-1].text, VI.addtip_ask_passage)
    await say(api, 54, "Khách để lại số thì gọi lại trong 24 giờ.")
    await say(api, 54, "/skip")
    assert shows(await say(api, 54, "/skip"), VI.addtip_saved)
    assert bot.services.storage is not None
    [tip] = await bot.services.storage.team_tips.of_chat(54)
    assert (tip.principle, tip.passage) == (principle, "Khách để lại số thì gọi lại trong 24 giờ.")


@pytest.mark.parametrize("last", ["Gọi lại cho khách trong 24 giờ", "/skip"])
async def test_the_last_part_handled_again_after_a_crash_confirms_the_tip_once(
        api: FakeBotAPI, bot: RunningBot, last: str) -> None:
    """A process killed after the last part saved the tip, before its answer went out,
    leaves the update to the next process: that part handled again confirms the saved
    tip (the answer that was lost), it is not searched as a question, and nothing is
    saved twice. After it the admin's texts are questions again."""
    chat = 64
    for text in ("/addtip", "Luôn gọi lại cho khách trong 24 giờ",
                 "Khách để lại số thì gọi lại trong 24 giờ.", "/skip"):
        await say(api, chat, text)
    update_id = api.send_text(chat, last)
    await bot.settle(api)
    saved = api.messages(chat)[-1].text
    assert shows(saved, VI.addtip_saved)
    await handle_again(bot, update_id)
    assert api.messages(chat)[-1].text == saved
    assert team_tip_count(bot, chat) == 1
    assert "💡" in await say(api, chat, "Disney")


@pytest.mark.parametrize("room", ["room", "last", "channel"])
async def test_a_one_line_tip_handled_again_after_a_crash_confirms_it_once(
        api: FakeBotAPI, bot: RunningBot, room: str) -> None:
    """A process killed after the one-line /addtip stored the tip, before the update was
    marked done, leaves it to the next process: that message handled again says the tip
    was saved (the answer that was lost), not that the team already has it, nor that the
    team is full when it was the last tip that fit; nothing is stored twice. Another
    message with the same words is told the team has it."""
    chat = -100_690 if room == "channel" else 69
    post = api.channel_post if room == "channel" else api.send_text
    assert bot.services.storage is not None
    if room == "last":
        await bot.services.storage.team_tips.add_many(chat, [
            TeamTipDraft(f"Nguyên tắc {i}", f"Nội dung {i}.") for i in range(MAX_TEAM_TIPS - 1)],
            7)
    line = "/addtip Chào khách bằng tên | Gọi khách bằng tên riêng giúp khách thấy được quan tâm."
    update_id = post(chat, line)
    await bot.settle(api)
    saved = api.messages(chat)[-1].text
    assert shows(saved, VI.addtip_saved)
    await handle_again(bot, update_id)
    assert api.messages(chat)[-1].text == saved
    assert team_tip_count(bot, chat) == (MAX_TEAM_TIPS if room == "last" else 1)
    post(chat, line)
    await bot.settle(api)
    assert shows(api.messages(chat)[-1].text, VI.addtip_already)


@pytest.mark.parametrize("word", ["/cancel", "hủy"])
async def test_a_cancel_handled_again_after_a_crash_says_cancelled_again(
        api: FakeBotAPI, bot: RunningBot, word: str) -> None:
    """/cancel (or "hủy") handled again after a crash, its answer lost, says the draft was
    cancelled again: not the command list for an unknown command, nor a search for "hủy"."""
    chat = 68
    await say(api, chat, "/addtip")
    await say(api, chat, "Luôn gọi lại cho khách trong 24 giờ")
    update_id = api.send_text(chat, word)
    await bot.settle(api)
    assert shows(api.messages(chat)[-1].text, VI.addtip_cancelled)
    await handle_again(bot, update_id)
    assert shows(api.messages(chat)[-1].text, VI.addtip_cancelled)
    assert team_tip_count(bot, chat) == 0
    assert "💡" in await say(api, chat, "Disney")  # the draft is over: questions again


@pytest.mark.parametrize("chat", [55, GROUP])
async def test_skip_where_a_part_is_needed_asks_for_it_again(
        api: FakeBotAPI, bot: RunningBot, chat: int) -> None:
    """The principle and the passage cannot be left out: /skip there says what the step
    wants (a private chat got the command list; a group, silence), the draft still open."""
    kw = {} if chat > 0 else {"chat_type": "supergroup", "user_id": ADMIN}
    if chat < 0:
        api.set_chat_member(chat, ADMIN, "administrator")
    await say(api, chat, "/addtip", **kw)
    assert shows(await say(api, chat, "/skip", **kw), VI.addtip_ask_principle)
    await say(api, chat, "Luôn gọi lại cho khách trong 24 giờ", **kw)
    assert shows(await say(api, chat, "/skip", **kw), VI.addtip_ask_passage)
    assert shows(await say(api, chat, "Khách để lại số thì gọi lại.", **kw),
                 VI.addtip_ask_source)


@pytest.mark.parametrize("word", ["hủy", "Huỷ!", "thôi", "dừng lại", "cancel", "STOP"])
async def test_a_cancel_word_typed_as_a_part_cancels(api: FakeBotAPI, bot: RunningBot,
                                                     word: str) -> None:
    """Asked for a part, "hủy" (the steps say "Gõ /cancel để hủy") or "thôi" is the admin
    giving up, not a principle: the draft ends with nothing saved, as with /cancel."""
    await say(api, 56, "/addtip")
    await say(api, 56, "Luôn gọi lại cho khách trong 24 giờ")
    assert shows(await say(api, 56, word), VI.addtip_cancelled)
    assert team_tip_count(bot, 56) == 0
    assert "💡" in await say(api, 56, "Disney")  # back to lookups


def _tips_stored(database: Path, chat: int) -> int:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return int(db.execute("SELECT COUNT(*) FROM team_tips WHERE chat_id = ?",
                              (chat,)).fetchone()[0])


def _answers_after_restart(api: FakeBotAPI, tmp_path: Path, chat: int) -> list[str]:
    """The bot started again after a SIGKILL: what it sends ``chat`` before it is stopped
    (it has handled what was left at work by the time its first answer is out)."""
    before = len(api.messages(chat))
    proc = processes.run_bot(api, tmp_path)
    try:
        api.wait_until_sync(lambda: len(api.messages(chat)) > before, timeout=30)
    finally:
        processes.stop_bot(proc)
    return [m.text for m in api.messages(chat)[before:]]


@pytest.mark.process
def test_a_bot_killed_mid_draft_goes_on_with_it_once(tmp_path: Path) -> None:
    """SIGKILL after a part moved the draft on, while the answer to it is still on its
    way (Telegram holds it): after the restart the same part is handled again and asks
    the same step again, and the tip is saved with each part where it was typed."""
    chat = 63_001
    database = tmp_path / "bot.sqlite3"

    def step() -> str | None:
        with contextlib.closing(sqlite3.connect(database)) as db:
            row = db.execute("SELECT step FROM addtip_drafts WHERE chat_id = ?",
                             (chat,)).fetchone()
        return None if row is None else str(row[0])

    with FakeBotAPI(token=TOKEN) as api:
        proc = processes.run_bot(api, tmp_path)
        try:
            processes.ready(api)
            api.send_text(chat, "/addtip")
            api.wait_until_sync(lambda: shows(api.messages(chat)[-1].text,
                                              VI.addtip_ask_principle) if api.messages(chat)
                                else False, timeout=30)
            held = api.fail("sendMessage", chat, kind="timeout", seconds=60)  # answer hangs
            api.send_text(chat, "Luôn gọi lại cho khách trong 24 giờ")
            api.wait_until_sync(lambda: step() == "passage" and held.remaining == 0,
                                timeout=30)
        finally:
            proc.kill()  # SIGKILL: no grace, the update is left at work
            proc.wait()
        proc = processes.run_bot(api, tmp_path)
        try:
            api.wait_until_sync(lambda: shows(api.messages(chat)[-1].text,
                                              VI.addtip_ask_passage), timeout=30)
            assert [m.text for m in api.messages(chat)].count(api.messages(chat)[-1].text) == 1
            for text, then in (("Khách để lại số thì gọi lại trong 24 giờ.", VI.addtip_ask_source),
                               ("/skip", VI.addtip_ask_short), ("/skip", VI.addtip_saved)):
                count = len(api.messages(chat))
                api.send_text(chat, text)
                api.wait_until_sync(lambda n=count: len(api.messages(chat)) > n,
                                    timeout=30)
                assert shows(api.messages(chat)[-1].text, then), api.messages(chat)[-1].text
        finally:
            processes.stop_bot(proc)
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT principle, passage FROM team_tips WHERE chat_id = ?",
                          (chat,)).fetchall() == [("Luôn gọi lại cho khách trong 24 giờ",
                                                   "Khách để lại số thì gọi lại trong 24 giờ.")]


@pytest.mark.process
def test_a_bot_killed_after_the_last_part_confirms_the_tip_once(tmp_path: Path) -> None:
    """SIGKILL after the last part saved the tip, while its answer is still on its way
    (Telegram holds it): after the restart that part is handled again and the admin gets
    one answer, the tip saved, not a search for the short form; the tip is there once."""
    chat = 63_002
    database = tmp_path / "bot.sqlite3"

    def saved() -> int:
        return _tips_stored(database, chat)

    with FakeBotAPI(token=TOKEN) as api:
        proc = processes.run_bot(api, tmp_path)
        try:
            processes.ready(api)
            for text, then in (("/addtip", VI.addtip_ask_principle),
                               ("Luôn gọi lại cho khách trong 24 giờ", VI.addtip_ask_passage),
                               ("Khách để lại số thì gọi lại trong 24 giờ.",
                                VI.addtip_ask_source),
                               ("/skip", VI.addtip_ask_short)):
                count = len(api.messages(chat))
                api.send_text(chat, text)
                api.wait_until_sync(lambda n=count: len(api.messages(chat)) > n, timeout=30)
                assert shows(api.messages(chat)[-1].text, then), api.messages(chat)[-1].text
            held = api.fail("sendMessage", chat, kind="timeout", seconds=60)  # answer hangs
            api.send_text(chat, "Gọi lại trong 24 giờ")
            api.wait_until_sync(lambda: saved() == 1 and held.remaining == 0, timeout=30)
        finally:
            proc.kill()  # SIGKILL: no grace, the update is left at work
            proc.wait()
        [answer] = _answers_after_restart(api, tmp_path, chat)
        assert shows(answer, VI.addtip_saved), answer
    assert saved() == 1


@pytest.mark.process
def test_a_bot_killed_after_a_one_line_tip_confirms_it_once(tmp_path: Path) -> None:
    """SIGKILL after the one-line /addtip stored the tip, while its answer is still on
    its way (Telegram holds it): after the restart that message is handled again and the
    admin gets one answer, the tip saved (not "the team already has it"); it is there once."""
    chat = 63_003
    database = tmp_path / "bot.sqlite3"

    def saved() -> int:
        return _tips_stored(database, chat)

    with FakeBotAPI(token=TOKEN) as api:
        proc = processes.run_bot(api, tmp_path)
        try:
            processes.ready(api)
            held = api.fail("sendMessage", chat, kind="timeout", seconds=60)  # answer hangs
            api.send_text(chat, "/addtip Chào khách bằng tên | Gọi khách bằng tên riêng.")
            api.wait_until_sync(lambda: saved() == 1 and held.remaining == 0, timeout=30)
        finally:
            proc.kill()  # SIGKILL: no grace, the update is left at work
            proc.wait()
        [answer] = _answers_after_restart(api, tmp_path, chat)
        assert shows(answer, VI.addtip_saved), answer
    assert saved() == 1


@pytest.mark.process
def test_a_bot_killed_while_asking_steps_again_after_an_upgrade_asks_them_once(
        tmp_path: Path) -> None:
    """SIGKILL after the group's data moved to the supergroup it became, while the admin's
    step asked again there is still on its way (Telegram holds it): after the restart the
    upgrade handled again asks that step once, not nothing (the data having moved, the
    restart found nothing to move), which left the admin without a question to reply to."""
    old, new, admin = -63_004, -100_63_004, 63_005
    database = tmp_path / "bot.sqlite3"

    def moved() -> bool:
        with contextlib.closing(sqlite3.connect(database)) as db:
            return db.execute("SELECT chat_id FROM addtip_drafts").fetchall() == [(new,)]

    with FakeBotAPI(token=TOKEN) as api:
        api.set_chat_member(old, admin, "administrator")
        proc = processes.run_bot(api, tmp_path)
        try:
            processes.ready(api)
            api.send_text(old, "/addtip", chat_type="group", user_id=admin)
            api.wait_until_sync(lambda: len(api.messages(old)) == 1, timeout=30)
            held = api.fail("sendMessage", new, kind="timeout", seconds=60)  # answer hangs
            api.migrate(old, new, user_id=admin)
            api.wait_until_sync(lambda: moved() and held.remaining == 0, timeout=30)
        finally:
            proc.kill()  # SIGKILL: no grace, the update is left at work
            proc.wait()
        [asked] = _answers_after_restart(api, tmp_path, new)
        assert len(api.messages(new)) == 1  # none before the kill either
        assert shows(asked, VI.addtip_moved), asked
        assert shows(asked, VI.addtip_ask_principle)


async def test_a_part_that_fails_is_apologised_for_and_not_searched_too(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """When answering a part fails (Telegram refuses the question for the next step),
    the apology is the one answer: the part is not then read as a question and answered
    with an unrelated tip."""
    await say(api, 57, "/addtip")
    before = len(api.messages(57))
    api.fail("sendMessage", 57, kind="error", status=400,
             description="Bad Request: message is too long")
    api.send_text(57, "Luôn gọi lại cho khách trong 24 giờ")
    await bot.settle(api)
    [apology] = [m.text for m in api.messages(57)[before:]]
    assert shows(apology, VI.error_apology_draft)


@pytest.mark.parametrize("chat", [58, GROUP])
async def test_an_apology_mid_draft_asks_the_step_it_waits_for(
        api: FakeBotAPI, bot: RunningBot, chat: int) -> None:
    """After the apology the draft is still open: the admin is told it was kept and
    asked the step it waits for (the part that failed to be answered was taken), not
    left wondering what to send; in a group the apology opens the admin's reply, so
    with privacy mode the next part reaches the bot."""
    kw = {} if chat > 0 else {"chat_type": "supergroup", "user_id": ADMIN}
    if chat < 0:
        api.set_chat_member(chat, ADMIN, "administrator")
    await say(api, chat, "/addtip", **kw)
    before = len(api.messages(chat))
    api.fail("sendMessage", chat, kind="error", status=400,
             description="Bad Request: message is too long")
    api.send_text(chat, "Luôn gọi lại cho khách trong 24 giờ", **kw)  # type: ignore[arg-type]
    await bot.settle(api)
    [apology] = api.messages(chat)[before:]
    assert shows(apology.text, VI.error_apology_draft)
    assert shows(apology.text, VI.addtip_ask_passage)
    if chat < 0:
        sent = api.calls("sendMessage", chat_id=chat)[-1].params
        assert sent.get("reply_markup") == {"force_reply": True, "selective": True}
        kw["reply_to_message_id"] = apology.message_id
    assert shows(await say(api, chat, "Khách để lại số thì gọi lại trong 24 giờ.", **kw),
                 VI.addtip_ask_source)


async def test_an_apology_in_the_supergroup_a_group_became_opens_the_admins_reply(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """The group became a supergroup while an admin's part was being answered: the answer
    fails (the old id is gone) and the apology goes to the supergroup, where the admin's
    message cannot be quoted. It names the admin and opens their reply (with privacy mode
    their plain next message would not reach the bot), asking the step once; another
    admin's draft there is asked again too, as after any upgrade."""
    old, new, other = -4345, -1004345, 8012
    for admin in (ADMIN, other):
        api.set_chat_member(old, admin, "administrator")
        await say(api, old, "/addtip", chat_type="group", user_id=admin)
    api.send_text(old, "Luôn gọi lại cho khách trong 24 giờ", chat_type="group",
                  user_id=ADMIN)
    api.migrate(old, new, user_id=ADMIN)
    await bot.settle(api)
    apologies = [m for m in api.messages(new) if shows(m.text, VI.error_apology_draft_to)]
    [apology] = apologies
    assert shows(apology.text, VI.addtip_ask_passage)
    assert f"tg://user?id={ADMIN}" in (apology.raw_text or "")
    [sent] = [c.params for c in api.calls("sendMessage", chat_id=new)
              if f"tg://user?id={ADMIN}" in str(c.params.get("text"))]
    assert sent.get("reply_markup") == {"force_reply": True, "selective": True}
    moved = [m for m in api.messages(new) if shows(m.text, VI.addtip_moved)]
    assert [f"tg://user?id={other}" in (m.raw_text or "") for m in moved] == [True]
    for admin in (ADMIN, other):
        api.set_chat_member(new, admin, "administrator")
    kw = {"chat_type": "supergroup", "user_id": ADMIN,
          "reply_to_message_id": apology.message_id}
    assert shows(await say(api, new, "Khách để lại số thì gọi lại trong 24 giờ.", **kw),
                 VI.addtip_ask_source)


async def test_an_apology_without_a_draft_is_the_plain_one(api: FakeBotAPI,
                                                           bot: RunningBot) -> None:
    before = len(api.messages(59))
    api.fail("sendMessage", 59, kind="error", status=400,
             description="Bad Request: message is too long")
    api.send_text(59, "khách hay đổ lỗi cho mình thì làm sao")
    await bot.settle(api)
    assert [m.text for m in api.messages(59)[before:]] == [VI.error_apology]


async def test_in_a_group_each_step_asks_telegram_for_the_admins_reply(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """With privacy mode on (Telegram's default), a bot in a group receives commands,
    mentions and replies to it, not the admin's next plain message: each question of the
    steps asks Telegram to open a reply for the admin it answers (ForceReply, selective),
    so the part comes as a reply and reaches the bot."""
    api.set_chat_member(GROUP, ADMIN, "administrator")
    kw = {"chat_type": "supergroup", "user_id": ADMIN}
    texts = ("/addtip", "/skip", "Luôn gọi lại cho khách trong 24 giờ", "/skip",
             "Khách để lại số thì gọi lại trong 24 giờ.", "/skip", "/skip")
    for n, text in enumerate(texts):
        asked = api.messages(GROUP)[-1].message_id if n else None
        await say(api, GROUP, text, reply_to_message_id=asked, **kw)  # as the client does
        sent = api.calls("sendMessage", chat_id=GROUP)[-1].params
        if n < len(texts) - 1:
            assert sent.get("reply_markup") == {"force_reply": True, "selective": True}, text
            assert sent.get("reply_parameters", {}).get("message_id") or \
                sent.get("reply_to_message_id"), text  # selective: the admin quoted
    assert shows(api.messages(GROUP)[-1].text, VI.addtip_saved)
    assert "reply_markup" not in api.calls("sendMessage", chat_id=GROUP)[-1].params


async def test_an_edit_of_the_part_just_given_is_taken(api: FakeBotAPI,
                                                       bot: RunningBot) -> None:
    """An admin who fixes a typo in the part they just sent (Telegram's edit) expects the
    tip to have the fixed words: the edit of the message that gave the latest part is
    taken, said once, and the step it waits for asked again; more edits of it are taken
    too, without a word each."""
    await say(api, 65, "/addtip")
    principle = api.messages(65)[-1].message_id + 1  # the id of the message sent next
    api.send_text(65, "Luôn gọi lại cho khác trong 24 giờ")  # a typo: khác
    await bot.settle(api)
    taken = None
    for fixed in ("Luôn gọi lại cho khách trong 24h", "Luôn gọi lại cho khách trong 24 giờ"):
        before = len(api.messages(65))
        api.edit_text(65, principle, fixed)
        await bot.settle(api)
        taken = taken or api.messages(65)[before:]
    assert taken is not None and len(taken) == 1 and len(api.messages(65)) == before
    assert values(taken[0].text, VI.addtip_edit_taken) is not None
    assert values(taken[0].text, VI.addtip_edit_taken)["field"] == VI.field_principle  # type: ignore[index]
    assert shows(taken[0].text, VI.addtip_ask_passage)
    await say(api, 65, "Khách để lại số thì gọi lại trong 24 giờ.")
    await say(api, 65, "/skip")
    assert shows(await say(api, 65, "/skip"), VI.addtip_saved)
    assert bot.services.storage is not None
    [tip] = await bot.services.storage.team_tips.of_chat(65)
    assert tip.principle == "Luôn gọi lại cho khách trong 24 giờ"


@pytest.mark.parametrize("chat", [67, GROUP])
async def test_an_edit_of_the_principle_typed_with_the_command_is_taken(
        api: FakeBotAPI, bot: RunningBot, chat: int) -> None:
    """"/addtip Nguyên tắc" gives the principle with the command: a typo fixed in that
    message is the edit of the part just given, taken as the principle, not told "only
    the edit of the part you sent last" (the command's words are the part)."""
    kw = {} if chat > 0 else {"chat_type": "supergroup", "user_id": ADMIN}
    if chat < 0:
        api.set_chat_member(chat, ADMIN, "administrator")
    asked = await say(api, chat, "/addtip Luôn gọi lại cho khác trong 24 giờ", **kw)  # khác
    assert shows(asked, VI.addtip_ask_passage)
    before = len(api.messages(chat))
    command = api.messages(chat)[-1].message_id - 1  # the message the bot answered
    api.edit_text(chat, command, "/addtip Luôn gọi lại cho khách trong 24 giờ")
    await bot.settle(api)
    [taken] = api.messages(chat)[before:]
    edited = values(taken.text, VI.addtip_edit_taken)
    assert edited is not None and edited["field"] == VI.field_principle, taken.text
    kw["reply_to_message_id"] = taken.message_id
    await say(api, chat, "Khách để lại số thì gọi lại trong 24 giờ.", **kw)
    assert bot.services.storage is not None
    [draft] = await bot.services.storage.addtip_drafts.of_chat(chat, bot.clock())
    assert draft.principle == "Luôn gọi lại cho khách trong 24 giờ"


@pytest.mark.parametrize("chat", [66, GROUP])
async def test_an_edit_of_an_earlier_part_changes_nothing_and_says_so_once(
        api: FakeBotAPI, bot: RunningBot, chat: int) -> None:
    """An earlier part edited is not taken (the draft went on from it): the admin is told
    once, briefly, what to do instead and asked the step again; a flood of edits gets that
    one answer, not one each. In a group the answer opens the admin's reply."""
    kw = {} if chat > 0 else {"chat_type": "supergroup", "user_id": ADMIN}
    if chat < 0:
        api.set_chat_member(chat, ADMIN, "administrator")
    await say(api, chat, "/addtip", **kw)
    principle = api.messages(chat)[-1].message_id + 1  # the id of the message sent next
    api.send_text(chat, "Luôn gọi lại cho khách trong 24 giờ", **kw)  # type: ignore[arg-type]
    await bot.settle(api)
    await say(api, chat, "Khách để lại số thì gọi lại trong 24 giờ.", **kw)
    before = len(api.messages(chat))
    for n in range(12):
        api.edit_text(chat, principle, f"Gọi lại cho khách trong {n} giờ")
    await bot.settle(api)
    [note] = api.messages(chat)[before:]
    assert shows(note.text, VI.addtip_edit_ignored) and shows(note.text, VI.addtip_ask_source)
    if chat < 0:
        sent = api.calls("sendMessage", chat_id=chat)[-1].params
        assert sent.get("reply_markup") == {"force_reply": True, "selective": True}
        kw["reply_to_message_id"] = note.message_id
    await say(api, chat, "/skip", **kw)
    assert shows(await say(api, chat, "/skip", **kw), VI.addtip_saved)
    assert bot.services.storage is not None
    [tip] = await bot.services.storage.team_tips.of_chat(chat)
    assert tip.principle == "Luôn gọi lại cho khách trong 24 giờ"


async def test_an_edit_without_a_draft_is_not_answered(api: FakeBotAPI,
                                                       bot: RunningBot) -> None:
    """Outside a draft the bot answers what is sent, not what is edited (as before)."""
    await say(api, 67, "khách hay đổ lỗi cho mình thì làm sao")
    before = len(api.messages(67))
    api.edit_text(67, api.messages(67)[-1].message_id - 1, "khách đòi hoàn tiền")
    await bot.settle(api)
    assert len(api.messages(67)) == before


async def test_a_photo_without_words_in_reply_to_a_step_in_a_group_asks_it_again(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """In a group, the admin answering the bot's question with a photo or a sticker and no
    words gets the step asked again, as in a private chat, not silence; a photo the admin
    posts in the group otherwise (not a reply to the bot) is the group's own talk."""
    api.set_chat_member(GROUP, ADMIN, "administrator")
    kw = {"chat_type": "supergroup", "user_id": ADMIN}
    await say(api, GROUP, "/addtip", **kw)
    before = len(api.messages(GROUP))
    api.send_media(GROUP, "photo", **kw)  # type: ignore[arg-type]
    await bot.settle(api)
    assert len(api.messages(GROUP)) == before
    api.send_media(GROUP, "sticker", reply_to_message_id=api.messages(GROUP)[-1].message_id,
                   **kw)  # type: ignore[arg-type]
    await bot.settle(api)
    assert len(api.messages(GROUP)) == before + 1
    assert shows(api.messages(GROUP)[-1].text, VI.addtip_ask_principle)
