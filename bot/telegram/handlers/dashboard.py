"""``/start dash<chat>`` in a private chat: the deep link /stats offers in groups, answered
with the team's Web App button once Telegram confirms the person is the team's admin
(Telegram opens Web Apps from inline buttons in private chats only)."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.replies import Button, Reply, commands
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.dashboard import START_PREFIX, page_url
from bot.telegram.handlers import basics
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import team_role
from bot.telegram.sender import answer

_PAYLOAD = re.compile(rf"^{START_PREFIX}(-?\d{{1,16}})$")


def register(app: BotApplication) -> None:
    """Before ``basics``: a /start with this payload is not the welcome."""
    app.add_handler(CommandHandler(
        commands.names("start"), cmd_start_dashboard,
        filters=COMMAND_UPDATES & filters.ChatType.PRIVATE
        & filters.Regex(rf"^/\S+\s+{START_PREFIX}-?\d+\s*$")))


async def cmd_start_dashboard(update: Update, context: BotContext) -> None:
    settings = context.services.settings
    match = _PAYLOAD.match((context.args or [""])[0])
    user = update.effective_user
    if not settings.public_url or match is None or user is None:
        await basics.cmd_start(update, context)  # no dashboard here: the usual welcome
        return
    chat_id, s = int(match.group(1)), context.strings
    if chat_id == 0 or await team_role(context.bot, chat_id, user.id) != "admin":
        await answer(update, context, Reply(s.dash_private_refused))
        return
    await answer(update, context, Reply(
        s.dash_private_offer.format(chat_id=chat_id),
        buttons=((Button(s.dash_open, web_app=page_url(settings, chat_id)),),)))
