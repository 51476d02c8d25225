"""The speed benchmark still runs: ``bench/search_speed.py --quick`` as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "search_speed.py"
HEADER = "| benchmark | ours | baseline | ours / baseline | target |"


def test_search_speed_quick_prints_the_table() -> None:
    # About 15 s: most of it is building the 10,000-tip synthetic index once.
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"], cwd=ROOT, capture_output=True, text=True,
        encoding="utf-8", timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert HEADER in lines, result.stdout
    table = lines[lines.index(HEADER):]
    assert table[1].startswith("|---")
    body = "\n".join(table)
    assert "search median, shipped" in body and "search p99, shipped" in body
    assert "synthetic 10k (10,000 tips)" in body
    assert "100,000" not in body  # --quick skips the largest corpus
    assert "python -m bot search --json" in body
    assert "Traceback" not in result.stderr


def test_leaderboard_bench_quick_prints_the_table() -> None:
    """``bench/leaderboard.py --quick`` on SQLite (no PostgreSQL: it would wipe it)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("BOT_BENCH_POSTGRES_URL", "BOT_TEST_POSTGRES_URL")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "leaderboard.py"), "--quick"], cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| /leaderboard, 50 people × 60 days | answers | median | p99")
    assert lines[2].startswith("| SQLite | ") and "PostgreSQL skipped" in lines[-1]


def test_chart_bench_quick_prints_the_table() -> None:
    """``bench/charts.py --quick`` on SQLite (no PostgreSQL: it would wipe it)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("BOT_BENCH_POSTGRES_URL", "BOT_TEST_POSTGRES_URL")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "charts.py"), "--quick"], cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| quiz chart, 50 people × 60 days, median / p99 | answers")
    assert lines[2].startswith("| SQLite | ") and "| 1080 px |" in lines[2]
    assert "PostgreSQL skipped" in lines[-1]
