"""A stop in the middle of a daily broadcast: quick, and nothing lost or sent twice.

A supervisor (systemd, Docker) sends SIGTERM and kills after a few seconds. A broadcast
of 300 chats at 40 a second takes 7–8 s, so the bot must not wait for it to finish: it
ends the batch at hand, leaves the rest due, and the next process sends it.
"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from tests.support import crash
from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI

pytestmark = pytest.mark.process

CHATS, RATE, SUPERVISOR_GRACE = 300, 40, 5.0


def test_sigterm_mid_broadcast_stops_within_the_grace_and_loses_nothing(
        tmp_path: Path) -> None:
    database = str(tmp_path / "bot.sqlite3")
    asyncio.run(crash.prepare(database, CHATS))
    with FakeBotAPI(token=DEFAULT_TOKEN) as api:
        first = crash.start(api, database, tmp_path, RATE)
        try:
            api.wait_until_sync(lambda: len(crash.daily_counts(api)) >= 60, timeout=60)
        finally:
            started = time.monotonic()
            first.send_signal(signal.SIGTERM)
            output, _ = first.communicate(timeout=30)
            took = time.monotonic() - started
        assert first.returncode == 0, output
        assert took < SUPERVISOR_GRACE, f"stop took {took:.1f} s"
        assert len(crash.daily_counts(api)) < CHATS  # it did not finish the broadcast
        second = crash.start(api, database, tmp_path, RATE)
        try:
            deadline = time.monotonic() + 60
            while len(asyncio.run(crash.statuses(database)).get("sent", set())) < CHATS:
                assert time.monotonic() < deadline, "the broadcast did not finish"
                time.sleep(0.3)
        finally:
            second.send_signal(signal.SIGTERM)
            second.communicate(timeout=30)
        counts = crash.daily_counts(api)
    assert set(counts) == set(range(1, CHATS + 1))  # nobody missed the tip
    assert max(counts.values()) == 1  # a graceful stop sends nothing twice
