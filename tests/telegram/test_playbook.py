"""The playbook as a file in Telegram: import with a preview and a confirm, export back.

Every file here is a real workbook written by openpyxl (or real bytes), sent as a
document through the fake Bot API and downloaded by the bot with getFile.
"""

from __future__ import annotations

import asyncio
import io
import sqlite3

import pytest
from openpyxl import Workbook, load_workbook

from bot.corpus import Corpus
from bot.replies import CB_EXPORT
from bot.search import SearchIndex
from bot.strings import EN, VI
from bot.teamtips import sandbox
from bot.teamtips.playbook import EXPORT_HEADERS
from bot.telegram.app import Serving, started
from bot.telegram.handlers.playbook import READERS
from tests.conftest import RunningBot
from tests.conftest import reply_to as say
from tests.support import xlsx
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows, values

GROUP = -100800
ADMIN, MEMBER = 8001, 8002
GOOD = [("Gọi lại trong 24 giờ", "Khách để lại số thì trong 24 giờ phải có người gọi lại.",
         "Sổ tay CSKH"),
        ("Chào khách bằng tên", "Gọi khách bằng tên riêng giúp họ thấy được tôn trọng.", ""),
        ("Xin lỗi trước, giải thích sau", "Khi khách bực, lời xin lỗi chân thành đến trước.",
         "Buổi họp tháng 3")]


def workbook(rows: list[tuple[object, ...]], title: str | None = "Bí kíp của đội") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if title:
        sheet.append((title,))  # a title above the header, as team leads write them
    sheet.append(("Nguyên tắc", "Nội dung (bắt buộc)", "Nguồn"))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_bad_rows() -> bytes:
    # Spreadsheet rows: 1 title, 2 header, 3-4 good, 5 no passage, 6 good, 7 too long.
    return workbook([GOOD[0], GOOD[1], ("Thiếu nội dung", None, "x"), GOOD[2],
                     ("x" * 300, "Nội dung", "")])


def stored(bot: RunningBot, chat_id: int) -> list[tuple[str, str, str]]:
    with sqlite3.connect(bot.settings.db_path) as db:
        return db.execute("SELECT principle, passage, source FROM team_tips WHERE chat_id = ? "
                          "ORDER BY id", (chat_id,)).fetchall()


async def send_file(api: FakeBotAPI, chat_id: int, data: bytes, name: str,
                    **kw: object) -> str:
    """Send a document as a user; the text of the bot's next message there."""
    before = len(api.messages(chat_id))
    api.send_document(chat_id, data, name, **kw)  # type: ignore[arg-type]
    await api.wait_until(lambda: len(api.messages(chat_id)) > before, timeout=10)
    text = api.messages(chat_id)[-1].text
    assert text is not None
    return text


async def press(api: FakeBotAPI, chat_id: int, message_id: int, data: str,
                user_id: int) -> str:
    """Press a button; the toast's text ("" for none), once the bot answered."""
    before = len(api.calls("answerCallbackQuery"))
    api.press_button(chat_id, message_id, data, user_id=user_id)
    calls = await api.wait_for_calls("answerCallbackQuery", before + 1, timeout=10)
    return str(calls[-1].params.get("text") or "")


def setup_group(api: FakeBotAPI) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")


@pytest.mark.process  # here and below: files are read in the sandbox's worker process
async def test_xlsx_preview_then_confirm_stores_exactly_the_valid_rows(
        api: FakeBotAPI, bot: RunningBot) -> None:
    setup_group(api)
    text = await send_file(api, GROUP, with_bad_rows(), "playbook.xlsx", caption="/import",
                           user_id=ADMIN)
    counts = values(text.split("\n")[1], VI.playbook_counts)
    assert counts == {"valid": "3", "bad": "2"}
    assert "dòng 5: thiếu nội dung" in text and "dòng 7:" in text
    assert shows(text, VI.playbook_confirm_hint) and stored(bot, GROUP) == []
    preview = api.messages(GROUP)[-1]
    confirm, cancel = preview.callback_data
    assert await press(api, GROUP, preview.message_id, confirm, ADMIN) == ""
    await api.wait_until(lambda: shows(api.message(GROUP, preview.message_id).text,
                                       VI.playbook_done))
    done = api.message(GROUP, preview.message_id)
    assert values(done.text, VI.playbook_done)["added"] == "3" and not done.buttons
    assert stored(bot, GROUP) == GOOD
    # The buttons are spent: pressing again (or Cancel) stores nothing more.
    assert shows(await press(api, GROUP, preview.message_id, confirm, ADMIN), VI.playbook_stale)
    assert shows(await press(api, GROUP, preview.message_id, cancel, ADMIN), VI.playbook_stale)
    assert stored(bot, GROUP) == GOOD


@pytest.mark.process
async def test_english_preview_and_button_count_one_tip(api: FakeBotAPI,
                                                        bot: RunningBot) -> None:
    setup_group(api)
    text = await send_file(api, GROUP, workbook([GOOD[0]]), "one.xlsx", caption="/import",
                           user_id=ADMIN, language_code="en")
    assert values(text.split("\n")[1], EN.playbook_counts) == {"valid": "1", "bad": "0"}
    assert "1 valid tip," in text and "0 rows with problems" in text
    preview = api.messages(GROUP)[-1]
    assert preview.buttons[0]["text"] == EN.btn_playbook_confirm.format(count=1) \
        == "✅ Import 1 tip"
    confirm, _ = preview.callback_data
    api.press_button(GROUP, preview.message_id, confirm, user_id=ADMIN, language_code="en")
    await api.wait_until(lambda: shows(api.message(GROUP, preview.message_id).text,
                                       EN.playbook_done), timeout=10)
    done = api.message(GROUP, preview.message_id).text
    assert values(done, EN.playbook_done)["added"] == "1" and "Added 1 tip to" in done


@pytest.mark.process
async def test_cancel_stores_nothing_and_late_or_forged_confirms_are_stale(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await send_file(api, 42, workbook(GOOD), "a.xlsx")  # private chat: no caption needed
    preview = api.messages(42)[-1]
    confirm, cancel = preview.callback_data
    assert shows(await press(api, 42, preview.message_id, confirm.rsplit(":", 1)[0] + ":forged",
                             42), VI.playbook_stale)
    await press(api, 42, preview.message_id, cancel, 42)
    await api.wait_until(lambda: shows(api.message(42, preview.message_id).text,
                                       VI.playbook_cancelled))
    assert shows(await press(api, 42, preview.message_id, confirm, 42), VI.playbook_stale)
    assert stored(bot, 42) == []
    # A preview left alone past the time-out (/addtip's) stores nothing either.
    await send_file(api, 42, workbook(GOOD), "a.xlsx")
    late = api.messages(42)[-1]
    bot.clock.advance(seconds=bot.settings.addtip_timeout_seconds + 1)
    assert shows(await press(api, 42, late.message_id, late.callback_data[0], 42),
                 VI.playbook_stale)
    assert stored(bot, 42) == []


@pytest.mark.process
async def test_a_second_import_skips_duplicates_and_the_limit_holds(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await send_file(api, 43, workbook(GOOD), "a.xlsx")
    first = api.messages(43)[-1]
    await press(api, 43, first.message_id, first.callback_data[0], 43)
    await api.wait_until(lambda: len(stored(bot, 43)) == 3)
    # Same tips typed differently (case, no diacritics) are the same tips.
    again = [("GỌI LẠI TRONG 24 GIỜ", GOOD[0][1], ""), GOOD[1],
             ("Mẹo mới", "Một nội dung mới hẳn.", "")]
    text = await send_file(api, 43, workbook(again), "b.xlsx")
    assert values(text, VI.playbook_already) == {"count": "2"}
    preview = api.messages(43)[-1]
    await press(api, 43, preview.message_id, preview.callback_data[0], 43)
    await api.wait_until(lambda: shows(api.message(43, preview.message_id).text,
                                       VI.playbook_done))
    done = api.message(43, preview.message_id).text
    assert values(done.split("\n")[0], VI.playbook_done)["added"] == "1"
    assert shows(done, VI.playbook_already_skipped) and len(stored(bot, 43)) == 4
    # 200 tips a team: 196 more fit, the rest are counted and left out.
    rows = [(f"Nguyên tắc số {n}", f"Nội dung số {n}.", "") for n in range(199)]
    text = await send_file(api, 43, workbook(rows), "c.xlsx")
    assert values(text, VI.playbook_no_room) == {"count": "3", "limit": "200"}
    preview = api.messages(43)[-1]
    await press(api, 43, preview.message_id, preview.callback_data[0], 43)
    await api.wait_until(lambda: shows(api.message(43, preview.message_id).text,
                                       VI.playbook_no_room_left))
    done = api.message(43, preview.message_id).text
    assert values(done.split("\n")[0], VI.playbook_done)["added"] == "196"
    assert len(stored(bot, 43)) == 200


@pytest.mark.process
async def test_one_file_confirmed_in_two_chats_stores_each_tip_once(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """Previewed for the team in its chat and in an admin's private chat, confirmed in
    both: the second confirm adds nothing and says the tips were already there."""
    setup_group(api)
    await send_file(api, GROUP, workbook(GOOD), "a.xlsx", caption="/import", user_id=ADMIN)
    in_group = api.messages(GROUP)[-1]
    await send_file(api, ADMIN, workbook(GOOD), "a.xlsx", caption=f"/import {GROUP}")
    in_private = api.messages(ADMIN)[-1]
    await press(api, GROUP, in_group.message_id, in_group.callback_data[0], ADMIN)
    await press(api, ADMIN, in_private.message_id, in_private.callback_data[0], ADMIN)
    await api.wait_until(lambda: shows(api.message(ADMIN, in_private.message_id).text,
                                       VI.playbook_done))
    second = api.message(ADMIN, in_private.message_id).text
    assert values(second.split("\n")[0], VI.playbook_done)["added"] == "0"
    assert values(second.split("\n")[1], VI.playbook_already_skipped) == {"count": "3"}
    assert stored(bot, GROUP) == GOOD


@pytest.mark.process
async def test_a_confirm_reaches_another_replica(api: FakeBotAPI, bot: RunningBot,
                                                 corpus: Corpus, index: SearchIndex) -> None:
    """The preview came from one process; the press reaches another on the same database
    (a replica, or the same bot after a restart) and stores the tips."""
    await send_file(api, 44, workbook(GOOD), "a.xlsx")
    preview = api.messages(44)[-1]
    assert bot.serving is not None
    await bot.serving.stop()  # from now on only the other process takes updates
    async with started(bot.settings, corpus, index, clock=bot.clock) as other:
        serving = Serving(other)
        await serving.start()
        try:
            assert await press(api, 44, preview.message_id, preview.callback_data[0], 44) == ""
            await api.wait_until(lambda: shows(api.message(44, preview.message_id).text,
                                               VI.playbook_done))
            assert stored(bot, 44) == GOOD
        finally:
            await serving.stop()


@pytest.mark.process
async def test_non_admins_file_and_confirm_are_refused(api: FakeBotAPI,
                                                        bot: RunningBot) -> None:
    setup_group(api)
    text = await send_file(api, GROUP, workbook(GOOD), "a.xlsx", caption="/import",
                           user_id=MEMBER)
    assert shows(text, VI.playbook_admin_only) and not api.calls("getFile")
    await send_file(api, GROUP, workbook(GOOD), "a.xlsx", caption="/import", user_id=ADMIN)
    preview = api.messages(GROUP)[-1]
    for data in preview.callback_data:
        toast = await press(api, GROUP, preview.message_id, data, MEMBER)
        assert shows(toast, VI.playbook_admin_alert)
    assert stored(bot, GROUP) == []
    await press(api, GROUP, preview.message_id, preview.callback_data[0], ADMIN)
    await api.wait_until(lambda: len(stored(bot, GROUP)) == 3)


async def test_files_in_group_talk_are_left_alone(api: FakeBotAPI, bot: RunningBot) -> None:
    setup_group(api)
    api.send_document(GROUP, workbook(GOOD), "doanh-so.xlsx", user_id=ADMIN)
    assert shows(await say(api, GROUP, "/help", user_id=ADMIN), VI.help)
    assert not api.calls("getFile") and len(api.messages(GROUP)) == 1


@pytest.mark.parametrize(("data", "name", "reason"), [
    (b"\0" * (2 * 1024 * 1024), "playbook.xlsx", VI.playbook_too_big),
    (b"PK\x03\x04 a Word file", "playbook.docx", VI.playbook_bad_type),
    (b"PK\x03\x04 macros", "playbook.xlsm", VI.playbook_macro),
])
async def test_big_and_other_files_are_refused_before_downloading(
        api: FakeBotAPI, bot: RunningBot, data: bytes, name: str, reason: str) -> None:
    assert shows(await send_file(api, 44, data, name), reason)
    assert not api.calls("getFile") and not api.calls("downloadFile")
    assert stored(bot, 44) == []


@pytest.mark.process
async def test_formula_cells_and_bad_files_are_refused_with_the_reason(
        api: FakeBotAPI, bot: RunningBot) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(("Principle", "Passage"))
    sheet.append(("Gọi lại", "Gọi lại trong ngày."))
    sheet.append(("Chào khách", "=A2&\" <b>và</b> \"&B2"))
    out = io.BytesIO()
    book.save(out)
    text = await send_file(api, 45, out.getvalue(), "f.xlsx")
    assert shows(text, VI.playbook_formula) and "B3" in text and "<b>" in text  # escaped
    assert not api.messages(45)[-1].buttons
    assert shows(await send_file(api, 45, b"\xff\xfenot utf-8", "x.csv"), VI.playbook_encoding)
    assert stored(bot, 45) == []


@pytest.mark.process
async def test_export_reads_back_as_the_stored_tips(api: FakeBotAPI, bot: RunningBot) -> None:
    setup_group(api)
    for principle, passage, source in (("=SUM(A1) không phải công thức", "<b>Đậm</b> & x", ""),
                                       GOOD[0]):
        line = f"/addtip {principle} | {passage}" + (f" | {source}" if source else "")
        await say(api, GROUP, line, user_id=ADMIN)
    await say(api, GROUP, "/mytips", user_id=ADMIN)
    menu = api.messages(GROUP)[-1]
    assert CB_EXPORT in menu.callback_data
    assert shows(await press(api, GROUP, menu.message_id, CB_EXPORT, MEMBER),
                 VI.playbook_admin_alert)
    assert not api.documents(GROUP)
    await press(api, GROUP, menu.message_id, CB_EXPORT, ADMIN)
    (document,) = await api.wait_until(lambda: api.documents(GROUP), timeout=10)
    assert document.file_name.endswith(".xlsx") and shows(document.caption, VI.export_caption)
    sheet = load_workbook(io.BytesIO(document.data)).worksheets[0]
    rows = [tuple(c or "" for c in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == EXPORT_HEADERS[:3]
    assert [r[:3] for r in rows[1:]] == stored(bot, GROUP)
    # The export, sent back, is a preview with nothing new.
    text = await send_file(api, GROUP, document.data, document.file_name, caption="/import",
                           user_id=ADMIN)
    assert values(text, VI.playbook_already) == {"count": "2"}
    assert shows(text, VI.playbook_nothing_new) and not api.messages(GROUP)[-1].buttons


@pytest.mark.process
async def test_private_import_names_a_team_the_sender_administers(
        api: FakeBotAPI, bot: RunningBot) -> None:
    setup_group(api)
    # An admin learns the team's id from /status; a member is not shown it.
    status = await say(api, GROUP, "/status", user_id=ADMIN)
    assert values(status.split("\n\n")[-1], VI.status_chat_id) == {"chat_id": str(GROUP)}
    assert not shows(await say(api, GROUP, "/status", user_id=MEMBER), VI.status_chat_id)
    caption = f"/import {GROUP}"
    text = await send_file(api, MEMBER, workbook(GOOD), "a.xlsx", caption=caption)
    assert shows(text, VI.playbook_not_admin_of) and not api.calls("getFile")
    text = await send_file(api, MEMBER, workbook(GOOD), "a.xlsx", caption="/import -100999")
    assert shows(text, VI.playbook_not_admin_of)  # the bot is not in that group
    assert shows(await send_file(api, MEMBER, workbook(GOOD), "a.xlsx", caption="/import abc"),
                 VI.playbook_bad_target)
    text = await send_file(api, ADMIN, workbook(GOOD), "a.xlsx", caption=caption)
    assert str(GROUP) in text.split("\n")[0]
    preview = api.messages(ADMIN)[-1]
    api.set_chat_member(GROUP, ADMIN, "member")  # demoted before pressing ✅
    assert shows(await press(api, ADMIN, preview.message_id, preview.callback_data[0], ADMIN),
                 VI.playbook_admin_alert)
    api.set_chat_member(GROUP, ADMIN, "administrator")
    await press(api, ADMIN, preview.message_id, preview.callback_data[0], ADMIN)
    await api.wait_until(lambda: stored(bot, GROUP) == GOOD)
    assert stored(bot, ADMIN) == []


@pytest.mark.process
async def test_import_command_explains_and_csv_and_toml_work(api: FakeBotAPI,
                                                            bot: RunningBot) -> None:
    setup_group(api)
    text = await say(api, GROUP, "/import", user_id=ADMIN)
    assert shows(text, VI.playbook_usage) and str(GROUP) in text
    assert shows(await say(api, GROUP, "/import", user_id=MEMBER), VI.playbook_admin_only)
    csv = "nguyen tac;noi dung\nGọi lại;Gọi lại trong ngày.\n".encode()
    assert values(await send_file(api, 46, csv, "a.csv"), VI.playbook_counts) is not None
    toml = '[[tips]]\nprinciple = "Chào khách"\npassage = "Chào bằng tên."\n'.encode()
    text = await send_file(api, 47, toml, "a.toml")
    assert shows(text, VI.playbook_confirm_hint)


@pytest.mark.process
async def test_hostile_workbooks_get_a_reason_in_words_and_store_nothing(
        api: FakeBotAPI, bot: RunningBot) -> None:
    for chat, (make, reason) in enumerate(xlsx.HOSTILE.values(), start=60):
        text = await send_file(api, chat, make(), "bi-kip.xlsx")
        assert shows(text, getattr(VI, f"playbook_{reason}")), (reason, text)
        assert not api.messages(chat)[-1].buttons and stored(bot, chat) == []
    text = await send_file(api, 70, xlsx.row_far_away(), "bi-kip.xlsx")
    assert "1000000000000000" in text and "10000" in text
    assert sandbox.running() == 0


@pytest.mark.process
@pytest.mark.settings(file_read_seconds=1.5)
async def test_a_file_too_slow_to_read_is_cut_off_while_other_chats_are_answered(
        api: FakeBotAPI, bot: RunningBot) -> None:
    # Eight chats send a workbook within every bound but slow to read: two are read at
    # once, each killed at the time limit; those that find no free reader soon are told
    # so. Meanwhile a /tip from another chat is answered at once.
    chats = range(80, 88)
    for chat in chats:
        api.send_document(chat, xlsx.slow_but_bounded(), "cham.xlsx")
    await api.wait_until(lambda: sandbox.running() == 2, timeout=10)
    assert (await say(api, 42, "/tip")).strip()
    # Answered while the files were still being read: before any of them was answered.
    assert sandbox.running() == 2 and not any(api.messages(c) for c in chats)
    await api.wait_until(lambda: all(api.messages(c) for c in chats), timeout=30)
    reasons = [api.messages(c)[-1].text for c in chats]
    assert all(shows(t, VI.playbook_too_complex) or shows(t, VI.playbook_busy)
               for t in reasons), reasons
    assert sum(shows(t, VI.playbook_too_complex) for t in reasons) >= 2
    assert all(stored(bot, c) == [] for c in chats)
    assert sandbox.running() == 0
    # The same chat may send its next file once the first is answered.
    assert shows(await send_file(api, 80, workbook(GOOD), "a.xlsx"), VI.playbook_confirm_hint)


@pytest.mark.process
async def test_a_second_file_from_the_same_chat_waits_for_the_first(
        api: FakeBotAPI, bot: RunningBot) -> None:
    api.send_document(90, xlsx.slow_but_bounded(), "cham.xlsx")
    await api.wait_until(lambda: sandbox.running() == 1, timeout=10)
    api.send_document(90, workbook(GOOD), "a.xlsx")
    await asyncio.sleep(0.5)
    assert sandbox.running() == 1 and not api.messages(90)  # one file per chat at once
    sandbox.kill_all()  # as a stop does: each sender is asked to send the file again
    await api.wait_until(lambda: len(api.messages(90)) == 2, timeout=10)
    assert all(shows(m.text, VI.playbook_stopped) for m in api.messages(90))
    assert sandbox.running() == 0


def downloads(api: FakeBotAPI) -> int:
    return len(api.calls("downloadFile"))


async def readers_busy(api: FakeBotAPI, bot: RunningBot) -> None:
    """Both file readers at work on slow workbooks (chats 91 and 92); a file finds no
    free reader within a second (the bot's own readers: 30 s to read, a 1 s wait)."""
    bot.app.bot_data[READERS] = sandbox.Readers(  # type: ignore[attr-defined]
        sandbox.Limits(wall_seconds=30), queue_wait=1.0)
    for chat in (91, 92):
        api.send_document(chat, xlsx.slow_but_bounded(), "cham.xlsx")
    await api.wait_until(lambda: sandbox.running() == 2, timeout=10)


@pytest.mark.process
async def test_a_file_waits_for_a_free_reader_before_it_is_downloaded(
        api: FakeBotAPI, bot: RunningBot) -> None:
    """A file that finds no free reader is told to come back shortly, and was never
    downloaded: a burst of files cannot fill the bot's memory while they wait."""
    await readers_busy(api, bot)
    assert downloads(api) == 2
    api.send_document(93, workbook(GOOD), "a.xlsx")
    await api.wait_until(lambda: api.messages(93), timeout=5)
    assert shows(api.messages(93)[-1].text, VI.playbook_busy)
    assert downloads(api) == 2  # refused before its bytes were fetched
    sandbox.kill_all()
    await api.wait_until(lambda: api.messages(91) and api.messages(92), timeout=10)


@pytest.mark.process
async def test_a_stop_ends_the_wait_for_a_reader_at_once(
        api: FakeBotAPI, bot: RunningBot) -> None:
    await readers_busy(api, bot)
    bot.app.bot_data[READERS].queue_wait = 60  # type: ignore[attr-defined]
    api.send_document(94, workbook(GOOD), "a.xlsx")
    await asyncio.sleep(0.5)  # waiting for a reader
    assert not api.messages(94)
    sandbox.kill_all()  # as a stop does
    await api.wait_until(lambda: api.messages(94), timeout=2)  # not after the wait
    assert shows(api.messages(94)[-1].text, VI.playbook_stopped)
    assert downloads(api) == 2
    await api.wait_until(lambda: api.messages(91) and api.messages(92), timeout=10)
    assert sandbox.running() == 0


async def test_characters_xml_cannot_hold_are_not_stored_and_the_export_reads_back(
        api: FakeBotAPI, bot: RunningBot) -> None:
    setup_group(api)
    await say(api, GROUP, "/addtip Chào\ufffe khách | Gọi\uffff tên\x1f khách | Sổ\x0c tay",
              user_id=ADMIN)
    assert stored(bot, GROUP) == [("Chào khách", "Gọi tên khách", "Sổ tay")]
    await say(api, GROUP, "/mytips", user_id=ADMIN)
    menu = api.messages(GROUP)[-1]
    await press(api, GROUP, menu.message_id, CB_EXPORT, ADMIN)
    (document,) = await api.wait_until(lambda: api.documents(GROUP), timeout=10)
    sheet = load_workbook(io.BytesIO(document.data)).worksheets[0]
    assert [tuple(c.value for c in row[:3]) for row in sheet.iter_rows(min_row=2)] == \
        stored(bot, GROUP)


@pytest.mark.process
async def test_files_in_a_row_and_a_question_after_them_are_each_answered(
        api: FakeBotAPI, bot: RunningBot) -> None:
    # A lookup replaces the one still waiting; a file is not a lookup and never replaced.
    api.send_document(46, workbook(GOOD[:1]), "a.xlsx")
    api.send_document(46, workbook(GOOD[1:2]), "b.xlsx")
    api.send_text(46, "khách đổ lỗi cho mình")
    await bot.settle(api)
    texts = [m.text for m in api.messages(46)]
    assert sum(shows(t, VI.playbook_confirm_hint) for t in texts) == 2, texts
    assert not any(shows(t, VI.slow_down) for t in texts)
    assert len(texts) == 3
    header = values(texts[0].splitlines()[0], VI.playbook_preview_header)
    assert header is not None and header["team"] == VI.playbook_team_private  # not "nhóm"
