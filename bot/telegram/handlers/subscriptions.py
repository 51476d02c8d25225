"""The daily tip's commands: /subscribe /unsubscribe /status /pause /resume /digest.

What each does and replies is ``bot.replies.commands.SubscriptionCommands`` (the console runs
the same); here only the Telegram part: in groups, only admins change anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import CommandHandler

from bot.replies import commands
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import admin_chat, is_admin
from bot.telegram.sender import answer

# /status is for anyone (admins also see the chat's id); the rest change the subscription.
ADMINS_ONLY = ("subscribe", "unsubscribe", "pause", "resume", "digest")


def register(app: BotApplication) -> None:
    for name in (*ADMINS_ONLY, "status"):
        app.add_handler(CommandHandler(commands.names(name), command(name),
                                       filters=COMMAND_UPDATES))


def command(name: str) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """The handler for ``/name``: the admin check where needed, then the shared command."""

    async def handle(update: Update, context: BotContext) -> None:
        message = update.effective_message
        if message is None:
            return
        if name in ADMINS_ONLY and await admin_chat(update, context) is None:
            return
        user = update.effective_user
        admin = name in ADMINS_ONLY or await is_admin(update, context.bot)
        reply = await context.subscription_commands.run(
            name, message.chat_id, context.args or [], context.strings,
            user_id=user.id if user else None, admin=admin)
        if name == "status" and message.chat.type != "private" and admin:
            # Admins need the id for `python -m bot import/export --chat`.
            note = context.strings.status_chat_id.format(chat_id=message.chat_id)
            reply = dataclasses.replace(reply, html=f"{reply.html}\n\n{note}")
        await answer(update, context, reply)

    handle.__name__ = handle.__qualname__ = f"cmd_{name}"
    return handle
