"""SIGKILL in the middle of a burst: every update is answered after the restart, and
only what was in flight at a kill is answered twice (real processes, both back-ends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import inbox_crash
from tests.support.postgres import ENABLE_PG, PG_URL

pytestmark = pytest.mark.process


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_burst_killed_three_times_is_answered_in_full(backend: str, tmp_path: Path) -> None:
    if backend == "postgresql" and not PG_URL:
        pytest.skip(ENABLE_PG)
    database = PG_URL if backend == "postgresql" else str(tmp_path / "bot.sqlite3")
    result = inbox_crash.run(database, tmp_path, chats=200, updates=500, kills=3, seed=19)
    assert result.exit_code == 0, result.output
    assert result.unanswered == 0
    assert result.duplicates <= sum(result.in_flight), (result.in_flight, result.duplicates)
    assert result.duplicates <= result.kills  # at most one per kill
