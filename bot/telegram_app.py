"""The Telegram adapter: turns updates into calls on ``Replies`` and replies into sends.

All decisions (what to say, which buttons) live in ``bot.replies``; this module only
knows Telegram: who is talking, in which kind of chat, whether a group message is
addressed to the bot, and how to send, edit and answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import Settings
from bot.corpus import Corpus
from bot.replies import Button, Replies, Reply
from bot.search import SearchIndex
from bot.storage import Storage
from bot.strings import VI, Strings, for_language

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Commands arrive as messages, or as channel posts in channels; edits are ignored.
COMMAND_UPDATES = filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST


def keyboard(buttons: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    rows = []
    for row in buttons:
        rows.append([
            InlineKeyboardButton(b.text, switch_inline_query_current_chat=b.switch_inline)
            if b.switch_inline is not None else InlineKeyboardButton(b.text, callback_data=b.data)
            for b in row
        ])
    return InlineKeyboardMarkup(rows)


def strings_for(update: Update) -> Strings:
    user = update.effective_user
    return for_language(user.language_code if user else None)


class TelegramBot:
    """Handlers bound to the bot's services; one instance per process."""

    def __init__(self, settings: Settings, corpus: Corpus, index: SearchIndex) -> None:
        self.settings = settings
        self.corpus = corpus
        self.replies = Replies(corpus, index)
        self.storage: Storage | None = None
        self.tz = settings.timezone

    # --- lifecycle ------------------------------------------------------------------
    async def post_init(self, app: Application) -> None:
        self.storage = await Storage.open(self.settings.db_path)
        me = await app.bot.get_me()
        self.replies.bot_username = me.username or self.replies.bot_username
        await self.set_commands(app)
        log.info("started as @%s (%s mode), %d tips, database %s", me.username,
                 "webhook" if self.settings.webhook else "polling", len(self.corpus.tips),
                 self.settings.db_path)

    async def post_shutdown(self, app: Application) -> None:
        if self.storage is not None:
            await self.storage.close()
            self.storage = None
        log.info("stopped")

    async def set_commands(self, app: Application) -> None:
        for strings, lang in ((VI, None), (for_language("en"), "en")):
            await app.bot.set_my_commands(
                [BotCommand(c, d) for c, d in strings.commands],
                scope=BotCommandScopeDefault(), language_code=lang)

    def install(self, app: Application) -> None:
        app.add_handler(TypeHandler(Update, self.remember_chat), group=-1)
        app.add_handler(CommandHandler("start", self.cmd_start, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("help", self.cmd_help, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler(["tip", "meo"], self.cmd_tip, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler(["search", "tim"], self.cmd_search,
                                       filters=COMMAND_UPDATES))
        app.add_handler(MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.COMMAND,
            self.unknown_command))
        app.add_handler(MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT
            & ~filters.COMMAND, self.private_text))
        app.add_handler(MessageHandler(
            filters.ChatType.GROUPS & filters.UpdateType.MESSAGE & filters.TEXT
            & ~filters.COMMAND, self.group_text))
        app.add_handler(MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & ~filters.TEXT
            & ~filters.StatusUpdate.ALL, self.private_non_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(InlineQueryHandler(self.on_inline))
        app.add_handler(ChatMemberHandler(self.on_my_chat_member,
                                          ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_error_handler(self.on_error)

    # --- helpers --------------------------------------------------------------------
    async def send(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply,
                   *, reply_to: Message | None = None) -> None:
        await context.bot.send_message(
            chat_id, reply.html, parse_mode=ParseMode.HTML, reply_markup=keyboard(reply.buttons),
            link_preview_options=NO_PREVIEW,
            reply_to_message_id=reply_to.message_id if reply_to else None,
            allow_sending_without_reply=True)

    async def answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                     reply: Reply) -> None:
        message = update.effective_message
        if message is None:
            return
        in_group = message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
        await self.send(context, message.chat_id, reply, reply_to=message if in_group else None)

    async def remember_chat(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None or self.storage is None:
            return
        user = update.effective_user
        title = chat.title or (user.full_name if user and chat.type == ChatType.PRIVATE else "")
        try:
            await self.storage.record_chat(chat.id, chat.type, title or "",
                                           (user.language_code or "") if user else "")
        except Exception:  # never let bookkeeping stop a reply
            log.exception("could not record chat %s", chat.id)

    def _addressed_text(self, message: Message, bot_id: int) -> str | None:
        """The text of a group message meant for the bot, without the mention; or None."""
        text = message.text or ""
        username = self.replies.bot_username.lower()
        mentioned = False
        for entity, value in message.parse_entities(
                [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
            if entity.type == MessageEntity.MENTION and value[1:].lower() == username:
                mentioned = True
                text = text.replace(value, " ")
            elif entity.type == MessageEntity.TEXT_MENTION and entity.user and \
                    entity.user.id == bot_id:
                mentioned = True
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot_id:
            mentioned = True
        return " ".join(text.split()) if mentioned else None

    # --- handlers -------------------------------------------------------------------
    async def cmd_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        s = strings_for(update)
        message = update.effective_message
        if message and message.chat.type != ChatType.PRIVATE:
            await self.answer(update, context, self.replies.help(s))
            return
        user = update.effective_user
        await self.answer(update, context, self.replies.start(s, user.first_name if user else ""))

    async def cmd_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.answer(update, context, self.replies.help(strings_for(update)))

    async def cmd_tip(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = " ".join(context.args or [])
        await self.answer(update, context, self.replies.tip(query, strings_for(update)))

    async def cmd_search(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = " ".join(context.args or [])
        await self.answer(update, context,
                          self.replies.search_command(query, strings_for(update)))

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.answer(update, context, self.replies.help(strings_for(update)))

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        await self.answer(update, context, self.replies.text(message.text, strings_for(update)))

    async def private_non_text(self, update: Update,
                               context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice: say what the bot understands instead of ignoring."""
        await self.answer(update, context, self.replies.text("", strings_for(update)))

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        text = self._addressed_text(message, context.bot.id)
        if text is None:
            return  # ordinary group talk: stay silent
        s = strings_for(update)
        reply = self.replies.text(text, s) if text else self.replies.help(s)
        await self.answer(update, context, reply)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        s = strings_for(update)
        message = query.message
        private = message is not None and message.chat.type == ChatType.PRIVATE
        reply = self.replies.button(query.data or "", s, private=private)
        await query.answer()
        if message is None:  # a button on an inline-mode message: nothing to edit into
            return
        if reply.edit and isinstance(message, Message):
            try:
                await query.edit_message_text(reply.html, parse_mode=ParseMode.HTML,
                                              reply_markup=keyboard(reply.buttons),
                                              link_preview_options=NO_PREVIEW)
                return
            except BadRequest as exc:
                if "not modified" in str(exc).lower():
                    return
                log.info("could not edit message, sending anew: %s", exc)
        await self.send(context, message.chat.id, reply)

    async def on_inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:
            return
        s = strings_for(update)
        today = dt.datetime.now(dt.UTC).date()
        items = self.replies.inline(query.query, s, today)
        results = [
            InlineQueryResultArticle(
                id=item.id, title=item.title, description=item.description,
                input_message_content=InputTextMessageContent(
                    item.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW))
            for item in items
        ]
        await query.answer(results, cache_time=60 if query.query else 300, is_personal=False)

    async def on_my_chat_member(self, update: Update,
                                context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        if change is None:
            return
        old, new = change.old_chat_member.status, change.new_chat_member.status
        chat = change.chat
        gone = new in ("left", "kicked")
        if self.storage is not None:
            await self.storage.set_chat_status(chat.id, "left" if gone else "active")
        if not gone and old in ("left", "kicked") and chat.type in (ChatType.GROUP,
                                                                     ChatType.SUPERGROUP):
            s = for_language(change.from_user.language_code if change.from_user else None)
            await self.send(context, chat.id, Reply(s.group_hint))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        log.error("error while handling an update: %s", error,
                  exc_info=(type(error), error, error.__traceback__) if error else None)
        if not isinstance(update, Update):
            return
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer()
        chat = update.effective_chat
        if chat is None or isinstance(error, Forbidden):
            return
        try:
            await context.bot.send_message(chat.id, strings_for(update).error_apology)
        except TelegramError as exc:
            log.warning("could not send the apology to %s: %s", chat.id, exc)


def build_application(settings: Settings, corpus: Corpus, index: SearchIndex) -> Application:
    tg = TelegramBot(settings, corpus, index)
    builder: ApplicationBuilder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .post_init(tg.post_init)
        .post_shutdown(tg.post_shutdown)
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.max_messages_per_second,
                                     overall_time_period=1, group_max_rate=20,
                                     group_time_period=60, max_retries=3))
        .concurrent_updates(8)
    )
    app = builder.build()
    app.bot_data["telegram_bot"] = tg
    tg.install(app)
    return app


def run(settings: Settings, corpus: Corpus, index: SearchIndex) -> int:
    """Run until SIGTERM/SIGINT. Returns the process exit code."""
    app = build_application(settings, corpus, index)
    stop_signals = (signal.SIGINT, signal.SIGTERM)
    try:
        if settings.webhook:
            url = urlparse(settings.webhook_url)
            app.run_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port,
                url_path=url.path.lstrip("/"), webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret, allowed_updates=Update.ALL_TYPES,
                stop_signals=stop_signals)
        else:
            # A fresh loop: run_polling closes the one it uses when it stops.
            asyncio.set_event_loop(asyncio.new_event_loop())
            app.run_polling(allowed_updates=Update.ALL_TYPES, stop_signals=stop_signals)
    except InvalidToken:
        log.error("TELEGRAM_BOT_TOKEN was rejected by Telegram; copy it again from @BotFather")
        return 2
    return 0
