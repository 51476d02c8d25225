"""A burst of updates, the bot killed with SIGKILL again and again, then restarted: was
every update answered, and which ones twice?

Real ``python -m bot run`` processes against the fake Bot API and a real database (a
SQLite file or PostgreSQL). Every update of the burst asks for exactly one message
(``/help``, ``/status``, ``/tip …``; at most one lookup per person, so none is replaced
by a later one). After each kill the fake server and the inbox are compared per chat:
answers beyond the updates the inbox had marked done were in flight at the kill (sent,
not yet recorded). Those, and only those, may be answered twice. Used by
``tests/inbox/test_crash.py`` and ``bench/inbox.py``.
"""

from __future__ import annotations

import asyncio
import random
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.storage import open_storage
from tests.support.crash import start
from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI
from tests.support.postgres import wipe_postgres

ASKS = ("/help", "/status", "/tip khách đổ lỗi")  # each answered with one message


@dataclass
class BurstRun:
    updates: int
    sent: Counter[int] = field(default_factory=Counter)  # chat → updates sent
    in_flight: list[int] = field(default_factory=list)  # per kill
    answers: Counter[int] = field(default_factory=Counter)  # chat → messages received
    exit_code: int | None = None
    output: str = ""

    @property
    def kills(self) -> int:
        return len(self.in_flight)

    @property
    def unanswered(self) -> int:
        return sum(max(0, n - self.answers[chat]) for chat, n in self.sent.items())

    @property
    def duplicates(self) -> int:
        return sum(max(0, self.answers[chat] - n) for chat, n in self.sent.items())


def burst(api: FakeBotAPI, chats: int, updates: int, rng: random.Random) -> Counter[int]:
    """``updates`` updates from ``chats`` private chats, interleaved; chat → how many."""
    ids = [100_000 + n for n in range(chats)]
    plan = [ids[n % chats] for n in range(updates)]
    rng.shuffle(plan)
    sent: Counter[int] = Counter()
    for chat in plan:
        api.send_text(chat, ASKS[sent[chat] % len(ASKS)])
        sent[chat] += 1
    return sent


async def done_by_chat(database: str) -> Counter[int]:
    storage = await open_storage(database)
    try:
        rows = await storage._fetchall(  # a test's look at the inbox, not the bot's API
            "SELECT lane, COUNT(*) FROM inbox WHERE status = 'done' GROUP BY lane")
        return Counter({int(r[0]): int(r[1]) for r in rows})
    finally:
        await storage.close()


async def waiting(database: str) -> int:
    storage = await open_storage(database)
    try:
        counts = await storage.inbox.counts()
        return counts.get("new", 0) + counts.get("working", 0)
    finally:
        await storage.close()


def answers(api: FakeBotAPI, chats: Counter[int]) -> Counter[int]:
    return Counter({chat: len(api.messages(chat)) for chat in chats})


def run(database: str, workdir: Path, *, chats: int = 200, updates: int = 500,
        kills: int = 3, rate: int = 30, seed: int | None = None) -> BurstRun:
    """Send the burst, kill the bot ``kills`` times at random moments while it answers,
    then let a last process finish and stop it with SIGTERM once nothing waits."""
    rng = random.Random(seed)
    if database.startswith("postgresql://"):
        asyncio.run(wipe_postgres(database))
    result = BurstRun(updates)
    with FakeBotAPI(token=DEFAULT_TOKEN) as api:
        result.sent = burst(api, chats, updates, rng)
        for k in range(kills):
            proc = start(api, database, workdir, rate)
            target = (k + 1) * updates // (kills + 1)
            try:
                api.wait_until_sync(
                    lambda t=target: sum(answers(api, result.sent).values()) >= t, timeout=90)
                time.sleep(rng.uniform(0, 1.0))  # a crash comes at any moment
            finally:
                proc.send_signal(signal.SIGKILL)
                proc.communicate(timeout=30)
            time.sleep(0.2)  # let the fake server finish what it was handling
            done = asyncio.run(done_by_chat(database))
            got = answers(api, result.sent)
            # Answered, not recorded done when the process died: in flight at the kill.
            result.in_flight.append(sum(max(0, got[c] - done[c]) for c in result.sent))
        last = start(api, database, workdir, rate)
        try:
            deadline = time.monotonic() + 120
            api.wait_until_sync(lambda: not api.pending_updates(), timeout=60)
            while asyncio.run(waiting(database)):
                assert time.monotonic() < deadline, "the burst was not finished"
                time.sleep(0.25)
        finally:
            last.send_signal(signal.SIGTERM)
            result.output, _ = last.communicate(timeout=30)
        result.exit_code = last.returncode
        result.answers = answers(api, result.sent)
    return result
