"""The daily tip's commands: /subscribe /unsubscribe /status /pause /resume /digest.

Decisions are ``bot.services.subscriptions``'; here: in groups only admins change
anything (``permissions``), and each outcome becomes its reply.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot import schedule
from bot.replies import Reply
from bot.services.subscriptions import NotPaused, NotSubscribed
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import admin_chat
from bot.telegram.sender import answer


def register(app: BotApplication) -> None:
    for name, callback in (("subscribe", cmd_subscribe), ("unsubscribe", cmd_unsubscribe),
                           ("status", cmd_status), ("pause", cmd_pause),
                           ("resume", cmd_resume), ("digest", cmd_digest)):
        app.add_handler(CommandHandler(name, callback, filters=COMMAND_UPDATES))


async def cmd_subscribe(update: Update, context: BotContext) -> None:
    chat_id = await admin_chat(update, context)
    if chat_id is None:
        return
    s = context.strings
    user = update.effective_user
    try:
        done = await context.subscriptions.subscribe(chat_id, context.args or [], s,
                                                     created_by=user.id if user else None)
    except schedule.ScheduleError as exc:
        await answer(update, context, context.replies.schedule_error(exc, s))
        return
    await answer(update, context,
                 context.replies.subscribed(done.subscription, s, updated=done.updated))


async def cmd_unsubscribe(update: Update, context: BotContext) -> None:
    chat_id = await admin_chat(update, context)
    if chat_id is None:
        return
    s = context.strings
    stopped = await context.subscriptions.unsubscribe(chat_id)
    await answer(update, context, Reply(s.unsub_done if stopped else s.unsub_none))


async def cmd_status(update: Update, context: BotContext) -> None:
    """Anyone may look: on or off, days, time, zone, next delivery, pause, count."""
    message = update.effective_message
    if message is None:
        return
    subscriptions = context.subscriptions
    sub = await subscriptions.get(message.chat_id)
    today = subscriptions.today(sub) if sub else None
    await answer(update, context, context.replies.status(sub, context.strings, today))


async def cmd_pause(update: Update, context: BotContext) -> None:
    chat_id = await admin_chat(update, context)
    if chat_id is None:
        return
    s = context.strings
    try:
        sub = await context.subscriptions.pause(chat_id, " ".join(context.args or []))
    except NotSubscribed:
        await answer(update, context, Reply(s.unsub_none))
        return
    except schedule.ScheduleError as exc:
        await answer(update, context, context.replies.schedule_error(exc, s))
        return
    await answer(update, context, context.replies.paused(sub, s))


async def cmd_resume(update: Update, context: BotContext) -> None:
    chat_id = await admin_chat(update, context)
    if chat_id is None:
        return
    s = context.strings
    try:
        sub = await context.subscriptions.resume(chat_id)
    except NotSubscribed:
        await answer(update, context, Reply(s.unsub_none))
        return
    except NotPaused:
        await answer(update, context, Reply(s.resume_not_paused))
        return
    await answer(update, context, context.replies.resumed(sub, s))


async def cmd_digest(update: Update, context: BotContext) -> None:
    chat_id = await admin_chat(update, context)
    if chat_id is None:
        return
    s = context.strings
    try:
        sub = await context.subscriptions.set_digest(chat_id, context.args or [])
    except NotSubscribed:
        await answer(update, context, Reply(s.unsub_none))
        return
    except schedule.ScheduleError as exc:
        await answer(update, context, context.replies.schedule_error(exc, s))
        return
    await answer(update, context,
                 Reply(s.digest_off) if sub is None else context.replies.digest_on(sub, s))
