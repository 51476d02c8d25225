"""Two webhook replicas on one PostgreSQL database: exactly one tip per chat, the
overall rate never over the limit in any second, and a replica killed mid-broadcast
leaves nothing undelivered. Needs BOT_TEST_POSTGRES_URL (see tests/support/postgres.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
import time
from pathlib import Path

import pytest

from bot.storage import Storage
from bot.strings import VI
from tests.conftest import TOKEN
from tests.support.fake_bot_api import ControlClient, FakeBotAPI
from tests.support.postgres import ENABLE_PG, PG_URL, wipe_postgres
from tests.support.processes import DrainedBot, free_port, run_bot, start_fake_api

pytestmark = pytest.mark.process

CHATS = 1000
LIMIT = 100  # messages a second for the whole bot (both replicas together)


async def _prepare() -> None:
    await wipe_postgres(PG_URL)
    storage = await Storage.open(PG_URL)
    try:
        due = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).replace(second=0,
                                                                           microsecond=0)
        await storage.subscriptions.start_many([(chat, due.time(), "UTC", chat, due)
                                                for chat in range(1, CHATS + 1)])
    finally:
        await storage.close()


def _replica(api: FakeBotAPI | ControlledAPI, tmp_path: Path, name: str) -> DrainedBot:
    return run_bot(api, tmp_path, token=TOKEN, BOT_DB_URL=PG_URL, BOT_REPLICAS="2",
                   BOT_MAX_MESSAGES_PER_SECOND=str(LIMIT), BOT_TICK_SECONDS="0.5",
                   BOT_CLAIM_LEASE_SECONDS="3", WEBHOOK_URL=f"https://bot.example.com/{name}",
                   WEBHOOK_SECRET="replica-test-secret-0123456789", WEBHOOK_LISTEN="127.0.0.1",
                   WEBHOOK_PORT=str(free_port()))


class ControlledAPI:
    """The fake Bot API in a process of its own, for measuring rates: in this process its
    thread shares the interpreter with the test (and its garbage collection), and the
    requests that queue while it waits would be stamped as one burst on arrival."""

    def __init__(self) -> None:
        self.proc, self.base_url = start_fake_api(TOKEN)
        self.control = ControlClient(self.base_url.removesuffix("/bot"))

    def daily(self) -> list[tuple[int, float]]:
        return [(int(c["chat_id"]), float(c["time"])) for c in self.control.calls("sendMessage")
                if c["ok"] and str(c["params"].get("text", "")).startswith(VI.tip_of_day)]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _daily(api: FakeBotAPI) -> list[tuple[int, float]]:
    return [(int(c.chat_id), c.time) for c in api.calls("sendMessage", ok=True)  # type: ignore[arg-type]
            if str(c.params.get("text", "")).startswith(VI.tip_of_day)]


def _max_in_any_second(times: list[float]) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


@pytest.fixture()
def postgres() -> None:
    if not PG_URL:
        pytest.skip(ENABLE_PG)
    asyncio.run(_prepare())


def test_two_replicas_send_each_tip_once_within_the_limit(postgres: None, tmp_path: Path
                                                          ) -> None:
    api = ControlledAPI()
    try:
        replicas = [_replica(api, tmp_path, "a"), _replica(api, tmp_path, "b")]
        try:
            deadline = time.monotonic() + 90
            while len({c for c, _ in api.daily()}) < CHATS:
                assert time.monotonic() < deadline, "the broadcast did not finish"
                time.sleep(0.5)
            time.sleep(1.5)  # anything doubled would show up now
        finally:
            for proc in replicas:
                proc.send_signal(signal.SIGTERM)
            outputs = [proc.communicate(timeout=30)[0] for proc in replicas]
        sent = api.daily()
    finally:
        api.close()
    assert all(proc.returncode == 0 for proc in replicas), outputs
    chats = [c for c, _ in sent]
    assert sorted(chats) == list(range(1, CHATS + 1))  # each chat exactly once
    busiest = _max_in_any_second([t for _, t in sent])
    print(f"at most {busiest} messages in any second (limit {LIMIT})")
    assert busiest <= LIMIT
    # Both replicas did part of the work (each logs its own tally).
    assert all("daily tips: due" in out for out in outputs), outputs
    from urllib.parse import urlsplit

    password = urlsplit(PG_URL).password or ""
    assert password and all(password not in out and TOKEN not in out for out in outputs)
    assert all("***@" in out for out in outputs)  # the database is named, without it


def test_a_killed_replica_leaves_nothing_undelivered(postgres: None, tmp_path: Path) -> None:
    with FakeBotAPI(token=TOKEN) as api:
        first = _replica(api, tmp_path, "a")
        api.wait_until_sync(lambda: len(_daily(api)) >= 150, timeout=60)
        second = _replica(api, tmp_path, "b")
        api.wait_until_sync(lambda: len(_daily(api)) >= 300, timeout=60)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
        killed_at = len(_daily(api))
        assert killed_at < CHATS, "the broadcast finished before the kill"
        try:
            api.wait_until_sync(lambda: len({c for c, _ in _daily(api)}) == CHATS, timeout=120)
            time.sleep(1.0)
        finally:
            second.send_signal(signal.SIGTERM)
            output, _ = second.communicate(timeout=30)
        sent = [c for c, _ in _daily(api)]
    assert second.returncode == 0, output
    assert set(sent) == set(range(1, CHATS + 1))
    doubled = len(sent) - len(set(sent))
    # Only messages in flight at the kill can come twice: at most one batch of sends.
    assert doubled <= 64, doubled
