"""Looking tips up: /tip, /search, text in private chats, mentions in groups, inline mode.

Every lookup runs over the chat's tips, the seeds and the team's own; in groups the bot
answers only what is addressed to it (a mention, a reply to it), never ordinary talk. A
caption under a photo, a video, a voice note or a file is what the person typed
(``typed_text``): it is read like a text, except under a file the playbook reads.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from telegram import (
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.replies import Replies, Reply, commands
from bot.services import misses, tippool
from bot.services import playbook_import as imports
from bot.strings import Strings
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.handlers.filters import COMMAND_UPDATES
from bot.telegram.sender import answer, edit_in_place, send

log = logging.getLogger(__name__)


def register(app: BotApplication) -> None:
    app.add_handler(CommandHandler(commands.names("tip"), cmd_tip, filters=COMMAND_UPDATES))
    app.add_handler(CommandHandler(commands.names("search"), cmd_search, filters=COMMAND_UPDATES))
    messages = filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & messages & filters.TEXT & ~filters.COMMAND, private_text))
    app.add_handler(MessageHandler(
        filters.ChatType.GROUPS & messages & filters.TEXT & ~filters.COMMAND, group_text))
    app.add_handler(MessageHandler(
        filters.ChatType.GROUPS & messages & filters.CAPTION, group_text))
    app.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & messages & ~filters.TEXT & ~filters.StatusUpdate.ALL,
        private_non_text))
    app.add_handler(InlineQueryHandler(on_inline))


_LOOKUP_COMMANDS = frozenset(commands.names("tip") + commands.names("search"))


def is_lookup(update: object, username: str, bot_id: int) -> bool:
    """A lookup a later one may replace (``bot.inbox.engine``): /tip, /search, text for the bot
    (any text in a private chat, mentions and replies in groups). A file, a photo or a
    sticker is not: each is answered in turn, never replaced by what follows."""
    if not isinstance(update, Update):
        return False
    message = update.message or update.channel_post
    if message is None:
        return False
    text = message.text or ""
    if text.startswith("/"):
        name, _, addressee = text[1:].split(maxsplit=1)[0].partition("@") if text[1:].strip() \
            else ("", "", "")
        return name.lower() in _LOOKUP_COMMANDS and addressee.lower() in ("", username.lower())
    if not words_of(message):
        return False
    if message.chat.type == ChatType.PRIVATE:
        return True
    return addressed_text(message, username, bot_id) is not None


def typed_text(message: Message) -> str | None:
    """What the person typed: the text, or the caption under a photo, a video, a voice
    note or a file; ``None`` when there is neither, and under a file the playbook reads
    (that file is the message: its caption is ``/import`` or a note to the team)."""
    if message.text is not None:
        return message.text
    document = message.document
    if message.caption is None or (document is not None
                                   and imports.is_playbook_file(document.file_name)):
        return None
    return message.caption


def words_of(message: Message) -> str:
    """The typed text that is words to read, not a command: ``""`` for a command (a
    caption's ``/tip`` is not run: Telegram runs commands written as text only)."""
    text = typed_text(message) or ""
    return "" if text.startswith("/") else text


def words_to_the_bot(message: Message, username: str) -> str:
    """``words_of`` without the bot's @mention, lines kept: what a person writes to the bot
    (in a group, naming it is how a message reaches it), such as a part of a tip."""
    text = words_of(message)
    if not text or not username:
        return text
    parse = message.parse_entities if message.text is not None else \
        message.parse_caption_entities
    for value in set(parse([MessageEntity.MENTION]).values()):
        if value[1:].lower() == username.lower():
            text = text.replace(value, "")
    return text


def register_buttons(app: BotApplication) -> None:
    """The tip buttons (another tip, the source, a search result): after the patterned ones."""
    app.add_handler(CallbackQueryHandler(on_button))


async def cmd_tip(update: Update, context: BotContext) -> None:
    await _lookup(update, context, Replies.tip)


async def cmd_search(update: Update, context: BotContext) -> None:
    await _lookup(update, context, Replies.search_command)


async def _lookup(update: Update, context: BotContext,
                  make: Callable[[Replies, str, Strings], Reply]) -> None:
    """A command whose words are a lookup in this chat's tips (seeds and its own)."""
    message = update.effective_message
    if message is None:
        return
    replies = await context.replies_for(message.chat_id)
    query = " ".join(context.args or [])
    await answer_lookup(update, context, make(replies, query, context.strings))


async def answer_lookup(update: Update, context: BotContext, reply: Reply) -> None:
    """Keep the question if nothing answered it (the lead's /stats), then answer.

    Kept first, so whoever reads /stats after the answer sees it; a storage failure
    here is logged and does not cost the user the answer.
    """
    message = update.effective_message
    if reply.missed and message is not None:
        try:
            await misses.record(context.storage, message.chat_id, reply.missed)
        except Exception:  # the answer matters more than the statistics
            log.exception("could not keep an unanswered question")
    await answer(update, context, reply)


async def private_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    replies = await context.replies_for(message.chat_id)
    await answer_lookup(update, context, replies.text(message.text, context.strings))


async def private_non_text(update: Update, context: BotContext) -> None:
    """Photos, videos, voice notes and files with a caption: the caption is read like a
    text. Without one (a sticker), say what the bot understands instead of ignoring; an
    album (one message per photo) is answered once (``services.albums``)."""
    message = update.effective_message
    words = words_of(message) if message is not None else ""
    if message is not None and not context.services.albums.answers(
            message.chat_id, message.media_group_id, has_words=bool(words)):
        return  # the album's other photos: it was answered once
    replies = await context.replies_for(message.chat_id) if words and message else \
        context.replies
    await answer_lookup(update, context, replies.text(words, context.strings))


async def group_text(update: Update, context: BotContext) -> None:
    """A text or a caption in a group: answered when it addresses the bot."""
    message = update.effective_message
    if message is None:
        return
    text = addressed_text(message, context.replies.bot_username, context.bot.id)
    if text is None or (message.text is None and not words_of(message)):
        return  # ordinary group talk, a file for the playbook or a command: stay silent
    s = context.strings
    replies = await context.replies_for(message.chat_id)
    await answer_lookup(update, context, replies.text(text, s) if text else replies.help(s))


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """The text (or caption) of a group message meant for the bot, without the mention;
    or None."""
    text = typed_text(message) or ""
    parse = message.parse_entities if message.text is not None else \
        message.parse_caption_entities
    username = username.lower()
    mentioned = False
    for entity, value in parse([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and value[1:].lower() == username:
            mentioned = True
            text = text.replace(value, " ")
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and \
                entity.user.id == bot_id:
            mentioned = True
    if replied_to_bot(message, bot_id) is not None:
        mentioned = True
    return " ".join(text.split()) if mentioned else None


def replied_to_bot(message: Message, bot_id: int) -> Message | None:
    """The bot's message ``message`` replies to, if it replies to one: the one rule for
    a group message meant for the bot by a reply (a lookup, a file, a draft's step)."""
    replied = message.reply_to_message
    return replied if replied is not None and replied.from_user is not None \
        and replied.from_user.id == bot_id else None


async def on_button(update: Update, context: BotContext) -> None:
    """Tip buttons: edit the message in place when the reply says so, else send anew."""
    query = update.callback_query
    if query is None:
        return
    message = query.message
    private = message is not None and message.chat.type == ChatType.PRIVATE
    replies = await context.replies_for(message.chat.id) if message else context.replies
    reply = replies.button(query.data or "", context.strings, private=private)
    await query.answer()
    if message is None:  # a button on an inline-mode message: nothing to edit into
        return
    if reply.edit and isinstance(message, Message):
        try:
            await edit_in_place(query, reply)
            return
        except BadRequest as exc:
            log.info("could not edit message, sending anew: %s", exc)
    await send(context, message.chat.id, reply)


async def on_inline(update: Update, context: BotContext) -> None:
    """``@bot words`` in any chat: matching tips, the user's own team tips among them."""
    query = update.inline_query
    if query is None:
        return
    s = context.strings
    today = dt.datetime.now(dt.UTC).date()
    own = await tippool.added_by(context.storage, query.from_user.id, s)
    replies = await asyncio.to_thread(context.replies.for_chat, own) if own else context.replies
    received = await todays_tip(context, query.from_user.id) if not query.query else None
    items = replies.inline(query.query, s, today, replies.corpus.get(received or ""))
    results = [
        InlineQueryResultArticle(
            id=item.id, title=item.title, description=item.description,
            input_message_content=InputTextMessageContent(item.html))  # HTML: the Defaults
        for item in items
    ]
    await query.answer(results, cache_time=60 if query.query else 300,
                       is_personal=bool(own or received))


async def todays_tip(context: BotContext, user_id: int) -> str | None:
    """The tip the user's own chat with the bot received today (its local day), if any.

    An inline query names no chat; the one chat it surely belongs to is the private
    chat with the asker (their id), so "today's principle" is what that chat got.
    """
    sub = await context.storage.subscriptions.get(user_id)
    if sub is None:
        return None
    return await tippool.received_on(context.storage, user_id,
                                     context.subscriptions.today(sub))
