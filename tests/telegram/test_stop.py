"""A stop loses no answers: real ``python -m bot run`` processes, SIGTERM with a backlog.

Telegram (the fake) keeps every update the bot has not confirmed with a later
``getUpdates`` offset; what was not answered before the stop must come again after
the restart, and the stop must end well within Docker's 10 s before SIGKILL.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TOKEN
from tests.support import processes
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.processes import DrainedBot, free_port, listening, ready
from tests.support.processes import stop_bot as stop

pytestmark = pytest.mark.process


def run_bot(api: FakeBotAPI, tmp_path: Path, **env: str) -> DrainedBot:
    return processes.run_bot(api, tmp_path, **{"LOG_LEVEL": "INFO", **env})


def test_a_stop_with_40_lookups_waiting_loses_none(tmp_path: Path) -> None:
    chats = range(61_001, 61_041)
    with FakeBotAPI(token=TOKEN) as api:
        # Two messages a second overall: the 40 answers need 20 s, the stop comes at 2 s.
        proc = run_bot(api, tmp_path, BOT_MAX_MESSAGES_PER_SECOND="2")
        try:
            ready(api)
            for chat in chats:
                api.send_text(chat, "/tip Disney")
            api.wait_until_sync(lambda: sum(bool(api.messages(c)) for c in chats) >= 3,
                                timeout=30)
        finally:
            took, output = stop(proc)
        assert proc.returncode == 0, output
        assert took < 5.0, output
        before = sum(len(api.messages(c)) for c in chats)
        assert before < len(chats)  # the stop did come with a backlog

        proc = run_bot(api, tmp_path)  # the restart: the rest comes again
        try:
            api.wait_until_sync(lambda: all(api.messages(c) for c in chats), timeout=30)
        finally:
            stop(proc)
        answers = [len(api.messages(c)) for c in chats]
    assert all(n >= 1 for n in answers)  # none lost
    # Twice only what was in flight at the stop: with 2 a second, at most a couple.
    assert sum(answers) - len(chats) <= 2, (answers, output)
    assert all("Disney" in api.messages(c)[0].text for c in chats)


def test_a_stop_with_40_lookups_in_one_chat_answers_the_latest(tmp_path: Path) -> None:
    chat = 62_001
    with FakeBotAPI(token=TOKEN) as api:
        proc = run_bot(api, tmp_path)
        try:
            ready(api)
            for n in range(39):
                api.send_text(chat, f"/tip khách hàng {n}")
            api.send_text(chat, "/tip Disney")  # the latest, the one to answer
            api.wait_until_sync(lambda: api.messages(chat), timeout=30)
        finally:
            took, output = stop(proc)
        assert proc.returncode == 0 and took < 5.0, output

        proc = run_bot(api, tmp_path)
        try:
            api.wait_until_sync(lambda: "Disney" in api.messages(chat)[-1].text, timeout=30)
            time.sleep(1.5)
        finally:
            stop(proc)
        assert "Disney" in api.messages(chat)[-1].text
        assert len(api.messages(chat)) <= 5  # coalesced: not 40 answers
        assert not api.pending_updates()


def test_an_update_that_cannot_be_read_is_skipped_and_logged_once(tmp_path: Path) -> None:
    with FakeBotAPI(token=TOKEN) as api:
        proc = run_bot(api, tmp_path)
        try:
            ready(api)
            api.raw_update({"message": {"chat": "not a chat", "text": "/tip"}})
            api.send_text(63_001, "/tip Disney")
            api.wait_until_sync(lambda: api.messages(63_001), timeout=20)
            time.sleep(1.0)
        finally:
            _, output = stop(proc)
    assert proc.returncode == 0, output
    assert "Disney" in api.messages(63_001)[-1].text
    assert sum("could not be read" in line for line in output.splitlines()) == 1, output
    assert len(output) < 100_000


SECRET = "webhook-secret-for-the-stop-test"


def tip_update(update_id: int, chat: int) -> dict[str, Any]:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": "/tip Disney",
        "chat": {"id": chat, "type": "private", "first_name": "Lan"},
        "from": {"id": chat, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}}


def deliver(port: int, update: dict[str, Any]) -> int:
    """Telegram's webhook POST; the HTTP status, 0 if the bot could not be reached."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram", data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json",
                 "X-Telegram-Bot-Api-Secret-Token": SECRET})
    try:
        with urllib.request.urlopen(request, timeout=40) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def run_webhook_bot(api: FakeBotAPI, tmp_path: Path, port: int,
                    **env: str) -> subprocess.Popen[str]:
    proc = run_bot(api, tmp_path, WEBHOOK_URL="https://bot.example.com/telegram",
                   WEBHOOK_SECRET=SECRET, WEBHOOK_LISTEN="127.0.0.1",
                   WEBHOOK_PORT=str(port), **env)
    api.wait_until_sync(lambda: api.webhook.get("url") and listening(port), timeout=30)
    return proc


def test_a_webhook_stop_with_40_lookups_waiting_loses_none(tmp_path: Path) -> None:
    """Telegram (simulated here) is told 200 as soon as an update is stored; what the
    stop leaves unanswered is answered by the restarted process from the database, and
    what comes during the stop gets 503, so Telegram sends it again."""
    chats = range(64_001, 64_041)
    updates = [tip_update(n, chat) for n, chat in enumerate(chats, start=1)]
    late = tip_update(41, 64_100)  # comes during the stop
    port = free_port()
    with FakeBotAPI(token=TOKEN) as api, ThreadPoolExecutor(len(updates)) as pool:
        proc = run_webhook_bot(api, tmp_path, port, BOT_MAX_MESSAGES_PER_SECOND="2")
        try:
            started = time.monotonic()
            statuses = list(pool.map(lambda update: deliver(port, update), updates))
            acknowledged_in = time.monotonic() - started
            api.wait_until_sync(lambda: sum(bool(api.messages(c)) for c in chats) >= 3,
                                timeout=30)
            proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            assert deliver(port, late) == 503  # a stop began: refused, sent again later
        finally:
            took, output = stop(proc)
        assert proc.returncode == 0 and took < 5.0, output
        assert statuses == [200] * len(updates)  # stored: Telegram need not wait
        assert acknowledged_in < 5.0  # 40 answers at 2 a second take 20 s
        assert sum(bool(api.messages(c)) for c in chats) < len(chats)  # a backlog at the stop

        proc = run_webhook_bot(api, tmp_path, port)  # the restart takes up the backlog
        try:
            assert deliver(port, late) == 200
            assert deliver(port, updates[0]) == 200  # a replay: stored already, ignored
            api.wait_until_sync(lambda: all(api.messages(c) for c in [*chats, 64_100]),
                                timeout=30)
            time.sleep(1.0)
        finally:
            stop(proc)
        answers = [len(api.messages(c)) for c in chats]
    assert all(n >= 1 for n in answers), (answers, output)
    # Twice only what was in flight at the stop: with 2 a second, at most one.
    assert sum(answers) - len(chats) <= 1, (answers, output)
    assert len(api.messages(64_100)) == 1
    assert all("Disney" in api.messages(c)[0].text for c in chats)
