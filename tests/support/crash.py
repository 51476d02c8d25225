"""A broadcast killed with SIGKILL again and again, then finished: who got what.

Real ``python -m bot run`` processes against the fake Bot API and a real database
(a SQLite file or PostgreSQL). After each kill the database and the fake server are
compared: a chat whose daily message reached Telegram but whose claim is still only
``claimed`` was in flight at the kill (sent, not yet recorded). Those, and only those,
may be sent twice. The daily tip (``TIP``: ``deliveries``, its text), the daily quiz
(``QUIZ``: ``quiz_sends``, its poll) and the weekly digest (``DIGEST``: ``digest_sends``,
its text) are killed the same way. Used by ``tests/delivery/test_crash.py``,
``tests/delivery/test_quiz_crash.py``, ``tests/test_digest_crash.py`` and ``bench/crash.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import random
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus import load_corpus
from bot.quiz.polls import quizzable
from bot.storage import Storage, open_storage
from bot.strings import VI
from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI
from tests.support.postgres import wipe_postgres
from tests.support.processes import DrainedBot, run_bot
from tests.support.strings import shows

DAILY_MARK = "Nguyên tắc hôm nay"


@dataclass
class CrashRun:
    chats: int
    in_flight: list[set[int]] = field(default_factory=list)  # per kill
    counts: dict[int, int] = field(default_factory=dict)  # chat → daily messages received
    sent_rows: int = 0  # deliveries recorded as sent at the end
    exit_code: int | None = None
    output: str = ""

    @property
    def kills(self) -> int:
        return len(self.in_flight)

    @property
    def doubled(self) -> set[int]:
        return {chat for chat, n in self.counts.items() if n > 1}

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.counts.values() if n > 1)


@contextlib.asynccontextmanager
async def _subscribed(database: str, chats: int, *, tip_in: dt.timedelta,
                      since: dt.timedelta = dt.timedelta(0)
                      ) -> AsyncIterator[tuple[Storage, dt.datetime]]:
    """A fresh database with ``chats`` private chats subscribed at the minute before now
    (their next tip due ``tip_in`` after it, subscribed ``since`` before it); yields the
    storage and that minute."""
    if database.startswith("postgresql://"):
        await wipe_postgres(database)
    due = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
    storage = await open_storage(database)
    try:
        for chat_id in range(1, chats + 1):
            await storage.chats.record(chat_id, "private")
        await storage.subscriptions.start_many(
            [(chat_id, due.time(), "UTC", chat_id, due + tip_in)
             for chat_id in range(1, chats + 1)], now=due - since)
        yield storage, due
    finally:
        await storage.close()


async def _tip_sent(storage: Storage, chat_id: int, day: dt.date, tip_id: str) -> None:
    now = dt.datetime.now(dt.UTC)
    claim = await storage.tip_sends.claim(chat_id, day, tip_id, 0, "setup",
                                          now + dt.timedelta(minutes=1), now)
    assert claim is not None
    await storage.tip_sends.sent(claim, 10_000 + chat_id, now + dt.timedelta(days=1), now)


async def prepare(database: str, chats: int) -> None:
    """A fresh database with ``chats`` private chats due a minute ago."""
    async with _subscribed(database, chats, tip_in=dt.timedelta(0)):
        pass


async def prepare_quiz(database: str, chats: int) -> None:
    """A fresh database with ``chats`` private chats whose daily quiz was due a minute
    ago: each got a tip yesterday (what the quiz asks about) and its next tip is not due
    before tomorrow, so only the quiz goes out."""
    tips = sorted(t.id for t in load_corpus(check_sources=False).tips if quizzable(t))
    async with _subscribed(database, chats, tip_in=dt.timedelta(days=1),
                           since=dt.timedelta(days=2)) as (storage, due):
        for chat_id in range(1, chats + 1):
            await _tip_sent(storage, chat_id, due.date() - dt.timedelta(days=1),
                            tips[chat_id % len(tips)])
            # Set before today's slot, as a team would have the day before.
            await storage.quiz_settings.set_daily(chat_id, due.time(), due,
                                                  due - dt.timedelta(hours=1))


async def prepare_digest(database: str, chats: int) -> None:
    """A fresh database with ``chats`` private chats whose weekly digest was due a minute
    ago (today's weekday, that time), each with last week's tips to list; their next
    daily tip is not due before tomorrow, so only the digest goes out."""
    tips = sorted(t.id for t in load_corpus(check_sources=False).tips)
    async with _subscribed(database, chats, tip_in=dt.timedelta(days=1),
                           since=dt.timedelta(days=8)) as (storage, due):
        for chat_id in range(1, chats + 1):
            for back in (2, 3):  # two tips last week
                await _tip_sent(storage, chat_id, due.date() - dt.timedelta(days=back),
                                tips[(chat_id + back) % len(tips)])
            await storage.subscriptions.set_digest(chat_id, due.weekday(), due.time(), due)


async def statuses(database: str, table: str = "deliveries") -> dict[str, set[int]]:
    storage = await open_storage(database)
    try:
        columns, rows = await storage.table_rows(table)
    finally:
        await storage.close()
    found: dict[str, set[int]] = {}
    chat, status = columns.index("chat_id"), columns.index("status")
    for row in rows:
        found.setdefault(row[status], set()).add(int(row[chat]))
    return found


def daily_counts(api: FakeBotAPI) -> dict[int, int]:
    counts: dict[int, int] = {}
    for call in api.calls("sendMessage", ok=True):
        if DAILY_MARK in str(call.params.get("text", "")):
            chat = int(call.chat_id)  # type: ignore[arg-type]
            counts[chat] = counts.get(chat, 0) + 1
    return counts


def quiz_counts(api: FakeBotAPI) -> dict[int, int]:
    counts: dict[int, int] = {}
    for call in api.calls("sendPoll", ok=True):
        chat = int(call.chat_id)  # type: ignore[arg-type]
        counts[chat] = counts.get(chat, 0) + 1
    return counts


def digest_counts(api: FakeBotAPI) -> dict[int, int]:
    counts: dict[int, int] = {}
    for call in api.calls("sendMessage", ok=True):
        if shows(str(call.params.get("text", "")), VI.digest_header):
            chat = int(call.chat_id)  # type: ignore[arg-type]
            counts[chat] = counts.get(chat, 0) + 1
    return counts


@dataclass(frozen=True)
class Broadcast:
    """What is sent: how to set it up, the table of its claims, how to count it."""
    prepare: Callable[[str, int], Awaitable[None]]
    table: str
    count: Callable[[FakeBotAPI], dict[int, int]]


TIP = Broadcast(prepare, "deliveries", daily_counts)
QUIZ = Broadcast(prepare_quiz, "quiz_sends", quiz_counts)
DIGEST = Broadcast(prepare_digest, "digest_sends", digest_counts)
KINDS = {"tip": TIP, "quiz": QUIZ, "digest": DIGEST}


def start(api: FakeBotAPI, database: str, workdir: Path, rate: int) -> DrainedBot:
    where = {"BOT_DB_URL" if database.startswith("postgresql://") else "BOT_DB_PATH": database}
    return run_bot(api, workdir, BOT_TICK_SECONDS="0.5", BOT_MAX_MESSAGES_PER_SECOND=str(rate),
                   BOT_CLAIM_LEASE_SECONDS="2", **where)


def run(database: str, workdir: Path, *, chats: int = 300, kills: int = 3,
        rate: int = 40, seed: int | None = None, what: Broadcast = TIP) -> CrashRun:
    """Kill the bot ``kills`` times, at a random moment after each evenly spaced point of
    the broadcast (``what``: the daily tip, the daily quiz or the weekly digest), then let
    a last process finish it and stop it with SIGTERM once every delivery is recorded."""
    rng = random.Random(seed)
    asyncio.run(what.prepare(database, chats))
    count = what.count
    result = CrashRun(chats)
    with FakeBotAPI(token=DEFAULT_TOKEN) as api:
        for k in range(kills):
            before = count(api)
            proc = start(api, database, workdir, rate)
            target = (k + 1) * chats // (kills + 1)
            try:
                api.wait_until_sync(lambda t=target: len(count(api)) >= t, timeout=90)
                # A crash comes at any moment, not just as a message arrives at Telegram.
                time.sleep(rng.uniform(0, 1.0))
            finally:
                proc.send_signal(signal.SIGKILL)
                proc.communicate(timeout=30)
            time.sleep(0.2)  # let the fake server finish what it was handling
            after = count(api)
            sent_now = {chat for chat, n in after.items() if n > before.get(chat, 0)}
            claimed = asyncio.run(statuses(database, what.table)).get("claimed", set())
            # Sent by this process, not recorded when it died: in flight at the kill.
            result.in_flight.append(sent_now & claimed)
        last = start(api, database, workdir, rate)
        try:
            deadline = time.monotonic() + 120
            # Done when the database says so, not when every chat has a message: a message
            # sent just before a kill is there already, its delivery not yet recorded.
            while len(asyncio.run(statuses(database, what.table)).get("sent", set())) < chats:
                assert time.monotonic() < deadline, "the broadcast did not finish"
                time.sleep(0.25)
        finally:
            last.send_signal(signal.SIGTERM)
            result.output, _ = last.communicate(timeout=30)
        result.exit_code = last.returncode
        result.counts = count(api)
    result.sent_rows = len(asyncio.run(statuses(database, what.table)).get("sent", set()))
    return result
