"""A group that becomes a supergroup keeps everything, on both back-ends.

Telegram gives the supergroup a new chat id. Before, only the subscription and the
delivery history followed it: the team's own tips and its votes stayed on the old id
(seen: 1 tip and 1 vote behind, 0 on the new id). Now every table in ``CHAT_TABLES``
moves, in one transaction, and rows the new id already has win.
"""

from __future__ import annotations

import datetime as dt

import pytest

import bot.storage.base as storage_base
from bot.models import AddtipDraft, QuizPoll
from bot.storage import CHAT_TABLES, ChatTable, Storage

OLD, NEW = -100, -1001234
NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 23)
WEEK_END = dt.date(2026, 11, 22)
LEASE = NOW + dt.timedelta(minutes=2)


async def _a_team_that_used_everything(store: Storage, chat: int) -> None:
    """A row in every chat table: subscription, history, votes, digest, tips, misses."""
    await store.chats.record(chat, "group", "Đội CSKH", "vi")
    await store.subscriptions.start(chat, dt.time(8, 30), "Asia/Ho_Chi_Minh", NOW, seed=7, days=31)
    await store.subscriptions.set_topics(chat, ["thai-do", "giu-chan"])
    await store.subscriptions.set_digest(chat, 0, dt.time(9), NOW + dt.timedelta(days=7))
    claim = await store.tip_sends.claim(chat, DAY, "dh01", 2, "replica-a", LEASE, NOW)
    assert claim is not None
    await store.tip_sends.sent(claim, 501, NOW + dt.timedelta(days=1), NOW)
    await store.votes.cast(chat, "dh01", 10, -1)
    digest = await store.digest_sends.claim(chat, WEEK_END, "replica-a", LEASE, NOW)
    assert digest is not None
    await store.digest_sends.sent_many([(digest, 502, NOW + dt.timedelta(days=7))], NOW)
    assert await store.team_tips.add(chat, "Gọi lại trong 24 giờ", "Khách để lại số thì gọi.",
                                     "Sổ tay", 10) is not None
    assert await store.misses.record(chat, "Khách đòi gặp sếp", "khach doi gap sep", NOW)
    poll = QuizPoll(f"poll{chat}", chat, "dh01", ("dh01", "kh02", "nv03"), 0, DAY, 503, False)
    await store.quiz_polls.record(poll, NOW)
    await store.quiz_answers.record(poll, 10, "Anna", 0, NOW)
    await store.quiz_settings.set_daily(chat, dt.time(16), NOW, NOW)
    assert await store.quiz_sends.claim(chat, DAY, "dh01", "replica-a", LEASE, NOW) is not None
    await store.pending_imports.put(chat, f"tok{chat}", chat, '{"tips": []}', now=NOW,
                                    expires=NOW + dt.timedelta(minutes=5), keep=3)
    await store.addtip_drafts.put(AddtipDraft(chat, 10, "passage", "Chào khách", "", "", "vi",
                                              f"draft{chat}", NOW + dt.timedelta(minutes=5)),
                                  NOW)


async def test_everything_the_old_id_owned_moves(store: Storage) -> None:
    await _a_team_that_used_everything(store, OLD)
    before = await store.count_by_chat(OLD)
    # Every chat table has a row here: a new chat table must be added to this set-up.
    assert {name for name, rows in before.items() if rows} == {t.name for t in CHAT_TABLES}

    await store.migrate_chat(OLD, NEW, now=NOW)

    assert await store.count_by_chat(NEW) == before
    assert set((await store.count_by_chat(OLD)).values()) == {0}
    sub = await store.subscriptions.get(NEW)
    assert sub is not None and sub.active
    assert (sub.time_of_day, sub.timezone, sub.days) == (dt.time(8, 30), "Asia/Ho_Chi_Minh", 31)
    assert sub.topics == ("thai-do", "giu-chan")
    assert (sub.rotation_seed, sub.rotation_cycle, sub.delivered_count) == (7, 2, 1)
    assert (sub.digest_day, sub.digest_time) == (0, dt.time(9))
    assert await store.tip_sends.status(NEW, DAY) == "sent"
    assert await store.tip_sends.tips_between(NEW, DAY, DAY) == ["dh01"]
    assert await store.votes.by_tip(NEW) == {"dh01": (0, 1)}
    assert await store.votes.penalties_many([NEW]) == {NEW: {"dh01": 1}}
    # Sent already:
    assert not await store.digest_sends.claim(NEW, WEEK_END, "replica-b", LEASE, NOW)
    assert [t.principle for t in await store.team_tips.of_chat(NEW)] == ["Gọi lại trong 24 giờ"]
    assert [(m.query, m.count) for m in await store.misses.top(NEW)] == [
        ("Khách đòi gặp sếp", 1)]
    # The preview's buttons, now in the supergroup, still find their import, for it.
    waiting = await store.pending_imports.get(NEW, f"tok{OLD}", NOW)
    assert waiting is not None and waiting.target == NEW
    # The tip an admin was writing goes on there.
    writing = await store.addtip_drafts.get(NEW, 10, NOW)
    assert writing is not None and (writing.step, writing.principle) == ("passage",
                                                                         "Chào khách")
    old, new = await store.chats.get(OLD), await store.chats.get(NEW)
    assert old is not None and (old.status, old.migrated_to) == ("migrated", NEW)
    assert new is not None and (new.type, new.title, new.status) == (
        "supergroup", "Đội CSKH", "active")


async def test_rows_the_new_id_already_has_win(store: Storage) -> None:
    await _a_team_that_used_everything(store, OLD)
    await store.votes.cast(OLD, "dh02", 11, 1)  # only the old id has this one
    # The supergroup was used before the move was recorded:
    await store.chats.record(NEW, "supergroup", "Đội CSKH (mới)", "vi")
    await store.subscriptions.start(NEW, dt.time(9), "UTC", NOW, seed=99)
    claim = await store.tip_sends.claim(NEW, DAY, "dh07", 0, "replica-a", LEASE, NOW)
    assert claim is not None
    await store.tip_sends.sent(claim, 601, NOW + dt.timedelta(days=1), NOW)
    await store.votes.cast(NEW, "dh01", 10, 1)  # the same person changed their mind there
    # The same tip, typed without accents: the same tip all the same.
    await store.team_tips.add(NEW, "Goi lai trong 24 gio", "Khach de lai so thi goi.", "", 10)
    await store.misses.record(NEW, "khách đòi gặp sếp", "khach doi gap sep",
                              NOW + dt.timedelta(hours=1))

    await store.migrate_chat(OLD, NEW, now=NOW)

    sub = await store.subscriptions.get(NEW)
    assert sub is not None and (sub.time_of_day, sub.rotation_seed) == (dt.time(9), 99)
    assert await store.tip_sends.tips_between(NEW, DAY, DAY) == ["dh07"]
    assert await store.votes.by_tip(NEW) == {"dh01": (1, 0), "dh02": (1, 0)}
    assert [t.principle for t in await store.team_tips.of_chat(NEW)] == ["Goi lai trong 24 gio"]
    assert [(m.query, m.count) for m in await store.misses.top(NEW)] == [
        ("khách đòi gặp sếp", 1)]
    assert (await store.count_by_chat(NEW))["digest_sends"] == 1  # no clash: it moved
    assert set((await store.count_by_chat(OLD)).values()) == {0}
    new = await store.chats.get(NEW)
    assert new is not None and new.title == "Đội CSKH (mới)"


async def test_a_failure_midway_moves_nothing(store: Storage,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    await _a_team_that_used_everything(store, OLD)
    before = await store.count_by_chat(OLD)
    broken = (*CHAT_TABLES, ChatTable("no_such_table", "chat_id", ("chat_id",), ()))
    monkeypatch.setattr(storage_base, "CHAT_TABLES", broken)
    with pytest.raises(Exception, match="no_such_table"):
        await store.migrate_chat(OLD, NEW, now=NOW)
    monkeypatch.undo()
    assert await store.count_by_chat(OLD) == before
    assert set((await store.count_by_chat(NEW)).values()) == {0}
    old = await store.chats.get(OLD)
    assert old is not None and old.status == "active" and await store.chats.get(NEW) is None


async def test_running_it_again_or_onto_itself_changes_nothing(store: Storage) -> None:
    await _a_team_that_used_everything(store, OLD)
    await store.migrate_chat(OLD, OLD, now=NOW)
    before = await store.count_by_chat(OLD)
    assert set(before.values()) == {1}
    await store.migrate_chat(OLD, NEW, now=NOW)
    await store.migrate_chat(OLD, NEW, now=NOW)
    assert await store.count_by_chat(NEW) == before
