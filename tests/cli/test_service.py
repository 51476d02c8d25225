"""``python -m bot run`` as an operator runs it: a real process, signals, logs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import TOKEN
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.processes import DrainedBot, free_port, listening, run_bot

pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parents[2]


def start_bot(api: FakeBotAPI, tmp_path: Path, **env: str) -> DrainedBot:
    return run_bot(api, tmp_path, BOT_DB_PATH=str(tmp_path / "nested" / "dir" / "bot.sqlite3"),
                   **{"LOG_LEVEL": "DEBUG", **env})


def test_run_serves_users_stops_on_sigterm_and_never_logs_the_token(tmp_path: Path) -> None:
    with FakeBotAPI(token=TOKEN) as api:
        proc = start_bot(api, tmp_path)
        try:
            api.wait_until_sync(lambda: api.commands(language_code="en"), timeout=30)
            api.send_text(777, "/tip Disney")
            api.wait_until_sync(lambda: api.messages(777), timeout=20)
            assert "Disney" in api.messages(777)[-1].text
            api.send_text(777, "/tip")  # and an error path: a failing send is logged
            api.fail("sendMessage", chat_id=777, kind="server_error")
            api.wait_for_calls_sync("sendMessage", 2, chat_id=777, timeout=20)
            time.sleep(0.5)
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, output
    assert TOKEN not in output
    assert TOKEN.split(":")[1] not in output
    assert "started as @cskh_test_bot" in output
    assert "stopped" in output
    assert (tmp_path / "nested" / "dir" / "bot.sqlite3").exists()


def test_run_without_token_says_how_to_get_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["BOT_ENV_FILE"] = os.devnull  # not the project's own .env, if any
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "TELEGRAM_BOT_TOKEN" in lines[0] and "@BotFather" in lines[0]
    assert "`make chat`" in lines[0] and "python -m bot chat" not in lines[0]


def test_bad_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nBOT_TIMEZONE=Mars/Base\n")
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            env={k: v for k, v in os.environ.items()
                                 if k not in ("TELEGRAM_BOT_TOKEN", "BOT_TIMEZONE")})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "BOT_TIMEZONE" in result.stderr
    assert TOKEN not in result.stderr


def test_every_bad_setting_is_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nBOT_TIMEZONE=Mars/Base\n"
                                   "LOG_LEVEL=LOUD\nBOT_GRACE_HOURS=lots\nthis is no setting\n")
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            env={k: v for k, v in os.environ.items()
                                 if not k.startswith(("TELEGRAM_", "BOT_", "LOG_"))})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("cskh-bot: ") for line in lines)
    for name in (".env:5", "BOT_TIMEZONE='Mars/Base'", "LOG_LEVEL='LOUD'", "BOT_GRACE_HOURS"):
        assert sum(name in line for line in lines) == 1, (name, lines)
    assert TOKEN not in result.stderr and "Traceback" not in result.stderr


def test_timezone_written_as_an_offset_is_accepted(tmp_path: Path) -> None:
    with FakeBotAPI(token=TOKEN) as api:
        proc = start_bot(api, tmp_path, BOT_TIMEZONE="+07:00")
        try:
            api.wait_until_sync(lambda: api.commands(language_code="en"), timeout=30)
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output


def test_rejected_token_is_reported_without_the_token(tmp_path: Path) -> None:
    with FakeBotAPI(token="999999:SomeOtherTokenThatDiffers12345") as api:
        proc = start_bot(api, tmp_path)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2, output
    assert "rejected" in output and TOKEN not in output


def test_webhook_mode_checks_the_secret_and_answers(tmp_path: Path) -> None:
    import json
    import urllib.error
    import urllib.request

    port = free_port()
    secret = "s3cret-token-for-the-webhook-test"
    update = {"update_id": 1, "message": {
        "message_id": 5, "date": int(time.time()), "text": "/tip Disney",
        "chat": {"id": 4242, "type": "private", "first_name": "Lan"},
        "from": {"id": 4242, "is_bot": False, "first_name": "Lan", "language_code": "vi"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 4}]}}

    def post(token: str) -> int:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/telegram", data=json.dumps(update).encode(),
            headers={"Content-Type": "application/json",
                     "X-Telegram-Bot-Api-Secret-Token": token})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    with FakeBotAPI(token=TOKEN) as api:
        proc = start_bot(api, tmp_path, WEBHOOK_URL="https://bot.example.com/telegram",
                         WEBHOOK_SECRET=secret, WEBHOOK_LISTEN="127.0.0.1",
                         WEBHOOK_PORT=str(port))
        try:
            api.wait_until_sync(lambda: api.webhook.get("url"), timeout=30)
            assert api.webhook["url"] == "https://bot.example.com/telegram"
            api.wait_until_sync(lambda: listening(port), timeout=30)
            assert post("wrong-secret-value-0000") == 403
            assert _get(port, "/healthz") == (200, "ok\n")
            assert post(secret) == 200
            api.wait_until_sync(lambda: api.messages(4242), timeout=20)
            assert "Disney" in api.messages(4242)[-1].text
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output
    assert secret not in output and TOKEN not in output


def _get(port: int, path: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_polling_mode_health_ready_and_metrics_on_their_port(tmp_path: Path) -> None:
    port = free_port()
    with FakeBotAPI(token=TOKEN) as api:
        proc = start_bot(api, tmp_path, BOT_HEALTH_PORT=str(port), WEBHOOK_LISTEN="127.0.0.1")
        try:
            api.wait_until_sync(lambda: listening(port), timeout=30)
            api.wait_until_sync(lambda: _get(port, "/readyz")[0] == 200, timeout=30)
            assert _get(port, "/healthz") == (200, "ok\n")
            assert "@cskh_test_bot" in _get(port, "/readyz")[1]
            api.send_text(888, "/tip Disney")
            api.wait_until_sync(lambda: api.messages(888), timeout=20)
            api.wait_until_sync(lambda: 'cskh_updates_total{kind="message"} 1.0'
                                in _get(port, "/metrics")[1], timeout=10)
            metrics = _get(port, "/metrics")[1]
            assert "cskh_replies_total 1.0" in metrics
            assert "cskh_send_latency_seconds_bucket" in metrics
            assert "cskh_subscriptions" in metrics and "cskh_due_backlog" in metrics
        finally:
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, output


def test_a_second_polling_process_says_so_and_exits(tmp_path: Path) -> None:
    with FakeBotAPI(token=TOKEN) as api:
        api.fail("getUpdates", kind="conflict", times=None)
        proc = start_bot(api, tmp_path)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 3, output
    lines = [line for line in output.splitlines() if "409 Conflict" in line]
    assert len(lines) == 1 and "webhook mode" in lines[0]
    assert TOKEN not in output
