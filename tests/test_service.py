"""``python -m bot run`` as an operator runs it: a real process, signals, logs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import TOKEN
from tests.support.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent


def start_bot(api: FakeBotAPI, tmp_path: Path, **env: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "BOT_DB_PATH": str(tmp_path / "nested" / "dir" / "bot.sqlite3"),
        "LOG_LEVEL": "DEBUG",
        **env,
    }
    return subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            encoding="utf-8")


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
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "TELEGRAM_BOT_TOKEN" in lines[0] and "@BotFather" in lines[0]
    assert "python -m bot chat" in lines[0]


def test_bad_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nBOT_TIMEZONE=Mars/Base\n")
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            env={k: v for k, v in os.environ.items()
                                 if k not in ("TELEGRAM_BOT_TOKEN", "BOT_TIMEZONE")})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "BOT_TIMEZONE" in result.stderr
    assert TOKEN not in result.stderr


def test_rejected_token_is_reported_without_the_token(tmp_path: Path) -> None:
    with FakeBotAPI(token="999999:SomeOtherTokenThatDiffers12345") as api:
        proc = start_bot(api, tmp_path)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2, output
    assert "rejected" in output and TOKEN not in output
