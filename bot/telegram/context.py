"""What every handler receives: the bot's services and the user's strings, typed.

python-telegram-bot builds a context per update. Ours (``BotContext``, the way PTB's
``contexttypesbot`` example does it) carries the services the process built at
start-up, before the Application (the database open, every service over it), and the
strings in the sender's language, so a handler reads ``context.storage`` and
``context.strings`` instead of checking for a missing database and looking up the
language again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.config import Settings
from bot.corpus import Corpus, Tip
from bot.delivery.engine import Clock, Engine
from bot.delivery.ratelimit import SendLimiter
from bot.models import utcnow
from bot.replies import Replies
from bot.replies.commands import SubscriptionCommands
from bot.services import tippool
from bot.services.addtip import EditNotes
from bot.services.albums import Albums
from bot.services.charts import Charts
from bot.services.quizzes import Quizzes
from bot.services.subscriptions import Subscriptions
from bot.storage import Storage
from bot.strings import VI, Strings, for_language
from bot.telegram.limiter import EditThrottle
from bot.telegram.metrics import Metrics

SERVICES = "services"  # the key of ``Services`` in ``bot_data``
# What a send may pass to the rate limiter: ``{"acquired": True}`` (see limiter.py).
RateLimitArgs: TypeAlias = dict[str, bool]


@dataclass(eq=False)
class Services:
    """One per process, built whole before the Application (``app.started``): the open
    database and every service over it, so a handler never meets one missing."""

    settings: Settings
    corpus: Corpus
    replies: Replies
    limiter: SendLimiter
    storage: Storage  # open for the Application's whole life; closed after it
    subscriptions: Subscriptions
    subscription_commands: SubscriptionCommands
    quizzes: Quizzes
    charts: Charts  # the quiz chart (issue 22)
    broadcaster: Engine  # the daily tip and the weekly digest
    quizcaster: Engine  # the daily quiz
    metrics: Metrics
    clock: Clock = utcnow
    edits: EditThrottle = field(default_factory=EditThrottle)
    albums: Albums = field(default_factory=Albums)  # an album is answered once
    edit_notes: EditNotes = field(default_factory=EditNotes)  # edits during /addtip
    me_username: str = ""  # known once Telegram answered getMe: "" until then

    async def readiness(self) -> tuple[bool, str]:
        """/readyz: the database answers and the bot knows who it is."""
        if not self.me_username:
            return False, "starting"
        try:
            figures = await self.storage.health()
        except Exception as exc:  # any database failure means not ready
            return False, f"database: {exc.__class__.__name__}"
        return True, f"ready: @{self.me_username}, {figures['active']} active subscriptions"


class BotContext(CallbackContext[ExtBot[RateLimitArgs], dict[Any, Any], dict[Any, Any],
                                 dict[Any, Any]]):
    """The per-update context: services from ``bot_data``, strings from the sender."""

    def __init__(self, application: BotApplication, chat_id: int | None = None,
                 user_id: int | None = None) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.strings: Strings = VI

    @classmethod
    def from_update(cls, update: object, application: BotApplication) -> BotContext:
        context = super().from_update(update, application)
        if isinstance(update, Update):
            user = update.effective_user
            context.strings = for_language(user.language_code if user else None)
        return context

    @property
    def services(self) -> Services:
        services: Services = self.bot_data[SERVICES]
        return services

    @property
    def storage(self) -> Storage:
        return self.services.storage

    @property
    def subscriptions(self) -> Subscriptions:
        return self.services.subscriptions

    @property
    def subscription_commands(self) -> SubscriptionCommands:
        return self.services.subscription_commands

    @property
    def replies(self) -> Replies:
        return self.services.replies

    async def team_tips(self, chat_id: int) -> list[Tip]:
        """The chat's own tips, labelled in the sender's language."""
        return await tippool.team_tips(self.storage, chat_id, self.strings)

    async def replies_for(self, chat_id: int) -> Replies:
        """The reply logic with this chat's own tips in its lookups.

        Preparing a team's tips for the search takes tens of milliseconds for 200 tips;
        it runs in a worker thread so other chats' updates are not held up meanwhile.
        """
        own = await self.team_tips(chat_id)
        if not own:
            return self.replies
        return await asyncio.to_thread(self.replies.for_chat, own)


BotApplication: TypeAlias = Application[ExtBot[RateLimitArgs], BotContext, dict[Any, Any],
                                        dict[Any, Any], dict[Any, Any], JobQueue[BotContext]]
CONTEXT_TYPES = ContextTypes(context=BotContext)


def services_of(app: BotApplication) -> Services:
    """The services an Application was built with (lifecycle code, tests)."""
    services: Services = app.bot_data[SERVICES]
    return services
