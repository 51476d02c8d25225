"""The delivery engine's one retry policy (``bot.delivery.engine.Engine``), for every kind of
push (daily tip, daily quiz, weekly digest) × every way a send can go wrong: a flood
wait, a migrated group, a chat gone, a message rejected for good, transient errors
(until they pass, and past the grace window), a send that crashes again and again (the
attempt cap) and a wait longer than the lease (its renewal).

No Telegram here: an in-memory sender answers in delivery terms (``FloodWait``,
``ChatGone``…) and keeps what it sent; the storage is a real SQLite file; the clock is
fixed and ``sleep`` only moves it, so every case runs in milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.corpus import Corpus, Tip
from bot.delivery.digests import DigestPush
from bot.delivery.engine import MAX_ATTEMPTS, Engine
from bot.delivery.push import ChatGone, FloodWait, Migrated, Push, Rejected, Transient
from bot.delivery.quizzes import QuizPush, SentQuiz
from bot.delivery.ratelimit import SendLimiter
from bot.delivery.tips import TipPush
from bot.quiz.polls import Quiz, quizzable
from bot.services.quizzes import Quizzes
from bot.storage import Storage, open_storage
from bot.storage.claims import ClaimRepository

ZONE = "Asia/Ho_Chi_Minh"
AT = dt.time(8, 0)
DAY = dt.date(2026, 3, 2)  # a Monday
DUE = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 08:00 in Ho Chi Minh City
GRACE = dt.timedelta(hours=3)
LEASE = dt.timedelta(minutes=2)
KINDS = ("tip", "quiz", "digest")


class InMemorySender:
    """Every kind's sender: keeps what it sent; raises, per chat, what it was told to."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, int]] = []  # (kind, chat), in order
        self.attempts: Counter[int] = Counter()
        self.failures: dict[int, list[Exception]] = {}
        self._message_id = 1000

    def _send(self, kind: str, chat_id: int) -> int:
        self.attempts[chat_id] += 1
        waiting = self.failures.get(chat_id)
        if waiting:
            raise waiting.pop(0)
        self.sent.append((kind, chat_id))
        self._message_id += 1
        return self._message_id

    async def send_daily(self, chat_id: int, tip: Tip, language: str) -> int:
        return self._send("tip", chat_id)

    async def send_digest(self, chat_id: int, first: dt.date, last: dt.date,
                          items: list[tuple[Tip, int, int]], language: str,
                          quiz: str = "") -> int:
        assert (first, last) == (DAY - dt.timedelta(days=7), DAY - dt.timedelta(days=1))
        return self._send("digest", chat_id)

    async def send_quiz(self, chat_id: int, quiz: Quiz, anonymous: bool) -> SentQuiz:
        message_id = self._send("quiz", chat_id)
        return SentQuiz(message_id, f"poll{message_id}", anonymous)

    def chats(self) -> list[int]:
        return [chat for _, chat in self.sent]


class Clock:
    """A clock that moves only when the engine sleeps (or the test says so)."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.sleeps: list[float] = []
        self.during_sleep: Callable[[], Awaitable[None]] | None = None

    def __call__(self) -> dt.datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += dt.timedelta(seconds=seconds / 2)
        if self.during_sleep is not None:
            await self.during_sleep()
        self.now += dt.timedelta(seconds=seconds / 2)


@dataclass
class Kind:
    """One kind of push, set up so that it alone is due at ``DUE``."""

    name: str
    period: dt.date  # its claims' key on DUE's day
    push: Push[Any, Any, Any]
    storage: Storage

    @property
    def sends(self) -> ClaimRepository:
        return self.push.sends

    async def subscribe(self, *chat_ids: int) -> None:
        s = self.storage
        for chat in chat_ids:
            await s.chats.record(chat, "group" if chat < 0 else "private")
            if self.name == "tip":
                await s.subscriptions.start(chat, AT, ZONE, DUE, seed=abs(chat), now=DUE)
                continue
            later = DUE + dt.timedelta(days=1)  # the daily tip is not due today
            await s.subscriptions.start(chat, AT, ZONE, later, seed=abs(chat),
                                        now=DUE - dt.timedelta(days=9))
            if self.name == "quiz":  # yesterday's tip, which the quiz asks about
                quizzes = [t.id for t in self.push.quizzes.corpus.tips if quizzable(t)]
                claim = await s.tip_sends.claim(chat, DAY - dt.timedelta(days=1), quizzes[0], 0,
                                                "x", DUE, DUE - dt.timedelta(days=1))
                assert claim is not None
                await s.tip_sends.sent(claim, 1, later, DUE - dt.timedelta(days=1))
                await s.quiz_settings.set_daily(chat, AT, DUE, DUE - dt.timedelta(days=2))
            else:
                await s.subscriptions.set_digest(chat, DAY.weekday(), AT, DUE)

    async def status(self, chat_id: int) -> str | None:
        return await self.sends.status(chat_id, self.period)

    async def next_due(self, chat_id: int) -> dt.datetime | None:
        """When this kind is due next for the chat."""
        if self.name == "quiz":
            [row] = [r for r in (await self.storage.table_rows("quiz_settings"))[1]
                     if r[0] == chat_id]
            columns = (await self.storage.table_rows("quiz_settings"))[0]
            return dt.datetime.fromisoformat(row[columns.index("next_due_utc")])
        sub = await self.storage.subscriptions.get(chat_id)
        assert sub is not None
        if self.name == "tip":
            return sub.next_due_utc
        return sub.digest_next_due_utc


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


def make_kind(name: str, storage: Storage, corpus: Corpus, sender: InMemorySender,
              clock: Clock) -> Kind:
    if name == "tip":
        return Kind(name, DAY, TipPush(storage, corpus, sender), storage)
    if name == "quiz":
        quizzes = Quizzes(storage, corpus, default_timezone=ZONE, clock=clock)
        return Kind(name, DAY, QuizPush(storage, quizzes, sender), storage)
    return Kind(name, DAY - dt.timedelta(days=1), DigestPush(storage, corpus, sender), storage)


def engine(kind: Kind, clock: Clock, limiter: SendLimiter | None = None) -> Engine:
    return Engine(kind.storage, [kind.push], limiter or SendLimiter(None), clock=clock,
                  sleep=clock.sleep, grace=GRACE, lease=LEASE)


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest, storage: Storage, corpus: Corpus,
         sender: InMemorySender, clock: Clock) -> Kind:
    return make_kind(request.param, storage, corpus, sender, clock)


async def test_each_chat_gets_it_once_however_often_the_tick_runs(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    await kind.subscribe(1, 2, -3)
    first = (await engine(kind, clock).tick())[kind.name]
    assert (first.due, first.sent, first.failed) == (3, 3, 0)
    assert sorted(sender.sent) == [(kind.name, -3), (kind.name, 1), (kind.name, 2)]
    for chat_id in (1, 2, -3):
        assert await kind.status(chat_id) == "sent"
        due = await kind.next_due(chat_id)
        assert due is not None and due > clock.now
    # The same tick again, here or in another replica: nobody is due any more.
    again = await engine(kind, clock).tick()
    assert (again.due, again.sent) == (0, 0)
    assert len(sender.sent) == 3


async def test_a_period_already_sent_is_never_sent_again(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    """The claim, not the schedule, guarantees once: with the chat put back to today's
    slot (as if its advance were lost), the sent claim stops a second send."""
    await kind.subscribe(7)
    await engine(kind, clock).tick()
    await kind.sends.move_due_many([(7, DUE)])
    report = (await engine(kind, clock).tick())[kind.name]
    assert (report.due, report.sent, report.not_claimed) == (1, 0, 1)
    assert sender.chats() == [7]
    due = await kind.next_due(7)
    assert due is not None and due > clock.now


async def test_a_flood_wait_makes_only_that_chat_wait_and_resend(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    await kind.subscribe(1, 2)
    sender.failures[1] = [FloodWait(3.0)]
    report = (await engine(kind, clock).tick())[kind.name]
    assert (report.sent, report.flood_waits, report.failed) == (2, 1, 0)
    assert clock.sleeps == [3.0]
    assert sender.attempts == Counter({1: 2, 2: 1})
    assert sender.chats().count(1) == 1
    assert await kind.status(1) == "sent"


async def test_a_migrated_group_gets_it_at_the_new_id(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    await kind.subscribe(-5)
    sender.failures[-5] = [Migrated(-1005)]
    report = (await engine(kind, clock).tick())[kind.name]
    assert (report.sent, report.migrated, report.failed) == (1, 1, 0)
    assert sender.chats() == [-1005]
    assert await kind.storage.subscriptions.get(-5) is None
    moved = await kind.storage.subscriptions.get(-1005)
    assert moved is not None and moved.active
    assert await kind.status(-1005) == "sent"
    assert await kind.status(-5) is None
    due = await kind.next_due(-1005)
    assert due is not None and due > clock.now


async def test_a_chat_gone_stops_its_subscription(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    await kind.subscribe(1, 2)
    sender.failures[1] = [ChatGone("Forbidden: bot was blocked by the user")]
    report = (await engine(kind, clock).tick())[kind.name]
    assert (report.sent, report.failed) == (1, 1)
    assert sender.chats() == [2]
    assert await kind.status(1) == "failed"
    gone = await kind.storage.subscriptions.get(1)
    assert gone is not None and not gone.active and gone.stopped_reason == "blocked"
    # Stopped means stopped: a week later nothing is tried there again.
    clock.now += dt.timedelta(days=7)
    await engine(kind, clock).tick()
    assert sender.attempts[1] == 1


async def test_a_message_rejected_for_good_is_recorded_once_and_the_chat_moves_on(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    await kind.subscribe(1)
    sender.failures[1] = [Rejected("Bad Request: message is too long")]
    report = (await engine(kind, clock).tick())[kind.name]
    assert (report.sent, report.failed, report.rejected) == (0, 1, 1)
    assert await kind.status(1) == "rejected"
    due = await kind.next_due(1)
    assert due is not None and due > clock.now
    for _ in range(3):  # later ticks that day: never tried again
        clock.now += LEASE * 2
        await engine(kind, clock).tick()
    assert sender.attempts[1] == 1
    sub = await kind.storage.subscriptions.get(1)
    assert sub is not None and sub.active


async def test_transient_errors_retry_with_backoff(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    await kind.subscribe(1)
    sender.failures[1] = [Transient("timed out"), Transient("502 Bad Gateway")]
    report = (await engine(kind, clock).tick())[kind.name]
    assert (report.sent, report.failed) == (1, 0)
    assert clock.sleeps == [1.0, 2.0]
    assert sender.attempts[1] == 3 and len(sender.sent) == 1
    assert await kind.status(1) == "sent"


async def test_transient_errors_give_up_at_the_end_of_the_grace_window(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    await kind.subscribe(1)
    sender.failures[1] = [Transient("network down") for _ in range(1000)]
    report = (await engine(kind, clock).tick())[kind.name]
    assert (report.sent, report.failed) == (0, 1)
    assert sender.sent == []
    assert clock.now <= DUE + GRACE  # never retried past the window
    assert max(clock.sleeps) == 60.0  # backoff is capped
    assert await kind.status(1) == "failed"
    sub = await kind.storage.subscriptions.get(1)
    assert sub is not None and sub.active
    due = await kind.next_due(1)
    assert due is not None and due > clock.now


async def test_a_send_that_crashes_every_time_is_given_up_after_the_attempt_cap(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    """A send that raises what no error class explains (as a process killed mid-send
    would leave it: claimed, not recorded) is tried again once its lease runs out, and
    at most ``MAX_ATTEMPTS`` times: then the period is recorded and the chat moves on."""
    await kind.subscribe(1, 2)
    sender.failures[1] = [RuntimeError("boom") for _ in range(100)]
    for _ in range(MAX_ATTEMPTS + 3):
        await engine(kind, clock).tick()
        clock.now += LEASE + dt.timedelta(seconds=1)
    assert sender.attempts[1] == MAX_ATTEMPTS
    assert await kind.status(1) == "rejected"
    assert sender.chats() == [2]
    due = await kind.next_due(1)
    assert due is not None and due > clock.now


async def test_a_wait_longer_than_the_lease_renews_it_so_no_replica_takes_over(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    await kind.subscribe(1)
    sender.failures[1] = [FloodWait(600.0)]  # five leases long
    taken: list[object] = []

    async def another_replica_tries() -> None:
        taken.append(await kind.sends.claim_one(
            1, kind.period, "other", clock.now + LEASE, clock.now, tip_id="x"))

    clock.during_sleep = another_replica_tries
    report = (await engine(kind, clock).tick())[kind.name]
    assert taken == [None]  # mid-wait, the claim is still held
    assert (report.sent, report.not_claimed) == (1, 0)
    assert sender.chats() == [1]
    assert await kind.status(1) == "sent"


async def test_claims_are_taken_in_batches_for_every_kind(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    """Forty chats due at once: a few claim statements, not one per chat."""
    chats = list(range(1, 41))
    await kind.subscribe(*chats)
    calls: list[int] = []
    claim_many = kind.sends.claim_many

    async def counting(wanted: Any, *args: Any) -> Any:
        calls.append(len(wanted))
        return await claim_many(wanted, *args)

    kind.sends.claim_many = counting  # type: ignore[method-assign]  # counts calls only
    report = (await engine(kind, clock).tick())[kind.name]
    assert report.sent == 40 and sorted(sender.chats()) == chats
    assert calls == [40]


async def test_a_send_held_by_the_limiter_for_most_of_its_lease_renews_it_first(
        kind: Kind, sender: InMemorySender, clock: Clock) -> None:
    """A long queue for the send budget (here: each wait takes 0.9 of a lease; two of
    them, before and after the group moved) must not let the claim run out before the
    send: another replica would send it again."""
    await kind.subscribe(-5)
    sender.failures[-5] = [Migrated(-1005)]
    taken: list[object] = []

    class SlowLimiter(SendLimiter):
        async def acquire(self, chat_id: int | None = None) -> None:
            assert chat_id is not None
            clock.now += LEASE * 0.9
            taken.append(await kind.sends.claim_one(
                chat_id, kind.period, "other", clock.now + LEASE, clock.now,
                tip_id="x"))

    report = (await engine(kind, clock, SlowLimiter(None)).tick())[kind.name]
    assert clock.now - DUE > LEASE * 1.8  # past the first lease, long ago
    assert taken == [None, None]  # the claim was still held at each wait's end
    assert (report.sent, report.not_claimed) == (1, 0)
    assert sender.chats() == [-1005]
    assert await kind.status(-1005) == "sent"
