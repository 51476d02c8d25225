"""The dashboard (issue 22) inside the bot: who may read and change a team (``TelegramGate``),
the page and API on the bot's own web server (``attach``), and the buttons that open it.

On only when ``BOT_PUBLIC_URL`` is set; without it nothing here is reached and /stats
shows no button. Telegram opens Web Apps from inline buttons in private chats only, so
/stats in a group offers a deep link (``t.me/<bot>?start=dash<chat>``) instead: the
admin's private chat gets a ``/start dash…``, and the bot answers there with the Web App
button once Telegram confirms the person is that team's admin.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from aiohttp import web as aioweb

from bot.config import Settings
from bot.dashboard import api
from bot.dashboard.auth import TeamTokens, derive_key
from bot.dashboard.team import Backend
from bot.replies import Button
from bot.strings import Strings
from bot.telegram.context import BotApplication, Services, services_of
from bot.telegram.permissions import Role, team_role

CACHE_SECONDS = 60.0  # a reader's role is asked again after this (a change always asks)
START_PREFIX = "dash"  # /start dash-100123: the team's dashboard, in the private chat


class TelegramGate:
    """Roles from Telegram (``permissions.team_role``), a minute in a bounded cache for
    reading; a change asks afresh, so a demoted admin changes nothing from then on."""

    def __init__(self, app: BotApplication, *, size: int = 10_000) -> None:
        self.app = app
        self.size = size
        self._known: OrderedDict[tuple[int, int], tuple[Role | None, float]] = \
            OrderedDict()

    async def role(self, chat_id: int, user_id: int, *, fresh: bool) -> Role | None:
        key, now = (chat_id, user_id), time.monotonic()
        known = self._known.get(key)
        if known is not None and not fresh and now - known[1] < CACHE_SECONDS:
            return known[0]
        role = await team_role(self.app.bot, chat_id, user_id)
        self._known.pop(key, None)
        self._known[key] = (role, now)
        if len(self._known) > self.size:
            self._known.popitem(last=False)
        return role


def teams(settings: Settings) -> TeamTokens:
    return TeamTokens(derive_key(settings.token, "team"))


def page_url(settings: Settings, chat_id: int) -> str:
    """The Web App's address for one team: the page, with the team's signed token."""
    return f"{settings.public_url}/app/?t={teams(settings).sign(chat_id)}"


def stats_button(services: Services, s: Strings, chat_id: int, private: bool
                 ) -> Button | None:
    """The button under /stats for admins, or ``None`` when the dashboard is off."""
    settings = services.settings
    if not settings.public_url:
        return None
    if private:
        return Button(s.dash_open, web_app=page_url(settings, chat_id))
    if not services.me_username:
        return None
    return Button(s.dash_open_private,
                  url=f"https://t.me/{services.me_username}?start={START_PREFIX}{chat_id}")


def attach(site: aioweb.Application, app: BotApplication) -> bool:
    """Mount the page and its API at ``/app/`` when ``BOT_PUBLIC_URL`` is set."""
    services = services_of(app)
    settings = services.settings
    if not settings.public_url:
        return False
    backend = Backend(services.storage, services.corpus, services.quizzes, services.charts,
                      services.subscriptions)
    api.mount(site, api.Dashboard(backend, TelegramGate(app), bot_token=settings.token,
                                  teams=teams(settings), max_age=settings.dashboard_max_age))
    return True
