"""/start, /help, an unknown command, and the error handler that apologises."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import ChatMigrated, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot.replies import commands
from bot.services import addtip
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.sender import answer, mention, send

log = logging.getLogger(__name__)


def register(app: BotApplication) -> None:
    app.add_handler(CommandHandler(commands.names("start"), cmd_start, filters=COMMAND_UPDATES))
    app.add_handler(CommandHandler(commands.names("help"), cmd_help, filters=COMMAND_UPDATES))
    app.add_error_handler(on_error)


def register_unknown(app: BotApplication) -> None:
    """Any other command in a private chat gets the help: registered after every command."""
    app.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.COMMAND, cmd_help))


async def cmd_start(update: Update, context: BotContext) -> None:
    """The welcome in private chats; in groups, where a welcome is noise, the help."""
    message = update.effective_message
    if message and message.chat.type != ChatType.PRIVATE:
        await answer(update, context, context.replies.help(context.strings))
        return
    user = update.effective_user
    await answer(update, context,
                 context.replies.start(context.strings, user.first_name if user else ""))


async def cmd_help(update: Update, context: BotContext) -> None:
    await answer(update, context, context.replies.help(context.strings))


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure and say sorry in the chat, so nobody waits for a reply that is lost.

    Two failures are Telegram telling us about the chat, not bugs: the bot was blocked or
    removed (one line, no apology: it could not be sent), and the group became a
    supergroup (its data move to the new id, where the apology goes).

    The apology is the update's one answer: a handler that failed before the lookups (a
    part of an /addtip draft) does not leave its text to be searched and answered too.
    """
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    target = chat.id if chat is not None else None
    if isinstance(error, Forbidden):
        log.info("chat %s cannot be written to: %s", target, error)
    elif isinstance(error, ChatMigrated) and chat is not None:
        log.info("group %s became supergroup %s: moving it", chat.id, error.new_chat_id)
        await context.storage.migrate_chat(chat.id, error.new_chat_id)
        target = error.new_chat_id
    else:
        log.error("error while handling an update: %s", error,
                  exc_info=(type(error), error, error.__traceback__) if error else None)
    if not isinstance(update, Update):
        return
    await _apologise(update, context, None if isinstance(error, Forbidden) else target)
    raise ApplicationHandlerStop


async def _apologise(update: Update, context: BotContext, target: int | None) -> None:
    """Sorry, in the chat; to someone writing a tip there, with the step it waits for
    (``Replies.apology``), quoting them in a group (naming them after a button) so that
    Telegram opens their reply, which privacy mode lets through."""
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    if target is None:
        return
    message, user = update.message, update.effective_user  # a person's message to quote
    draft = None
    if user is not None:
        try:
            draft = await addtip.current(context.storage, target, user.id,
                                         context.services.clock())
        except Exception:  # the database may be what failed: the plain apology then
            log.warning("could not read the draft of %s in %s", user.id, target)
    chat = update.effective_chat
    in_group = chat is not None and chat.id == target and \
        chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    # After a button (➕ under /stats) there is no message of theirs to quote: name them.
    pressed = update.callback_query.from_user if update.callback_query and in_group \
        and draft is not None else None
    reply = context.replies.apology(context.strings, draft,
                                    mention(pressed) if pressed is not None else "")
    try:
        sent = await send(context, target, reply,
                          reply_to=message if in_group and message is not None else None,
                          addressed=pressed is not None)
        if draft is not None:  # it asks the step: someone else's reply to it is told so
            await addtip.asked(context.storage, draft, sent.message_id)
    except TelegramError as exc:
        log.warning("could not send the apology to %s: %s", target, exc)
    except Exception:  # the database again: the apology went out, that is what counts
        log.warning("could not keep the apology as a question of %s's draft in %s",
                    user.id if user else None, target)
