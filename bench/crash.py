"""Duplicates per SIGKILL: a broadcast killed again and again, on SQLite and PostgreSQL.

Each run prepares 300 chats due now (a daily tip, a daily quiz or a weekly digest), kills
``python -m bot run`` with SIGKILL at evenly spaced points of the broadcast (40 messages
a second, the paced mode), restarts it, and lets a last process finish. It reports, per
kind and back-end, the messages in flight at the kills (reached Telegram, not yet
recorded), the duplicates, and nothing lost.
PostgreSQL runs when BOT_TEST_POSTGRES_URL names a database it may wipe.
Run: python bench/crash.py [--kills 20] [--runs-of 4] [--kinds tip,quiz,digest]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import crash  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="kills per back-end")
    parser.add_argument("--runs-of", type=int, default=4, help="kills per broadcast")
    parser.add_argument("--chats", type=int, default=300)
    parser.add_argument("--kinds", default="tip,quiz,digest",
                        help=f"comma-separated, of {', '.join(crash.KINDS)}")
    args = parser.parse_args()
    backends = [("SQLite", None)]
    if os.environ.get("BOT_TEST_POSTGRES_URL"):
        backends.append(("PostgreSQL", os.environ["BOT_TEST_POSTGRES_URL"]))
    print("| kind | back-end | kills | in flight at the kills | duplicates | per kill | lost |")
    print("|---|---|---|---|---|---|---|")
    for kind in args.kinds.split(","):
        for name, url in backends:
            measure(kind, name, url, args)
    return 0


def measure(kind: str, name: str, url: str | None, args: argparse.Namespace) -> None:
    """Kill ``kind``'s broadcast ``args.kills`` times on one back-end; print a row."""
    kills = in_flight = duplicates = lost = 0
    while kills < args.kills:
        with tempfile.TemporaryDirectory() as tmp:
            database = url or str(Path(tmp) / "bot.sqlite3")
            result = crash.run(database, Path(tmp), chats=args.chats,
                               kills=min(args.runs_of, args.kills - kills),
                               what=crash.KINDS[kind])
        assert result.exit_code == 0, result.output
        kills += result.kills
        in_flight += sum(len(s) for s in result.in_flight)
        duplicates += result.duplicates
        lost += args.chats - len(result.counts)
        stray = result.doubled - set().union(*result.in_flight)
        if stray:
            print(f"  doubled without being in flight: {sorted(stray)}", file=sys.stderr)
    print(f"| {kind} | {name} | {kills} | {in_flight} | {duplicates} | "
          f"{duplicates / kills:.2f} | {lost} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
