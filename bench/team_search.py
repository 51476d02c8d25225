"""Team tips at scale: many teams, each with its own tips, searched on one event loop.

300 teams with 200 tips each (team tips recombine the shipped tips' sentences, from a
fixed seed, so the words are those of real tips). Phase 1: one lookup per team, the
first for that team, so its tips are prepared (in a worker thread, as the bot does).
Phase 2: 10,000 lookups over random teams. Meanwhile a heartbeat task on the same event
loop measures the longest stall any other chat would have felt.

Targets (issue 12): peak RSS <= 250 MB, p99 lookup <= 5 ms, no event-loop stall > 20 ms.

The 60,000 team tips themselves (their text, as Tip objects) are about 80 MB of the
RSS; the table shows the RSS before any team is prepared, so what the teams' search
costs is the difference. The setup's garbage is collected before measuring: a full
collection walks every object (the 120,000 Tip and Source objects take about 15 ms)
and would otherwise land in the measured window as a one-off. The longest collection
pause during the run is shown so that a stall caused by the collector is seen as such.
On a shared machine the scheduler can also take the CPU away for tens of milliseconds
(an idle event loop then "stalls" too), so the table also shows the longest stall
counting only the CPU time this process used meanwhile, which the machine's other work
cannot inflate. Run it three times and take the median.
Run: python bench/team_search.py [--teams N] [--tips N] [--lookups N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import resource
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.corpus import Corpus, Source, Tip, load_corpus  # noqa: E402
from bot.replies import Replies  # noqa: E402
from bot.search import build_index  # noqa: E402


def team_tips(corpus: Corpus, team: int, n: int) -> list[Tip]:
    rng = random.Random(team)
    sentences = [s.strip() for t in corpus.tips for s in t.passage.split(". ") if s.strip()]
    principles = [t.principle for t in corpus.tips]
    return [Tip(id=f"team-{n * team + k + 1}",
                principle=f"{rng.choice(principles)[:150]} ({team}-{k})",
                passage=". ".join(rng.sample(sentences, 3))[:1000],
                source=Source("Mẹo của đội")) for k in range(n)]


def queries() -> list[str]:
    with (ROOT / "tests" / "data" / "search_queries.toml").open("rb") as fh:
        return [q["q"] for q in tomllib.load(fh)["queries"]]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(teams: int, tips: int, lookups: int) -> dict[str, float]:
    corpus = load_corpus(check_sources=False)
    replies = Replies(corpus, build_index(corpus))
    pools = [team_tips(corpus, t, tips) for t in range(teams)]
    words = queries()
    rng = random.Random(7)
    gc.collect()
    setup_rss = peak_rss_mib()
    stall = busy = 0.0
    stop = asyncio.Event()
    gc_pause = 0.0
    gc_start = 0.0

    def on_gc(phase: str, _info: dict[str, int]) -> None:
        nonlocal gc_pause, gc_start
        if phase == "start":
            gc_start = time.perf_counter()
        else:
            gc_pause = max(gc_pause, time.perf_counter() - gc_start)

    async def heartbeat() -> None:
        nonlocal stall, busy
        interval = 0.002
        while not stop.is_set():
            before, cpu_before = time.perf_counter(), time.process_time()
            await asyncio.sleep(interval)
            late = time.perf_counter() - before - interval
            stall = max(stall, late)
            busy = max(busy, min(late, time.process_time() - cpu_before))

    gc.callbacks.append(on_gc)
    beat = asyncio.create_task(heartbeat())
    first: list[float] = []
    for team in range(teams):
        start = time.perf_counter()
        view = await asyncio.to_thread(replies.for_chat, pools[team])
        view.search(rng.choice(words))
        first.append(time.perf_counter() - start)
        await asyncio.sleep(0)
    stall_preparing, stall = stall, 0.0
    timings: list[float] = []
    for _ in range(lookups):
        team = rng.randrange(teams)
        start = time.perf_counter()
        replies.for_chat(pools[team]).search(rng.choice(words))
        timings.append(time.perf_counter() - start)
        await asyncio.sleep(0)
    stop.set()
    await beat
    gc.callbacks.remove(on_gc)
    timings.sort()
    return {"first_median_ms": statistics.median(first) * 1000,
            "median_ms": statistics.median(timings) * 1000,
            "p99_ms": timings[int(len(timings) * 0.99) - 1] * 1000,
            "stall_ms": max(stall_preparing, stall) * 1000,
            "stall_preparing_ms": stall_preparing * 1000, "stall_lookups_ms": stall * 1000,
            "stall_busy_ms": busy * 1000,
            "gc_pause_ms": gc_pause * 1000,
            "rss_mib": peak_rss_mib(), "setup_rss_mib": setup_rss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teams", type=int, default=300)
    parser.add_argument("--tips", type=int, default=200)
    parser.add_argument("--lookups", type=int, default=10_000)
    args = parser.parse_args()
    r = asyncio.run(run(args.teams, args.tips, args.lookups))
    print(f"| {args.teams} teams x {args.tips} tips | result | target |")
    print("|---|---|---|")
    print(f"| first lookup of a team (prepares its tips), median | "
          f"{r['first_median_ms']:.1f} ms | — |")
    print(f"| lookup, median | {r['median_ms']:.2f} ms | — |")
    print(f"| lookup, p99 | {r['p99_ms']:.2f} ms | ≤ 5 ms |")
    print(f"| longest event-loop stall | {r['stall_ms']:.1f} ms | ≤ 20 ms |")
    print(f"| … while teams are prepared / during lookups | "
          f"{r['stall_preparing_ms']:.1f} / {r['stall_lookups_ms']:.1f} ms | — |")
    print(f"| … counting only this process's CPU time | {r['stall_busy_ms']:.1f} ms | — |")
    print(f"| longest garbage-collector pause | {r['gc_pause_ms']:.1f} ms | — |")
    print(f"| peak RSS | {r['rss_mib']:.0f} MB | ≤ 250 MB |")
    print(f"| … before any team is prepared (corpus, index, the team tips' text) | "
          f"{r['setup_rss_mib']:.0f} MB | — |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
