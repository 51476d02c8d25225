"""/start, /help, an unknown command, and the error handler that apologises."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import ChatMigrated, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, CommandHandler, MessageHandler, filters

from bot.models import AddtipDraft
from bot.replies import commands
from bot.services import addtip
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.handlers.membership import ask_again
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
    supergroup (its data move to the new id, where the apology goes, naming the sender
    whose message it cannot quote there; the tips others were writing are asked again
    there, as when Telegram's own word of the upgrade comes first).

    The apology is the update's one answer: a handler that failed before the lookups (a
    part of an /addtip draft) does not leave its text to be searched and answered too.
    """
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    target = chat.id if chat is not None else None
    moved: list[AddtipDraft] = []
    if isinstance(error, Forbidden):
        log.info("chat %s cannot be written to: %s", target, error)
    elif isinstance(error, ChatMigrated) and chat is not None:
        log.info("group %s became supergroup %s: moving it", chat.id, error.new_chat_id)
        target = error.new_chat_id
        moved = await addtip.moved(context.storage, chat.id, target, context.services.clock())
    else:
        log.error("error while handling an update: %s", error,
                  exc_info=(type(error), error, error.__traceback__) if error else None)
    sender = update.effective_user if isinstance(update, Update) else None
    if isinstance(update, Update):
        await _apologise(update, context, None if isinstance(error, Forbidden) else target)
    for draft in moved:  # the tips others were writing there: asked again in the supergroup
        if target is not None and (sender is None or draft.user_id != sender.id):
            try:
                await ask_again(context, target, draft)
            except TelegramError as exc:
                log.warning("could not ask %s's step again in %s: %s", draft.user_id,
                            target, exc)
    if isinstance(update, Update):
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
    moved = chat is not None and chat.id != target  # to the supergroup the group became
    # After a button (➕ under /stats), or in the supergroup, there is no message of
    # theirs to quote: name them.
    named = user if draft is not None and (
        moved or (update.callback_query is not None and in_group)) else None
    reply = context.replies.apology(context.strings, draft,
                                    mention(named) if named is not None else "")
    try:
        sent = await send(context, target, reply,
                          reply_to=message if in_group and message is not None else None,
                          addressed=named is not None)
        if draft is not None:  # it asks the step: someone else's reply to it is told so
            await addtip.asked(context.storage, draft, sent.message_id)
    except TelegramError as exc:
        log.warning("could not send the apology to %s: %s", target, exc)
    except Exception:  # the database again: the apology went out, that is what counts
        log.warning("could not keep the apology as a question of %s's draft in %s",
                    user.id if user else None, target)
