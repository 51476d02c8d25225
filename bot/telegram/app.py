"""The Application, assembled: services, handlers in order, jobs, and how it runs.

``started`` is the one way up, for the service and the tests alike: the database open
first (retried while PostgreSQL boots, one line naming the setting when it cannot be
used), the bot's connection to Telegram, every service built whole over them
(``assembly.build_services``), then the Application with its handlers
(``build_application``), told who it is and given its menus and jobs (``introduce``).
``run`` serves by polling or webhook until SIGTERM/SIGINT and turns the outcome into an
exit code.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
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
    Update,
)
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import Application, ExtBot, JobQueue

from bot import startup
from bot.config import Settings
from bot.corpus import Corpus
from bot.delivery.engine import Clock
from bot.inbox.engine import Inbox
from bot.models import utcnow
from bot.replies import commands
from bot.search import SearchIndex
from bot.strings import EN, VI, Strings
from bot.teamtips import sandbox
from bot.telegram import dashboard as page
from bot.telegram import jobs, web
from bot.telegram.assembly import build_bot, build_services, send_limiter
from bot.telegram.context import (
    CONTEXT_TYPES,
    SERVICES,
    BotApplication,
    BotContext,
    RateLimitArgs,
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
from bot.telegram.polling import Poller
from bot.telegram.startup import StoppedWaiting, TelegramUnreachable, pause, wait_for_telegram

log = logging.getLogger(__name__)

# At a stop, what is at work gets this long to answer; the rest is left to Telegram,
# which sends it again after the restart. Docker and systemd wait 10 s before SIGKILL.
STOP_GRACE_SECONDS = 3.0


def build_application(services: Services, bot: ExtBot[RateLimitArgs]) -> BotApplication:
    """The Application over ``bot``, with the services and the handlers in order."""
    app: BotApplication = (
        Application.builder()
        .bot(bot)
        .context_types(CONTEXT_TYPES)
        .job_queue(JobQueue[BotContext]())  # jobs get a BotContext too
        .build()
    )
    app.bot_data[SERVICES] = services
    # Order matters where filters overlap: patterned buttons before the catch-all,
    # unknown commands last (an /addtip draft's next part is read before all of them,
    # in a group of its own).
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


@asynccontextmanager
async def started(settings: Settings, corpus: Corpus, index: SearchIndex, *,
                  clock: Clock = utcnow, stop: asyncio.Event | None = None
                  ) -> AsyncIterator[BotApplication]:
    """The bot, ready to serve (``Serving``), and everything closed again after.

    In this order: the database (``startup.open_usable``: PostgreSQL still booting is
    retried for ``BOT_DB_WAIT_SECONDS``; a database that cannot be used raises
    ``DatabaseUnusable``, one line naming the setting), Telegram (``wait_for_telegram``),
    the services, the Application. ``stop`` (SIGTERM) ends either wait early
    (``StoppedWaiting``).
    """
    storage = await startup.open_usable(settings, create=True, thorough=True,
                                        wait_seconds=settings.db_wait_seconds,
                                        sleep=functools.partial(pause, stop=stop))
    try:
        report = await startup.describe(storage)
        log.info("database: %s %s (schema version %d)", report.kind, report.location,
                 report.schema_version)
        limiter = send_limiter(settings)
        bot = build_bot(settings, limiter)
        await wait_for_telegram(bot, settings, stop)  # getMe, retried while Telegram is away
        try:
            app = build_application(
                build_services(settings, corpus, index, storage, bot, limiter, clock), bot)
            await app.initialize()
            try:
                await introduce(app)
                yield app
            finally:
                await app.shutdown()
                await services_of(app).charts.close()  # the chart's worker process ends too
                log.info("stopped")
        finally:
            await bot.shutdown()
    finally:
        await storage.close()


async def introduce(app: BotApplication) -> None:
    """Learn the bot's username, set the menus, start the jobs."""
    services = services_of(app)
    me = await app.bot.get_me()
    services.me_username = me.username or ""
    services.replies.bot_username = me.username or services.replies.bot_username
    await set_commands(app)
    await set_descriptions(app)
    jobs.register(app)
    await teamtips.restore_timeouts(app)  # of /addtip drafts kept over the restart
    log.info("started as @%s (%s mode), %d tips, database %s", me.username,
             "webhook" if services.settings.webhook else "polling", len(services.corpus.tips),
             services.storage.location)


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
    3: another process already polls with this token (409 Conflict). A database that
    cannot be used raises ``startup.DatabaseUnusable`` (or ``DatabaseUnreachable``) for
    the command line to say in one line.
    """
    try:
        return asyncio.run(_serve(settings, corpus, index))
    except InvalidToken:
        log.error("TELEGRAM_BOT_TOKEN was rejected by Telegram; copy it again from @BotFather")
        return 2
    except TelegramUnreachable as exc:
        log.error("%s", exc)
        return 1
    except StoppedWaiting as exc:
        log.info("stopped before %s", exc)
        return 0


async def _serve(settings: Settings, corpus: Corpus, index: SearchIndex) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with started(settings, corpus, index, stop=stop) as app:
        serving = Serving(app, on_conflict=stop.set)
        try:
            await serving.start()
            await stop.wait()
        finally:
            await serving.stop()
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
        """Once ``started``: take updates in, and work on them."""
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
