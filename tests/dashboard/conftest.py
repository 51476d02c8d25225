"""The dashboard as the bot serves it: the real Application on the fake Bot API (for
getChatMember), a real SQLite file, and the page's API on an aiohttp test server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.telegram import dashboard
from tests.conftest import TOKEN, RunningBot
from tests.support import webapp
from tests.support.fake_bot_api import FakeBotAPI

PUBLIC_URL = "https://dash.example.test"
# The bot's own server runs for the dashboard in polling mode too: on any free local port.
SETTINGS = {"public_url": PUBLIC_URL, "webhook_port": 0, "webhook_listen": "127.0.0.1"}
GROUP, ADMIN, MEMBER, OUTSIDER = -100555, 11, 12, 13


@dataclass
class Page:
    client: TestClient  # type: ignore[type-arg]
    bot: RunningBot
    api: FakeBotAPI

    def team(self, chat_id: int = GROUP) -> str:
        return dashboard.teams(self.bot.settings).sign(chat_id)

    def as_user(self, user_id: int, chat_id: int = GROUP, **kw: Any) -> dict[str, str]:
        return webapp.headers(TOKEN, user_id, self.team(chat_id), **kw)

    async def call(self, method: str, path: str, user_id: int, body: Any = None,
                   chat_id: int = GROUP, **kw: Any) -> tuple[int, Any]:
        response = await self.client.request(method, f"/app/api/{path}", json=body,
                                             headers=self.as_user(user_id, chat_id, **kw))
        data = await response.json() if response.content_type == "application/json" else None
        return response.status, data


@pytest.fixture()
async def page(bot: RunningBot, api: FakeBotAPI) -> AsyncIterator[Page]:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")
    api.set_chat_member(GROUP, OUTSIDER, "left")
    site = web.Application()
    assert dashboard.attach(site, bot.app)  # type: ignore[arg-type]
    async with TestClient(TestServer(site)) as client:
        yield Page(client, bot, api)
