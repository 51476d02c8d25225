"""The broadcaster (``bot.delivery.Broadcaster``) through an in-memory ``Sender`` and a
real SQLite file: exactly once, flood waits, chats gone, migrations, transient errors.

No Telegram here: the sender answers in delivery terms (``FloodWait``, ``ChatGone``…),
the clock is fixed and ``sleep`` only moves it, so every case runs in milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.corpus import Corpus, Tip
from bot.delivery import (
    Broadcaster,
    ChatGone,
    FloodWait,
    Migrated,
    SendError,
    Transient,
)
from bot.ratelimit import SendLimiter
from bot.storage import Storage, open_storage

ZONE = "Asia/Ho_Chi_Minh"
AT = dt.time(8, 0)
DAY = dt.date(2026, 3, 2)  # a Monday
DUE = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 08:00 in Ho Chi Minh City
NEXT_DUE = DUE + dt.timedelta(days=1)


class InMemorySender:
    """A ``Sender`` that keeps what it sent and raises, per chat, what it was told to."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []  # (chat, tip id), in order
        self.attempts: Counter[int] = Counter()
        self.failures: dict[int, list[SendError]] = {}
        self._message_id = 1000

    async def send_daily(self, chat_id: int, tip: Tip, language: str) -> int:
        self.attempts[chat_id] += 1
        waiting = self.failures.get(chat_id)
        if waiting:
            raise waiting.pop(0)
        self.sent.append((chat_id, tip.id))
        self._message_id += 1
        return self._message_id

    async def send_digest(self, chat_id: int, first: dt.date, last: dt.date,
                          items: list[tuple[Tip, int, int]], language: str) -> int:
        raise AssertionError("no digest is due in these tests")


class Clock:
    """A clock that moves only when the broadcaster sleeps (or the test says so)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> dt.datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture()
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    store = await open_storage(tmp_path / "delivery.sqlite3")
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture()
def sender() -> InMemorySender:
    return InMemorySender()


@pytest.fixture()
def clock() -> Clock:
    return Clock(DUE + dt.timedelta(seconds=30))


def broadcaster(storage: Storage, corpus: Corpus, sender: InMemorySender, clock: Clock,
                grace: dt.timedelta = dt.timedelta(hours=3)) -> Broadcaster:
    return Broadcaster(storage, corpus, sender, SendLimiter(None), clock=clock,
                       sleep=clock.sleep, grace=grace)


async def subscribe(storage: Storage, *chat_ids: int) -> None:
    for chat_id in chat_ids:
        await storage.subscribe(chat_id, AT, ZONE, DUE, seed=chat_id, now=DUE)


async def test_each_chat_gets_its_tip_once_however_often_the_tick_runs(
        storage: Storage, corpus: Corpus, sender: InMemorySender, clock: Clock) -> None:
    await subscribe(storage, 1, 2, -3)
    first = await broadcaster(storage, corpus, sender, clock).tick()
    assert (first.due, first.sent, first.failed) == (3, 3, 0)
    assert sorted(chat for chat, _ in sender.sent) == [-3, 1, 2]
    for chat_id in (1, 2, -3):
        assert await storage.delivery_status(chat_id, DAY) == "sent"
        sub = await storage.get_subscription(chat_id)
        assert sub is not None and sub.next_due_utc == NEXT_DUE and sub.delivered_count == 1

    # The same tick again, here or in another replica: nobody is due any more.
    again = await broadcaster(storage, corpus, sender, clock).tick()
    assert (again.due, again.sent) == (0, 0)
    assert len(sender.sent) == 3


async def test_a_day_already_sent_is_never_sent_again(
        storage: Storage, corpus: Corpus, sender: InMemorySender, clock: Clock) -> None:
    """The claim, not the schedule, guarantees once: with the subscription put back to
    today's slot (as if its advance were lost), the sent claim stops a second send."""
    await subscribe(storage, 7)
    await broadcaster(storage, corpus, sender, clock).tick()
    await storage.set_next_due_many([(7, DUE)])
    report = await broadcaster(storage, corpus, sender, clock).tick()
    assert (report.due, report.sent, report.not_claimed) == (1, 0, 1)
    assert sender.sent == [(7, sender.sent[0][1])]
    sub = await storage.get_subscription(7)
    assert sub is not None and sub.next_due_utc == NEXT_DUE


async def test_retry_after_makes_only_that_chat_wait_and_resend(
        storage: Storage, corpus: Corpus, sender: InMemorySender, clock: Clock) -> None:
    await subscribe(storage, 1, 2)
    sender.failures[1] = [FloodWait(3.0)]
    report = await broadcaster(storage, corpus, sender, clock).tick()
    assert (report.sent, report.flood_waits, report.failed) == (2, 1, 0)
    assert clock.sleeps == [3.0]
    assert sender.attempts == Counter({1: 2, 2: 1})
    assert [chat for chat, _ in sender.sent].count(1) == 1
    assert await storage.delivery_status(1, DAY) == "sent"


async def test_a_chat_gone_stops_its_subscription(
        storage: Storage, corpus: Corpus, sender: InMemorySender, clock: Clock) -> None:
    await subscribe(storage, 1, 2)
    sender.failures[1] = [ChatGone("Forbidden: bot was blocked by the user")]
    report = await broadcaster(storage, corpus, sender, clock).tick()
    assert (report.sent, report.failed) == (1, 1)
    assert [chat for chat, _ in sender.sent] == [2]
    assert await storage.delivery_status(1, DAY) == "failed"
    gone = await storage.get_subscription(1)
    assert gone is not None and not gone.active and gone.stopped_reason == "blocked"
    # Stopped means stopped: the next day's tick does not try it again.
    clock.now += dt.timedelta(days=1)
    await broadcaster(storage, corpus, sender, clock).tick()
    assert sender.attempts[1] == 1


async def test_a_migrated_group_gets_its_tip_at_the_new_id(
        storage: Storage, corpus: Corpus, sender: InMemorySender, clock: Clock) -> None:
    await subscribe(storage, -5)
    sender.failures[-5] = [Migrated(-1005)]
    report = await broadcaster(storage, corpus, sender, clock).tick()
    assert (report.sent, report.migrated, report.failed) == (1, 1, 0)
    assert [chat for chat, _ in sender.sent] == [-1005]
    assert await storage.get_subscription(-5) is None
    moved = await storage.get_subscription(-1005)
    assert moved is not None and moved.active and moved.next_due_utc == NEXT_DUE
    assert await storage.delivery_status(-1005, DAY) == "sent"
    assert await storage.delivery_status(-5, DAY) is None


async def test_transient_errors_retry_with_backoff(
        storage: Storage, corpus: Corpus, sender: InMemorySender, clock: Clock) -> None:
    await subscribe(storage, 1)
    sender.failures[1] = [Transient("timed out"), Transient("502 Bad Gateway")]
    report = await broadcaster(storage, corpus, sender, clock).tick()
    assert (report.sent, report.failed) == (1, 0)
    assert clock.sleeps == [1.0, 2.0]
    assert sender.attempts[1] == 3 and len(sender.sent) == 1
    assert await storage.delivery_status(1, DAY) == "sent"


async def test_transient_errors_give_up_at_the_end_of_the_grace_window(
        storage: Storage, corpus: Corpus, sender: InMemorySender, clock: Clock) -> None:
    await subscribe(storage, 1)
    sender.failures[1] = [Transient("network down") for _ in range(1000)]
    grace = dt.timedelta(hours=3)
    report = await broadcaster(storage, corpus, sender, clock, grace=grace).tick()
    assert (report.sent, report.failed) == (0, 1)
    assert sender.sent == []
    assert clock.now <= DUE + grace  # never retried past the window
    assert max(clock.sleeps) == 60.0  # backoff is capped
    assert await storage.delivery_status(1, DAY) == "failed"
    sub = await storage.get_subscription(1)
    assert sub is not None and sub.active and sub.next_due_utc == NEXT_DUE
