"""A real bot process killed with SIGKILL mid-broadcast, then restarted.

Every chat must get its tip; a chat may get it twice only if its message was in flight
(claimed, not yet recorded as sent) when the process died.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.storage import Storage
from tests.conftest import TOKEN
from tests.support.fake_bot_api import FakeBotAPI

CHATS = 300


async def _subscribe_all(db_path: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    due = (now - dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
    storage = await Storage.open(db_path)
    try:
        for chat_id in range(1, CHATS + 1):
            await storage.record_chat(chat_id, "private")
            await storage.subscribe(chat_id, due.time(), "UTC", due, seed=chat_id)
    finally:
        await storage.close()


def _start(api: FakeBotAPI, db_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
           "BOT_DB_PATH": str(db_path), "BOT_TICK_SECONDS": "0.5",
           "BOT_MAX_MESSAGES_PER_SECOND": "40", "BOT_CLAIM_LEASE_SECONDS": "2"}
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=db_path.parent, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _daily_counts(api: FakeBotAPI) -> dict[int, int]:
    counts: dict[int, int] = {}
    for call in api.calls("sendMessage", ok=True):
        if "Nguyên tắc hôm nay" in str(call.params.get("text", "")):
            counts[int(call.chat_id)] = counts.get(int(call.chat_id), 0) + 1  # type: ignore[arg-type]
    return counts


def test_sigkill_mid_broadcast_loses_nothing_and_doubles_only_in_flight(tmp_path: Path) -> None:
    db_path = tmp_path / "bot.sqlite3"
    asyncio.run(_subscribe_all(db_path))
    with FakeBotAPI(token=TOKEN) as api:
        first = _start(api, db_path)
        try:
            api.wait_until_sync(lambda: len(_daily_counts(api)) >= 80, timeout=60)
        finally:
            first.send_signal(signal.SIGKILL)
            first.communicate(timeout=30)
        assert first.returncode == -signal.SIGKILL
        sent_before = len(_daily_counts(api))
        assert sent_before < CHATS, "the broadcast finished before the kill"
        with sqlite3.connect(db_path) as db:
            in_flight = db.execute(
                "SELECT COUNT(*) FROM deliveries WHERE status = 'claimed'").fetchone()[0]

        second = _start(api, db_path)
        try:
            api.wait_until_sync(lambda: len(_daily_counts(api)) == CHATS, timeout=90)
        finally:
            second.send_signal(signal.SIGTERM)
            output, _ = second.communicate(timeout=30)
        assert second.returncode == 0, output
        counts = _daily_counts(api)
    assert set(counts) == set(range(1, CHATS + 1))  # nobody missed the tip
    doubled = [chat for chat, n in counts.items() if n > 1]
    assert len(doubled) <= in_flight
    assert max(counts.values()) <= 2
    with sqlite3.connect(db_path) as db:
        sent = db.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'").fetchone()[0]
    assert sent == CHATS
