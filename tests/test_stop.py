"""A stop loses no answers: real ``python -m bot run`` processes, SIGTERM with a backlog.

Telegram (the fake) keeps every update the bot has not confirmed with a later
``getUpdates`` offset; what was not answered before the stop must come again after
the restart, and the stop must end well within Docker's 10 s before SIGKILL.
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import TOKEN
from tests.support.fake_bot_api import FakeBotAPI
from tests.test_service import start_bot

SUPERVISOR_GRACE = 10.0  # Docker's default before SIGKILL




def run_bot(api: FakeBotAPI, tmp_path: Path, **env: str) -> subprocess.Popen[str]:
    """``python -m bot run``; ``start_bot`` reads its output as it comes (one reader only:
    two threads reading one pipe would each see only part of the lines)."""
    return start_bot(api, tmp_path, **{"LOG_LEVEL": "INFO", **env})


def stop(proc: subprocess.Popen[str]) -> tuple[float, str]:
    """SIGTERM, then SIGKILL after the supervisor's grace; seconds the stop took, output."""
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=SUPERVISOR_GRACE)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    took = time.monotonic() - started
    output, _ = proc.communicate(timeout=5)  # the reader's lines, once it has them all
    return took, output


def ready(api: FakeBotAPI) -> None:
    api.wait_until_sync(lambda: api.commands(language_code="en"), timeout=30)


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
