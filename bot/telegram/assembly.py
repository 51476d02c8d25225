"""What the Application is built with, before it: the bot's connection to the Bot API
and every service over the open database (``Services``), whole.

The scheduled pushes' senders need the connection, not the Application, so the services
exist before the Application does and a handler never meets one that is missing
(``bot.telegram.app.started`` puts the pieces together in order).
"""

from __future__ import annotations

import datetime as dt
import functools

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot

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
from bot.models import utcnow
from bot.replies import Replies
from bot.replies.commands import SubscriptionCommands
from bot.search import SearchIndex
from bot.services.charts import Charts
from bot.services.quizzes import Quizzes
from bot.services.subscriptions import Subscriptions
from bot.storage import Storage
from bot.telegram import charts
from bot.telegram.context import RateLimitArgs, Services
from bot.telegram.limiter import SharedRateLimiter
from bot.telegram.metrics import Metrics
from bot.telegram.quizsender import TelegramQuizSender
from bot.telegram.sender import TelegramSender
from bot.telegram.transport import AiohttpRequest

BROADCAST_CONCURRENCY = 64


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


def build_bot(settings: Settings, limiter: SendLimiter) -> ExtBot[RateLimitArgs]:
    """The connection to the Bot API, before the Application: the senders of the
    scheduled pushes are built over it, and the Application is built with it."""
    return ExtBot(
        settings.token, base_url=settings.api_base_url,
        base_file_url=file_base_url(settings.api_base_url),
        # aiohttp under PTB (see bot/telegram/transport.py); long polling gets its own
        # connection with a read timeout longer than the poll.
        request=AiohttpRequest(pool_size=BROADCAST_CONCURRENCY + 8),
        get_updates_request=AiohttpRequest(pool_size=1, read_timeout=30.0),
        # Every reply is Telegram HTML without link previews: said once, here.
        defaults=Defaults(parse_mode=ParseMode.HTML,
                          link_preview_options=LinkPreviewOptions(is_disabled=True)),
        rate_limiter=SharedRateLimiter(limiter))


def build_services(settings: Settings, corpus: Corpus, index: SearchIndex, storage: Storage,
                   bot: ExtBot[RateLimitArgs], limiter: SendLimiter,
                   clock: Clock = utcnow) -> Services:
    """Every service over the open database, whole: the handlers and the jobs find them
    all from the first update on."""
    replies, metrics = Replies(corpus, index), Metrics()
    subs = Subscriptions(storage, default_timezone=settings.timezone,
                         topics=[t.id for t in corpus.topics], clock=clock)
    quizzes = Quizzes(storage, corpus, default_timezone=settings.timezone, clock=clock)
    chart_service = Charts(storage, corpus)
    sender = TelegramSender(bot, replies, metrics)
    engine = functools.partial(
        Engine, storage, limiter=limiter, clock=clock,
        grace=dt.timedelta(hours=settings.grace_hours),
        lease=dt.timedelta(seconds=settings.claim_lease_seconds))
    broadcaster = engine([TipPush(storage, corpus, sender),
                          DigestPush(storage, corpus, sender,
                                     chart=charts.digest_chart(bot, chart_service),
                                     limiter=limiter)],
                         concurrency=BROADCAST_CONCURRENCY)
    quizcaster = engine([QuizPush(storage, quizzes, TelegramQuizSender(bot))], concurrency=32)
    return Services(settings, corpus, replies, limiter, storage, subs,
                    SubscriptionCommands(subs, replies), quizzes, chart_service, broadcaster,
                    quizcaster, metrics, clock)
