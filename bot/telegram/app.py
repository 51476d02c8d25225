"""The Application, assembled: services, handlers in order, jobs, and how it runs.

``build_application`` wires everything; ``post_init`` opens the database and sets the
command menus once the bot knows who it is; ``run`` serves by polling or webhook until
SIGTERM/SIGINT and turns the outcome into an exit code.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import signal
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from aiohttp import web as aioweb
from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import Application, Defaults, JobQueue

from bot.config import Settings
from bot.corpus import Corpus
from bot.delivery.digests import DigestPush
from bot.delivery.engine import Clock, Engine
from bot.delivery.quizzes import QuizPush
from bot.delivery.ratelimit import (
    GROUP_PER_MINUTE,
    REPLICA_SPACING_MARGIN,
    SPACING_MARGIN,
    SendLimiter,
)
from bot.delivery.tips import TipPush
from bot.inbox.engine import Inbox
from bot.models import utcnow
from bot.replies import Replies, commands
from bot.search import SearchIndex
from bot.storage import open_storage
from bot.strings import EN, VI, Strings
from bot.teamtips import sandbox
from bot.telegram import charts, jobs, web
from bot.telegram import dashboard as page
from bot.telegram.context import (
    CONTEXT_TYPES,
    SERVICES,
    BotApplication,
    BotContext,
    Services,
    services_of,
)
from bot.telegram.handlers import (
    basics,
    dashboard,
    lookup,
    membership,
    mytips,
    playbook,
    privacy,
    quiz,
    stats,
    subscriptions,
    teamtips,
    topics,
    votes,
)
from bot.telegram.intake import Intake
from bot.telegram.limiter import SharedRateLimiter
from bot.telegram.polling import Poller
from bot.telegram.quizsender import TelegramQuizSender
from bot.telegram.sender import TelegramSender
from bot.telegram.startup import StoppedWaiting, TelegramUnreachable, wait_for_telegram
from bot.telegram.transport import AiohttpRequest

log = logging.getLogger(__name__)

BROADCAST_CONCURRENCY = 64
# At a stop, what is at work gets this long to answer; the rest is left to Telegram,
# which sends it again after the restart. Docker and systemd wait 10 s before SIGKILL.
STOP_GRACE_SECONDS = 3.0


def send_limiter(settings: Settings) -> SendLimiter:
    """This process's share of Telegram's limits.

    Replicas share one bot token, so each takes its share: N copies at 1/N of the rate
    never add up to more than the whole.
    """
    share = max(1, settings.replicas)
    return SendLimiter(settings.max_messages_per_second / share or None,
                       group_per_minute=max(1, GROUP_PER_MINUTE // share),
                       margin=SPACING_MARGIN if share == 1 else REPLICA_SPACING_MARGIN)


def file_base_url(api_base_url: str) -> str:
    """Where files are downloaded: ``https://api.telegram.org/bot`` → ``…/file/bot``."""
    root, bot, _ = api_base_url.rpartition("/bot")
    return f"{root}/file/bot" if bot else f"{api_base_url.rstrip('/')}/file/bot"


def build_application(settings: Settings, corpus: Corpus, index: SearchIndex,
                      clock: Clock = utcnow) -> BotApplication:
    services = Services(settings, corpus, Replies(corpus, index), send_limiter(settings), clock)
    app: BotApplication = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_base_url)
        .base_file_url(file_base_url(settings.api_base_url))
        .context_types(CONTEXT_TYPES)
        # Every reply is Telegram HTML without link previews: said once, here.
        .defaults(Defaults(parse_mode=ParseMode.HTML,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .job_queue(JobQueue[BotContext]())  # jobs get a BotContext too
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .rate_limiter(SharedRateLimiter(services.limiter))
        # aiohttp under PTB (see bot/telegram/transport.py); long polling gets its own connection
        # with a read timeout longer than the poll.
        .request(AiohttpRequest(pool_size=BROADCAST_CONCURRENCY + 8))
        .get_updates_request(AiohttpRequest(pool_size=1, read_timeout=30.0))
        .build()
    )
    app.bot_data[SERVICES] = services
    # Order matters where filters overlap: the /addtip conversation before anything
    # that reads text, patterned buttons before the catch-all, unknown commands last.
    membership.register(app)
    teamtips.register(app)
    mytips.register(app)
    playbook.register(app)
    dashboard.register(app)  # /start dash…: before the welcome
    basics.register(app)
    lookup.register(app)
    subscriptions.register(app)
    topics.register(app)
    votes.register(app)
    stats.register(app)
    privacy.register(app)
    quiz.register(app)
    lookup.register_buttons(app)
    basics.register_unknown(app)
    return app


async def post_init(app: BotApplication) -> None:
    """Open the database, learn the bot's username, set the menus, start the jobs."""
    services = services_of(app)
    settings = services.settings
    services.open(await open_storage(settings.database))
    me = await app.bot.get_me()
    services.me_username = me.username or ""
    services.replies.bot_username = me.username or services.replies.bot_username
    await set_commands(app)
    await set_descriptions(app)
    sender = TelegramSender(app, services.replies, services.metrics)
    storage, corpus = services.storage, services.corpus
    engine = functools.partial(
        Engine, storage, limiter=services.limiter, clock=services.clock,
        grace=dt.timedelta(hours=settings.grace_hours),
        lease=dt.timedelta(seconds=settings.claim_lease_seconds))
    services.broadcaster = engine([TipPush(storage, corpus, sender),
                                   DigestPush(storage, corpus, sender,
                                              chart=charts.digest_chart(app),
                                              limiter=services.limiter)],
                                  concurrency=BROADCAST_CONCURRENCY)
    services.quizcaster = engine([QuizPush(storage, services.quizzes,
                                           TelegramQuizSender(app))], concurrency=32)
    jobs.register(app)
    log.info("started as @%s (%s mode), %d tips, database %s", me.username,
             "webhook" if settings.webhook else "polling", len(services.corpus.tips),
             services.storage.location)


async def post_shutdown(app: BotApplication) -> None:
    services = services_of(app)
    if services.chart_service is not None:
        await services.chart_service.close()  # the chart's worker process ends with the bot
    storage = services.close()
    if storage is not None:
        await storage.close()
    log.info("stopped")


def command_menus(strings: Strings) -> list[tuple[BotCommandScope, list[BotCommand]]]:
    """The menu for each kind of chat: everything in private chats and for group admins,
    what any member may run for the rest of a group. The default scope (where none of
    these applies, or a client that knows no scopes) keeps the whole list."""
    every = [BotCommand(c, d) for c, d in strings.commands]
    members = [c for c in every if c.command in commands.GROUP_MEMBER_MENU]
    return [(BotCommandScopeDefault(), every),
            (BotCommandScopeAllPrivateChats(), every),
            (BotCommandScopeAllGroupChats(), members),
            (BotCommandScopeAllChatAdministrators(), every)]


async def set_commands(app: BotApplication) -> None:
    """The command menus: Vietnamese by default, English for English-language clients."""
    for strings, lang in ((VI, None), (EN, "en")):
        for scope, menu in command_menus(strings):
            await app.bot.set_my_commands(menu, scope=scope, language_code=lang)


async def set_descriptions(app: BotApplication) -> None:
    """What people read before pressing Start, and on the bot's profile, in both languages."""
    for strings, lang in ((VI, None), (EN, "en")):
        await app.bot.set_my_description(strings.bot_description, language_code=lang)
        await app.bot.set_my_short_description(strings.bot_short_description,
                                               language_code=lang)


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
    except TelegramUnreachable as exc:
        log.error("%s", exc)
        return 1
    except StoppedWaiting:
        log.info("stopped before Telegram could be reached")
        return 0


async def _serve(settings: Settings, corpus: Corpus, index: SearchIndex) -> int:
    app = build_application(settings, corpus, index)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    serving = Serving(app, on_conflict=stop.set)
    await wait_for_telegram(app.bot, settings, stop)  # getMe, retried while Telegram is away
    await app.initialize()
    try:
        await post_init(app)
        await serving.start()
        await stop.wait()
    finally:
        await serving.stop()
        await post_shutdown(app)
        await app.shutdown()
    return 3 if serving.conflict else 0


class Serving:
    """What a started bot has running: the inbox, and the poller or the web server.

    The same start and stop serve production (``run``) and the tests, so a test's bot
    takes updates in, handles and stops exactly as the service does.
    """

    def __init__(self, app: BotApplication, *,
                 on_conflict: Callable[[], None] = lambda: None) -> None:
        self.app = app
        self.services = services_of(app)
        self.settings = self.services.settings
        self.on_conflict = on_conflict
        self.conflict = False
        self.intake = Intake(app)
        self.inbox: Inbox | None = None
        self.poller: Poller | None = None
        self.hook: web.Webhook | None = None
        self.runner: aioweb.AppRunner | None = None

    async def take(self, raws: list[Any]) -> object:
        assert self.inbox is not None
        return await self.inbox.take(self.intake.items(raws))

    async def start(self) -> None:
        """After ``post_init``: take updates in, and work on them."""
        services, settings, app = self.services, self.settings, self.app
        metrics = services.metrics
        self.inbox = Inbox(services.storage, self.intake.handle, on_flood=self.intake.slow_down,
                           on_dropped=lambda reason, n: metrics.dropped.labels(reason).inc(n))
        if settings.webhook:
            self.hook = web.Webhook(self.take)
            path = urlparse(settings.webhook_url).path or "/"
            site = web.make_app(metrics, services.readiness, webhook_path=path,
                                secret=settings.webhook_secret, hook=self.hook)
            page.attach(site, app)  # BOT_PUBLIC_URL: the dashboard at /app/
            self.runner = await web.start(site, settings.webhook_listen, settings.webhook_port)
            await app.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                      allowed_updates=Update.ALL_TYPES)
        else:
            site = web.make_app(metrics, services.readiness)
            # The dashboard needs the server in polling mode too: on the health port, or
            # on WEBHOOK_PORT when there is none.
            if page.attach(site, app) or settings.health_port:
                self.runner = await web.start(site, settings.webhook_listen,
                                              settings.health_port or settings.webhook_port)
            await app.bot.delete_webhook()
            self.poller = Poller(app, self.take, allowed_updates=Update.ALL_TYPES,
                                 on_error=self._polling_error)
        await app.start()
        # Only one process polls, and an SQLite file has one process: claims left by the
        # previous process are void. Webhook replicas on PostgreSQL wait for the leases.
        sole = not settings.webhook or services.storage.kind == "sqlite"
        await self.inbox.start(sole=sole)
        if self.poller is not None:
            self.poller.start()

    def _polling_error(self, exc: TelegramError) -> None:
        if isinstance(exc, Conflict):
            log.error("another process is already polling with this bot token (409 Conflict): "
                      "run a single polling process, or use webhook mode (WEBHOOK_URL) to run "
                      "several replicas")
            self.conflict = True
            self.on_conflict()
        else:
            log.warning("polling error: %s", exc)

    async def stop(self) -> None:
        """Take nothing new; give what is at work a few seconds; leave the rest stored."""
        sandbox.kill_all()  # files being read: killed now, their senders told to resend
        # A running broadcast ends after the batch at hand (about two seconds of sends):
        # what it has not claimed stays due, and the next process sends it.
        for caster in (self.services.broadcaster, self.services.quizcaster):
            if caster is not None:
                caster.stopping = True
        if self.hook is not None:
            self.hook.stop()  # new webhook POSTs: 503, Telegram sends them again later
        if self.poller is not None:
            await self.poller.stop()
        if self.inbox is not None:
            await self.inbox.close(STOP_GRACE_SECONDS)
        if self.poller is not None and not self.conflict:  # never disturb the one that polls
            await self.poller.commit()
        if self.app.running:
            await self.app.stop()
        if self.runner is not None:
            await self.runner.cleanup()
