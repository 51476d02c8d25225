"""The team's own tips: conversation, one line, limits, /mytips, rotation and search."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3

import pytest

from bot.corpus import Corpus
from bot.search import SearchIndex
from bot.strings import VI
from bot.telegram.app import Serving, started
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows, values

UTC = dt.UTC
GROUP = -100800
ADMIN, MEMBER = 8001, 8002


def team_tip_count(bot: RunningBot, chat_id: int) -> int:
    with sqlite3.connect(bot.settings.db_path) as db:
        return db.execute("SELECT COUNT(*) FROM team_tips WHERE chat_id = ?",
                          (chat_id,)).fetchone()[0]


async def test_conversation_adds_a_tip_step_by_step(api: FakeBotAPI, bot: RunningBot) -> None:
    assert shows(await say(api, 42, "/addtip"), VI.addtip_ask_principle)
    assert shows(await say(api, 42, "Luôn gọi lại cho khách trong 24 giờ"), VI.addtip_ask_passage)
    assert shows(await say(api, 42, "Khách nào để lại số điện thoại thì trong 24 giờ phải có "
                                    "người gọi lại, kể cả khi chưa có câu trả lời."),
                 VI.addtip_ask_source)
    assert shows(await say(api, 42, "Sổ tay CSKH của nhóm"), VI.addtip_ask_short)
    saved = await say(api, 42, "Gọi lại cho khách trong 24 giờ")
    done = values(saved, VI.addtip_saved)
    assert done is not None and (done["count"], done["limit"]) == ("1", "200")
    assert "Luôn gọi lại cho khách" in saved and "Sổ tay CSKH của nhóm" in saved
    # Plain text after the conversation is a lookup again, and finds the team's tip.
    found = await say(api, 42, "goi lai cho khach trong 24 gio")
    assert "Luôn gọi lại cho khách trong 24 giờ" in found
    # The short form was asked for and kept: the tip is a quiz option now.
    assert bot.services.storage is not None
    [tip] = await bot.services.storage.team_tips.of_chat(42)
    assert tip.short == "Gọi lại cho khách trong 24 giờ"


async def test_the_short_form_step_explains_itself_and_may_be_skipped(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """Issue 23: step by step asks for the short form (optional, with an example)."""
    await say(api, 51, "/addtip")
    await say(api, 51, "Xin lỗi trước, giải thích sau")
    await say(api, 51, "Khi khách bực, lời xin lỗi chân thành đến trước mọi lời giải thích.")
    ask = await say(api, 51, "/skip")  # no source
    assert shows(ask, VI.addtip_ask_short) and "/quiz" in ask and "/skip" in ask
    assert values(await say(api, 51, "x" * 101), VI.addtip_too_long) == {
        "field": VI.field_short, "limit": "100"}
    assert shows(await say(api, 51, "/skip"), VI.addtip_saved)
    assert bot.services.storage is not None
    [tip] = await bot.services.storage.team_tips.of_chat(51)
    assert (tip.source, tip.short) == ("", "")


async def test_one_line_form_and_skip_source(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await say(api, 43, "/addtip Chào khách bằng tên | Gọi khách bằng tên riêng giúp "
                              "họ thấy được tôn trọng.")
    assert shows(text, VI.addtip_saved) and VI.team_source in text
    await say(api, 43, "/addtip")
    await say(api, 43, "Xin lỗi trước, giải thích sau")
    await say(api, 43, "Khi khách bực, lời xin lỗi chân thành đến trước mọi lời giải thích.")
    assert shows(await say(api, 43, "/skip"), VI.addtip_ask_short)
    assert shows(await say(api, 43, "Xin lỗi trước"), VI.addtip_saved)
    assert team_tip_count(bot, 43) == 2


async def test_a_tip_the_team_has_is_not_saved_twice(api: FakeBotAPI, bot: RunningBot) -> None:
    """Typed again, in one line or step by step, even without accents or in capitals."""
    assert shows(await say(api, 50, "/addtip Chào khách bằng tên | Gọi khách bằng tên riêng."),
                 VI.addtip_saved)
    assert shows(await say(api, 50, "/addtip CHAO KHACH BANG TEN | goi khach bang ten rieng."),
                 VI.addtip_already)
    await say(api, 50, "/addtip")
    await say(api, 50, "chào khách bằng tên")
    await say(api, 50, "Gọi khách bằng tên riêng.")
    await say(api, 50, "/skip")
    assert shows(await say(api, 50, "/skip"), VI.addtip_already)
    assert team_tip_count(bot, 50) == 1


async def test_cancel_at_any_step_saves_nothing(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 44, "/addtip")
    await say(api, 44, "Một nguyên tắc")
    assert shows(await say(api, 44, "/cancel"), VI.addtip_cancelled)
    assert team_tip_count(bot, 44) == 0
    assert "💡" in await say(api, 44, "Disney")  # back to lookups


@pytest.mark.settings(addtip_timeout_seconds=1.0)
async def test_time_out_ends_politely_and_saves_nothing(api: FakeBotAPI,
                                                        bot: RunningBot) -> None:
    await say(api, 45, "/addtip")
    await say(api, 45, "Một nguyên tắc")
    await asyncio.sleep(1.5)
    await api.wait_until(lambda: shows(api.messages(45)[-1].text, VI.addtip_timeout),
                         timeout=10)
    assert team_tip_count(bot, 45) == 0


@pytest.mark.settings(addtip_timeout_seconds=1.0)
async def test_a_group_upgraded_mid_addtip_goes_on_in_the_new_group(
        api: FakeBotAPI, bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    """Telegram gives a group a new id when it becomes a supergroup; the tip being written
    under the old id moves with the group's other data, and the admin's next message in
    the supergroup goes on with it (nor is an error logged when the old step's wait runs
    out: the time-out then ends it in the supergroup, once)."""
    old, new = -4343, -1004343
    for admin in (ADMIN, MEMBER):
        api.set_chat_member(old, admin, "administrator")
        await say(api, old, "/addtip", chat_type="group", user_id=admin)
    await say(api, old, "Một nguyên tắc", chat_type="group", user_id=ADMIN)
    api.migrate(old, new, user_id=ADMIN)
    await bot.settle(api)
    # Each admin is asked their step again there (their reply to the old question is gone).
    assert [shows(m.text, VI.addtip_moved) for m in api.messages(new)] == [True, True]
    for admin in (ADMIN, MEMBER):
        api.set_chat_member(new, admin, "administrator")
    kw = {"chat_type": "supergroup", "user_id": ADMIN}
    assert shows(await say(api, new, "Nội dung của nguyên tắc", **kw), VI.addtip_ask_source)
    assert shows(await say(api, new, "/skip", **kw), VI.addtip_ask_short)
    assert shows(await say(api, new, "/skip", **kw), VI.addtip_saved)
    assert team_tip_count(bot, new) == 1 and team_tip_count(bot, old) == 0
    await api.wait_until(lambda: shows(api.messages(new)[-1].text, VI.addtip_timeout),
                         timeout=10)  # the other admin's draft, asking for a principle
    await asyncio.sleep(1.5)
    assert sum(shows(m.text, VI.addtip_timeout) for m in api.messages(new)) == 1
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    kw["user_id"] = MEMBER  # and /addtip starts afresh in the new group
    assert shows(await say(api, new, "/addtip", **kw), VI.addtip_ask_principle)


@pytest.mark.settings(addtip_timeout_seconds=7200.0)
async def test_a_group_upgrade_found_by_the_daily_tip_still_asks_the_step_again(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """The daily tip may be the first to learn that the group became a supergroup (its
    send refused with the new id): it moves the group's data, and when Telegram's own word
    of the upgrade comes, the admin writing a tip is still asked their step in the
    supergroup, where the reply to the old group's question cannot go."""
    old, new = -4346, -1004346
    api.set_chat_member(old, ADMIN, "administrator")
    await say(api, old, "/subscribe 8h", chat_type="group", user_id=ADMIN)
    await say(api, old, "/addtip", chat_type="group", user_id=ADMIN)
    api.fail("sendMessage", chat_id=old, kind="migrate", migrate_to_chat_id=new)
    bot.clock.set(dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC))
    assert (await bot.tick()).migrated == 1
    api.migrate(old, new, user_id=ADMIN)
    await bot.settle(api)
    [asked] = [m for m in api.messages(new) if shows(m.text, VI.addtip_moved)]
    assert shows(asked.text, VI.addtip_ask_principle)


async def test_a_restart_mid_addtip_goes_on_with_the_draft(
        api: FakeBotAPI, bot: RunningBot, corpus: Corpus, index: SearchIndex) -> None:
    """The draft is in the database: after a restart the admin's next message is the
    next part, not a question to search."""
    await say(api, 47, "/addtip")
    assert shows(await say(api, 47, "Luôn gọi lại cho khách trong 24 giờ"),
                 VI.addtip_ask_passage)
    await bot.settle(api)  # the part marked done: not handled again by the next process
    assert bot.serving is not None
    await bot.serving.stop()  # from now on only the restarted process takes updates
    async with started(bot.settings, corpus, index, clock=bot.clock) as other:
        serving = Serving(other)
        await serving.start()
        try:
            assert shows(await say(api, 47, "Khách để lại số thì trong 24 giờ phải có người "
                                            "gọi lại."), VI.addtip_ask_source)
            assert shows(await say(api, 47, "/skip"), VI.addtip_ask_short)
            assert shows(await say(api, 47, "Gọi lại trong 24 giờ"), VI.addtip_saved)
        finally:
            await serving.stop()
    assert team_tip_count(bot, 47) == 1


async def test_a_draft_that_timed_out_while_the_bot_was_down_ends_at_the_start(
        api: FakeBotAPI, bot: RunningBot, corpus: Corpus, index: SearchIndex) -> None:
    await say(api, 48, "/addtip")
    await say(api, 48, "Luôn gọi lại cho khách trong 24 giờ")
    assert bot.serving is not None
    await bot.serving.stop()
    bot.clock.advance(seconds=bot.settings.addtip_timeout_seconds + 1)
    async with started(bot.settings, corpus, index, clock=bot.clock) as other:
        serving = Serving(other)
        await serving.start()
        try:
            await api.wait_until(lambda: shows(api.messages(48)[-1].text, VI.addtip_timeout),
                                 timeout=10)
            # The next message is a question again, not the tip's passage.
            assert not shows(await say(api, 48, "khách đổ lỗi"), VI.addtip_ask_source)
        finally:
            await serving.stop()
    assert team_tip_count(bot, 48) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("   ", VI.addtip_empty), ("x" * 5000, VI.addtip_too_long),
     ("<b>in đậm</b> & <script>", VI.addtip_ask_passage),
     ("😀🎉 mỉm cười 😀", VI.addtip_ask_passage), ("\x00\x01\x1b", VI.addtip_empty)],
)
async def test_bad_principles_are_refused_or_kept_safely(api: FakeBotAPI, bot: RunningBot,
                                                         text: str, expected: str) -> None:
    await say(api, 46, "/addtip")
    assert shows(await say(api, 46, text), expected)
    await say(api, 46, "/cancel")
    assert team_tip_count(bot, 46) == 0


@pytest.mark.parametrize(("line", "field"), [
    ("/addtip |", VI.addtip_empty), ("/addtip \u200b | Gọi tên", VI.addtip_empty),
    ("/addtip Chào khách | ", VI.addtip_empty),
    ("/addtip " + "x" * 300 + " | Gọi tên", VI.addtip_too_long)])
async def test_a_refused_one_line_says_to_send_the_line_again_not_to_cancel(
        api: FakeBotAPI, bot: RunningBot, line: str, field: str) -> None:
    """A one-line /addtip opens no draft: its refusal says what to fix and to send the
    line again, not "/cancel", which would then find nothing to cancel (in a private chat
    the bot would answer it with the help)."""
    text = await say(api, 49, line)
    assert shows(text, VI.addtip_line_empty if field == VI.addtip_empty
                 else VI.addtip_line_too_long), text
    assert "/cancel" not in text
    assert team_tip_count(bot, 49) == 0


async def test_an_edit_of_a_one_line_tip_fixes_the_saved_tip(api: FakeBotAPI,
                                                             bot: RunningBot) -> None:
    """An admin who fixes a typo in their one-line /addtip (Telegram's edit) expects the
    team's tip to have the fixed words, as an edit of a step's part does: the tip that
    message stored takes them, keeping its number; refused words, or words of another tip
    the team has, are said and change nothing."""
    api.set_chat_member(GROUP, ADMIN, "administrator")
    kw = {"chat_type": "supergroup", "user_id": ADMIN}
    await say(api, GROUP, "/addtip Gọi khách bằng tên | Gọi tên riêng.", **kw)
    saved = await say(api, GROUP, "/addtip Chào khác bằng tên | Gọi khách bằng tên riêng.",
                      **kw)  # a typo: khác
    assert shows(saved, VI.addtip_saved)
    line = api.messages(GROUP)[-1].reply_to_message_id
    assert line is not None and bot.services.storage is not None
    [first, tip] = await bot.services.storage.team_tips.of_chat(GROUP)

    async def edit(text: str) -> str:
        before = len(api.messages(GROUP))
        api.edit_text(GROUP, line, text)
        await bot.settle(api)
        [answer] = api.messages(GROUP)[before:]
        return answer.text or ""

    fixed = "/addtip Chào khách bằng tên | Gọi khách bằng tên riêng."
    assert values(await edit(fixed), VI.addtip_line_edited) == {"tip_id": f"team-{tip.id}"}
    assert shows(await edit("/addtip | Gọi tên."), VI.addtip_line_empty)
    assert shows(await edit("/addtip Gọi khách bằng tên | Gọi tên riêng."), VI.addtip_already)
    assert [(t.id, t.principle) for t in await bot.services.storage.team_tips.of_chat(GROUP)] \
        == [(first.id, first.principle), (tip.id, "Chào khách bằng tên")]


async def test_html_is_escaped_in_the_saved_tip(api: FakeBotAPI, bot: RunningBot) -> None:
    text = await say(api, 47, "/addtip <b>Đậm</b> & rõ | Dùng <i>thẻ</i> & ký tự <lạ>")
    assert "<b>Đậm</b> & rõ" in text  # shown literally, not as formatting


async def test_one_line_with_empty_part_or_too_long_is_refused(api: FakeBotAPI,
                                                               bot: RunningBot) -> None:
    assert values(await say(api, 48, "/addtip  | nội dung"), VI.addtip_line_empty) == {
        "field": VI.field_principle}
    too_long = values(await say(api, 48, "/addtip nguyên tắc | " + "y" * 5000),
                      VI.addtip_line_too_long)
    assert too_long is not None and too_long["field"] == VI.field_passage
    assert team_tip_count(bot, 48) == 0


async def test_limit_of_200_tips(api: FakeBotAPI, bot: RunningBot) -> None:
    assert bot.services.storage is not None
    for n in range(200):
        await bot.services.storage.team_tips.add(49, f"Nguyên tắc {n}", "Nội dung", "", 1)
    assert values(await say(api, 49, "/addtip a | b"), VI.addtip_limit) == {"limit": "200"}
    assert values(await say(api, 49, "/addtip"), VI.addtip_limit) == {"limit": "200"}


async def test_mytips_lists_and_deletes_admins_only(api: FakeBotAPI, bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")
    await say(api, GROUP, "/addtip Một | Một nội dung", chat_type="supergroup", user_id=ADMIN)
    await say(api, GROUP, "/addtip Hai | Hai nội dung", chat_type="supergroup", user_id=ADMIN)
    # A member is told what only admins may do here, not the daily tip's refusal
    # ("… subscribe … ask an admin to type /subscribe 8h30").
    for command, refusal in (("/addtip Ba | x", VI.addtip_admin_alert),
                             ("/addtip", VI.addtip_admin_alert),
                             ("/mytips", VI.mytips_admin_only)):
        refused = await say(api, GROUP, command, chat_type="supergroup", user_id=MEMBER)
        assert shows(refused, refusal) and "/subscribe" not in refused, command
    text = await say(api, GROUP, "/mytips", chat_type="supergroup", user_id=ADMIN)
    assert "(2/200)" in text
    menu = api.messages(GROUP)[-1]
    first = menu.callback_data[0]
    api.press_button(GROUP, menu.message_id, first, user_id=MEMBER)
    await api.wait_for_calls("answerCallbackQuery", 1)
    assert team_tip_count(bot, GROUP) == 2
    api.press_button(GROUP, menu.message_id, first, user_id=ADMIN)
    await api.wait_until(lambda: "(1/200)" in api.message(GROUP, menu.message_id).text)
    assert team_tip_count(bot, GROUP) == 1


async def test_team_tips_join_only_their_chats_rotation(api: FakeBotAPI, bot: RunningBot,
                                                        corpus) -> None:  # type: ignore[no-untyped-def]
    await say(api, 50, "/subscribe 8h")
    await say(api, 51, "/subscribe 8h")
    await say(api, 50, "/addtip Bí kíp riêng của đội 50 | Chỉ đội 50 nhận mẹo này.")
    start = dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    for day in range(len(corpus.tips) + 1):
        bot.clock.set(start + dt.timedelta(days=day))
        await bot.tick()
    own = [m.text for m in api.messages(50) if "Bí kíp riêng của đội 50" in m.text
           and shows(m.text, VI.tip_of_day)]
    other = [m.text for m in api.messages(51) if "Bí kíp riêng của đội 50" in m.text]
    assert len(own) == 1 and other == []
    assert "Bí kíp riêng" not in await say(api, 51, "bi kip rieng cua doi")


async def test_an_english_admin_sees_the_team_label_in_english(api: FakeBotAPI,
                                                                bot: RunningBot) -> None:
    from bot.strings import EN, VI

    text = await say(api, 46, "/addtip Greet by name | Calling customers by name shows "
                              "respect.", language_code="en")
    assert EN.team_source in text and VI.team_source not in text


async def test_mytips_pages_through_200_tips_and_a_delete_keeps_the_page(
        api: FakeBotAPI, bot: RunningBot) -> None:
    from bot.replies import MYTIPS_PER_PAGE
    from bot.strings import VI

    for n in range(200):
        await bot.services.storage.team_tips.add(52, f"Nguyên tắc số {n + 1} " + "x" * 90,
                                                 "Nội dung", "", 1)
    text = await say(api, 52, "/mytips")
    pages = 200 // MYTIPS_PER_PAGE
    assert "(200/200)" in text and VI.mytips_page.format(page=1, pages=pages) in text
    menu = api.messages(52)[-1]
    assert "mytips:2" in menu.callback_data and not any("⬅️" in b["text"] for b in menu.buttons)
    page = 1
    while page < pages:  # every page fits in one message
        page += 1
        api.press_button(52, menu.message_id, f"mytips:{page}")
        await api.wait_until(lambda p=page: VI.mytips_page.format(page=p, pages=pages)
                             in api.message(52, menu.message_id).text)
        assert len(api.message(52, menu.message_id).text) < 4096
    assert "Nguyên tắc số 200" in api.message(52, menu.message_id).text
    api.press_button(52, menu.message_id, "mytips:2")
    await api.wait_until(lambda: "Nguyên tắc số 11 " in api.message(52, menu.message_id).text)
    delete = next(d for d in api.message(52, menu.message_id).callback_data
                  if d.startswith("del:"))
    api.press_button(52, menu.message_id, delete)
    await api.wait_until(lambda: "(199/200)" in api.message(52, menu.message_id).text)
    shown = api.message(52, menu.message_id).text
    assert VI.mytips_page.format(page=2, pages=pages) in shown  # still on page 2
    assert "Nguyên tắc số 11 " not in shown and "Nguyên tắc số 12 " in shown


async def test_an_admin_demoted_during_addtip_cannot_save(api: FakeBotAPI,
                                                           bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    kw = {"chat_type": "supergroup", "user_id": ADMIN}
    await say(api, GROUP, "/addtip", **kw)
    await say(api, GROUP, "Một nguyên tắc", **kw)
    await say(api, GROUP, "Nội dung của nguyên tắc", **kw)
    await say(api, GROUP, "/skip", **kw)
    api.set_chat_member(GROUP, ADMIN, "member")
    assert "Chỉ quản trị viên" in await say(api, GROUP, "/skip", **kw)
    assert team_tip_count(bot, GROUP) == 0


async def test_stats_counts_votes_on_team_tips(api: FakeBotAPI, bot: RunningBot) -> None:
    await say(api, 53, "/addtip Gọi lại trong ngày | Khách gọi nhỡ thì gọi lại trong ngày.")
    await say(api, 53, "/tip gọi lại trong ngày")
    message = api.messages(53)[-1]
    up = next(d for d in message.callback_data if d.startswith("vote:+:team-"))
    api.press_button(53, message.message_id, up)
    await api.wait_for_calls("answerCallbackQuery", 1)
    text = await say(api, 53, "/stats")
    assert "1 người đã bình chọn" in text
    assert "Gọi lại trong ngày" in text.split("Hữu ích nhất:")[1]


async def test_one_line_form_takes_an_optional_short_form(api: FakeBotAPI,
                                                          bot: RunningBot) -> None:
    from bot.corpus import MAX_SHORT
    from bot.teamtips import drafts

    saved = await say(api, 49, "/addtip Chào khách bằng tên | Gọi tên khách ngay câu đầu. | "
                               "Sổ tay |  Gọi khách   bằng tên ")
    assert shows(saved, VI.addtip_saved) and "Sổ tay" in saved
    no_source = await say(api, 49, "/addtip Hỏi lại cho chắc | Nhắc lại ý khách trước khi "
                                   "trả lời. | | Nhắc lại ý khách")
    assert shows(no_source, VI.addtip_saved) and VI.team_source in no_source
    too_long = values(await say(api, 49, "/addtip Một | Hai. | | " + "x" * (MAX_SHORT + 1)),
                      VI.addtip_line_too_long)
    assert too_long == {"field": VI.field_short, "limit": str(MAX_SHORT)}
    assert shows(await say(api, 49, "/addtip a | b | c | d | e"), VI.addtip_usage)
    with sqlite3.connect(bot.settings.db_path) as db:
        assert db.execute("SELECT source, short FROM team_tips WHERE chat_id = 49 "
                          "ORDER BY id").fetchall() == [("Sổ tay", "Gọi khách bằng tên"),
                                                        ("", "Nhắc lại ý khách")]
    assert drafts.parse_one_line("Một | Hai.").short == ""  # three parts as before
    assert drafts.parse_one_line("Một | Hai. | Nguồn").source == "Nguồn"


async def test_addtip_again_while_one_is_open_starts_over(api: FakeBotAPI,
                                                          bot: RunningBot) -> None:
    # The principle typed with the command is too long: the steps wait for another one.
    assert not shows(await say(api, 44, "/addtip " + "Dài " * 2500), VI.addtip_saved)
    text = await say(api, 44, "/addtip Chào khách bằng tên | Gọi khách bằng tên riêng giúp "
                              "họ thấy được tôn trọng.")
    assert shows(text, VI.addtip_saved) and team_tip_count(bot, 44) == 1
