"""/topics: a menu of toggle buttons, edited in place; only the chat's admins toggle."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.replies import CB_TOPIC, commands
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import admin_button
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
    s = context.strings
    chat_id = await admin_button(update, context, s.topics_admin_alert)
    if query is None or chat_id is None:
        return
    reply = await context.subscription_commands.toggle_topic(chat_id, query.data or "", s)
    await query.answer()
    if reply.edit and isinstance(query.message, Message):
        await edit_in_place(query, reply)
    else:  # no subscription (any more): say so below the stale menu
        await send(context, chat_id, reply)
