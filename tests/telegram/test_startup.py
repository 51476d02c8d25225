"""``python -m bot run`` when Telegram cannot be reached at start-up: real processes.

The network not up yet, DNS failing or the Bot API down must be waited for with one
log line per attempt, not end in a traceback; a token Telegram rejects must stop at once
with one line (exit 2, no restart), the token never printed.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.conftest import TOKEN
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.processes import DrainedBot, bot_env, free_port, start_bot

pytestmark = pytest.mark.process

WAITING = "Telegram not reachable yet"


def _start(tmp_path: Path, base_url: str, token: str = TOKEN, **env: str) -> DrainedBot:
    return start_bot(tmp_path, bot_env(base_url, token=token,
                                       BOT_DB_PATH=str(tmp_path / "bot.sqlite3"), **env))


def _no_secret(output: str) -> None:
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
    assert "Traceback" not in output


def test_telegram_down_at_start_up_is_waited_for_then_the_bot_answers(tmp_path: Path) -> None:
    port = free_port()  # nothing listens yet: connection refused, as before the network is up
    proc = _start(tmp_path, f"http://127.0.0.1:{port}/bot")
    try:
        proc.wait_for(WAITING, 2)
        api = FakeBotAPI(token=TOKEN, port=port)
        api.fail("getMe", kind="server_error", status=502)  # then the API answers 502 once
        with api:
            api.wait_until_sync(lambda: api.commands(language_code="en"), timeout=60)
            api.send_text(777, "/tip Disney")
            api.wait_until_sync(lambda: api.messages(777), timeout=30)
            assert "Disney" in api.messages(777)[-1].text
            proc.send_signal(signal.SIGTERM)
            output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, output
    attempts = [line for line in output.splitlines() if WAITING in line]
    assert len(attempts) >= 3, output
    assert "(attempt 1:" in attempts[0] and "(attempt 2:" in attempts[1]
    assert any("Bad Gateway" in line for line in attempts), attempts
    assert all("retrying in" in line for line in attempts)
    assert "Telegram answers now" in output and "started as @cskh_test_bot" in output
    _no_secret(output)


def test_telegram_that_never_answers_gives_up_with_one_line(tmp_path: Path) -> None:
    started = time.monotonic()
    proc = _start(tmp_path, f"http://127.0.0.1:{free_port()}/bot",
                  BOT_TELEGRAM_WAIT_SECONDS="3")
    output, _ = proc.communicate(timeout=60)
    assert time.monotonic() - started < 30
    assert proc.returncode == 1, output
    assert output.count(WAITING) >= 2
    errors = [line for line in output.splitlines() if " ERROR " in line]
    assert len(errors) == 1, output
    assert "could not be reached after" in errors[0]
    assert "BOT_TELEGRAM_WAIT_SECONDS" in errors[0]
    _no_secret(output)


def test_a_stop_while_waiting_for_telegram_ends_at_once(tmp_path: Path) -> None:
    proc = _start(tmp_path, f"http://127.0.0.1:{free_port()}/bot")
    try:
        proc.wait_for(WAITING, 1)
        stopped = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert time.monotonic() - stopped < 5
    assert proc.returncode == 0, output
    assert "stopped before Telegram could be reached" in output
    _no_secret(output)


def test_a_rejected_token_stops_at_once_with_one_line(tmp_path: Path) -> None:
    with FakeBotAPI(token="999999:SomeOtherTokenThatDiffers12345") as api:
        proc = _start(tmp_path, api.base_url)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2, output
    errors = [line for line in output.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "rejected" in errors[0], output
    assert WAITING not in output  # not retried
    _no_secret(output)
