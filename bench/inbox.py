"""The durable inbox under load: throughput, a flood beside a flood wait, kills mid-burst.

Real ``python -m bot run`` processes against the fake Bot API (in this process) and a
real database; PostgreSQL runs when BOT_TEST_POSTGRES_URL names a database it may wipe.

1. Throughput. The inbox itself, in this process: a burst stored in batches of 100
   (as polling takes them) over 1,000 chats, each update run by a handler that does
   nothing and marked done, alone (polling, SQLite) and as one of several replicas
   (lane claims, PostgreSQL). Then the whole bot, sending unlimited: a burst from many
   private chats (``/help``, ``/status``, lookups), all queued at Telegram at once:
   updates per second taken in (stored and confirmed) and handled (every answer at
   Telegram). Medians of ``--runs``.
2. One chat floods 300 updates of mixed kinds (commands, lookups, button presses) while
   another chat's replies get a 60 s flood wait (429 retry_after=60), then 100 other
   chats each ask once: the slowest of their answers, sending unlimited and with the
   budget on at 30 a second (100 answers then take 3.3 s at least).
3. SIGKILL at random points of a burst of 500 updates from 200 chats, restart: updates
   unanswered, answered twice, and in flight at the kills.

Run: python bench/inbox.py [--updates 3000] [--runs 3] [--kills 12]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.inbox.engine import Inbox  # noqa: E402
from bot.models import InboxItem  # noqa: E402
from bot.storage import open_storage  # noqa: E402
from tests.support import inbox_crash  # noqa: E402
from tests.support.crash import start  # noqa: E402
from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotAPI  # noqa: E402
from tests.support.postgres import wipe_postgres  # noqa: E402

ASKS = ("/help", "/status", "/tip khách đổ lỗi", "giữ chân khách hàng")
FLOODER, HELD = 900_001, 900_002


def backends(tmp: Path) -> list[tuple[str, str]]:
    found = [("SQLite", str(tmp / "bench.sqlite3"))]
    if os.environ.get("BOT_TEST_POSTGRES_URL"):
        found.append(("PostgreSQL", os.environ["BOT_TEST_POSTGRES_URL"]))
    return found


def fresh(database: str) -> None:
    if database.startswith("postgresql://"):
        asyncio.run(wipe_postgres(database))
    elif Path(database).exists():
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)


def ready(api: FakeBotAPI) -> None:
    api.wait_until_sync(lambda: api.commands(language_code="en"), timeout=60)


async def engine(database: str, updates: int, *, sole: bool) -> tuple[float, float]:
    """The inbox alone (on a fresh database): updates per second stored, and stored and
    handled."""
    storage = await open_storage(database)

    async def nothing(item: InboxItem) -> None:
        return None

    inbox = Inbox(storage, nothing)
    await inbox.start(sole=sole)
    items = [InboxItem(n + 1, 1_000 + n % 1_000, 1_000 + n % 1_000, "other",
                       json.dumps({"update_id": n + 1})) for n in range(updates)]
    try:
        began = time.perf_counter()
        for start_at in range(0, updates, 100):
            await inbox.take(items[start_at:start_at + 100])
        taken = time.perf_counter() - began
        await inbox.drain(120)
        handled = time.perf_counter() - began
    finally:
        await inbox.close(1.0)
        await storage.close()
    return updates / taken, updates / handled


def throughput(database: str, workdir: Path, updates: int) -> tuple[float, float]:
    """Updates per second taken in and handled, one burst from ``updates // 3`` chats."""
    fresh(database)
    chats = [500_000 + n for n in range(max(1, updates // 3))]
    with FakeBotAPI(token=DEFAULT_TOKEN) as api:
        proc = start(api, database, workdir, 0)
        try:
            ready(api)
            time.sleep(0.5)
            for n in range(updates):  # one ask of each kind per chat, none replaced
                api.send_text(chats[n % len(chats)], ASKS[(n // len(chats)) % len(ASKS)])
            began = time.perf_counter()
            while api.pending_updates():
                time.sleep(0.01)
            taken = time.perf_counter() - began
            while len(api.calls("sendMessage", ok=True)) < updates:
                time.sleep(0.05)  # a light look: the fake serves the bot meanwhile
            handled = time.perf_counter() - began
        finally:
            proc.terminate()
            proc.communicate(timeout=30)
    return updates / taken, updates / handled


def flood_beside_a_flood_wait(database: str, workdir: Path,
                              rate: int) -> tuple[float, int, int]:
    """The slowest answer of 100 chats asking while one floods and one waits 60 s;
    with the flooder's answers and the updates dropped from it."""
    fresh(database)
    others = [700_000 + n for n in range(100)]
    with FakeBotAPI(token=DEFAULT_TOKEN) as api:
        proc = start(api, database, workdir, rate)
        try:
            ready(api)
            api.send_text(HELD, "/help")  # a first answer, with buttons to press later
            api.wait_until_sync(lambda: api.messages(HELD), timeout=30)
            api.send_text(FLOODER, "/help")
            api.wait_until_sync(lambda: api.messages(FLOODER), timeout=30)
            api.fail("sendMessage", chat_id=HELD, kind="retry_after", retry_after=60,
                     times=None)
            api.send_text(HELD, "/status")  # its reply meets the flood wait
            first = api.messages(FLOODER)[0].message_id
            for n in range(300):  # mixed: commands, lookups, button presses, text
                kind = n % 4
                if kind == 0:
                    api.send_text(FLOODER, "/help")
                elif kind == 1:
                    api.send_text(FLOODER, "/tip giữ chân khách hàng")
                elif kind == 2:
                    api.press_button(FLOODER, first, "rand")
                else:
                    api.send_text(FLOODER, "thái độ phục vụ")
            began = time.perf_counter()
            for chat in others:
                api.send_text(chat, "/tip")
            api.wait_until_sync(lambda: all(api.messages(c) for c in others), timeout=120)
            slowest = time.perf_counter() - began
            time.sleep(2.0)
            answered = len(api.messages(FLOODER))
        finally:
            proc.terminate()
            proc.communicate(timeout=30)
    return slowest, answered, asyncio.run(dropped(database))


async def dropped(database: str) -> int:
    storage = await open_storage(database)
    try:
        return (await storage.inbox.counts()).get("dropped", 0)
    finally:
        await storage.close()


def kills(database: str, workdir: Path, total: int) -> tuple[int, int, int, int]:
    done = unanswered = duplicates = in_flight = 0
    seed = 0
    while done < total:
        fresh(database)
        result = inbox_crash.run(database, workdir, kills=min(3, total - done), seed=seed)
        assert result.exit_code == 0, result.output
        done += result.kills
        unanswered += result.unanswered
        duplicates += result.duplicates
        in_flight += sum(result.in_flight)
        seed += 1
    return done, unanswered, duplicates, in_flight


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--only", choices=("throughput", "flood", "kills"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name, database in backends(workdir):
            if args.only in (None, "throughput"):
                modes = [("alone", True)] + ([("replicas", False)]
                                             if database.startswith("postgresql") else [])
                for mode, sole in modes:
                    runs = []
                    for _ in range(args.runs):
                        fresh(database)
                        runs.append(asyncio.run(engine(database, args.updates, sole=sole)))
                    print(f"{name}: the inbox ({mode}), {args.updates} updates: taken in "
                          f"{statistics.median(r[0] for r in runs):,.0f}/s, handled "
                          f"{statistics.median(r[1] for r in runs):,.0f}/s", flush=True)
                runs = [throughput(database, workdir, args.updates) for _ in range(args.runs)]
                taken = statistics.median(r[0] for r in runs)
                handled = statistics.median(r[1] for r in runs)
                print(f"{name}: the whole bot, {args.updates} updates: taken in {taken:,.0f}/s, "
                      f"handled {handled:,.0f}/s (median of {args.runs})", flush=True)
            for rate in ((0, 30) if args.only in (None, "flood") else ()):
                slowest, answered, dropped_ = flood_beside_a_flood_wait(database, workdir, rate)
                budget = f"budget {rate}/s" if rate else "sending unlimited"
                print(f"{name}: flood of 300 + a 60 s flood wait ({budget}): 100 other chats "
                      f"answered "
                      f"within {slowest:.2f} s; the flooder got {answered} answers, "
                      f"{dropped_} of its updates dropped or replaced",
                      flush=True)
            if args.only in (None, "kills"):
                done, unanswered, duplicates, in_flight = kills(database, workdir, args.kills)
                print(f"{name}: {done} kills in bursts of 500 updates from 200 chats: "
                      f"{unanswered} unanswered, {duplicates} answered twice "
                      f"({duplicates / done:.2f} per kill), {in_flight} in flight at the kills",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
