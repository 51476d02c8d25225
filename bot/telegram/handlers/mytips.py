"""/mytips: the team's own tips, a page at a time (⬅️ ➡️), with 🗑 for the chat's admins.

Deleting keeps the list on the page it was on. Button data is the chat's to forge: a
number that is no tip of this chat (another chat's, gone, not a number) deletes nothing
and says so.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.replies import CB_DELETE, CB_MYTIPS, commands
from bot.services import teamtips
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import admin_button, admin_chat
from bot.telegram.sender import answer, edit_in_place

_MAX_DIGITS = 9  # tip numbers and pages are small; anything longer is forged


def register(app: BotApplication) -> None:
    app.add_handler(CommandHandler(commands.names("mytips"), cmd_mytips, filters=COMMAND_UPDATES))
    app.add_handler(CallbackQueryHandler(on_delete_button, pattern=rf"^{CB_DELETE}:"))
    app.add_handler(CallbackQueryHandler(on_page_button, pattern=rf"^{CB_MYTIPS}:"))


def number(text: str) -> int | None:
    """A positive number as the bot writes it into button data (ASCII digits), or None."""
    if not (text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS):
        return None
    value = int(text)
    return value if value > 0 else None


async def cmd_mytips(update: Update, context: BotContext) -> None:
    chat_id = await admin_chat(update, context, context.strings.mytips_admin_only)
    if chat_id is None:
        return
    tips = await context.team_tips(chat_id)
    await answer(update, context, context.replies.my_tips(tips, context.strings))


async def on_delete_button(update: Update, context: BotContext) -> None:
    """🗑: admins only, in every kind of chat; the page is redrawn without the tip."""
    query = update.callback_query
    s = context.strings
    chat_id = await admin_button(update, context, s.mytips_admin_alert)
    if query is None or chat_id is None:
        return
    _, tip, page = [*(query.data or "").split(":"), "", ""][:3]
    tip_number = number(tip)
    deleted = tip_number is not None and await teamtips.delete(context.storage, chat_id,
                                                               tip_number)
    await query.answer(s.mytips_deleted if deleted else s.mytips_nothing_deleted)
    if isinstance(query.message, Message):
        reply = context.replies.my_tips(await context.team_tips(chat_id), s,
                                        page=number(page) or 1)
        await edit_in_place(query, reply)


async def on_page_button(update: Update, context: BotContext) -> None:
    """⬅️ ➡️: another page of the list (changes nothing, so anyone may turn pages)."""
    query = update.callback_query
    if query is None:
        return
    message = query.message
    if not isinstance(message, Message):
        await query.answer(context.strings.unknown_button)
        return
    await query.answer()
    page = number((query.data or "").partition(":")[2]) or 1
    reply = context.replies.my_tips(await context.team_tips(message.chat.id), context.strings,
                                    page=page)
    await edit_in_place(query, reply)
