"""Team tips at scale: many teams, each with its own tips, searched on one event loop.

300 teams with 200 tips each (team tips recombine the shipped tips' sentences, from a
fixed seed, so the words are those of real tips). Phase 1: one lookup per team, the
first for that team, so its tips are prepared (in a worker thread, as the bot does).
Phase 2: 10,000 lookups over random teams. Meanwhile a heartbeat task on the same event
loop measures the longest stall any other chat would have felt.

Targets (issue 12): peak RSS <= 250 MB, p99 lookup <= 5 ms, no event-loop stall > 20 ms.
Run: python bench/team_search.py [--teams N] [--tips N] [--lookups N]
"""

from __future__ import annotations

import argparse
import asyncio
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
    stall = 0.0
    stop = asyncio.Event()

    async def heartbeat() -> None:
        nonlocal stall
        interval = 0.002
        while not stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(interval)
            stall = max(stall, time.perf_counter() - before - interval)

    beat = asyncio.create_task(heartbeat())
    first: list[float] = []
    for team in range(teams):
        start = time.perf_counter()
        view = await asyncio.to_thread(replies.for_chat, pools[team])
        view.search(rng.choice(words))
        first.append(time.perf_counter() - start)
        await asyncio.sleep(0)
    timings: list[float] = []
    for _ in range(lookups):
        team = rng.randrange(teams)
        start = time.perf_counter()
        replies.for_chat(pools[team]).search(rng.choice(words))
        timings.append(time.perf_counter() - start)
        await asyncio.sleep(0)
    stop.set()
    await beat
    timings.sort()
    return {"first_median_ms": statistics.median(first) * 1000,
            "median_ms": statistics.median(timings) * 1000,
            "p99_ms": timings[int(len(timings) * 0.99) - 1] * 1000,
            "stall_ms": stall * 1000, "rss_mib": peak_rss_mib()}


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
    print(f"| peak RSS | {r['rss_mib']:.0f} MB | ≤ 250 MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
