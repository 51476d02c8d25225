"""A real bot process killed with SIGKILL mid-broadcast, three times, then finished.

Every chat must get its tip; a chat may get it twice only if its message was in flight
at a kill (it reached Telegram, its delivery not yet recorded). At the paced rate every
send is recorded as it completes, so a kill leaves at most the few requests that were
on the wire. On SQLite and, with BOT_TEST_POSTGRES_URL, on PostgreSQL; the figure per
kill over many kills is ``bench/crash.py``'s (README).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import crash
from tests.support.postgres import PG_URL

pytestmark = pytest.mark.process

CHATS = 300
KILLS = 3


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_mid_broadcast_loses_nothing_and_doubles_only_in_flight(
        tmp_path: Path, backend: str) -> None:
    if backend == "postgresql" and not PG_URL:
        pytest.skip("set BOT_TEST_POSTGRES_URL to a database this test may wipe")
    database = PG_URL if backend == "postgresql" else str(tmp_path / "bot.sqlite3")
    result = crash.run(database, tmp_path, chats=CHATS, kills=KILLS)
    print(f"{backend}: {result.duplicates} duplicates over {result.kills} kills, "
          f"in flight at each kill: {[len(s) for s in result.in_flight]}")

    assert result.exit_code == 0, result.output
    assert set(result.counts) == set(range(1, CHATS + 1))  # nobody missed the tip
    assert result.sent_rows == CHATS  # and every delivery is recorded
    # Only what was in flight at a kill came twice, and only once per such kill.
    assert result.doubled <= set().union(*result.in_flight)
    for chat, n in result.counts.items():
        assert n <= 1 + sum(chat in kill for kill in result.in_flight), chat
    # Recorded as each send completes: a kill catches a few requests on the wire at
    # most, never a batch of acknowledgements.
    assert all(len(kill) <= 3 for kill in result.in_flight), result.in_flight
    assert "Traceback" not in result.output
