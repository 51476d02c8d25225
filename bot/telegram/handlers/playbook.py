"""The playbook as a file: a spreadsheet in (preview, then ✅ / ✖️), a spreadsheet out.

An admin sends an ``.xlsx``, ``.csv`` or seeds ``.toml`` file with the caption
``/import`` in the team's chat, or in a private chat (the caption ``/import -100123456``
names a team the sender administers; without it the file is for the private chat
itself). Other documents in groups are ordinary group talk and are left alone; the words
under a file of another type are what the person typed (``lookup.typed_text``). The file
is refused by name and size before it is downloaded, and downloaded only once a reader
is free for it; read in a worker process with hard limits (``bot.teamtips.sandbox``: two
at once, one per chat), never kept; what it would add waits in the database for an
admin's ✅, which any replica may receive (``bot.services.playbook_import``).
📤 under /mytips sends the team's tips back as ``.xlsx``.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Document, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.inbox.slots import lend
from bot.replies import CB_EXPORT, Button, Reply, commands
from bot.services import playbook_import as imports
from bot.strings import Strings
from bot.teamtips import sandbox
from bot.teamtips.playbook import PlaybookRefused, export_xlsx
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers import lookup
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import admin_chat, admin_of, is_admin
from bot.telegram.sender import answer, edit_in_place

CB_IMPORT = "pbi"  # "pbi:ok:<token>" stores the import shown with it, "pbi:no:<token>" drops it
READERS = "file_readers"  # its sandbox.Readers in bot_data
EXPORT_NAME = "bi-kip-nhom.xlsx"
GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


def register(app: BotApplication) -> None:
    app.add_handler(MessageHandler(filters.Document.ALL & COMMAND_UPDATES, on_document))
    app.add_handler(CommandHandler(commands.names("import"), cmd_import,
                                   filters=COMMAND_UPDATES))
    app.add_handler(CallbackQueryHandler(on_import_button, pattern=rf"^{CB_IMPORT}:"))
    app.add_handler(CallbackQueryHandler(on_export_button, pattern=rf"^{CB_EXPORT}$"))


def _timeout(context: BotContext) -> dt.timedelta:
    """How long a preview's buttons work: as long as /addtip waits for an answer."""
    return dt.timedelta(seconds=context.services.settings.addtip_timeout_seconds)


def _readers(context: BotContext) -> sandbox.Readers:
    found = context.bot_data.get(READERS)
    if not isinstance(found, sandbox.Readers):
        limits = sandbox.Limits(wall_seconds=context.services.settings.file_read_seconds)
        found = context.bot_data[READERS] = sandbox.Readers(limits)
    return found


def _team(s: Strings, target: int, shown_in: int) -> str:
    if target != shown_in:
        return s.playbook_team_named.format(chat_id=target)
    # Telegram's rule: a person's private chat has a positive id, groups negative ones.
    return s.playbook_team_private if target > 0 else s.playbook_team_here


def _named_chat(word: str) -> int | None:
    """``-100123456`` as a chat id (what /status and /import show admins)."""
    text = word.strip()
    digits = text.removeprefix("-")
    return int(text) if digits.isascii() and digits.isdigit() and len(digits) < 20 else None


async def on_document(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    chat, s = message.chat, context.strings
    if update.message is not None and lookup.words_of(message):
        # Words under a file the playbook does not read (a screenshot sent as a file):
        # they are what the person typed, answered as a text would be.
        await (lookup.private_non_text if chat.type == ChatType.PRIVATE
               else lookup.group_text)(update, context)
        return
    words = (message.caption or "").split()
    asked = bool(words) and words[0].startswith("/") and \
        commands.canonical(words[0]) == "import"
    replied = lookup.replied_to_bot(message, context.bot.id) is not None
    if chat.type != ChatType.PRIVATE and not (asked or replied):
        return  # a file shared in group talk, not for the bot
    target = chat.id
    if chat.type == ChatType.PRIVATE and asked and len(words) > 1:
        named = _named_chat(words[1])
        if named is None:
            await answer(update, context, Reply(s.playbook_bad_target))
            return
        target = named
    if target != chat.id:
        user = update.effective_user
        if target > 0 or user is None or not await admin_of(context.bot, target, user.id):
            await answer(update, context, Reply(s.playbook_not_admin_of.format(chat_id=target)))
            return
    elif not await is_admin(update, context.bot):
        await answer(update, context, Reply(s.playbook_admin_only))
        return
    await _preview(update, context, message, message.document, target)


async def _preview(update: Update, context: BotContext, message: Message,
                   document: Document, target: int) -> None:
    s = context.strings
    name = document.file_name or ""
    try:
        imports.precheck(name, document.file_size)
        # Waiting for a reader and for the worker is not work: other updates go on. The
        # reader comes first, so a file that waits (or is refused as busy) was never
        # downloaded: files in a queue hold no bytes.
        async with lend(), _readers(context).reader(message.chat_id) as reader:
            file = await context.bot.get_file(document.file_id)
            imports.precheck(name, file.file_size)  # Telegram's own figure, before the bytes
            data = bytes(await file.download_as_bytearray())
            playbook = await reader.read(name, data)
    except PlaybookRefused as refused:
        await answer(update, context, Reply(imports.refusal(refused, s)))
        return
    except TelegramError:
        await answer(update, context, Reply(s.playbook_download_failed))
        return
    found = imports.plan(playbook.tips, await context.storage.team_tips.of_chat(target))
    buttons: tuple[tuple[Button, ...], ...] = ()
    if found.new:
        pending = await imports.hold(context.storage, message.chat_id, target, found,
                                     context.services.clock(), _timeout(context))
        buttons = ((Button(s.btn_playbook_confirm.format(count=len(found.new)),
                           f"{CB_IMPORT}:ok:{pending.token}"),
                    Button(s.btn_playbook_cancel, f"{CB_IMPORT}:no:{pending.token}")),)
    text = imports.preview(playbook, found, s, file_name=name,
                           team=_team(s, target, message.chat_id))
    await answer(update, context, Reply(text, buttons))


async def on_import_button(update: Update, context: BotContext) -> None:
    """✅ stores the import these buttons were shown with, ✖️ drops it; admins only."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    s = context.strings
    _, action, token = f"{query.data or ''}::".split(":")[:3]
    shown_in = query.message.chat.id
    pending = await imports.waiting(context.storage, shown_in, token,
                                    context.services.clock())
    if pending is None or action not in ("ok", "no"):
        await query.answer(s.playbook_stale, show_alert=True)
        return
    if pending.target == shown_in:
        allowed = await is_admin(update, context.bot)
    else:
        allowed = await admin_of(context.bot, pending.target, query.from_user.id)
    if not allowed:
        await query.answer(s.playbook_admin_alert, show_alert=True)
        return
    pending = await imports.take(context.storage, shown_in, token, context.services.clock())
    if pending is None:  # pressed twice at once (here or on another replica), or expired
        await query.answer(s.playbook_stale, show_alert=True)
        return
    await query.answer()
    if action == "no":
        await edit_in_place(query, Reply(s.playbook_cancelled))
        return
    outcome = await imports.confirm(context.storage, pending, query.from_user.id)
    await edit_in_place(query, Reply(outcome.describe(s, _team(s, pending.target, shown_in))))


async def on_export_button(update: Update, context: BotContext) -> None:
    """📤 under /mytips: the team's tips as an .xlsx document; admins only."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    s = context.strings
    if not await is_admin(update, context.bot):
        await query.answer(s.playbook_admin_alert, show_alert=True)
        return
    chat_id = query.message.chat.id
    records = await context.storage.team_tips.of_chat(chat_id)
    if not records:
        await query.answer(s.export_empty, show_alert=True)
        return
    await query.answer()
    data = await asyncio.to_thread(export_xlsx, records)
    context.services.metrics.replies.inc()
    await context.bot.send_document(chat_id, data, filename=EXPORT_NAME,
                                    caption=s.export_caption.format(count=len(records)),
                                    parse_mode=ParseMode.HTML)


async def cmd_import(update: Update, context: BotContext) -> None:
    """``/import`` typed without a file: how to send one (and, in a group, its id)."""
    message = update.effective_message
    if message is None:
        return
    reply = Reply(context.strings.playbook_usage)
    if message.chat.type in GROUPS:
        if await admin_chat(update, context, context.strings.playbook_admin_only) is None:
            return
        reply = _add_chat_id(reply, context.strings, message.chat_id)
    await answer(update, context, reply)


async def with_chat_id(update: Update, context: BotContext, reply: Reply) -> Reply:
    """In a group, for its admins: ``reply`` plus the group's id (for /status)."""
    message = update.effective_message
    if message is None or message.chat.type not in GROUPS or \
            not await is_admin(update, context.bot):
        return reply
    return _add_chat_id(reply, context.strings, message.chat_id)


def _add_chat_id(reply: Reply, s: Strings, chat_id: int) -> Reply:
    line = s.status_chat_id.format(chat_id=chat_id)
    return Reply(f"{reply.html}\n\n{line}", reply.buttons, reply.edit, reply.tip_id)
