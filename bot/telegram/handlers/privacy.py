"""/privacy: whether the chat keeps the questions no tip answered (admins decide).

Anyone may read what is kept (it is about them); only those who may change the chat
turn it on or off, and others get the privacy refusal. The wording of such questions,
contact details replaced, with a count and two dates, is all that is kept (see
``bot.services.misses``); turning it off deletes what was kept, so "off" means nothing
about the team's questions stays.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.replies import Reply, commands
from bot.services import misses
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.permissions import admin_chat
from bot.telegram.sender import answer
from bot.text import normalize

# "/privacy on" = private: keep nothing. Words as users type them, folded.
_PRIVATE = frozenset({"on", "bat", "yes", "1"})
_KEEP = frozenset({"off", "tat", "no", "0"})


def register(app: BotApplication) -> None:
    app.add_handler(CommandHandler(commands.names("privacy"), cmd_privacy,
                                   filters=COMMAND_UPDATES))


async def cmd_privacy(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    s = context.strings
    word = " ".join(normalize.tokens(" ".join(context.args or [])))
    if not word:
        kept = await misses.kept(context.storage, message.chat_id)
        await answer(update, context, Reply(s.privacy_status_kept if kept
                                            else s.privacy_status_off))
        return
    chat_id = await admin_chat(update, context, s.privacy_admin_only)
    if chat_id is None:
        return
    if word in _PRIVATE:
        deleted = await misses.set_kept(context.storage, chat_id, False)
        await answer(update, context, Reply(s.privacy_now_off.format(count=deleted)))
    elif word in _KEEP:
        await misses.set_kept(context.storage, chat_id, True)
        await answer(update, context, Reply(s.privacy_now_on))
    else:
        await answer(update, context, Reply(s.privacy_bad))
