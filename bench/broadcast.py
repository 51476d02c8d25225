"""Daily-tip broadcast benchmarks against a local fake Bot API server.

(a) 1,000 chats due at the same minute with the limit at 25/s: the achieved rate as a
    fraction of the limit, nothing lost, nothing doubled.
(r) 400 chats at 25/s from the tick's first second: messages sent in each second since
    the tick began (the start-up included), and the whole run's rate.
(b) 10,000 chats with the limiter off: sends per second, the bot's own overhead.
(c) The due query with 100,000 subscriptions, and the process's peak memory.

The fake server runs as its own process (as Telegram would be), the bot side is the
real delivery engine with the daily tip's push, the real Telegram sender and a real
SQLite file.
Run: python bench/broadcast.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import Settings  # noqa: E402
from bot.corpus import Tip, load_corpus  # noqa: E402
from bot.delivery.engine import Engine  # noqa: E402
from bot.delivery.tips import TipPush  # noqa: E402
from bot.search import build_index  # noqa: E402
from bot.storage import Storage  # noqa: E402
from bot.telegram.app import started  # noqa: E402
from bot.telegram.context import services_of  # noqa: E402
from bot.telegram.sender import TelegramSender  # noqa: E402
from tests.support.fake_bot_api import ControlClient  # noqa: E402
from tests.support.processes import start_fake_api  # noqa: E402

TOKEN = "123456789:AAFakeTokenForBenchmarks_x"


async def subscribe(storage: Storage, count: int, due: dt.datetime) -> None:
    """Insert ``count`` subscriptions due at ``due``, in one transaction (fast set-up)."""
    await storage.subscriptions.start_many([(chat_id, due.time(), "UTC", chat_id, due)
                                            for chat_id in range(1, count + 1)])


class TimedSender(TelegramSender):
    """The real sender, noting when each send completed (seconds since ``started``)."""

    started = 0.0
    done: list[float]

    async def send_daily(self, chat_id: int, tip: Tip, language: str) -> int:
        message_id = await super().send_daily(chat_id, tip, language)
        self.done.append(time.perf_counter() - self.started)
        return message_id


async def broadcast(base_url: str, chats: int, limit: int | None) -> dict[str, Any]:
    control = ControlClient(base_url.removesuffix("/bot"))
    control.reset()
    corpus = load_corpus(check_sources=False)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(token=TOKEN, api_base_url=base_url, db_path=Path(tmp) / "b.sqlite3",
                            tick_seconds=0, max_messages_per_second=limit or 0)
        async with started(settings, corpus, build_index(corpus)) as app:
            services = services_of(app)
            now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
            await subscribe(services.storage, chats, now)
            sender = TimedSender(app.bot, services.replies)
            sender.done = []
            broadcaster = Engine(services.storage,
                                 [TipPush(services.storage, corpus, sender)], services.limiter,
                                 concurrency=100 if limit is None else 64)
            begun = sender.started = time.perf_counter()
            report = await broadcaster.tick()
            elapsed = time.perf_counter() - begun
    stats = control.stats()
    per_second = stats["send_message"]["per_second"]
    sends = stats["send_message"]["total"]
    duplicates = stats["send_message"]["duplicate_count"]
    distinct = stats["send_message"]["chats"]
    # Rate at the receiving end: whole seconds only (the first and last may be partial).
    full = per_second[1:-1] if len(per_second) > 2 else per_second
    return {"chats": chats, "sent": report.sent, "received": sends, "duplicates": duplicates,
            "lost": chats - distinct,
            "seconds": elapsed, "rate": report.sent / elapsed,
            "steady_rate": statistics.mean(full) if full else 0.0,
            "max_in_a_second": max(per_second) if per_second else 0,
            "from_start": [sum(1 for t in sender.done if s <= t < s + 1)
                           for s in range(int(max(sender.done, default=0)) + 1)],
            "until_last": max(sender.done, default=0.0)}


async def due_query(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        storage = await Storage.open(Path(tmp) / "b.sqlite3")
        try:
            base = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
            await storage.subscriptions.start_many([
                (chat_id, dt.time(8), "UTC", chat_id,
                 base + dt.timedelta(seconds=(chat_id * 7919) % 86400))
                for chat_id in range(1, count + 1)])
            timings = []
            for minute in range(0, 24 * 60, 12):
                now = base + dt.timedelta(minutes=minute)
                t0 = time.perf_counter()
                await storage.subscriptions.due(now, limit=500)
                timings.append((time.perf_counter() - t0) * 1000)
        finally:
            await storage.close()
    timings.sort()
    return {"median_ms": statistics.median(timings),
            "p99_ms": timings[int(len(timings) * 0.99) - 1], "max_ms": timings[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args()
    limited_chats, unlimited_chats, due_count = (100, 1000, 10_000) if args.quick else (
        1000, 10_000, 100_000)
    proc, base_url = start_fake_api(TOKEN)
    try:
        r = asyncio.run(broadcast(base_url, 400, 25))
        a = asyncio.run(broadcast(base_url, limited_chats, 25))
        b = asyncio.run(broadcast(base_url, unlimited_chats, None))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    c = asyncio.run(due_query(due_count))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("| benchmark | measured | target |")
    print("|---|---|---|")
    print(f"| (a) {a['chats']:,} chats due at once, limit 25/s: achieved rate | "
          f"{a['steady_rate']:.1f}/s steady ({a['steady_rate'] / 25:.2f} of the limit), "
          f"{a['rate']:.1f}/s over the whole run, at most {a['max_in_a_second']} in any "
          f"second | ≥ 0.95 of the limit |")
    first = ", ".join(str(n) for n in r["from_start"][:5])
    print(f"| (r) 400 chats at 25/s from the tick's first second | {first} in its first five "
          f"seconds ({r['from_start'][0] / 25:.2f} of the limit in the first); "
          f"{r['sent'] / r['until_last'] / 25:.2f} of the limit over the whole run, the "
          f"start-up included; {r['lost']} lost, {r['duplicates']} doubled | ≥ 0.95 from the "
          f"first second |")
    print(f"| (a) lost / doubled | {a['lost']} lost, "
          f"{a['duplicates']} doubled ({a['received']} received) | 0 / 0 |")
    print(f"| (b) {b['chats']:,} chats, limiter off: sends per second | {b['rate']:.0f}/s "
          f"({b['seconds']:.1f} s; {b['duplicates']} doubled, "
          f"{b['lost']} lost) | ≥ 1,200/s |")
    print(f"| (c) due query, {due_count:,} subscriptions | median {c['median_ms']:.2f} ms, "
          f"p99 {c['p99_ms']:.2f} ms | ≤ 20 ms |")
    print(f"| (c) peak memory of the benchmark process | {peak_mb:.0f} MB | ≤ 120 MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
