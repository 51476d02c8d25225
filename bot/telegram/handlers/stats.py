"""/stats: tips received, voters, the most and least helpful tips, the quiz figures, and what
the team asked that no tip answers (admins, in groups); then the quiz chart (issue 22) as a
photo, when the team answered quizzes in its 8 weeks."""

from __future__ import annotations

import dataclasses

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler

from bot.replies import Reply, commands
from bot.services import misses
from bot.telegram.charts import send_after_stats
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.dashboard import stats_button
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import is_admin
from bot.telegram.sender import answer


def register(app: BotApplication) -> None:
    app.add_handler(CommandHandler(commands.names("stats"), cmd_stats, filters=COMMAND_UPDATES))


async def cmd_stats(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    s = context.strings
    if not await is_admin(update, context.bot):
        await answer(update, context, Reply(s.stats_admin_only))
        return
    chat_id = message.chat_id
    storage = context.storage
    sub = await storage.subscriptions.get(chat_id)
    replies = await context.replies_for(chat_id)  # the team's own tips are voted on too
    reply = replies.stats(sub.delivered_count if sub else 0,
                                  await storage.votes.voters(chat_id),
                                  await storage.votes.by_tip(chat_id), s,
                                  private=message.chat.type == ChatType.PRIVATE)
    reply = context.replies.with_misses(reply, await misses.top(storage, chat_id), s,
                                        kept=await misses.kept(storage, chat_id))
    quiz = await context.services.quizzes.figures_text(chat_id, s)
    if quiz:
        reply = dataclasses.replace(reply, html=f"{reply.html}\n\n{quiz}")
    button = stats_button(context.services, s, chat_id, message.chat.type == ChatType.PRIVATE)
    if button is not None:  # BOT_PUBLIC_URL: the team's dashboard
        reply = dataclasses.replace(reply, buttons=(*reply.buttons, (button,)))
    await answer(update, context, reply)
    chart = await context.services.charts.image(
        chat_id, await context.services.quizzes.today(chat_id), s)
    if chart is not None:
        await send_after_stats(context, chat_id, chart)
