"""The daily quiz and the weekly digest across restarts after SIGKILL: every chat gets
its quiz poll (its digest) once.

Real ``python -m bot run`` processes against the fake Bot API and a real database, as
``tests/delivery/test_crash.py`` does for the daily tip: 150 chats got tips before and their
daily quiz (or weekly digest) is due now; the bot is killed with SIGKILL mid-broadcast,
restarted, killed again, and a last restart finishes. A chat may get its poll (digest)
twice only if it was in flight at a kill (it reached Telegram, its ``quiz_sends``
(``digest_sends``) row still only ``claimed``); every send is recorded as it completes,
so that is a few at most. (A SIGTERM is no test of this: the stop waits for the running
tick, which sends everything due.) Before the one delivery engine, a digest had no lease
renewal and no retry: a flood wait or a network error lost that week's digest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import crash
from tests.support.postgres import PG_URL

pytestmark = pytest.mark.process

CHATS = 150
KILLS = 2


@pytest.mark.parametrize("kind", ["quiz", "digest"])
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_daily_quiz_across_a_restart_and_a_sigkill_goes_out_once(
        tmp_path: Path, backend: str, kind: str) -> None:
    if backend == "postgresql" and not PG_URL:
        pytest.skip("set BOT_TEST_POSTGRES_URL to a database this test may wipe")
    database = PG_URL if backend == "postgresql" else str(tmp_path / "bot.sqlite3")
    result = crash.run(database, tmp_path, chats=CHATS, kills=KILLS, what=crash.KINDS[kind])
    print(f"{backend}: {result.duplicates} duplicates ({kind}) over {result.kills} kills, "
          f"in flight at each kill: {[sorted(s) for s in result.in_flight]}")

    assert result.exit_code == 0, result.output
    assert set(result.counts) == set(range(1, CHATS + 1))  # every chat got it
    assert result.sent_rows == CHATS  # and every one is recorded
    # Only what was in flight at a kill came twice, once per such kill.
    assert result.doubled <= set().union(*result.in_flight)
    for chat, n in result.counts.items():
        assert n <= 1 + sum(chat in kill for kill in result.in_flight), chat
    # Recorded as each one goes out: a few requests on the wire at most, not a batch.
    assert all(len(kill) <= 2 for kill in result.in_flight), result.in_flight
    assert "Traceback" not in result.output
