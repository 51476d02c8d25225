"""/topics: a menu of toggle buttons, edited in place; in groups only admins toggle."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import commands
from bot.replies import CB_TOPIC
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import is_admin
from bot.telegram.sender import answer, edit_in_place, send


def register(app: BotApplication) -> None:
    app.add_handler(CommandHandler(commands.names("topics"), cmd_topics, filters=COMMAND_UPDATES))
    app.add_handler(CallbackQueryHandler(on_topic_button, pattern=rf"^{CB_TOPIC}:"))


async def cmd_topics(update: Update, context: BotContext) -> None:
    """Anyone may open the menu; the buttons check who presses them."""
    message = update.effective_message
    if message is None:
        return
    await answer(update, context, await context.subscription_commands.run(
        "topics", message.chat_id, [], context.strings))


async def on_topic_button(update: Update, context: BotContext) -> None:
    """A topic toggle: the menu is edited to show the new choice."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return
    s = context.strings
    chat = query.message.chat
    if not await is_admin(update, context.bot):
        await query.answer(s.topics_admin_alert, show_alert=True)
        return
    reply = await context.subscription_commands.toggle_topic(chat.id, query.data or "", s)
    await query.answer()
    if reply.edit:
        await edit_in_place(query, reply)
    else:  # no subscription (any more): say so below the stale menu
        await send(context, chat.id, reply)
