"""Lookups that found nothing, kept per chat, on both back-ends.

What is kept is bounded on purpose (the wording cut to 200 characters, 1,000 questions
a chat, 90 days) and a chat can turn it off or wipe it; these tests hold each promise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.storage import Storage
from bot.storage.misses import KEEP_FOR, MAX_PER_CHAT, MAX_QUERY

T0 = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
TEAM, OTHER = -100, -200


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


async def test_the_same_question_is_counted_with_its_latest_wording(store: Storage) -> None:
    assert await store.misses.record(TEAM, "Khách hàng giận", "khach hang gian", at(0))
    assert await store.misses.record(TEAM, "khach hang gian!!", "khach hang gian", at(5))
    assert await store.misses.record(OTHER, "Khách hàng giận", "khach hang gian", at(6))
    [miss] = await store.misses.top(TEAM)
    assert (miss.chat_id, miss.query, miss.folded, miss.count) == (
        TEAM, "khach hang gian!!", "khach hang gian", 2)
    assert (miss.first_seen, miss.last_seen) == (at(0), at(5))
    assert [m.count for m in await store.misses.top(OTHER)] == [1]


async def test_typed_text_is_cut_and_a_blank_key_is_not_kept(store: Storage) -> None:
    assert await store.misses.record(TEAM, "x" * 5000, "y" * 5000, at(0))
    [miss] = await store.misses.top(TEAM)
    assert (len(miss.query), len(miss.folded)) == (MAX_QUERY, MAX_QUERY)
    assert not await store.misses.record(TEAM, "   ", "  ", at(1))
    assert await store.count("misses") == 1


async def test_top_misses_by_count_then_recency_with_limit_and_since(store: Storage) -> None:
    for folded, times in {"a": [0, 1, 2], "b": [3], "c": [4, 5], "d": [6, 7]}.items():
        for minute in times:
            await store.misses.record(TEAM, folded.upper(), folded, at(minute))
    assert [m.folded for m in await store.misses.top(TEAM)] == ["a", "d", "c", "b"]
    assert [m.folded for m in await store.misses.top(TEAM, limit=2)] == ["a", "d"]
    assert [m.folded for m in await store.misses.top(TEAM, since=at(4))] == ["d", "c"]


async def test_a_chat_keeps_only_its_most_recent_thousand(store: Storage) -> None:
    # 999 older questions loaded at once, then four new ones: the three oldest go.
    stamp = [at(m).isoformat() for m in range(MAX_PER_CHAT - 1)]
    await store.put_rows("misses", ["chat_id", "query", "folded", "count", "first_seen",
                                    "last_seen"],
                         [(TEAM, f"q{m:04}", f"q{m:04}", 1, stamp[m], stamp[m])
                          for m in range(MAX_PER_CHAT - 1)])
    await store.misses.record(OTHER, "elsewhere", "elsewhere", at(0))
    for n in range(4):
        await store.misses.record(TEAM, f"new {n}", f"new {n}", at(5000 + n))
    kept = {m.folded for m in await store.misses.listing(TEAM, limit=5000)}
    assert len(kept) == MAX_PER_CHAT
    assert {"q0000", "q0001", "q0002"}.isdisjoint(kept) and "q0003" in kept
    assert {f"new {n}" for n in range(4)} <= kept
    assert (await store.count_by_chat(OTHER))["misses"] == 1  # another chat's cap


async def test_nothing_older_than_ninety_days_survives_a_new_miss(store: Storage) -> None:
    await store.misses.record(TEAM, "old", "old", T0)
    await store.misses.record(OTHER, "recent", "recent", T0 + dt.timedelta(days=2))
    await store.misses.record(OTHER, "today", "today", T0 + KEEP_FOR + dt.timedelta(days=1))
    assert [m.folded for m in await store.misses.listing(None)] == ["today", "recent"]


async def test_old_questions_expire_without_a_new_miss(store: Storage) -> None:
    await store.misses.record(TEAM, "old", "old", T0)
    await store.misses.record(OTHER, "recent", "recent", T0 + dt.timedelta(days=2))
    assert await store.misses.expire(T0 + KEEP_FOR + dt.timedelta(hours=1)) == 1
    assert [m.folded for m in await store.misses.listing(None)] == ["recent"]


async def test_the_operator_sees_one_chat_or_all(store: Storage) -> None:
    await store.misses.record(TEAM, "a", "a", at(0))
    await store.misses.record(TEAM, "a", "a", at(1))
    await store.misses.record(OTHER, "b", "b", at(2))
    everything = await store.misses.listing(None, limit=10)
    assert [(m.chat_id, m.folded, m.count) for m in everything] == [(TEAM, "a", 2),
                                                                    (OTHER, "b", 1)]
    assert [m.folded for m in await store.misses.listing(OTHER, limit=10)] == ["b"]
    assert len(await store.misses.listing(None, limit=1)) == 1


async def test_forget_misses_wipes_one_chat(store: Storage) -> None:
    await store.misses.record(TEAM, "a", "a", at(0))
    await store.misses.record(TEAM, "b", "b", at(1))
    await store.misses.record(OTHER, "c", "c", at(2))
    assert await store.misses.forget(TEAM) == 2
    assert await store.misses.top(TEAM) == []
    assert len(await store.misses.top(OTHER)) == 1


async def test_a_chat_that_turned_misses_off_keeps_nothing(store: Storage) -> None:
    await store.chats.record(TEAM, "supergroup", "Đội CSKH")
    chat = await store.chats.get(TEAM)
    assert chat is not None and not chat.misses_off  # on by default
    assert await store.misses.record(TEAM, "a", "a", at(0))
    assert await store.chats.set_misses_off(TEAM, True)
    chat = await store.chats.get(TEAM)
    assert chat is not None and chat.misses_off
    assert not await store.misses.record(TEAM, "a", "a", at(1))
    assert not await store.misses.record(TEAM, "b", "b", at(1))
    assert [(m.folded, m.count) for m in await store.misses.top(TEAM)] == [("a", 1)]
    await store.chats.record(TEAM, "supergroup", "Đội CSKH")  # a later message keeps it off
    chat = await store.chats.get(TEAM)
    assert chat is not None and chat.misses_off
    assert await store.chats.set_misses_off(TEAM, False)
    assert await store.misses.record(TEAM, "b", "b", at(2))
    assert not await store.chats.set_misses_off(-999, True)  # an unknown chat: nothing to set


@pytest.mark.parametrize("off", [False, True])
async def test_misses_and_the_setting_follow_a_group_to_its_supergroup(
        store: Storage, off: bool) -> None:
    await store.chats.record(TEAM, "group", "Đội CSKH")
    await store.misses.record(TEAM, "a", "a", at(0))
    await store.chats.set_misses_off(TEAM, off)
    await store.chats.record(-1009, "supergroup", "Đội CSKH")  # the new id was seen first
    await store.migrate_chat(TEAM, -1009)
    assert [m.folded for m in await store.misses.top(-1009)] == ["a"]
    new = await store.chats.get(-1009)
    assert new is not None and new.misses_off is off


async def test_contact_details_are_never_kept_and_old_rows_read_without_them(
        store: Storage) -> None:
    """Storage replaces them even if a caller forgot; a row kept by an older version,
    verbatim, reads back with them replaced."""
    from bot.text.redact import EMAIL, PHONE

    assert await store.misses.record(TEAM, "gọi 0912 345 678 không được", "goi khong duoc",
                                     at(0))
    await store._write(
        "INSERT INTO misses (chat_id, query, folded, count, first_seen, last_seen) "
        "VALUES (?, ?, ?, 3, ?, ?)",
        (TEAM, "gửi về lan@gmail.com giúp", "gui ve lan gmail com giup", at(1).isoformat(),
         at(1).isoformat()))
    queries = {m.query for m in await store.misses.top(TEAM)}
    assert queries == {f"gọi {PHONE} không được", f"gửi về {EMAIL} giúp"}
    assert queries == {m.query for m in await store.misses.listing(TEAM)}
    raw = await store._fetchall("SELECT query FROM misses WHERE folded = ?",
                                ("goi khong duoc",))
    assert [r[0] for r in raw] == [f"gọi {PHONE} không được"]  # not only on the way out


async def test_the_operator_sees_private_chats_only_when_asking(store: Storage) -> None:
    """A private chat's id is its person's account: its questions are theirs."""
    person = 4242
    await store.misses.record(TEAM, "a", "a", at(0))
    await store.misses.record(person, "b", "b", at(1))
    await store.misses.record(person, "b", "b", at(2))
    assert [m.chat_id for m in await store.misses.listing(None)] == [TEAM]
    assert await store.misses.listing(person) == []
    assert [m.chat_id for m in await store.misses.listing(None, private=True)] == [person, TEAM]
    assert [m.folded for m in await store.misses.listing(person, private=True)] == ["b"]
    assert [m.folded for m in await store.misses.top(person)] == ["b"]  # their own /stats
