"""The Telegram adapter: turns updates into calls on ``Replies`` and replies into sends.

All decisions (what to say, which buttons) live in ``bot.replies``; this module only
knows Telegram: who is talking, in which kind of chat, whether a group message is
addressed to the bot, and how to send, edit and answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
import secrets
import signal
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    BotCommandScopeDefault,
    Chat,
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
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import schedule, teamtips, web
from bot.config import Settings
from bot.corpus import Corpus, Tip
from bot.delivery import Broadcaster, ChatGone, Clock, FloodWait, Migrated, Rejected, Transient
from bot.metrics import Metrics
from bot.ratelimit import (
    GROUP_PER_MINUTE,
    REPLICA_SPACING_MARGIN,
    SPACING_MARGIN,
    SendLimiter,
)
from bot.replies import Button, Replies, Reply
from bot.search import SearchIndex
from bot.services import tippool
from bot.storage import MAX_TEAM_TIPS, Storage, Subscription, utcnow
from bot.strings import VI, Strings, for_language
from bot.transport import AiohttpRequest

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ADD_PRINCIPLE, ADD_PASSAGE, ADD_SOURCE = range(3)  # /addtip conversation states
BROADCAST_CONCURRENCY = 64
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


def _seconds(value: object) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)  # type: ignore[arg-type]


# Bot API methods that post into a chat and so count against Telegram's limits.
SENDING_METHODS = frozenset({
    "sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument",
    "sendSticker", "copyMessage", "forwardMessage",
})


class SharedRateLimiter(BaseRateLimiter[dict[str, bool]]):
    """Every message the bot sends draws on one ``SendLimiter``.

    Interactive replies wait for the budget and retry a flood wait twice. The daily
    broadcast takes its budget itself and passes ``{"acquired": True}``: it handles
    flood waits per chat, so one chat's wait never stalls the rest.
    """

    def __init__(self, limiter: SendLimiter, max_retries: int = 2) -> None:
        self.limiter = limiter
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(self, callback, args, kwargs, endpoint, data,  # type: ignore[no-untyped-def, override]
                              rate_limit_args):
        acquired = bool(rate_limit_args and rate_limit_args.get("acquired"))
        chat = data.get("chat_id")
        chat_id = int(chat) if isinstance(chat, int | str) and str(chat).lstrip("-").isdigit() \
            else None
        attempt = 0
        while True:
            if endpoint in SENDING_METHODS and not acquired:
                await self.limiter.acquire(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if acquired or attempt >= self.max_retries:
                    raise
                attempt += 1
                log.info("flood wait %.1f s on %s", _seconds(exc.retry_after), endpoint)
                await asyncio.sleep(_seconds(exc.retry_after) + 0.1)


class EditThrottle:
    """At most one edit per message a second; requests in between coalesce into one.

    Thirty quick taps on a message's 👍 must not become thirty edits (Telegram limits
    edits as it limits sends): the first edit goes at once, the rest wait for the next
    second and show the counts as they are then.
    """

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._last: dict[tuple[int, int], float] = {}
        self._pending: dict[tuple[int, int], asyncio.Task[None]] = {}

    def request(self, key: tuple[int, int], edit: Callable[[], Awaitable[None]]) -> None:
        if key in self._pending:
            return  # the pending edit will read the latest counts
        delay = max(0.0, self._last.get(key, -self.interval) + self.interval - time.monotonic())
        self._pending[key] = asyncio.create_task(self._run(key, delay, edit))

    async def _run(self, key: tuple[int, int], delay: float,
                   edit: Callable[[], Awaitable[None]]) -> None:
        try:
            await asyncio.sleep(delay)
            self._last[key] = time.monotonic()
        finally:
            self._pending.pop(key, None)
        try:
            await edit()
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                log.warning("could not update vote counts: %s", exc)
        except TelegramError as exc:
            log.warning("could not update vote counts: %s", exc)
        if len(self._last) > 10_000:
            cutoff = time.monotonic() - 60
            self._last = {k: t for k, t in self._last.items() if t > cutoff}

    async def drain(self) -> None:
        """Wait for pending edits (tests, shutdown)."""
        while self._pending:
            await asyncio.gather(*list(self._pending.values()), return_exceptions=True)


class TelegramSender:
    """The broadcast's ``Sender``: Telegram errors translated into delivery terms."""

    def __init__(self, app: Application, replies: Replies, metrics: Metrics | None = None
                 ) -> None:
        self.app = app
        self.replies = replies
        self.metrics = metrics

    async def send_daily(self, chat_id: int, tip: Tip, language: str) -> int:
        return await self._send(chat_id, self.replies.daily(tip, for_language(language)))

    async def send_digest(self, chat_id: int, first: dt.date, last: dt.date,
                          items: list[tuple[Tip, int, int]], language: str) -> int:
        return await self._send(chat_id, self.replies.digest(first, last, items,
                                                             for_language(language)))

    async def _send(self, chat_id: int, reply: Reply) -> int:
        started = time.perf_counter()
        try:
            message = await self.app.bot.send_message(
                chat_id, reply.html, parse_mode=ParseMode.HTML,
                reply_markup=keyboard(reply.buttons), link_preview_options=NO_PREVIEW,
                rate_limit_args={"acquired": True})
        except RetryAfter as exc:
            raise FloodWait(_seconds(exc.retry_after)) from exc
        except ChatMigrated as exc:
            raise Migrated(exc.new_chat_id) from exc
        except Forbidden as exc:
            raise ChatGone(str(exc)) from exc
        except BadRequest as exc:
            text = str(exc).lower()
            if "chat not found" in text or "not enough rights" in text or \
                    "chat_write_forbidden" in text or "have no rights" in text:
                raise ChatGone(str(exc)) from exc
            raise Rejected(str(exc)) from exc
        except NetworkError as exc:  # includes TimedOut
            raise Transient(str(exc)) from exc
        if self.metrics is not None:
            self.metrics.send_latency.observe(time.perf_counter() - started)
        return message.message_id


_UPDATE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post",
                 "callback_query", "inline_query", "chosen_inline_result", "my_chat_member",
                 "chat_member", "chat_join_request")


def _update_kind(update: Update) -> str:
    return next((k for k in _UPDATE_KINDS if getattr(update, k, None) is not None), "other")


def strings_for(update: Update) -> Strings:
    user = update.effective_user
    return for_language(user.language_code if user else None)


class TelegramBot:
    """Handlers bound to the bot's services; one instance per process."""

    def __init__(self, settings: Settings, corpus: Corpus, index: SearchIndex,
                 clock: Clock = utcnow) -> None:
        self.settings = settings
        self.corpus = corpus
        self.replies = Replies(corpus, index)
        self.storage: Storage | None = None
        self.broadcaster: Broadcaster | None = None
        self.clock = clock
        # Replicas share one bot token, so each takes its share of Telegram's limits:
        # N copies at 1/N of the rate never add up to more than the whole.
        share = max(1, settings.replicas)
        self.limiter = SendLimiter(
            settings.max_messages_per_second / share or None,
            group_per_minute=max(1, GROUP_PER_MINUTE // share),
            margin=SPACING_MARGIN if share == 1 else REPLICA_SPACING_MARGIN)
        self.metrics = Metrics()
        self.me_username = ""
        self._chat_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.edits = EditThrottle()

    # --- lifecycle ------------------------------------------------------------------
    async def post_init(self, app: Application) -> None:
        self.storage = await Storage.open(self.settings.database)
        me = await app.bot.get_me()
        self.me_username = me.username or ""
        self.replies.bot_username = me.username or self.replies.bot_username
        await self.set_commands(app)
        self.broadcaster = Broadcaster(
            self.storage, self.corpus, TelegramSender(app, self.replies, self.metrics),
            self.limiter,
            clock=self.clock, grace=dt.timedelta(hours=self.settings.grace_hours),
            lease=dt.timedelta(seconds=self.settings.claim_lease_seconds),
            concurrency=BROADCAST_CONCURRENCY)
        if app.job_queue is not None and self.settings.tick_seconds > 0:
            # The database is the schedule: each tick asks it who is due, so a restart
            # rebuilds nothing and misses nothing (late tips go out within the grace).
            app.job_queue.run_repeating(self.tick_job, interval=self.settings.tick_seconds,
                                        first=1.0, name="daily-tips",
                                        job_kwargs={"max_instances": 1, "coalesce": True})
        log.info("started as @%s (%s mode), %d tips, database %s", me.username,
                 "webhook" if self.settings.webhook else "polling", len(self.corpus.tips),
                 self.storage.location)

    async def tick_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        if self.broadcaster is None or self.storage is None:
            return
        report = await self.broadcaster.tick()
        for result, count in (("sent", report.sent), ("failed", report.failed),
                              ("retried", report.retried), ("skipped", report.skipped)):
            if count:
                self.metrics.daily_tips.labels(result).inc(count)
        if report.flood_waits:
            self.metrics.retry_after.inc(report.flood_waits)
        figures = await self.storage.health()
        self.metrics.subscriptions.labels("active").set(figures["active"])
        self.metrics.subscriptions.labels("stopped").set(figures["stopped"])
        self.metrics.due_backlog.set(figures["due"])

    async def readiness(self) -> tuple[bool, str]:
        """/readyz: the database answers and the bot knows who it is."""
        if self.storage is None or not self.me_username:
            return False, "starting"
        try:
            figures = await self.storage.health()
        except Exception as exc:  # any database failure means not ready
            return False, f"database: {exc.__class__.__name__}"
        return True, f"ready: @{self.me_username}, {figures['active']} active subscriptions"

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
        # Before the free-text handlers: while a team tip is being written, the
        # admin's messages are its parts, not lookups.
        text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
        app.add_handler(ConversationHandler(
            entry_points=[CommandHandler("addtip", self.addtip_start,
                                         filters=filters.UpdateType.MESSAGE)],
            states={
                ADD_PRINCIPLE: [MessageHandler(text, self.addtip_principle)],
                ADD_PASSAGE: [MessageHandler(text, self.addtip_passage)],
                ADD_SOURCE: [MessageHandler(text, self.addtip_source),
                             CommandHandler("skip", self.addtip_skip)],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, self.addtip_timeout)],
            },
            fallbacks=[CommandHandler("cancel", self.addtip_cancel)],
            conversation_timeout=self.settings.addtip_timeout_seconds,
        ))
        app.add_handler(CommandHandler("start", self.cmd_start, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("help", self.cmd_help, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler(["tip", "meo"], self.cmd_tip, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler(["search", "tim"], self.cmd_search,
                                       filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("subscribe", self.cmd_subscribe, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("unsubscribe", self.cmd_unsubscribe,
                                       filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("status", self.cmd_status, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("pause", self.cmd_pause, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("resume", self.cmd_resume, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("topics", self.cmd_topics, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("stats", self.cmd_stats, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("digest", self.cmd_digest, filters=COMMAND_UPDATES))
        app.add_handler(CommandHandler("mytips", self.cmd_mytips, filters=COMMAND_UPDATES))
        app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migrate))
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
        app.add_handler(CallbackQueryHandler(self.on_topic_button, pattern=r"^topic:"))
        app.add_handler(CallbackQueryHandler(self.on_vote_button, pattern=r"^vote:"))
        app.add_handler(CallbackQueryHandler(self.on_delete_button, pattern=r"^del:"))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(InlineQueryHandler(self.on_inline))
        app.add_handler(ChatMemberHandler(self.on_my_chat_member,
                                          ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_error_handler(self.on_error)

    # --- helpers --------------------------------------------------------------------
    async def send(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, reply: Reply,
                   *, reply_to: Message | None = None) -> None:
        self.metrics.replies.inc()
        await context.bot.send_message(
            chat_id, reply.html, parse_mode=ParseMode.HTML, reply_markup=keyboard(reply.buttons),
            link_preview_options=NO_PREVIEW,
            reply_to_message_id=reply_to.message_id if reply_to else None,
            allow_sending_without_reply=True)

    async def team_tips(self, chat_id: int, s: Strings) -> list[Tip]:
        """The chat's own tips, as tips."""
        if self.storage is None:
            return []
        return await tippool.team_tips(self.storage, chat_id, s)

    async def replies_for(self, chat_id: int, s: Strings) -> Replies:
        """The reply logic with this chat's own tips in its lookups."""
        return self.replies.for_chat(await self.team_tips(chat_id, s))

    async def with_votes(self, chat_id: int, reply: Reply, s: Strings) -> Reply:
        """A tip reply's 👍/👎 buttons with this chat's current counts."""
        corpus = (await self.replies_for(chat_id, s)).corpus
        tip = corpus.get(reply.tip_id) if reply.tip_id else None
        if tip is None or self.storage is None:
            return reply
        counts = await self.storage.vote_counts(chat_id, tip.id)
        if counts == (0, 0):
            return reply
        fresh = self.replies.tip_buttons(tip, s, counts)
        return dataclasses.replace(reply, buttons=fresh + reply.buttons[len(fresh):])

    async def answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                     reply: Reply) -> None:
        message = update.effective_message
        if message is None:
            return
        reply = await self.with_votes(message.chat_id, reply, strings_for(update))
        in_group = message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
        await self.send(context, message.chat_id, reply, reply_to=message if in_group else None)

    async def remember_chat(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.metrics.updates.labels(_update_kind(update)).inc()
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
        await self._lookup(update, context, Replies.tip)

    async def cmd_search(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._lookup(update, context, Replies.search_command)

    async def _lookup(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                      make: Callable[[Replies, str, Strings], Reply]) -> None:
        """A command whose words are a lookup in this chat's tips (seeds and its own)."""
        message = update.effective_message
        if message is None:
            return
        replies = await self.replies_for(message.chat_id, strings_for(update))
        query = " ".join(context.args or [])
        await self.answer(update, context, make(replies, query, strings_for(update)))

    async def is_admin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """May this sender change the chat's subscription?

        Private chats and channels (only admins can post there): yes. In groups: the
        chat's creator and administrators, including anonymous administrators, whose
        messages come from the group itself.
        """
        message = update.effective_message
        if message is None:
            return False
        chat = message.chat
        if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
            return True
        if message.sender_chat is not None:
            return message.sender_chat.id == chat.id
        user = update.effective_user
        if user is None:
            return False
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
        except TelegramError as exc:
            log.warning("could not check admin rights in %s: %s", chat.id, exc)
            return False
        return member.status in ("creator", "administrator")

    async def admin_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE
                            ) -> tuple[Message, Strings, Storage] | None:
        """The message, strings and storage for a command only admins may use.

        Answers the polite refusal itself and returns ``None`` for anyone else.
        """
        s = strings_for(update)
        message = update.effective_message
        if message is None or self.storage is None:
            return None
        if not await self.is_admin(update, context):
            await self.answer(update, context, Reply(s.sub_admin_only))
            return None
        return message, s, self.storage

    async def subscription_admin_command(
            self, update: Update, context: ContextTypes.DEFAULT_TYPE
    ) -> tuple[Message, Strings, Storage, Subscription] | None:
        """``admin_command`` for commands that change an existing subscription."""
        allowed = await self.admin_command(update, context)
        if allowed is None:
            return None
        message, s, storage = allowed
        sub = await storage.get_subscription(message.chat_id)
        if sub is None or not sub.active:
            await self.answer(update, context, Reply(s.unsub_none))
            return None
        return message, s, storage, sub

    async def cmd_subscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        allowed = await self.admin_command(update, context)
        if allowed is None:
            return
        message, s, storage = allowed
        try:
            at, tz_name, rest = schedule.split_arguments(context.args or [])
        except schedule.ScheduleError as exc:
            await self.answer(update, context, self.replies.schedule_error(exc, s))
            return
        days: int | None = None
        if rest:
            try:
                days = schedule.parse_days(" ".join(rest))
            except schedule.ScheduleError as exc:
                await self.answer(update, context, self.replies.schedule_error(exc, s))
                return
        chat_id = message.chat_id
        existing = await storage.get_subscription(chat_id)
        # Whatever is not given is kept: "/subscribe t2-t6" keeps the time.
        at = at or (existing.time_of_day if existing else schedule.DEFAULT_TIME)
        tz_name = tz_name or (existing.timezone if existing else self.settings.timezone)
        days = days or (existing.days if existing else schedule.ALL_DAYS)
        now = self.clock()
        today = schedule.local_date(now, tz_name)
        done_today = await storage.delivery_status(chat_id, today) in ("sent", "claimed")
        due = schedule.next_due(now, at, tz_name, days=days,
                                paused_until=existing.paused_until if existing else None,
                                after=today if done_today else None)
        user = update.effective_user
        sub = await storage.subscribe(
            chat_id, at, tz_name, due, seed=secrets.randbits(31), days=days,
            language=s.lang, created_by=user.id if user else None, now=now)
        await self.answer(update, context, self.replies.subscribed(
            sub, s, updated=existing is not None and existing.active))

    async def cmd_unsubscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        allowed = await self.admin_command(update, context)
        if allowed is None:
            return
        message, s, storage = allowed
        stopped = await storage.stop_subscription(message.chat_id, "unsubscribed")
        await self.answer(update, context, Reply(s.unsub_done if stopped else s.unsub_none))

    async def cmd_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or self.storage is None:
            return
        sub = await self.storage.get_subscription(message.chat_id)
        today = schedule.local_date(self.clock(), sub.timezone) if sub else None
        await self.answer(update, context, self.replies.status(sub, strings_for(update), today))

    async def cmd_pause(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        gate = await self.subscription_admin_command(update, context)
        if gate is None:
            return
        message, s, storage, sub = gate
        now = self.clock()
        today = schedule.local_date(now, sub.timezone)
        try:
            until = schedule.parse_pause(" ".join(context.args or []), today)
        except schedule.ScheduleError as exc:
            await self.answer(update, context, self.replies.schedule_error(exc, s))
            return
        await self._reschedule(storage, sub, until, now)
        updated = await storage.get_subscription(message.chat_id)
        assert updated is not None
        await self.answer(update, context, self.replies.paused(updated, s))

    async def cmd_resume(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        gate = await self.subscription_admin_command(update, context)
        if gate is None:
            return
        message, s, storage, sub = gate
        now = self.clock()
        today = schedule.local_date(now, sub.timezone)
        if sub.paused_until is None or sub.paused_until <= today:
            await self.answer(update, context, Reply(s.resume_not_paused))
            return
        await self._reschedule(storage, sub, None, now)
        updated = await storage.get_subscription(message.chat_id)
        assert updated is not None
        await self.answer(update, context, self.replies.resumed(updated, s))

    async def cmd_topics(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        s = strings_for(update)
        message = update.effective_message
        if message is None or self.storage is None:
            return
        sub = await self.storage.get_subscription(message.chat_id)
        if sub is None or not sub.active:
            await self.answer(update, context, Reply(s.unsub_none))
            return
        await self.answer(update, context, self.replies.topics_menu(sub.topics, s))

    async def on_topic_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A topic toggle: admins only in groups; the menu is edited in place."""
        query = update.callback_query
        if query is None or self.storage is None or not isinstance(query.message, Message):
            return
        s = strings_for(update)
        message = query.message
        chat = message.chat
        if not await self.may_change(chat, query.from_user.id, context):
            await query.answer(s.topics_admin_alert, show_alert=True)
            return
        # Updates run concurrently: two quick taps must not both toggle the old set.
        async with self._chat_locks[chat.id]:
            sub = await self.storage.get_subscription(chat.id)
            if sub is None or not sub.active:
                await query.answer()
                await self.send(context, chat.id, Reply(s.unsub_none))
                return
            chosen = self.replies.toggle_topic(sub.topics, query.data or "")
            await self.storage.set_topics(chat.id, chosen)
        await query.answer()
        reply = self.replies.topics_menu(chosen, s)
        try:
            await query.edit_message_text(reply.html, parse_mode=ParseMode.HTML,
                                          reply_markup=keyboard(reply.buttons))
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise

    async def on_vote_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """👍/👎: one vote per user per tip per chat; the counts on the buttons follow."""
        query = update.callback_query
        if query is None or self.storage is None:
            return
        s = strings_for(update)
        parts = (query.data or "").split(":", 2)
        sign, tip_id = (parts[1], parts[2]) if len(parts) == 3 else ("", "")
        message = query.message
        corpus = (await self.replies_for(message.chat.id, s)).corpus if message else self.corpus
        tip = corpus.get(tip_id)
        if tip is None or sign not in ("+", "-") or not isinstance(message, Message):
            await query.answer(s.unknown_button)
            return
        _, _, mine = await self.storage.vote(message.chat.id, tip.id, query.from_user.id,
                                                 1 if sign == "+" else -1)
        toast = s.vote_removed if mine == 0 else (
            s.vote_up_done if mine > 0 else s.vote_down_done)
        await query.answer(toast)
        extra = tuple(tuple(row) for row in message.reply_markup.inline_keyboard[2:]) \
            if message.reply_markup else ()

        async def edit() -> None:
            assert self.storage is not None
            counts = await self.storage.vote_counts(message.chat.id, tip.id)
            markup = keyboard(self.replies.tip_buttons(tip, s, counts))
            assert markup is not None
            await context.bot.edit_message_reply_markup(
                message.chat.id, message.message_id,
                reply_markup=InlineKeyboardMarkup([*markup.inline_keyboard, *extra]))

        self.edits.request((message.chat.id, message.message_id), edit)

    async def cmd_digest(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        gate = await self.subscription_admin_command(update, context)
        if gate is None:
            return
        message, s, storage, sub = gate
        try:
            choice = schedule.parse_digest(context.args or [])
        except schedule.ScheduleError:
            await self.answer(update, context, self.replies.schedule_error(
                schedule.ScheduleError("digest", " ".join(context.args or [])), s))
            return
        if choice is None:
            await storage.set_digest(message.chat_id, -1, None, None)
            await self.answer(update, context, Reply(s.digest_off))
            return
        day, at = choice
        due = schedule.next_slot(self.clock(), at, sub.timezone, days=1 << day).due_utc
        await storage.set_digest(message.chat_id, day, at, due)
        updated = await storage.get_subscription(message.chat_id)
        assert updated is not None
        await self.answer(update, context, self.replies.digest_on(updated, s))

    async def save_team_tip(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                            draft: teamtips.TeamTipDraft) -> None:
        message = update.effective_message
        if message is None or self.storage is None:
            return
        s = strings_for(update)
        user = update.effective_user
        number = await self.storage.add_team_tip(message.chat_id, draft.principle,
                                                 draft.passage, draft.source,
                                                 user.id if user else None)
        if number is None:
            await self.answer(update, context,
                              Reply(s.addtip_limit.format(limit=MAX_TEAM_TIPS)))
            return
        tips = await self.team_tips(message.chat_id, s)
        tip = next(t for t in tips if t.id == f"{teamtips.PREFIX}{number}")
        await self.answer(update, context, self.replies.team_tip_saved(tip, len(tips), s))

    # --- /addtip: one line, or a short conversation --------------------------------
    @staticmethod
    def _draft(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> dict[str, str]:
        data = context.user_data if context.user_data is not None else {}
        return data.setdefault(f"addtip:{chat_id}", {})

    @staticmethod
    def _forget_draft(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        if context.user_data is not None:
            context.user_data.pop(f"addtip:{chat_id}", None)

    async def addtip_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        allowed = await self.admin_command(update, context)
        if allowed is None:
            return ConversationHandler.END
        message, s, storage = allowed
        rest = (message.text or "").split(maxsplit=1)
        text = rest[1] if len(rest) > 1 else ""
        if len(await storage.team_tips(message.chat_id)) >= MAX_TEAM_TIPS:
            await self.answer(update, context, Reply(s.addtip_limit.format(limit=MAX_TEAM_TIPS)))
            return ConversationHandler.END
        if "|" in text:
            try:
                draft = teamtips.parse_one_line(text)
            except teamtips.TeamTipError as exc:
                await self.answer(update, context, self.replies.team_tip_error(exc, s))
                return ConversationHandler.END
            await self.save_team_tip(update, context, draft)
            return ConversationHandler.END
        self._forget_draft(context, message.chat_id)
        if text.strip():  # "/addtip Nguyên tắc": the principle came with the command
            return await self.addtip_principle(update, context, text)
        await self.answer(update, context, Reply(s.addtip_ask_principle))
        return ADD_PRINCIPLE

    async def _addtip_step(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                           field: str, text: str | None) -> bool:
        """Check and keep one part; on a bad part say why and stay at this step."""
        message = update.effective_message
        if message is None:
            return False
        try:
            value = teamtips.check_part(field, text if text is not None else message.text or "")
        except teamtips.TeamTipError as exc:
            await self.answer(update, context,
                              self.replies.team_tip_error(exc, strings_for(update)))
            return False
        self._draft(context, message.chat_id)[field] = value
        return True

    async def addtip_principle(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                               text: str | None = None) -> int:
        if not await self._addtip_step(update, context, "principle", text):
            return ADD_PRINCIPLE
        await self.answer(update, context, Reply(strings_for(update).addtip_ask_passage))
        return ADD_PASSAGE

    async def addtip_passage(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        if not await self._addtip_step(update, context, "passage", None):
            return ADD_PASSAGE
        await self.answer(update, context, Reply(strings_for(update).addtip_ask_source))
        return ADD_SOURCE

    async def addtip_source(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        if not await self._addtip_step(update, context, "source", None):
            return ADD_SOURCE
        return await self._addtip_finish(update, context)

    async def addtip_skip(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        return await self._addtip_finish(update, context)

    async def _addtip_finish(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        message = update.effective_message
        if message is None:
            return ConversationHandler.END
        parts = self._draft(context, message.chat_id)
        self._forget_draft(context, message.chat_id)
        draft = teamtips.TeamTipDraft(parts.get("principle", ""), parts.get("passage", ""),
                                      parts.get("source", ""))
        if draft.principle and draft.passage:
            await self.save_team_tip(update, context, draft)
        return ConversationHandler.END

    async def addtip_cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        message = update.effective_message
        if message is not None:
            self._forget_draft(context, message.chat_id)
        await self.answer(update, context, Reply(strings_for(update).addtip_cancelled))
        return ConversationHandler.END

    async def addtip_timeout(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        self._forget_draft(context, message.chat_id)
        await self.send(context, message.chat_id, Reply(strings_for(update).addtip_timeout))

    async def cmd_mytips(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        allowed = await self.admin_command(update, context)
        if allowed is None:
            return
        message, s, _ = allowed
        tips = await self.team_tips(message.chat_id, s)
        await self.answer(update, context, self.replies.my_tips(tips, s))

    async def on_delete_button(self, update: Update,
                               context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or self.storage is None or not isinstance(query.message, Message):
            return
        s = strings_for(update)
        chat = query.message.chat
        if not await self.may_change(chat, query.from_user.id, context):
            await query.answer(s.mytips_admin_alert, show_alert=True)
            return
        number = (query.data or "").partition(":")[2]
        if number.isdigit():
            await self.storage.delete_team_tip(chat.id, int(number))
        await query.answer(s.mytips_deleted)
        reply = self.replies.my_tips(await self.team_tips(chat.id, s), s)
        try:
            await query.edit_message_text(reply.html, parse_mode=ParseMode.HTML,
                                          reply_markup=keyboard(reply.buttons))
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise

    async def may_change(self, chat: Chat, user_id: int,
                         context: ContextTypes.DEFAULT_TYPE) -> bool:
        """For buttons: in groups only admins change settings; elsewhere anyone."""
        if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
            return True
        try:
            member = await context.bot.get_chat_member(chat.id, user_id)
        except TelegramError:
            return False
        return member.status in ("creator", "administrator")

    async def cmd_stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        s = strings_for(update)
        message = update.effective_message
        if message is None or self.storage is None:
            return
        if not await self.is_admin(update, context):
            await self.answer(update, context, Reply(s.stats_admin_only))
            return
        chat_id = message.chat_id
        sub = await self.storage.get_subscription(chat_id)
        reply = self.replies.stats(sub.delivered_count if sub else 0,
                                   await self.storage.voters(chat_id),
                                   await self.storage.vote_table(chat_id), s)
        await self.answer(update, context, reply)

    async def _reschedule(self, storage: Storage, sub: Subscription,
                          paused_until: dt.date | None, now: dt.datetime) -> None:
        """Store a pause (or its end) and the next slot it leaves; nothing is caught up."""
        today = schedule.local_date(now, sub.timezone)
        done_today = await storage.delivery_status(sub.chat_id, today) in ("sent", "claimed")
        due = schedule.next_due(now, sub.time_of_day, sub.timezone, days=sub.days,
                                paused_until=paused_until, after=today if done_today else None)
        await storage.set_pause(sub.chat_id, paused_until, due, now=now)

    async def on_migrate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group became a supergroup: its subscription follows it to the new id."""
        message = update.effective_message
        if message is None or self.storage is None:
            return
        if message.migrate_to_chat_id:
            old, new = message.chat_id, message.migrate_to_chat_id
        elif message.migrate_from_chat_id:
            old, new = message.migrate_from_chat_id, message.chat_id
        else:
            return
        log.info("group %s migrated to %s", old, new)
        await self.storage.migrate_chat(old, new)

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.answer(update, context, self.replies.help(strings_for(update)))

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        replies = await self.replies_for(message.chat_id, strings_for(update))
        await self.answer(update, context, replies.text(message.text, strings_for(update)))

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
        replies = await self.replies_for(message.chat_id, s)
        reply = replies.text(text, s) if text else replies.help(s)
        await self.answer(update, context, reply)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        s = strings_for(update)
        message = query.message
        private = message is not None and message.chat.type == ChatType.PRIVATE
        replies = await self.replies_for(message.chat.id, s) if message else self.replies
        reply = replies.button(query.data or "", s, private=private)
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
        replies = self.replies
        if self.storage is not None:  # the tips this user added for their teams
            replies = replies.for_chat(
                await tippool.added_by(self.storage, query.from_user.id, s))
        items = replies.inline(query.query, s, today)
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
        gone = new in ("left", "kicked", "banned")
        if self.storage is not None:
            await self.storage.set_chat_status(chat.id, "left" if gone else "active")
            if gone and await self.storage.stop_subscription(chat.id, "blocked"):
                log.info("removed from or blocked in chat %s; subscription stopped", chat.id)
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


def build_application(settings: Settings, corpus: Corpus, index: SearchIndex,
                      clock: Clock = utcnow) -> Application:
    tg = TelegramBot(settings, corpus, index, clock)
    builder: ApplicationBuilder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .post_init(tg.post_init)
        .post_shutdown(tg.post_shutdown)
        .rate_limiter(SharedRateLimiter(tg.limiter))
        # aiohttp under PTB (see bot/transport.py); long polling gets its own connection
        # with a read timeout longer than the poll.
        .request(AiohttpRequest(pool_size=BROADCAST_CONCURRENCY + 8))
        .get_updates_request(AiohttpRequest(pool_size=1, read_timeout=30.0))
        .concurrent_updates(8)
    )
    app = builder.build()
    app.bot_data["telegram_bot"] = tg
    tg.install(app)
    return app


def run(settings: Settings, corpus: Corpus, index: SearchIndex) -> int:
    """Run until SIGTERM/SIGINT. Returns the process exit code.

    0: stopped on a signal; 2: Telegram rejected the token (configuration);
    3: another process already polls with this token (409 Conflict).
    """
    try:
        return asyncio.run(_serve(settings, corpus, index))
    except InvalidToken:
        log.error("TELEGRAM_BOT_TOKEN was rejected by Telegram; copy it again from @BotFather")
        return 2


async def _serve(settings: Settings, corpus: Corpus, index: SearchIndex) -> int:
    app = build_application(settings, corpus, index)
    tg: TelegramBot = app.bot_data["telegram_bot"]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    conflict = False

    def on_polling_error(exc: TelegramError) -> None:
        nonlocal conflict
        if isinstance(exc, Conflict):
            log.error("another process is already polling with this bot token (409 Conflict): "
                      "run a single polling process, or use webhook mode (WEBHOOK_URL) to run "
                      "several replicas")
            conflict = True
            stop.set()
        else:
            log.warning("polling error: %s", exc)

    await app.initialize()
    runner = None
    try:
        await tg.post_init(app)
        if settings.webhook:
            path = urlparse(settings.webhook_url).path or "/"
            runner = await web.start(
                web.make_app(app, tg.metrics, tg.readiness, webhook_path=path,
                             secret=settings.webhook_secret),
                settings.webhook_listen, settings.webhook_port)
            await app.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                      allowed_updates=Update.ALL_TYPES)
        else:
            if settings.health_port:
                runner = await web.start(web.make_app(app, tg.metrics, tg.readiness),
                                         settings.webhook_listen, settings.health_port)
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES,
                                            error_callback=on_polling_error)
        await app.start()
        await stop.wait()
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if runner is not None:
            await runner.cleanup()
        await tg.post_shutdown(app)
        await app.shutdown()
    return 3 if conflict else 0
