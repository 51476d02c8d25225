"""Whole-table operations on both back-ends: bulk subscriptions, counts, copying.

These are the public doors benchmarks, replica tests and ``python -m bot migrate`` use
instead of the storage's private connection.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from bot.storage import TABLES, Storage
from bot.storage.transfer import copy_all

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


async def test_subscribe_many_matches_subscribe_one_by_one(store: Storage) -> None:
    one = await store.subscriptions.start(1, dt.time(8, 30), "Asia/Ho_Chi_Minh", NOW, seed=1,
                                          now=NOW)
    await store.subscriptions.start_many(
        [(chat, dt.time(8, 30), "Asia/Ho_Chi_Minh", chat, NOW + dt.timedelta(minutes=chat))
         for chat in range(2, 2502)], now=NOW)
    await store.analyze()  # after a bulk load, as the benchmarks do
    many = await store.subscriptions.get(2)
    assert many is not None
    assert many == dataclasses.replace(one, chat_id=2, rotation_seed=2,
                                       next_due_utc=NOW + dt.timedelta(minutes=2))
    assert await store.count("subscriptions") == 2501
    due = await store.subscriptions.due(NOW + dt.timedelta(minutes=3), limit=10)
    assert [s.chat_id for s in due] == [1, 2, 3]
    # Like subscribe, it updates a chat that already has a subscription.
    await store.subscriptions.stop(3, "unsubscribed")
    await store.subscriptions.start_many([(3, dt.time(9), "UTC", 3, NOW)])
    again = await store.subscriptions.get(3)
    assert again is not None and again.active and again.time_of_day == dt.time(9)


async def _fill(store: Storage) -> None:
    await store.chats.record(-5, "group", "Đội CSKH", "vi")
    await store.subscriptions.start(-5, dt.time(8), "UTC", NOW, seed=5)
    claim = await store.tip_sends.claim(-5, dt.date(2026, 11, 23), "dh01", 0, "a",
                                        NOW + dt.timedelta(minutes=2), NOW)
    assert claim is not None
    await store.tip_sends.sent(claim, 10, NOW + dt.timedelta(days=1), NOW)
    await store.votes.cast(-5, "dh01", 7, 1)
    assert await store.digest_sends.claim(-5, dt.date(2026, 11, 22), "a",
                                          NOW + dt.timedelta(minutes=2), NOW)
    await store.team_tips.add(-5, "Nguyên tắc", "Nội dung", "Nguồn", 7)
    await store.team_tips.add(-5, "Nguyên tắc 2", "Nội dung 2", "", 7, short="Ngắn",
                              situations=("Tình huống một", "Tình huống hai"))
    await store.pending_imports.put(-5, "tok", -5, '{"tips": []}', now=NOW,
                                    expires=NOW + dt.timedelta(minutes=5), keep=3)


async def test_copy_to_another_database_is_exact_and_safe_to_repeat(
        store: Storage, tmp_path: Path) -> None:
    await _fill(store)
    target = await Storage.open(tmp_path / "copy.sqlite3")
    try:
        for _ in range(2):
            counts = await copy_all(store, target)
            assert list(counts) == list(TABLES)
            assert all(source == copied for source, copied in counts.values())
        for table in TABLES:
            assert await target.table_rows(table) == await store.table_rows(table), table
        assert await target.count_by_chat(-5) == await store.count_by_chat(-5)
        assert await target.team_tips.of_chat(-5) == await store.team_tips.of_chat(-5)
        copied = (await target.team_tips.of_chat(-5))[1]
        assert (copied.short, copied.situations) == ("Ngắn", ("Tình huống một",
                                                              "Tình huống hai"))
        # Tips keep their numbers, and the next one is numbered after them.
        assert await target.team_tips.add(-5, "Mới", "Sau khi chép", "", 7) == 3
        # The copy keeps each tip once, and the import waiting for its confirm.
        assert await target.team_tips.add(-5, "nguyen tac", "noi dung", "", 7) is None
        assert await target.pending_imports.get(-5, "tok", NOW) == \
            await store.pending_imports.get(-5, "tok", NOW)
    finally:
        await target.close()


async def test_whole_table_doors_accept_only_the_schema(store: Storage) -> None:
    with pytest.raises(ValueError):
        await store.table_rows("sqlite_master")
    with pytest.raises(ValueError):
        await store.put_rows("nope", ["a"], [(1,)])
    with pytest.raises(ValueError, match="no column"):
        await store.put_rows("chats", ["chat_id", "type; DROP TABLE chats"], [(1, "x")])
