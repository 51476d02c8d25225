"""The dashboard's API with 300 teams: what a lead opening the page, and changing a tip,
waits for on the server; and what the page weighs on first load.

300 teams in one database, each with a daily-tip subscription, a daily quiz answered by
20 people for 8 weeks (the chart's span), 20 own tips and 5 unanswered questions. The
API runs as the bot runs it (the aiohttp application ``bot.dashboard.api`` builds,
initData signed and checked, the team token checked), over HTTP on this machine. Only
Telegram is left out: the gate that asks ``getChatMember`` answers at once (the bot
keeps a reader's answer a minute; a change asks Telegram, a round trip this benchmark
cannot speak for). Requests go to teams in random order, one at a time (with the CPU
time this process spent per request: the server's work, the client's and SQLite's, not
PostgreSQL's), then 8 at a time (one event loop: what they wait is mostly each other).
The chart's image is /stats' (``bench/charts.py`` times its drawing); here only what a
cached image costs to serve.

First load: the page's three files and the admin's ``/api/team`` answer for a full team,
as sent (no compression: aiohttp does not compress; a reverse proxy may) and gzipped.
The chart's PNG (the page's lighter copy) is fetched once the rest is shown; it is
counted apart and in the whole.

Run: python bench/dashboard.py [--quick]  (SQLite; BOT_BENCH_POSTGRES_URL or
BOT_TEST_POSTGRES_URL, a database it may wipe, adds PostgreSQL)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gzip
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402
from aiohttp.test_utils import TestClient, TestServer  # noqa: E402

from bot.corpus import load_corpus  # noqa: E402
from bot.dashboard import api  # noqa: E402
from bot.dashboard.auth import TeamTokens, derive_key  # noqa: E402
from bot.dashboard.team import Backend  # noqa: E402
from bot.services.charts import Charts  # noqa: E402
from bot.services.quizzes import Quizzes  # noqa: E402
from bot.services.subscriptions import Subscriptions  # noqa: E402
from bot.storage import Storage  # noqa: E402
from bot.strings import VI  # noqa: E402
from tests.support.postgres import wipe_postgres  # noqa: E402
from tests.support.quiz_history import write_history  # noqa: E402
from tests.support.webapp import headers  # noqa: E402

URL = os.environ.get("BOT_BENCH_POSTGRES_URL") or os.environ.get("BOT_TEST_POSTGRES_URL", "")
TOKEN = "123456:" + "B" * 35
NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
PEOPLE, DAYS, TIPS, MISSES = 20, 56, 20, 5


class Admins:
    """The gate without Telegram: everyone is an admin of every team, at once."""

    async def role(self, chat_id: int, user_id: int, *, fresh: bool) -> api.Role | None:
        return "admin"


def chat_of(n: int) -> int:
    return -1_001_000_000 - n


async def fill(storage: Storage, teams: int, seed_tips: list[str]) -> int:
    rng = random.Random(22)
    subs = Subscriptions(storage, default_timezone="Asia/Ho_Chi_Minh", clock=lambda: NOW)
    written = 0
    for n in range(teams):
        chat = chat_of(n)
        await subs.subscribe(chat, ["8h30", "t2-t6"], VI)
        await storage.team_tips.add_many(chat, [
            _Tip(f"Nguyên tắc {k} của nhóm {n}", f"Nội dung mẹo {k}: " + "lắng nghe " * 30)
            for k in range(TIPS)], None)
        for k in range(MISSES):
            for _ in range(k + 1):
                await storage.misses.record(chat, f"câu hỏi {k} chưa có mẹo", f"cau hoi {k}", NOW)
        polls, answers = [], []
        for d in range(DAYS):
            day = NOW.date() - dt.timedelta(days=DAYS - 1 - d)
            moment = dt.datetime.combine(day, dt.time(9), dt.UTC)
            poll = f"b{n}-{d}"
            polls.append((poll, chat, seed_tips[d % len(seed_tips)], "a,b,c", 0,
                          day.isoformat(), d, 0, 1, moment.isoformat()))
            for user in range(1, PEOPLE + 1):
                if rng.random() < 0.8:
                    right = rng.random() < 0.7
                    answers.append((poll, chat, user, f"Nhân viên {user}", 0 if right else 1,
                                    int(right), moment.isoformat()))
        await write_history(storage, chat, polls, answers)
        written += len(answers)
    return written


class _Tip:
    def __init__(self, principle: str, passage: str) -> None:
        self.principle, self.passage, self.source, self.short = principle, passage, "", ""
        self.situations: tuple[str, ...] = ()


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


async def measure(target: str, teams: int, rounds: int) -> dict[str, float]:
    if target == URL:
        await wipe_postgres(URL)
    storage = await Storage.open(target)
    corpus = load_corpus(ROOT / "seeds")
    try:
        answers = await fill(storage, teams, [t.id for t in corpus.tips[:40]])
        await storage.analyze()
        backend = Backend(storage, corpus,
                          Quizzes(storage, corpus, default_timezone="UTC", clock=lambda: NOW),
                          Charts(storage, corpus),
                          Subscriptions(storage, default_timezone="UTC",
                                        topics=[t.id for t in corpus.topics], clock=lambda: NOW))
        teams_signer = TeamTokens(derive_key(TOKEN, "team"))
        dash = api.Dashboard(backend, Admins(), bot_token=TOKEN, teams=teams_signer,
                             buckets=api.Buckets(burst=10**9, rate=10**9))
        site = web.Application()
        api.mount(site, dash)
        out: dict[str, float] = {"answers": answers}
        async with TestClient(TestServer(site)) as client:
            signed = {n: headers(TOKEN, 1000 + n, teams_signer.sign(chat_of(n)))
                      for n in range(teams)}

            async def get(n: int) -> float:
                t0 = time.perf_counter()
                response = await client.get("/app/api/team", headers=signed[n])
                await response.read()
                assert response.status == 200, await response.text()
                return time.perf_counter() - t0

            order = [n for _ in range(rounds) for n in range(teams)]
            random.Random(1).shuffle(order)
            await get(0)
            cpu0 = time.process_time()
            reads = [await get(n) for n in order]
            out["read_cpu"] = (time.process_time() - cpu0) / len(order)
            out["read_median"], out["read_p99"] = statistics.median(reads), p99(reads)
            busy: list[float] = []
            for start in range(0, len(order), 8):
                busy += await asyncio.gather(*(get(n) for n in order[start:start + 8]))
            out["busy_median"], out["busy_p99"] = statistics.median(busy), p99(busy)
            writes = []
            for n in order[:teams]:
                number = (await storage.team_tips.of_chat(chat_of(n)))[0].id
                t0 = time.perf_counter()
                response = await client.put(
                    f"/app/api/tips/{number}", headers=signed[n],
                    json={"principle": f"Nguyên tắc đã sửa {time.perf_counter()}",
                          "passage": "Nội dung đã sửa.", "source": "", "short": ""})
                await response.read()
                assert response.status == 200, await response.text()
                writes.append(time.perf_counter() - t0)
            out["write_median"], out["write_p99"] = statistics.median(writes), p99(writes)
            # first load, for the first team: the page's files and the admin's data
            sizes = {}
            for path in ("/app/", "/app/app.js", "/app/app.css"):
                sizes[path] = await (await client.get(path)).read()
            sizes["/app/api/team"] = await (await client.get("/app/api/team",
                                                             headers=signed[0])).read()
            out["first_load"] = sum(len(b) for b in sizes.values())
            out["first_load_gzip"] = sum(len(gzip.compress(b)) for b in sizes.values())
            out["team_json"] = len(sizes["/app/api/team"])
            png = await (await client.get("/app/api/chart.png", headers=signed[0])).read()
            out["chart_png"] = len(png)
            charts = []
            for _ in range(20):  # cached: the figures have not changed
                t0 = time.perf_counter()
                await (await client.get("/app/api/chart.png", headers=signed[0])).read()
                charts.append(time.perf_counter() - t0)
            out["chart_cached_median"] = statistics.median(charts)
        return out
    finally:
        await storage.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 teams, one round")
    args = parser.parse_args()
    teams, rounds = (30, 1) if args.quick else (300, 3)
    ms = 1000
    print(f"| dashboard API, {teams} teams × {PEOPLE} people × {DAYS} days | answers "
          "| GET /api/team median / p99 | CPU per GET | 8 at a time median / p99 "
          "| PUT tip median / p99 | cached chart | target |")
    print("|---|---|---|---|---|---|---|---|")
    targets = [("SQLite", None)] + ([("PostgreSQL", URL)] if URL else [])
    load = None
    for name, url in targets:
        with tempfile.TemporaryDirectory() as tmp:
            r = asyncio.run(measure(url or str(Path(tmp) / "bench.sqlite3"), teams, rounds))
        load = load or r
        print(f"| {name} | {int(r['answers']):,} | {r['read_median'] * ms:.1f} / "
              f"{r['read_p99'] * ms:.1f} ms | {r['read_cpu'] * ms:.1f} ms "
              f"| {r['busy_median'] * ms:.1f} / "
              f"{r['busy_p99'] * ms:.1f} ms | {r['write_median'] * ms:.1f} / "
              f"{r['write_p99'] * ms:.1f} ms | {r['chart_cached_median'] * ms:.1f} ms "
              f"| p99 ≤ 50 ms |")
    assert load is not None
    print()
    print("| first load | bytes | gzipped | target |")
    print("|---|---|---|---|")
    print(f"| page (HTML, JS, CSS) + /api/team ({int(load['team_json']):,} bytes) "
          f"| {int(load['first_load']):,} | {int(load['first_load_gzip']):,} | ≤ 150,000 |")
    print(f"| the chart's PNG, fetched once the rest is shown | {int(load['chart_png']):,} "
          "| – | – |")
    everything = int(load["first_load"] + load["chart_png"])
    print(f"| an admin's whole first visit (all of the above) | {everything:,} | – "
          "| ≤ 150,000 |")
    if not URL:
        print("\nPostgreSQL skipped: set BOT_BENCH_POSTGRES_URL (a database it may wipe)")
    print(f"\nmachine load (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
