"""The quiz chart (issue 22) for a large team: 500 people answering a daily quiz for 365
days (bench/leaderboard.py's data), target ≤ 300 ms per image.

Times, over the runs (median and p99), on SQLite and, with BOT_BENCH_POSTGRES_URL or
BOT_TEST_POSTGRES_URL (a database it may wipe), on PostgreSQL:

* data: the two aggregate queries (8 weekly sums, the per-principle sums) and the team's
  tips for the principles' words: what every /stats and chart digest pays;
* drawing: the figure and its PNG (matplotlib, Agg), as the bot has it done, in the
  worker process (bot/chartworker.py, started once before the runs; its start is
  timed apart), the request and the PNG through its pipes included; and the CPU time
  the worker spent on it, which the machine's load does not inflate;
* uncached: data + drawing through ``ChartCache.image`` (what a new answer costs);
* cached: the same call when nothing changed (data, then the cached image);
* event-loop stall: while an image is drawn, how late a 1 ms heartbeat on the event
  loop wakes up (the worst of each drawing; median and p99); beside it the same
  heartbeat over as long with nothing drawn, which is what the machine's load alone
  costs (the difference is the drawing's hold on the GIL, if any).

Each back-end has a second row, "in a thread": the same measures with the image drawn in
a thread of the bot's process, as before the worker process (what it is compared with).

On a machine shared with other work the figures vary with its load, printed beside them.

Run: python bench/charts.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leaderboard import CHAT, TODAY, URL, fill, p99, vacuum_postgres, wipe_postgres  # noqa: E402

from bot import chartdraw, charts  # noqa: E402
from bot.chartworker import ChartWorker  # noqa: E402
from bot.corpus import load_corpus  # noqa: E402
from bot.services import tippool  # noqa: E402
from bot.storage import Storage  # noqa: E402
from bot.strings import VI, Strings  # noqa: E402


class Heartbeat:
    """A coroutine that sleeps 1 ms at a time and keeps its worst lateness."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.running = True

    async def run(self) -> None:
        while self.running:
            t0 = time.perf_counter()
            await asyncio.sleep(0.001)
            self.worst = max(self.worst, time.perf_counter() - t0 - 0.001)


def cpu_draw(chart: charts.ChartData) -> tuple[bytes, float]:
    """Draw in this (worker) thread; the PNG and the CPU seconds the thread spent on it."""
    t0 = time.thread_time()
    png = chartdraw.draw(chart, VI)
    return png, time.thread_time() - t0


class Drawer:
    """One way to draw: in the worker process (the bot's), or in a thread (before)."""

    def __init__(self, in_thread: bool) -> None:
        self.in_thread = in_thread
        self.worker = ChartWorker()

    async def draw(self, chart: charts.ChartData) -> tuple[bytes, float]:
        if self.in_thread:
            return await asyncio.to_thread(cpu_draw, chart)
        drawn = await self.worker.draw(chart, "vi")
        return drawn.png, drawn.cpu_seconds

    async def render(self, chart: charts.ChartData, s: Strings) -> bytes:
        return (await self.draw(chart))[0]


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} / {p99(values) * 1000:.0f} ms"


async def measure(target: str, people: int, days: int, runs: int,
                  drawer: Drawer) -> dict[str, str]:
    if target == URL:
        await wipe_postgres(URL)
    storage = await Storage.open(target)
    try:
        count = await fill(storage, people, days)
        await storage.analyze()
        if target == URL:
            await vacuum_postgres()
        corpus = load_corpus(ROOT / "seeds")
        # The bench's 40 principles ("t0" … "t39") named as seed tips are.
        words = [t.short or t.principle for t in corpus.tips]
        names = {f"t{n}": words[n % len(words)] for n in range(40)}

        async def data() -> charts.ChartData:
            own = {t.id: t.short or t.principle
                   for t in await tippool.team_tips(storage, CHAT, VI)}
            return await charts.chart_data(storage, CHAT, TODAY, {**names, **own})

        chart = await data()
        assert not chart.empty and len(chart.hardest) == charts.HARDEST
        t0 = time.perf_counter()
        width = int.from_bytes((await drawer.draw(chart))[0][16:20], "big")  # warm up once
        start = time.perf_counter() - t0  # in a process: its start (imports) included
        queries, drawing, cpu, uncached, cached, stalls, idle = [], [], [], [], [], [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            await data()
            queries.append(time.perf_counter() - t0)
        for _ in range(runs):
            t0 = time.perf_counter()
            cpu.append((await drawer.draw(chart))[1])
            drawing.append(time.perf_counter() - t0)
        for _ in range(runs):
            cache = charts.ChartCache(drawer.render)  # empty: the image is drawn
            beat = Heartbeat()
            task = asyncio.create_task(beat.run())
            await asyncio.sleep(0.002)
            t0 = time.perf_counter()
            await cache.image(CHAT, await data(), VI)
            uncached.append(time.perf_counter() - t0)
            beat.running = False
            await task
            stalls.append(beat.worst)
            t0 = time.perf_counter()
            await cache.image(CHAT, await data(), VI)
            cached.append(time.perf_counter() - t0)
            assert cache.drawn == 1
            beat = Heartbeat()  # the same span with nothing drawn: the machine's share
            task = asyncio.create_task(beat.run())
            await asyncio.sleep(uncached[-1])
            beat.running = False
            await task
            idle.append(beat.worst)
        return {"answers": f"{count:,}", "width": f"{width} px", "data": ms(queries),
                "first": f"{start * 1000:.0f} ms",
                "draw": ms(drawing), "cpu": ms(cpu), "uncached": ms(uncached), "cached": ms(cached),
                "stall": ms(stalls), "idle": ms(idle), "load": f"{os.getloadavg()[0]:.1f}"}
    finally:
        await drawer.worker.close()
        await storage.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50 people × 60 days, 5 runs")
    args = parser.parse_args()
    people, days, runs = (50, 60, 5) if args.quick else (500, 365, 60)
    targets = [("SQLite", None)] + ([("PostgreSQL", URL)] if URL else [])
    print(f"| quiz chart, {people} people × {days} days, median / p99 | answers | PNG width "
          "| first image (a worker's start) | data (SQL) | drawing | of it CPU "
          "| data + drawing | cached | event-loop stall | (nothing drawn) "
          f"| load average ({os.cpu_count()} cores) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, url in targets:
            for name, in_thread in (("", False), (", in a thread", True)):
                file = Path(tmp) / f"bench-{int(in_thread)}.sqlite3"
                r = asyncio.run(measure(url or str(file), people,
                                        days, runs, Drawer(in_thread)))
                print(f"| {label}{name} | {r['answers']} | {r['width']} | {r['first']} "
                      f"| {r['data']} | {r['draw']} | {r['cpu']} | {r['uncached']} "
                      f"| {r['cached']} | {r['stall']} | {r['idle']} | {r['load']} |")
    if not URL:
        print("(PostgreSQL skipped: set BOT_BENCH_POSTGRES_URL to a database it may wipe)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
