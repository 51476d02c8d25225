"""Prove that :mod:`tests.support.fake_bot_api` is faithful to what PTB expects.

Everything here drives a real :class:`telegram.Bot` or :class:`telegram.ext.Application`
over real HTTP against the fake, so a green run means PTB parses every response shape
and maps every injected fault to the exception the bot code will catch.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import threading
import time
import urllib.request
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    MessageEntity,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.telegram.polling import Poller
from tests.support.fake_bot_api import (
    ANONYMOUS_ADMIN_USER,
    DEFAULT_TOKEN,
    DEFAULT_USER_ID,
    ControlClient,
    FakeBotAPI,
    command_and_mention_entities,
    parse_html,
)
from tests.support.processes import start_fake_api

TOKEN = DEFAULT_TOKEN  # the one the fixtures (conftest.py) serve


def keyboard(*data: str) -> InlineKeyboardMarkup:
    """One row of callback buttons labelled like their data."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(item, callback_data=item) for item in data]])


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta ``retry_after`` (avoids its deprecation warning)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


# ----------------------------------------------------------------------------- basics


async def test_get_me_with_a_plain_ptb_bot(api: FakeBotAPI) -> None:
    async with Bot(TOKEN, base_url=api.base_url) as bot:
        me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "cskh_test_bot", True)
    assert bot.bot.username == "cskh_test_bot"  # from initialize()
    calls = api.calls("getme")
    assert len(calls) == 2
    assert all(call.ok and call.method == "getMe" for call in calls)
    assert api.base_url == f"http://127.0.0.1:{api.port}/bot"


async def test_wrong_token_is_unauthorized(api: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with Bot("987654321:WRONG", base_url=api.base_url):  # initialize() calls getMe
            pass


async def test_unknown_method_is_404(api: FakeBotAPI, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    (call,) = api.calls("sendTelepathy")
    assert (call.error_code, call.description) == (404, "Not Found: method not found")


async def test_send_message_html_with_inline_keyboard(api: FakeBotAPI, bot: Bot) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Mẹo hay", callback_data="tip:1")],
            [InlineKeyboardButton("Nguồn", url="https://example.com/a")],
        ]
    )
    message = await bot.send_message(
        42,
        "<b>Xin chào</b> &amp; <a href='https://vnexpress.net'>đọc</a>",
        parse_mode="HTML",
        reply_markup=markup,
    )
    assert message.text == "Xin chào & đọc"
    assert message.reply_markup == markup
    assert message.from_user is not None and message.from_user.id == 123456789
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        (MessageEntity.BOLD, 0, 8),
        (MessageEntity.TEXT_LINK, 11, 3),
    ]
    assert message.entities[1].url == "https://vnexpress.net"

    (stored,) = api.messages(42)
    assert stored.message_id == message.message_id
    assert stored.text == "Xin chào & đọc"
    assert stored.raw_text.startswith("<b>Xin chào</b>")
    assert stored.callback_data == ["tip:1"]
    (call,) = api.calls("sendMessage")
    # PTB sends a urlencoded form; nested objects arrive JSON-encoded and are decoded.
    assert call.chat_id == 42
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "tip:1"
    assert call.result["message_id"] == message.message_id


async def test_edit_and_not_modified(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(7, "Câu hỏi?", reply_markup=keyboard("yes", "no"))
    edited = await bot.edit_message_text("Đã trả lời", chat_id=7, message_id=sent.message_id)
    assert edited.text == "Đã trả lời"
    assert edited.edit_date is not None
    # Like Telegram, editing the text without reply_markup removes the keyboard.
    assert api.messages(7)[0].reply_markup is None

    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Đã trả lời", chat_id=7, message_id=sent.message_id)

    await bot.edit_message_reply_markup(7, sent.message_id, reply_markup=keyboard("again"))
    assert api.messages(7)[0].callback_data == ["again"]
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(7, sent.message_id, reply_markup=keyboard("again"))

    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=7, message_id=999)


async def test_callback_query_and_answer(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(42, "Chọn chủ đề", reply_markup=keyboard("topic:a", "topic:b"))
    update_id = api.press_button(42, sent.message_id, "topic:b")
    (update,) = await bot.get_updates()
    assert update.update_id == update_id
    query = update.callback_query
    assert query is not None
    assert query.data == "topic:b"
    assert query.from_user.id == 42 and query.from_user.language_code == "vi"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert query.message.reply_markup == keyboard("topic:a", "topic:b")

    assert await bot.answer_callback_query(query.id, text="Đã chọn") is True
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(query.id)
    assert api.calls("answerCallbackQuery", ok=True)[0].params["text"] == "Đã chọn"


async def test_inline_query_answer_and_result_limit(api: FakeBotAPI, bot: Bot) -> None:
    api.inline_query("chăm sóc", language_code="vi")
    (update,) = await bot.get_updates()
    inline = update.inline_query
    assert inline is not None
    assert (inline.query, inline.from_user.id) == ("chăm sóc", DEFAULT_USER_ID)

    def articles(count: int) -> list[InlineQueryResultArticle]:
        return [
            InlineQueryResultArticle(str(i), f"Mẹo {i}", InputTextMessageContent(f"Mẹo số {i}"))
            for i in range(count)
        ]

    with pytest.raises(BadRequest, match="Results_too_much"):
        await bot.answer_inline_query(inline.id, articles(51))
    assert await bot.answer_inline_query(inline.id, articles(50), cache_time=0) is True
    call = api.calls("answerInlineQuery", ok=True)[0]
    assert len(call.params["results"]) == 50
    assert call.params["results"][0]["input_message_content"]["message_text"] == "Mẹo số 0"


async def test_my_commands_per_scope_and_language(api: FakeBotAPI, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands(
        [BotCommand("start", "Bắt đầu"), BotCommand("meo", "Mẹo hôm nay")], language_code="vi"
    )
    await bot.set_my_commands([BotCommand("admin", "Quản trị")], scope=BotCommandScopeChat(-5))

    assert api.commands(language_code="vi") == [
        {"command": "start", "description": "Bắt đầu"},
        {"command": "meo", "description": "Mẹo hôm nay"},
    ]
    assert [c["command"] for c in api.commands()] == ["start"]
    assert [c["command"] for c in api.commands({"type": "chat", "chat_id": -5})] == ["admin"]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start-Now", "x")])


# ----------------------------------------------------------------------------- faults


@pytest.mark.parametrize(
    ("kind", "options", "exception", "text"),
    [
        ("forbidden", {}, Forbidden, "bot was blocked by the user"),
        ("kicked", {}, Forbidden, "bot was kicked from the group chat"),
        ("chat_not_found", {}, BadRequest, "Chat not found"),
        ("server_error", {"status": 500}, NetworkError, "Internal Server Error"),
        ("server_error", {"status": 502}, NetworkError, "Bad Gateway"),
        ("error", {"status": 400, "description": "Bad Request: odd"}, BadRequest, "Odd"),
    ],
)
async def test_fault_maps_to_ptb_exception(
    api: FakeBotAPI,
    bot: Bot,
    kind: str,
    options: dict[str, Any],
    exception: type[Exception],
    text: str,
) -> None:
    api.fail("sendMessage", chat_id=-5, kind=kind, **options)
    await bot.send_message(-6, "other chats are unaffected")
    with pytest.raises(exception, match=text) as info:
        await bot.send_message(-5, "xin chào")
    assert not isinstance(info.value, TimedOut)
    failed = api.calls("sendMessage", ok=False)
    assert [(call.chat_id, call.fault, call.failed) for call in failed] == [(-5, kind, True)]
    await bot.send_message(-5, "times=1: the next attempt succeeds")
    assert len(api.messages(-5)) == 1


async def test_retry_after_fault(api: FakeBotAPI, bot: Bot) -> None:
    api.fail("sendMessage", kind="retry_after", retry_after=3, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter) as info:
            await bot.send_message(1, "spam")
        assert info.value.retry_after == dtm.timedelta(seconds=3)
    await bot.send_message(1, "ok now")
    assert [call.ok for call in api.calls("sendMessage")] == [False, False, True]


async def test_migrate_fault(api: FakeBotAPI, bot: Bot) -> None:
    api.fail("sendMessage", chat_id=-77, kind="migrate")
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(-77, "hi")
    assert info.value.new_chat_id == -10077
    api.fail("sendMessage", kind="migrate", migrate_to_chat_id=-1009)
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(-78, "hi")
    assert info.value.new_chat_id == -1009


async def test_timeout_fault(api: FakeBotAPI, bot: Bot) -> None:
    api.fail("sendMessage", kind="timeout", seconds=5)
    started = time.monotonic()
    with pytest.raises(TimedOut):
        await bot.send_message(1, "slow", read_timeout=0.2)
    assert time.monotonic() - started < 2
    await api.wait_for_calls("sendMessage", 1, ok=False)
    assert api.messages(1) == []  # the held request was never processed

    # deliver=True: Telegram processed it, only the answer was lost -> a duplicate risk.
    api.fail("sendMessage", kind="timeout", seconds=0.6, deliver=True)
    with pytest.raises(TimedOut):
        await bot.send_message(1, "sent anyway", read_timeout=0.2)
    assert [m.text for m in api.messages(1)] == ["sent anyway"]


async def test_conflict_fault_on_get_updates(api: FakeBotAPI, bot: Bot) -> None:
    api.fail("getUpdates", kind="conflict")
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await bot.get_updates()
    assert await bot.get_updates() == ()


# ----------------------------------------------------------------------------- validation


async def test_text_length_is_measured_in_utf16(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(1, "a" * 4096)
    await bot.send_message(1, "😀" * 2048)  # 2 UTF-16 code units each
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(1, "a" * 4097)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(1, "😀" * 2048 + "a")
    # HTML tags do not count, only the resulting text does.
    await bot.send_message(1, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    for empty in ("", "   ", "<b></b>"):
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(1, empty, parse_mode="HTML")
    assert len(api.messages(1)) == 3


async def test_callback_data_is_limited_to_64_bytes(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(1, "ok", reply_markup=keyboard("x" * 64))
    await bot.send_message(1, "ok", reply_markup=keyboard("đ" * 32))  # 2 bytes each
    for data in ("x" * 65, "đ" * 33):
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(1, "bad", reply_markup=keyboard(data))
    with pytest.raises(BadRequest, match="text buttons are unallowed"):
        await bot.send_message(
            1, "bad", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("plain")]])
        )
    assert len(api.messages(1)) == 2


@pytest.mark.parametrize(
    "html",
    [
        "<b>chưa đóng",
        "<b><i>sai thứ tự</b></i>",
        "</b>",
        "<foo>không hỗ trợ</foo>",
        "<span>cần class</span>",
        "1 < 2",
        "Tom & Jerry",
        "&nbsp;",
        "<a href='x'>unclosed attribute",
        "<a href=>no end tag",
        "<a href=https://x.y>unquoted url</a>",
    ],
)
async def test_bad_html_is_rejected(bot: Bot, html: str) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(1, html, parse_mode="HTML")


async def test_good_html_is_converted_to_entities(bot: Bot) -> None:
    html = (
        "<b>đậm <i>nghiêng</i></b> <u>gạch</u> <s>xóa</s> <code>x&lt;y</code>\n"
        '<pre><code class="language-python">print(1)</code></pre>'
        '<tg-spoiler>bí mật</tg-spoiler> <span class="tg-spoiler">s</span> '
        "<blockquote expandable>trích</blockquote> &quot;&#39;&#x41;&gt;"
    )
    message = await bot.send_message(1, html, parse_mode="HTML")
    assert message.text == ("đậm nghiêng gạch xóa x<y\nprint(1)bí mật s trích \"'A>")
    kinds = {entity.type for entity in message.entities}
    assert {"bold", "italic", "underline", "strikethrough", "code", "pre", "spoiler"} <= kinds
    assert "expandable_blockquote" in kinds
    pre = next(entity for entity in message.entities if entity.type == "pre")
    assert pre.language == "python"
    assert message.parse_entity(pre) == "print(1)"


def test_entity_helpers_use_utf16_offsets() -> None:
    text = "😀 /start@cskh_test_bot hỏi @support_team"
    assert command_and_mention_entities(text) == [
        {"type": "bot_command", "offset": 3, "length": 20},
        {"type": "mention", "offset": 28, "length": 13},
    ]
    plain, entities = parse_html("😀<b>a</b>")
    assert (plain, entities) == ("😀a", [{"offset": 2, "length": 1, "type": "bold"}])


# ----------------------------------------------------------------------------- transports


async def test_json_form_multipart_and_query_parameters(api: FakeBotAPI) -> None:
    url = f"{api.base_url}{TOKEN}"
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{url}/sendMessage", json={"chat_id": "5", "text": "json", "reply_markup": markup}
        ) as response:
            assert (await response.json())["ok"] is True
        form = {"chat_id": "5", "text": "form", "reply_markup": json.dumps(markup)}
        async with session.post(f"{url}/SENDMESSAGE", data=form) as response:
            assert (await response.json())["result"]["text"] == "form"
        multipart = aiohttp.FormData()
        for key, value in {**form, "text": "multipart"}.items():
            multipart.add_field(key, value)
        multipart.add_field("document", b"abc", filename="a.txt")
        async with session.post(f"{url}/sendmessage", data=multipart) as response:
            assert (await response.json())["ok"] is True
        async with session.get(f"{url}/sendMessage", params={"chat_id": 5, "text": "query"}):
            pass
        async with session.post(f"{url}/sendMessage", data={"chat_id": 5, "text": "x" * 4097}) as r:
            assert (r.status, await r.json()) == (
                400,
                {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"},
            )
    calls = api.calls("sendMessage", ok=True)
    assert [call.params["text"] for call in calls] == ["json", "form", "multipart", "query"]
    assert all(call.chat_id == 5 for call in calls)
    assert all(call.params.get("reply_markup", markup) == markup for call in calls)
    assert calls[2].params["document"] == {"file_name": "a.txt", "file_size": 3,
                                           "file_id": calls[2].params["document"]["file_id"]}


async def test_documents_both_ways(api: FakeBotAPI, bot: Bot) -> None:
    """A user's document is fetched with getFile + the file URL; sendDocument keeps bytes."""
    api.send_document(-1001, b"a,b\n1,2\n", "bang.csv", caption="/import@cskh_test_bot x",
                      user_id=7, file_size=None)
    (update,) = await bot.get_updates(timeout=1)
    message = update.message
    assert message is not None and message.document is not None
    assert (message.document.file_name, message.document.file_size) == ("bang.csv", 8)
    assert message.caption == "/import@cskh_test_bot x"
    assert message.caption_entities[0].type == MessageEntity.BOT_COMMAND
    async with Bot(TOKEN, base_url=api.base_url,
                   base_file_url=api.base_url.replace("/bot", "/file/bot")) as files:
        got = await files.get_file(message.document.file_id)
        assert got.file_size == 8
        assert bytes(await got.download_as_bytearray()) == b"a,b\n1,2\n"
    assert [c.ok for c in api.calls("downloadFile")] == [True]
    with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
        await bot.get_file("nope")
    api.send_document(7, b"x", "huge.xlsx", file_size=25 * 1024 * 1024)
    (_, update) = await bot.get_updates(timeout=1)
    assert update.message is not None and update.message.document is not None
    with pytest.raises(BadRequest, match=r"(?i)file is too big"):
        await bot.get_file(update.message.document.file_id)

    sent = await bot.send_document(-1001, b"PK\x03\x04 workbook", filename="bi-kip.xlsx",
                                   caption="<b>Mẹo</b> của nhóm", parse_mode="HTML")
    assert sent.document is not None and sent.document.file_name == "bi-kip.xlsx"
    assert sent.caption == "Mẹo của nhóm"
    (document,) = api.documents(-1001)
    assert (document.file_name, document.data, document.caption) == (
        "bi-kip.xlsx", b"PK\x03\x04 workbook", "Mẹo của nhóm")
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_document(-1001, b"x", filename="a.csv", caption="x" * 1025)


async def test_an_upload_arrives_byte_for_byte_and_warns_of_nothing(
        api: FakeBotAPI, recwarn: pytest.WarningsRecorder) -> None:
    """The bot's own transport (aiohttp) sends a file as multipart parts without a length.
    aiohttp's form reader took those, when the bytes arrived in pieces, through its
    deprecated ``unread_data()`` (a DeprecationWarning in CI runs that sent a photo or a
    file, depending on how the bytes were cut); the fake reads the body whole and cuts
    the parts itself: the bytes, line ends and "--" runs included, arrive as sent."""
    from bot.telegram.transport import AiohttpRequest

    data = bytes(range(256)) * 1200 + b"\r\n--\r\n\r\n--" + bytes(range(255, -1, -1)) * 300
    async with Bot(TOKEN, base_url=api.base_url, request=AiohttpRequest()) as sender:
        await sender.send_document(-1001, data, filename="bi-kip.xlsx", caption="Mẹo")
    (document,) = api.documents(-1001)
    assert (document.file_name, document.data, document.caption) == ("bi-kip.xlsx", data,
                                                                     "Mẹo")
    assert not [w for w in recwarn if "unread_data" in str(w.message)]


def test_multipart_bodies_are_cut_at_their_boundary_byte_for_byte() -> None:
    from tests.support.fake_bot_api.forms import parse_multipart

    data = b"--x\r\n\r\n--x-y\r\n" + bytes(range(256))  # all but the boundary itself
    body = (b"--xy\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n-1001\r\n"
            b"--xy\r\nContent-Disposition: form-data; name=\"document\"; "
            b"filename*=utf-8''b%C3%AD%20k%C3%ADp.xlsx\r\n"
            b"Content-Type: application/octet-stream\r\n\r\n" + data + b"\r\n--xy--\r\n")
    field, document = parse_multipart('multipart/form-data; boundary="xy"', body)
    assert (field.name, field.data, field.filename) == ("chat_id", b"-1001", None)
    assert (document.name, document.filename, document.data, document.content_type) == (
        "document", "bí kíp.xlsx", data, "application/octet-stream")
    with pytest.raises(ValueError):
        parse_multipart("multipart/form-data", body)  # no boundary


# ----------------------------------------------------------------------------- getUpdates


async def test_get_updates_offset_limit_and_long_poll(api: FakeBotAPI, bot: Bot) -> None:
    first = api.send_text(42, "một")
    api.send_text(42, "hai")
    third = api.send_text(42, "ba")
    assert [u.update_id for u in await bot.get_updates(limit=2)] == [first, first + 1]
    assert len(await bot.get_updates()) == 3  # nothing confirmed yet
    (last,) = await bot.get_updates(offset=third)
    assert last.message is not None and last.message.text == "ba"
    assert await bot.get_updates(offset=third + 1, timeout=0) == ()

    # Long poll: an update enqueued from another thread wakes the waiting request.
    timer = threading.Timer(0.1, api.send_text, args=(42, "bốn"))
    started = time.monotonic()
    timer.start()
    (fourth,) = await bot.get_updates(offset=third + 1, timeout=5)
    assert time.monotonic() - started < 2
    assert fourth.update_id == third + 1
    # An empty long poll honours its timeout.
    started = time.monotonic()
    assert await bot.get_updates(offset=third + 2, timeout=0.3) == ()
    assert 0.25 < time.monotonic() - started < 2


async def test_second_poller_terminates_the_first(api: FakeBotAPI) -> None:
    async with Bot(TOKEN, base_url=api.base_url) as one, Bot(TOKEN, base_url=api.base_url) as two:
        waiting = asyncio.create_task(one.get_updates(timeout=5))
        await api.wait_for_calls("getMe", 2)
        await asyncio.sleep(0.1)
        assert await two.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="only one bot instance"):
            await waiting


async def test_webhook_blocks_get_updates(api: FakeBotAPI, bot: Bot) -> None:
    api.send_text(1, "x")
    assert await bot.set_webhook("https://bot.example.com/hook", max_connections=5) is True
    assert api.webhook == {"url": "https://bot.example.com/hook", "max_connections": 5}
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook(drop_pending_updates=True) is True
    assert api.webhook == {}
    assert await bot.get_updates() == ()
    with pytest.raises(BadRequest, match=r"(?i)an https url must be provided"):
        await bot.set_webhook("http://insecure.example.com")


# ----------------------------------------------------------------------------- Application


async def test_application_polling_handles_text_and_callback(api: FakeBotAPI) -> None:
    seen: list[str] = []

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(
            "<b>Chào</b> bạn", parse_mode="HTML", reply_markup=keyboard("tip:1")
        )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        seen.append(update.message.text)
        await update.message.reply_text(f"Bạn nói: {update.message.text}", do_quote=True)

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Đã nhận")
        await query.edit_message_text(f"Bạn chọn {query.data}")

    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(api.base_url)
        .get_updates_read_timeout(2)
        .get_updates_connection_pool_size(1)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(button))

    async def take(raws: list[Any]) -> None:  # handed on, as the inbox stores them
        for raw in raws:
            await app.update_queue.put(Update.de_json(raw, app.bot))

    async with app:
        await app.start()
        poller = Poller(app, take, timeout=5)  # the service's own poller, not PTB's Updater
        poller.start()
        try:
            api.send_text(42, "/start")
            api.send_text(-100500, "hỏi nhóm", user_id=7, title="CSKH team")
            await api.wait_for_calls("sendMessage", 2)
            group_reply = api.messages(-100500)[0]
            assert group_reply.text == "Bạn nói: hỏi nhóm"
            assert group_reply.reply_to_message_id is not None  # quoted the user's message

            menu = api.messages(42)[0]
            assert (menu.text, menu.callback_data) == ("Chào bạn", ["tip:1"])
            api.press_button(42, menu.message_id, "tip:1")
            await api.wait_for_calls("editMessageText", 1)
            await api.wait_for_calls("answerCallbackQuery", 1, ok=True)
            assert api.messages(42)[0].text == "Bạn chọn tip:1"
            assert seen == ["hỏi nhóm"]
        finally:
            await poller.stop()
            await poller.commit()
            await app.stop()
    # The poller's final getUpdates confirmed everything it fetched.
    async with Bot(TOKEN, base_url=api.base_url) as bot:
        assert await bot.get_updates() == ()


# ----------------------------------------------------------------------------- chats


async def test_chat_member_statuses(api: FakeBotAPI, bot: Bot) -> None:
    api.set_chat_member(-5, 1, "creator")
    api.set_chat_member(-5, 2, "administrator", can_promote_members=True)
    api.set_chat_member(-5, 3, "left")
    api.set_chat_member(-5, 4, "kicked")
    expected = {
        1: ChatMemberOwner,
        2: ChatMemberAdministrator,
        3: ChatMemberLeft,
        4: ChatMemberBanned,
        5: ChatMemberMember,
    }
    for user_id, cls in expected.items():
        member = await bot.get_chat_member(-5, user_id)
        assert type(member) is cls
        assert member.user.id == user_id
    admin = await bot.get_chat_member(-5, 2)
    assert isinstance(admin, ChatMemberAdministrator) and admin.can_promote_members


async def test_bot_must_be_an_administrator_in_a_channel(api: FakeBotAPI, bot: Bot) -> None:
    api.channel_post(-100900, "bài mới", title="Tin CSKH")
    me = await bot.get_chat_member(-100900, bot.id)
    assert isinstance(me, ChatMemberAdministrator) and me.can_post_messages
    sent = await bot.send_message(-100900, "Bản tin")
    assert sent.sender_chat is not None and sent.sender_chat.id == -100900

    api.set_chat_member(-100900, bot.id, "member")
    assert isinstance(await bot.get_chat_member(-100900, bot.id), ChatMemberMember)
    with pytest.raises(BadRequest, match="Need administrator rights"):
        await bot.send_message(-100900, "không được")
    with pytest.raises(BadRequest, match="Member list is inaccessible"):
        await bot.get_chat_member(-100900, 1)


async def test_my_chat_member_kicked_and_blocked(api: FakeBotAPI, bot: Bot) -> None:
    api.my_chat_member(-5, "member", title="Nhóm CSKH")
    api.my_chat_member(-5, "kicked")
    api.my_chat_member(42, "kicked")  # the user blocked the bot
    added, kicked, blocked = await bot.get_updates()
    assert added.my_chat_member is not None and kicked.my_chat_member is not None
    assert (
        added.my_chat_member.old_chat_member.status,
        added.my_chat_member.new_chat_member.status,
    ) == (
        "left",
        "member",
    )
    assert kicked.my_chat_member.new_chat_member.status == "kicked"
    assert kicked.my_chat_member.new_chat_member.user.id == bot.id
    assert blocked.my_chat_member is not None
    assert blocked.my_chat_member.chat.type == "private"
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(-5, "hello?")
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(42, "hello?")
    api.my_chat_member(42, "member")  # unblocked
    await bot.send_message(42, "welcome back")


async def test_migrate_update_and_followup_sends(api: FakeBotAPI, bot: Bot) -> None:
    api.send_text(-5, "trước khi nâng cấp")
    api.migrate(-5, -1005)
    *_, service = await bot.get_updates()
    assert service.message is not None and service.message.migrate_to_chat_id == -1005
    with pytest.raises(ChatMigrated) as info:
        await bot.send_message(-5, "nhóm cũ")
    assert info.value.new_chat_id == -1005
    sent = await bot.send_message(-1005, "nhóm mới")
    assert sent.chat.type == "supergroup"


async def test_group_channel_and_anonymous_updates(api: FakeBotAPI, bot: Bot) -> None:
    api.send_text(-100500, "/help@cskh_test_bot", user_id=9, first_name="Lan")
    api.send_text(-100500, "ẩn danh", sender_chat_id=-100500)
    api.channel_post(-100900, "bài mới", title="Kênh")
    command, anonymous, post = await bot.get_updates()
    assert command.message is not None and command.effective_user is not None
    assert command.effective_chat is not None and command.effective_chat.type == "supergroup"
    assert command.effective_user.first_name == "Lan"
    assert command.message.parse_entities([MessageEntity.BOT_COMMAND]) != {}
    assert anonymous.message is not None and anonymous.message.sender_chat is not None
    assert anonymous.message.from_user is not None
    assert anonymous.message.from_user.id == ANONYMOUS_ADMIN_USER["id"]
    assert post.channel_post is not None and post.channel_post.chat.type == "channel"
    reply = await bot.send_message(-100500, "trả lời", reply_to_message_id=command.message.id)
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "/help@cskh_test_bot"
    with pytest.raises(BadRequest, match="Message to be replied not found"):
        await bot.send_message(-100500, "x", reply_to_message_id=999)


# ----------------------------------------------------------------------------- helpers


async def test_stats_histogram_and_duplicates(api: FakeBotAPI, bot: Bot) -> None:
    await bot.send_message(1, "tip")
    await bot.send_message(1, "tip")
    await bot.send_message(2, "tip")
    api.fail("sendMessage", kind="forbidden")
    with pytest.raises(Forbidden):
        await bot.send_message(3, "tip")
    stats = api.stats()["send_message"]
    assert (stats["total"], stats["failed"], stats["chats"]) == (3, 1, 2)
    assert sum(stats["per_second"]) == 3
    assert stats["per_chat"]["1"]["total"] == 2
    assert stats["duplicates"] == [{"chat_id": 1, "text": "tip", "count": 2}]
    assert stats["duplicate_count"] == 1
    api.reset()
    assert api.stats()["send_message"]["total"] == 0
    assert api.sent == []


async def test_wait_until_returns_value_and_times_out(api: FakeBotAPI, bot: Bot) -> None:
    async def later() -> None:
        await asyncio.sleep(0.05)
        await bot.send_message(8, "xong")

    task = asyncio.create_task(later())
    messages = await api.wait_until(lambda: api.messages(8), timeout=2)
    assert messages[0].text == "xong"
    await task
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="expected 2 sendMessage"):
        await api.wait_for_calls("sendMessage", 2, timeout=0.1)
    assert time.monotonic() - started < 1


def test_sync_waiting_from_another_thread(api: FakeBotAPI) -> None:
    def send() -> None:
        time.sleep(0.05)
        body = json.dumps({"chat_id": 3, "text": "từ luồng khác"}).encode()
        request = urllib.request.Request(
            f"{api.base_url}{TOKEN}/sendMessage",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        urllib.request.urlopen(request, timeout=5).close()

    worker = threading.Thread(target=send)
    worker.start()
    (call,) = api.wait_for_calls_sync("sendMessage", 1, timeout=2)
    worker.join()
    assert call.params["text"] == "từ luồng khác"
    assert api.wait_until_sync(lambda: api.messages(3))[0].text == "từ luồng khác"
    with pytest.raises(TimeoutError):
        api.wait_until_sync(lambda: False, timeout=0.05)


@pytest.mark.process
def test_standalone_process_with_control_api() -> None:
    process, base_url = start_fake_api(TOKEN)
    with process:
        try:
            assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/bot")
            control = ControlClient(base_url)

            async def drive() -> None:
                request = HTTPXRequest(connection_pool_size=2)
                async with Bot(TOKEN, base_url=base_url, request=request) as bot:
                    await bot.send_message(42, "tip")
                    with pytest.raises(BadRequest):
                        await bot.send_message(42, "")

            asyncio.run(drive())
            assert [c["ok"] for c in control.calls("sendMessage")] == [True, False]
            assert [c["params"]["text"] for c in control.calls("sendMessage", 42)] == ["tip", ""]
            stats = control.stats()
            assert stats["send_message"]["total"] == 1 and stats["send_message"]["failed"] == 1
            control.reset()
            assert control.stats()["total_calls"] == 0
        finally:
            process.terminate()
            exit_code = process.wait(timeout=5)
    assert exit_code == 0  # SIGTERM shuts the server down cleanly
