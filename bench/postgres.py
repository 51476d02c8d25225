"""PostgreSQL benchmarks: the due query and claim throughput with 100,000 subscriptions,
and a two-replica broadcast measured at a local fake Bot API server.

Needs a database it may wipe: BOT_BENCH_POSTGRES_URL (or BOT_TEST_POSTGRES_URL).
Run: python bench/postgres.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage import Storage  # noqa: E402
from tests.support.fake_bot_api import ControlClient  # noqa: E402
from tests.support.postgres import wipe_postgres  # noqa: E402
from tests.support.processes import bot_env, free_port, start_bot, start_fake_api  # noqa: E402

TOKEN = "123456789:AAFakeTokenForBenchmarks_x"
URL = os.environ.get("BOT_BENCH_POSTGRES_URL") or os.environ.get("BOT_TEST_POSTGRES_URL", "")


async def fill(storage: Storage, count: int, due: dt.datetime, spread: bool) -> None:
    items = []
    for chat in range(1, count + 1):
        moment = due + dt.timedelta(seconds=(chat * 7919) % 86400) if spread else due
        items.append((chat, moment.time(), "UTC", chat, moment))
    await storage.subscriptions.start_many(items)


async def due_and_claims(count: int) -> dict[str, float]:
    await wipe_postgres(URL)
    storage = await Storage.open(URL)
    try:
        base = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
        await fill(storage, count, base, spread=True)
        await storage.analyze()
        timings = []
        for minute in range(0, 24 * 60, 12):
            t0 = time.perf_counter()
            await storage.subscriptions.due(base + dt.timedelta(minutes=minute), limit=500)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        day = dt.date(2026, 11, 23)
        wanted = [(chat, day, "dh01", 0) for chat in range(1, count + 1)]
        lease = base + dt.timedelta(minutes=2)
        t0 = time.perf_counter()
        claimed = 0
        for start in range(0, len(wanted), 500):
            won, _ = await storage.tip_sends.claim_many(wanted[start : start + 500], "bench",
                                               lease, base)
            claimed += len(won)
            await storage.tip_sends.sent_many([(c, 1, lease) for c in won], base)
        elapsed = time.perf_counter() - t0
    finally:
        await storage.close()
    return {"median": statistics.median(timings), "p99": timings[int(len(timings) * .99) - 1],
            "claims_per_s": claimed / elapsed, "claimed": claimed}


def two_replicas(chats: int, limit: int) -> dict[str, float]:
    asyncio.run(wipe_postgres(URL))

    async def prepare() -> None:
        storage = await Storage.open(URL)
        try:
            now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
            await fill(storage, chats, now - dt.timedelta(minutes=1), spread=False)
        finally:
            await storage.close()

    asyncio.run(prepare())
    fake, base_url = start_fake_api(TOKEN)
    control = ControlClient(base_url.removesuffix("/bot"))
    replicas = []
    try:
        for name in ("a", "b"):
            env = bot_env(base_url, token=TOKEN, BOT_DB_URL=URL, BOT_REPLICAS="2",
                          BOT_MAX_MESSAGES_PER_SECOND=str(limit), BOT_TICK_SECONDS="1",
                          WEBHOOK_URL=f"https://bot.example.com/{name}",
                          WEBHOOK_SECRET="bench-secret-0123456789abcdef",
                          WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(free_port()),
                          LOG_LEVEL="WARNING")
            replicas.append(start_bot(ROOT, env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + chats / limit * 3 + 60
        while time.monotonic() < deadline:
            if control.stats()["send_message"]["chats"] >= chats:
                break
            time.sleep(0.5)
        time.sleep(2)
        stats = control.stats()["send_message"]
        times = sorted(c["time"] for c in control.calls(method="sendMessage") if c["ok"])
    finally:
        for proc in replicas:
            proc.send_signal(signal.SIGTERM)
        for proc in replicas:
            proc.wait(timeout=30)
        fake.terminate()
        fake.wait(timeout=10)
    per_second = stats["per_second"]
    steady = per_second[1:-1] if len(per_second) > 2 else per_second
    window_max, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        window_max = max(window_max, end - start + 1)
    return {"chats": stats["chats"], "total": stats["total"],
            "duplicates": stats["duplicate_count"],
            "steady": statistics.mean(steady) if steady else 0.0, "max_window": window_max,
            "overall": len(times) / (times[-1] - times[0]) if len(times) > 1 else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if not URL:
        print("Set BOT_BENCH_POSTGRES_URL=postgresql://USER:PASSWORD@HOST:5432/DB "
              "(a database it may wipe).", file=sys.stderr)
        return 2
    count, chats = (10_000, 200) if args.quick else (100_000, 1000)
    d = asyncio.run(due_and_claims(count))
    r = two_replicas(chats, 25)
    print("| benchmark (PostgreSQL 15, 2 cores) | measured |")
    print("|---|---|")
    print(f"| due query, {count:,} subscriptions (LIMIT 500) | median {d['median']:.2f} ms, "
          f"p99 {d['p99']:.2f} ms |")
    print(f"| claim + record throughput, batches of 500 | {d['claims_per_s']:,.0f} chats/s "
          f"({d['claimed']:,} claimed) |")
    print(f"| two replicas, {chats:,} chats at a limit of 25/s | {r['steady']:.1f}/s steady "
          f"({r['steady'] / 25:.2f} of the limit), at most {r['max_window']} in any second; "
          f"{chats - r['chats']} lost, {r['duplicates']} doubled |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
