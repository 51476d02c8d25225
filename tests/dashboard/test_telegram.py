"""The dashboard from the chat: /stats' button (a Web App in private chats, a deep link into
the private chat from groups), ``/start dash…`` for the team's admins only, and the bot's
own web server serving the page in polling mode. Without BOT_PUBLIC_URL, none of it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest

from bot.strings import VI
from bot.telegram import dashboard
from tests.conftest import RunningBot, reply_to
from tests.dashboard.conftest import ADMIN, GROUP, MEMBER, PUBLIC_URL, SETTINGS
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.strings import shows


def _web_app(api: FakeBotAPI, chat_id: int) -> str | None:
    for message in reversed(api.messages(chat_id)):
        for b in message.buttons:
            if "web_app" in b:
                return str(b["web_app"]["url"])
    return None


@pytest.mark.settings(**SETTINGS)
async def test_stats_in_a_private_chat_opens_the_dashboard(api: FakeBotAPI,
                                                            bot: RunningBot) -> None:
    await reply_to(api, 71, "/stats")
    url = _web_app(api, 71)
    assert url is not None and url.startswith(f"{PUBLIC_URL}/app/?t=")
    token = parse_qs(urlparse(url).query)["t"][0]
    assert dashboard.teams(bot.settings).chat_of(token) == 71


@pytest.mark.settings(**SETTINGS)
async def test_stats_in_a_group_leads_admins_to_the_private_chat(api: FakeBotAPI,
                                                                 bot: RunningBot) -> None:
    api.set_chat_member(GROUP, ADMIN, "administrator")
    api.set_chat_member(GROUP, MEMBER, "member")
    await reply_to(api, GROUP, "/stats", user_id=ADMIN)
    stats = api.messages(GROUP)[-1]
    assert not any("web_app" in b for b in stats.buttons)  # Telegram: private chats only
    link = next(b["url"] for b in stats.buttons if "url" in b)
    payload = parse_qs(urlparse(link).query)["start"][0]
    assert link.startswith("https://t.me/cskh_test_bot?") and payload == f"dash{GROUP}"
    text = await reply_to(api, ADMIN, f"/start {payload}")
    assert shows(text, VI.dash_private_offer)
    url = _web_app(api, ADMIN)
    assert url is not None
    assert dashboard.teams(bot.settings).chat_of(parse_qs(urlparse(url).query)["t"][0]) == GROUP
    # a member who follows the same link gets no button
    text = await reply_to(api, MEMBER, f"/start {payload}")
    assert shows(text, VI.dash_private_refused)
    assert _web_app(api, MEMBER) is None


@pytest.mark.settings(**SETTINGS)
async def test_the_polling_bot_serves_the_page_on_its_own_server(bot: RunningBot) -> None:
    assert bot.serving is not None and bot.serving.runner is not None
    listener = bot.serving.runner.listener  # type: ignore[attr-defined]
    port = listener.sockets[0].getsockname()[1]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/app/") as response:
            assert response.status == 200
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        async with http.get(f"http://127.0.0.1:{port}/app/api/team") as response:
            assert response.status == 401
        async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
            assert response.status == 200


async def test_without_a_public_url_nothing_changes(api: FakeBotAPI, bot: RunningBot) -> None:
    await reply_to(api, 72, "/stats")
    assert all("web_app" not in b and "url" not in b for b in api.messages(72)[-1].buttons)
    assert bot.serving is not None and bot.serving.runner is None  # no web server in polling
    text = await reply_to(api, 72, f"/start dash{GROUP}")
    assert VI.dash_private_refused not in text  # the usual welcome
    assert _web_app(api, 72) is None


@pytest.mark.settings(**SETTINGS, webhook_url="https://bot.example.test/hook",
                      webhook_secret="s" * 32)
async def test_the_webhook_server_serves_the_page_beside_the_webhook(bot: RunningBot) -> None:
    assert bot.serving is not None and bot.serving.runner is not None
    port = bot.serving.runner.listener.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/app/app.js") as response:
            assert response.status == 200
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        async with http.post(f"http://127.0.0.1:{port}/hook", json={}) as response:
            assert response.status == 403  # the webhook is there, and wants its secret
