"""The leaderboard with a large team: 500 people answering a daily quiz for 365 days.

Times ``Quizzes.leaderboard`` (the tallies read, the ranking and the rendering: what /bxh
costs) on SQLite and, with BOT_BENCH_POSTGRES_URL or BOT_TEST_POSTGRES_URL (a database
it may wipe), on PostgreSQL: median and p99 over the runs, and the CPU time this process
spent per board (SQLite's work included, PostgreSQL's server not). On a machine shared
with other work the wall-clock figures vary with its load, printed beside them. For
contrast it times loading every answer, which the board did before (issue 19). It also
measures the CPU time of the event loop's thread per board: SQLite's queries run in
aiosqlite's thread and PostgreSQL's in the server, so the loop only ranks and renders
O(people) rows. The answers are written in bulk and their tallies counted once
(``bot.storage.tallies.recount``, as migration 11 does); what keeping them costs each
answer is timed last, against the single upsert an answer was before.

Run: python bench/leaderboard.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.corpus import load_corpus  # noqa: E402
from bot.models import QuizPoll  # noqa: E402
from bot.services.quizzes import Quizzes  # noqa: E402
from bot.storage import Storage  # noqa: E402
from bot.strings import VI  # noqa: E402
from tests.support.postgres import wipe_postgres  # noqa: E402
from tests.support.quiz_history import write_history  # noqa: E402

URL = os.environ.get("BOT_BENCH_POSTGRES_URL") or os.environ.get("BOT_TEST_POSTGRES_URL", "")
CHAT = -1001234
TODAY = dt.date(2026, 11, 26)  # a Thursday: the week has four quiz days


class FixedClock:
    def __call__(self) -> dt.datetime:
        return dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


async def fill(storage: Storage, people: int, days: int) -> int:
    """One daily quiz a day; each person answers 85 % of them, right 70 % of the time;
    five people are right every day (365-day streaks)."""
    rng = random.Random(19)
    polls, answers = [], []
    for n in range(days):
        day = TODAY - dt.timedelta(days=days - 1 - n)
        poll_id = f"bench-{n}"
        moment = dt.datetime.combine(day, dt.time(9), dt.UTC)
        polls.append((poll_id, CHAT, f"t{n % 40}", "a,b,c,d", 1, day.isoformat(), n, 0, 1,
                      moment.isoformat()))
        for user in range(1, people + 1):
            perfect = user <= 5
            if not perfect and rng.random() > 0.85:
                continue
            right = perfect or rng.random() < 0.7
            at = moment + dt.timedelta(seconds=rng.randrange(7200))
            answers.append((poll_id, CHAT, user, f"Nhân viên số {user}", 1 if right else 0,
                            1 if right else 0, at.isoformat(timespec="seconds")))
    await write_history(storage, CHAT, polls, answers)
    return len(answers)


async def vacuum_postgres() -> None:
    """What autovacuum does after a bulk load: index-only scans need the visibility map."""
    import asyncpg

    conn = await asyncpg.connect(URL)
    try:
        await conn.execute("VACUUM ANALYZE quiz_answers")
        await conn.execute("VACUUM ANALYZE quiz_polls")
        await conn.execute("VACUUM ANALYZE quiz_scores")
        await conn.execute("VACUUM ANALYZE quiz_days")
    finally:
        await conn.close()


async def time_writes(storage: Storage, people: int) -> tuple[float, float]:
    """What keeping the tallies costs an answer: the median of
    ``storage.quiz_answers.record`` (a second quiz today: everyone's first answer, then a
    changed mind each), and of the one upsert an answer was before (on a third quiz,
    bypassing the tallies: measured last)."""
    moment = FixedClock()()
    polls = [QuizPoll(f"bench-write-{n}", CHAT, "t0", ("a", "b"), 0, TODAY, 10_000 + n, False)
             for n in range(2)]
    for poll in polls:
        await storage.quiz_polls.record(poll, moment)
    timings = []
    for chosen in (0, 1):
        for user in range(1, people + 1):
            t0 = time.perf_counter()
            await storage.quiz_answers.record(polls[0], user, f"Nhân viên số {user}", chosen,
                                              moment)
            timings.append(time.perf_counter() - t0)
    before = []
    for chosen in (0, 1):
        for user in range(1, people + 1):
            t0 = time.perf_counter()
            await storage._write(
                "INSERT INTO quiz_answers (poll_id, chat_id, user_id, name, chosen, correct, "
                "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (poll_id, user_id) "
                "DO UPDATE SET name = excluded.name, chosen = excluded.chosen, "
                "correct = excluded.correct, answered_at = excluded.answered_at",
                (polls[1].poll_id, CHAT, user, f"Nhân viên số {user}", chosen, 1 - chosen,
                 moment.isoformat()))
            before.append(time.perf_counter() - t0)
    return statistics.median(timings), statistics.median(before)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


async def measure(target: str, people: int, days: int, runs: int) -> dict[str, float]:
    if target == URL:
        await wipe_postgres(URL)
    storage = await Storage.open(target)
    try:
        count = await fill(storage, people, days)
        await storage.analyze()
        if target == URL:
            await vacuum_postgres()
        quizzes = Quizzes(storage, load_corpus(ROOT / "seeds"), default_timezone="UTC",
                          clock=FixedClock())
        await quizzes.leaderboard(CHAT, VI)  # warm the caches once
        timings = []
        cpu0, loop0 = time.process_time(), time.thread_time()
        for _ in range(runs):
            t0 = time.perf_counter()
            await quizzes.leaderboard(CHAT, VI)
            timings.append(time.perf_counter() - t0)
        cpu = (time.process_time() - cpu0) / runs  # this process: SQLite's thread included
        loop = (time.thread_time() - loop0) / runs  # the event loop's thread alone
        t0 = time.perf_counter()
        everything = await storage.quiz_answers.of_chat(CHAT)
        full_load = time.perf_counter() - t0
        assert len(everything) == count
        write, upsert = await time_writes(storage, people)
        return {"answers": count, "median": statistics.median(timings) * 1000,
                "p99": p99(timings) * 1000, "loop": loop * 1000, "full": full_load * 1000,
                "cpu": cpu * 1000, "load": os.getloadavg()[0], "write": write * 1000,
                "upsert": upsert * 1000}
    finally:
        await storage.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50 people × 60 days, 20 runs")
    args = parser.parse_args()
    people, days, runs = (50, 60, 20) if args.quick else (500, 365, 200)
    targets = [("SQLite", None)] + ([("PostgreSQL", URL)] if URL else [])
    print(f"| /leaderboard, {people} people × {days} days | answers | median | p99 "
          "| CPU in this process | of it on the event loop | loading every answer (before) "
          "| an answer's write, tallies kept (the upsert alone) "
          f"| load average ({os.cpu_count()} cores) |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for label, url in targets:
            r = asyncio.run(measure(url or str(Path(tmp) / "bench.sqlite3"), people, days,
                                    runs))
            print(f"| {label} | {r['answers']:,.0f} | {r['median']:.1f} ms | {r['p99']:.1f} ms "
                  f"| {r['cpu']:.1f} ms | {r['loop']:.1f} ms | {r['full']:.0f} ms "
                  f"| {r['write']:.2f} ms ({r['upsert']:.2f} ms) | {r['load']:.1f} |")
    if not URL:
        print("(PostgreSQL skipped: set BOT_BENCH_POSTGRES_URL to a database it may wipe)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
