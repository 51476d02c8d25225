"""The operator's dashboard without Telegram: a one-time link opens a session for one team;
Telegram's initData is not accepted there at all; ``python -m bot dashboard`` prints the
link and serves the page on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.corpus import Corpus
from bot.dashboard import api
from bot.dashboard.team import Backend
from bot.services.charts import Charts
from bot.services.quizzes import Quizzes
from bot.services.subscriptions import Subscriptions
from bot.storage import Storage
from bot.strings import EN
from tests.conftest import TOKEN
from tests.support import processes, webapp

TEAM = -100900


@pytest.fixture()
async def console(tmp_path: Path, corpus: Corpus
                  ) -> AsyncIterator[tuple[TestClient, api.Dashboard]]:  # type: ignore[type-arg]
    storage = await Storage.open(str(tmp_path / "bot.sqlite3"))
    backend = Backend(storage, corpus, Quizzes(storage, corpus, default_timezone="UTC"),
                      Charts(storage, corpus),
                      Subscriptions(storage, default_timezone="UTC",
                                    topics=[t.id for t in corpus.topics]))
    dash = api.Dashboard(backend, gate=None, operator_strings=EN)
    site = web.Application()
    api.mount(site, dash)
    try:
        async with TestClient(TestServer(site)) as client:
            yield client, dash
    finally:
        await storage.close()


async def test_a_login_link_opens_one_session_for_its_team(console) -> None:  # type: ignore[no-untyped-def]
    client, dash = console
    code = dash.sessions.login_code(TEAM)
    response = await client.post("/app/api/login", json={"code": code})
    assert response.status == 200
    session = (await response.json())["session"]
    again = await client.post("/app/api/login", json={"code": code})
    assert again.status == 401  # once only
    bearer = {"Authorization": f"Bearer {session}"}
    data = await (await client.get("/app/api/team", headers=bearer)).json()
    assert data["chat_id"] == TEAM and data["admin"] is True and data["lang"] == "en"
    added = await client.post("/app/api/tips", headers=bearer,
                              json={"principle": "Chào khách bằng tên", "passage": "Gọi tên."})
    assert added.status == 200
    assert [t.principle for t in await dash.backend.storage.team_tips.of_chat(TEAM)] == [
        "Chào khách bằng tên"]
    assert (await client.get("/app/api/team",
                             headers={"Authorization": "Bearer guessed"})).status == 401


async def test_the_console_accepts_no_telegram_sign_in(console) -> None:  # type: ignore[no-untyped-def]
    client, _ = console
    headers = webapp.headers(TOKEN, 11, f"{TEAM}.9999999999.x")
    assert (await client.get("/app/api/team", headers=headers)).status == 401


@pytest.mark.process
def test_python_m_bot_dashboard_prints_a_link_that_works_once(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"

    async def create() -> None:
        await (await Storage.open(str(db))).close()

    asyncio.run(create())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_"))
           or k == "BOT_CACHE_DIR"}
    env.update({"BOT_ENV_FILE": os.devnull, "BOT_DB_PATH": str(db),
                "PYTHONPATH": str(processes.ROOT)})
    proc = processes.DrainedBot(
        [sys.executable, "-m", "bot", "dashboard", "--chat", str(TEAM), "--port", "0"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        encoding="utf-8")
    try:
        proc.wait_for("Ctrl+C", timeout=60)
        link = next(w for w in proc.output.split() if w.startswith("http://127.0.0.1:"))
        base, _, code = link.partition("#login=")
        with urllib.request.urlopen(base, timeout=10) as page:
            assert page.status == 200 and b"app.js" in page.read()
        request = urllib.request.Request(base + "api/login", method="POST",
                                         data=json.dumps({"code": code}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert json.load(answer)["chat_id"] == TEAM
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert "Traceback" not in out
