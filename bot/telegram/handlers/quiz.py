"""/quiz (a quiz poll now; ``daily 16h`` and ``off`` for the daily quiz), the answers
(``poll_answer``), and /leaderboard (/bxh).

The decisions are ``bot.services.quizzes``; here only Telegram: who may change the daily
quiz (admins, in groups), sending the poll, and reading who answered what.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler, PollAnswerHandler

from bot import schedule
from bot.replies import Reply, commands
from bot.services.quizzes import Quizzes
from bot.services.subscriptions import NotSubscribed
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import admin_chat, member_of
from bot.telegram.quizsender import send_quiz_poll
from bot.telegram.sender import answer, send


def register(app: BotApplication) -> None:
    app.add_handler(CommandHandler(commands.names("quiz"), cmd_quiz, filters=COMMAND_UPDATES))
    app.add_handler(CommandHandler(commands.names("leaderboard"), cmd_leaderboard,
                                   filters=COMMAND_UPDATES))
    app.add_handler(PollAnswerHandler(on_poll_answer))


def _quizzes(context: BotContext) -> Quizzes:
    return context.services.quizzes


async def cmd_quiz(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    words = commands.quiz_setting_words(list(context.args or []))
    if words is not None:
        await _set_daily(update, context, words)
        return
    s = context.strings
    user = update.effective_user
    private = message.chat.type == ChatType.PRIVATE
    made = await _quizzes(context).new_quiz(message.chat_id, s,
                                            user_id=user.id if private and user else None)
    if made is None:
        await answer(update, context, Reply(s.quiz_none))
        return
    quiz, day = made
    context.services.metrics.replies.inc()
    sent = await send_quiz_poll(context.bot, message.chat_id, quiz,
                                message.chat.type == ChatType.CHANNEL)
    await _quizzes(context).record_sent(quiz, message.chat_id, day, sent.poll_id,
                                        sent.message_id, sent.anonymous)


async def _set_daily(update: Update, context: BotContext, words: list[str]) -> None:
    s = context.strings
    chat_id = await admin_chat(update, context)
    if chat_id is None:
        return
    quizzes = _quizzes(context)
    try:
        setting = await quizzes.set_daily(chat_id, words)
    except NotSubscribed:
        await answer(update, context, Reply(s.unsub_none))
        return
    except schedule.ScheduleError:
        await answer(update, context, Reply(s.quiz_daily_bad))
        return
    await answer(update, context, Reply(s.quiz_daily_off if setting is None
                                        else quizzes.describe(setting, s)))


async def on_poll_answer(update: Update, context: BotContext) -> None:
    """An answer (or its retraction) to a quiz; polls we do not know are ignored quietly."""
    given = update.poll_answer
    if given is None or given.user is None:
        return  # answered as a chat (anonymous admin): nobody to count
    user = given.user
    bot = context.bot

    async def lookup(chat_id: int, user_id: int) -> bool | None:
        return await member_of(bot, chat_id, user_id)

    done = await _quizzes(context).answer(given.poll_id, user.id, user.full_name,
                                          list(given.option_ids), lookup)
    if (done is None or done.retracted or not done.counted or not done.changed
            or not done.correct):
        return
    if done.poll.chat_id == user.id:  # personal practice: a right answer shows the streak
        days = await _quizzes(context).streak(user.id, user.id)
        await send(context, user.id, Reply(context.strings.streak_personal.format(days=days)))


async def cmd_leaderboard(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    await answer(update, context, Reply(await _quizzes(context).leaderboard(message.chat_id,
                                                                             context.strings)))
