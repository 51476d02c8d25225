"""The storage interface on both back-ends: the same tests, SQLite and PostgreSQL.

PostgreSQL runs when ``BOT_TEST_POSTGRES_URL`` points at a database the tests may wipe
(``.ci/run`` sets one up); otherwise those cases are skipped with that instruction.
The ``target`` and ``store`` fixtures are in ``tests/storage/conftest.py``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

import bot.storage.base as storage_base
from bot.storage import MIGRATIONS, Storage, StorageError
from bot.storage.claims import ClaimRepository
from tests.support.postgres import ENABLE_PG, PG_URL, wipe_postgres

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


async def test_migrates_to_the_current_schema_and_reopens(target: str) -> None:
    first = await Storage.open(target)
    assert await first.schema_version() == len(MIGRATIONS)
    await first.chats.record(1, "private", "Lan", "vi")
    await first.close()
    again = await Storage.open(target)
    try:
        assert await again.schema_version() == len(MIGRATIONS)
        chat = await again.chats.get(1)
        assert chat is not None and chat.title == "Lan"
    finally:
        await again.close()


async def test_an_older_database_moves_forward_keeping_its_data(
        target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database from before misses (version 4) gains them on open, data untouched."""
    monkeypatch.setattr(storage_base, "MIGRATIONS", MIGRATIONS[:4])
    old = await Storage.open(target)
    await old.chats.record(-5, "group", "Đội CSKH", "vi")
    await old.subscriptions.start(-5, dt.time(8), "UTC", NOW, seed=5)
    await add_old_team_tip(old, -5, "Nguyên tắc")  # as version 4's code stored it
    assert "misses" not in await old.tables()
    await old.close()
    monkeypatch.undo()
    store = await Storage.open(target)
    try:
        assert await store.schema_version() == len(MIGRATIONS)
        assert "misses" in await store.tables()
        chat = await store.chats.get(-5)
        assert chat is not None and chat.title == "Đội CSKH" and not chat.misses_off
        assert (await store.count_by_chat(-5))["team_tips"] == 1
        assert await store.misses.record(-5, "khách giận", "khach gian", NOW)
        assert await store.team_tips.add(-5, "Thứ hai", "Nội dung", "", 7) == 2
    finally:
        await store.close()


async def add_old_team_tip(store: Storage, chat_id: int, principle: str) -> None:
    """A team tip written as the code before short forms (migration 7) wrote it."""
    await store._write(
        "INSERT INTO team_tips (chat_id, principle, passage, source, created_by, created_at) "
        "VALUES (?, ?, 'Nội dung', '', 7, ?)", (chat_id, principle, NOW.isoformat()))


async def test_team_tips_gain_a_short_form_and_situations(
        target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database from before short forms (version 6) keeps its team tips, without one;
    new tips store theirs, situations one a line and read back in order."""
    monkeypatch.setattr(storage_base, "MIGRATIONS", MIGRATIONS[:6])
    old = await Storage.open(target)
    await old.chats.record(-5, "group", "Đội CSKH", "vi")
    await add_old_team_tip(old, -5, "Cũ")
    assert "short" not in (await old.tables())["team_tips"]
    await old.close()
    monkeypatch.undo()
    store = await Storage.open(target)
    try:
        assert {"short", "situations"} <= set((await store.tables())["team_tips"])
        [kept] = await store.team_tips.of_chat(-5)
        assert (kept.principle, kept.short, kept.situations) == ("Cũ", "", ())
        number = await store.team_tips.add(
            -5, "Mới", "Nội dung", "", 7, short="Lắng nghe trước",
            situations=["Khách  gọi lần thứ ba; vẫn chưa xong", "", "Khách đòi gặp quản lý"])
        plain = await store.team_tips.add(-6, "Không ngắn", "Nội dung", "", None)
        assert number is not None and plain is not None
        tips = await store.team_tips.of_chat(-5)
        assert [(t.short, t.situations) for t in tips] == [
            ("", ()), ("Lắng nghe trước", ("Khách gọi lần thứ ba; vẫn chưa xong",
                                           "Khách đòi gặp quản lý"))]
        assert (await store.team_tips.of_chats([-5, -6]))[-5] == tips
        assert (await store.team_tips.by(7))[0] == tips[1]
        [other] = await store.team_tips.of_chat(-6)
        assert (other.short, other.situations) == ("", ())
        await store.migrate_chat(-5, -1005)  # a group's move keeps them
        assert await store.team_tips.of_chat(-1005) == [
            dataclasses.replace(t, chat_id=-1005) for t in tips]
    finally:
        await store.close()


async def test_a_newer_schema_is_refused(target: str, store: Storage) -> None:
    # A newer release migrated this database; written behind the storage's back.
    if store.kind == "sqlite":
        with sqlite3.connect(target) as db:
            db.execute("PRAGMA user_version = 99")
    else:
        import asyncpg

        conn = await asyncpg.connect(target)
        try:
            await conn.execute("UPDATE schema_version SET version = 99")
        finally:
            await conn.close()
    with pytest.raises(StorageError, match="newer than this code"):
        await Storage.open(target)


async def test_subscriptions_due_query_and_stop(store: Storage) -> None:
    for chat in (1, 2, 3):
        await store.chats.record(chat, "private")
        due = NOW + dt.timedelta(minutes=chat)
        await store.subscriptions.start(chat, dt.time(8), "Asia/Ho_Chi_Minh", due, seed=chat,
                                        days=31)
    due = await store.subscriptions.due(NOW + dt.timedelta(minutes=2))
    assert [s.chat_id for s in due] == [1, 2]
    assert due[0].days == 31 and due[0].time_of_day == dt.time(8)
    assert await store.subscriptions.stop(1, "unsubscribed")
    assert not await store.subscriptions.stop(1, "unsubscribed")
    assert [s.chat_id for s in await store.subscriptions.due(NOW + dt.timedelta(hours=1))] == [
        2, 3]


async def test_one_claim_per_chat_and_day_even_with_two_processes(target: str,
                                                                  store: Storage) -> None:
    other = await Storage.open(target)  # a second replica on the same database
    try:
        day = dt.date(2026, 11, 23)
        lease = NOW + dt.timedelta(minutes=2)
        results = await asyncio.gather(
            store.tip_sends.claim(5, day, "dh01", 0, "replica-a", lease, NOW),
            other.tip_sends.claim(5, day, "dh02", 0, "replica-b", lease, NOW))
        won = [r for r in results if r is not None]
        assert len(won) == 1
        # The lease runs out: the other replica may take over, and keeps the same tip.
        later = NOW + dt.timedelta(minutes=3)
        taken = await other.tip_sends.claim(5, day, "xx99", 0, "replica-b", later + dt.timedelta(
            minutes=2), later)
        assert taken is not None and taken.tip_id == won[0].tip_id and taken.attempts == 2
        await other.tip_sends.sent(taken, 77, NOW + dt.timedelta(days=1), later)
        assert await store.tip_sends.claim(5, day, "dh01", 0, "replica-a", lease, later
                                           + dt.timedelta(hours=1)) is None
        assert await store.tip_sends.status(5, day) == "sent"
    finally:
        await other.close()


async def test_bulk_claims_split_between_replicas_without_overlap(target: str,
                                                                  store: Storage) -> None:
    other = await Storage.open(target)
    try:
        day = dt.date(2026, 11, 23)
        wanted = [(chat, day, "dh01", 0) for chat in range(1, 301)]
        lease = NOW + dt.timedelta(minutes=2)
        (a, _), (b, _) = await asyncio.gather(
            store.tip_sends.claim_many(wanted, "A", lease, NOW),
            other.tip_sends.claim_many(wanted, "B", lease, NOW))
        chats_a, chats_b = {c.chat_id for c in a}, {c.chat_id for c in b}
        assert not chats_a & chats_b and len(chats_a | chats_b) == 300
        await store.tip_sends.sent_many([(c, 1, NOW + dt.timedelta(days=1)) for c in a], NOW)
        delivered = await store.tip_sends.delivered_many([(c, 0) for c in chats_a])
        assert all(tips == {"dh01"} for tips in delivered.values())
    finally:
        await other.close()


@pytest.mark.parametrize("table", ["tip_sends", "quiz_sends", "digest_sends"])
async def test_the_claim_queries_are_the_same_over_every_claim_table(
        store: Storage, table: str) -> None:
    """Taken once, kept by its holder, taken over when its lease ran out (one more
    attempt, the same tip), never again once done; a failure moves the chat on."""
    sends: ClaimRepository = getattr(store, table)
    await store.subscriptions.start(5, dt.time(8), "UTC", NOW, seed=5)
    await store.quiz_settings.set_daily(5, dt.time(16), NOW, NOW)
    day, lease, later = dt.date(2026, 11, 23), NOW + dt.timedelta(minutes=2), NOW + \
        dt.timedelta(minutes=5)
    first = await sends.claim_one(5, day, "A", lease, NOW, tip_id="dh01", cycle=3)
    assert first is not None and first.attempts == 1
    assert await sends.claim_one(5, day, "B", lease, NOW, tip_id="dh02") is None
    assert await sends.extend_lease(first, lease + dt.timedelta(minutes=1))
    taken = await sends.claim_one(5, day, "B", later + dt.timedelta(minutes=2), later,
                                  tip_id="dh02")
    assert taken is not None and taken.attempts == 2
    assert (taken.tip_id, taken.cycle) == (first.tip_id, first.cycle)  # what it was to send
    assert not await sends.extend_lease(first, later + dt.timedelta(minutes=9))
    await sends.failed(taken, "Bad Request: message is too long", NOW + dt.timedelta(days=1),
                       status="rejected")
    assert await sends.status(5, day) == "rejected"
    assert await sends.claim_one(5, day, "C", later + dt.timedelta(hours=1),
                                 later + dt.timedelta(hours=1)) is None  # done: never again
    _, others = await sends.claim_many([(5, day, "dh03", 0)], "C", later, later)
    assert others == {5: "rejected"}
    with pytest.raises(ValueError):
        await sends.failed(taken, "", None, status="sent")


async def test_votes_team_tips_and_digest(store: Storage) -> None:
    assert await store.votes.cast(1, "dh01", 10, 1) == (1, 0, 1)
    assert await store.votes.cast(1, "dh01", 11, -1) == (1, 1, -1)
    assert await store.votes.cast(1, "dh01", 10, 1) == (0, 1, 0)  # taken back
    assert await store.votes.by_tip(1) == {"dh01": (0, 1)}
    assert await store.votes.penalties_many([1, 2]) == {1: {"dh01": 1}, 2: {}}
    assert await store.votes.voters(1) == 1
    number = await store.team_tips.add(1, "Nguyên tắc", "Nội dung", "", 10)
    assert number is not None
    assert [t.principle for t in await store.team_tips.of_chat(1)] == ["Nguyên tắc"]
    assert await store.team_tips.delete(1, number)
    await store.subscriptions.start(1, dt.time(8), "UTC", NOW, seed=1)
    await store.subscriptions.set_digest(1, 0, dt.time(9), NOW)
    assert [s.chat_id for s in await store.subscriptions.due_digests(NOW)] == [1]
    week = dt.date(2026, 11, 22)
    assert await store.digest_sends.claim(1, week, "A", NOW + dt.timedelta(minutes=2), NOW)
    assert not await store.digest_sends.claim(1, week, "B", NOW + dt.timedelta(minutes=2), NOW)


async def test_wrong_password_is_reported_without_the_password() -> None:
    if not PG_URL:
        pytest.skip(ENABLE_PG)
    from urllib.parse import urlsplit

    parts = urlsplit(PG_URL)
    wrong = PG_URL.replace(f":{parts.password}@", ":Wr0ng-Secret-42@")
    with pytest.raises(StorageError) as info:
        await Storage.open(wrong)
    assert "Wr0ng-Secret-42" not in str(info.value) and "BOT_DB_URL" in str(info.value)


@pytest.mark.process
async def test_migrate_sqlite_to_postgres_copies_everything_twice_safely(tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip(ENABLE_PG)
    import subprocess
    import sys

    await wipe_postgres(PG_URL)
    sqlite_path = tmp_path / "bot.sqlite3"
    source = await Storage.open(sqlite_path)
    try:
        for chat in range(1, 51):
            await source.chats.record(chat, "group", f"Đội {chat}")
            await source.subscriptions.start(chat, dt.time(8), "UTC", NOW, seed=chat)
            claim = await source.tip_sends.claim(chat, dt.date(2026, 11, 23), "dh01", 0, "x",
                                                 NOW + dt.timedelta(minutes=2), NOW)
            assert claim is not None
            await source.tip_sends.sent(claim, chat, NOW + dt.timedelta(days=1), NOW)
        await source.votes.cast(1, "dh01", 10, 1)
        await source.team_tips.add(1, "Nguyên tắc", "Nội dung", "Nguồn", 10)
        await source.subscriptions.set_digest(1, 0, dt.time(9), NOW)
    finally:
        await source.close()
    command = [sys.executable, "-m", "bot", "migrate", "--from", f"sqlite:///{sqlite_path}",
               "--to", PG_URL]
    for _ in range(2):  # safe to run twice
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert "subscriptions        50 in the source,       50 in the target  ok" in result.stdout
        assert "deliveries           50 in the source,       50 in the target  ok" in result.stdout
        assert "team_tips             1 in the source,        1 in the target  ok" in result.stdout
        password = PG_URL.split(":")[2].split("@")[0]
        assert password not in result.stdout + result.stderr
    target = await Storage.open(PG_URL)
    try:
        sub = await target.subscriptions.get(1)
        assert sub is not None and sub.delivered_count == 1 and sub.digest_day == 0
        assert await target.votes.by_tip(1) == {"dh01": (1, 0)}
        assert await target.team_tips.add(1, "Mới", "Sau khi chép", "", 10) == 2
    finally:
        await target.close()
