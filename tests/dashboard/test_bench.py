"""``bench/dashboard.py --quick`` still runs and prints its tables (SQLite only: PostgreSQL
would be wiped)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.process
def test_dashboard_bench_quick_prints_the_tables() -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("BOT_BENCH_POSTGRES_URL", "BOT_TEST_POSTGRES_URL")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "dashboard.py"), "--quick"], cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| dashboard API, 30 teams")
    assert lines[2].startswith("| SQLite | ")
    assert any(line.startswith("| page (HTML, JS, CSS) + /api/team") for line in lines)
    assert "PostgreSQL skipped" in result.stdout
