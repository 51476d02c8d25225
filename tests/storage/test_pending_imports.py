"""A team's tips cannot double, and imports wait in the database, on both back-ends.

Seen before: the same file previewed for one team in two chats and confirmed in both
at the same moment stored every tip twice; an import waited in one process's memory,
so a confirm that reached another replica found nothing, and 100 previews anywhere
pushed a team's waiting import out. Two ``Storage`` objects on one database stand for
two replicas (or two processes) here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest

import bot.storage.base as storage_base
from bot.models import MAX_TEAM_TIPS
from bot.services import playbook_import as imports
from bot.storage import MIGRATIONS, Storage
from bot.storage.migrations import Migration
from bot.teamtips.drafts import TeamTipDraft
from bot.teamtips.playbook import PlaybookTip

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
WAIT = dt.timedelta(minutes=5)
TEAM = -1001


def drafts(n: int, prefix: str = "Nguyên tắc") -> list[TeamTipDraft]:
    return [TeamTipDraft(f"{prefix} {i}", f"Nội dung {i}.") for i in range(n)]


@pytest.fixture()
async def other(target: str, store: Storage) -> AsyncIterator[Storage]:
    """A second process on the same database (``store`` opened it first)."""
    second = await Storage.open(target)
    try:
        yield second
    finally:
        await second.close()


async def test_a_team_has_each_tip_once_accents_and_case_aside(store: Storage) -> None:
    first = await store.team_tips.add(TEAM, "Gọi lại trong 24 giờ", "Khách để lại số.", "", 7)
    assert first is not None
    assert await store.team_tips.add(TEAM, "GOI LAI TRONG 24 GIO", "khach de lai so.", "",
                                     8) is None
    done = await store.team_tips.add_many(TEAM, [TeamTipDraft("gọi lại trong 24 giờ",
                                                              "Khách để lại số."),
                                                 TeamTipDraft("Mới", "Nội dung mới.")], 9)
    assert (len(done.added), done.already, done.no_room) == (1, 1, 0)
    assert [t.principle for t in await store.team_tips.of_chat(TEAM)] == [
        "Gọi lại trong 24 giờ", "Mới"]
    # Another team may have the same tip; a long passage is no trouble for the index.
    assert await store.team_tips.add(-2, "Gọi lại trong 24 giờ", "Khách để lại số.", "",
                                     7) is not None
    assert await store.team_tips.add(TEAM, "Dài", "Rất dài. " * 2000, "", 7) is not None
    # At the limit, a tip the team has is still told apart from one that does not fit.
    await store.team_tips.add_many(TEAM, drafts(MAX_TEAM_TIPS), 7)
    done = await store.team_tips.add_many(TEAM, [TeamTipDraft("Mới", "Nội dung mới."),
                                                 TeamTipDraft("Khác hẳn", "Chưa có.")], 9)
    assert (done.added, done.already, done.no_room) == ((), 1, 1)
    assert len(await store.team_tips.of_chat(TEAM)) == MAX_TEAM_TIPS


async def test_the_message_that_stored_a_tip_handled_again_is_told_it_was_added(
        store: Storage) -> None:
    """The update that stored a tip, handled again after a crash (``message_id``: the
    chat's message), gets the same tip's number back, once, even at the limit; another
    message with the same words, or the same message by someone else, is "already"."""
    first = await store.team_tips.add_many(TEAM, [TeamTipDraft("Gọi lại", "Trong 24 giờ.")],
                                           7, message_id=41)
    again = await store.team_tips.add_many(TEAM, [TeamTipDraft("Gọi lại", "Trong 24 giờ.")],
                                           7, message_id=41)
    assert (again.added, again.already) == (first.added, 0)
    sent = await store.team_tips.sent_in(TEAM, 41, 7)  # its edit fixes that tip
    assert sent is not None and (sent.id,) == first.added
    assert await store.team_tips.sent_in(TEAM, 41, 8) is None
    assert await store.team_tips.sent_in(TEAM, 0, 7) is None
    for user, message in ((7, 42), (7, 0), (8, 41)):
        other = await store.team_tips.add_many(
            TEAM, [TeamTipDraft("GỌI LẠI", "trong 24 giờ.")], user, message_id=message)
        assert (other.added, other.already) == ((), 1)
    await store.team_tips.add_many(TEAM, drafts(MAX_TEAM_TIPS - 2), 7)
    last = await store.team_tips.add_many(TEAM, [TeamTipDraft("Cuối", "Vừa đủ chỗ.")], 7,
                                          message_id=43)
    assert len(await store.team_tips.of_chat(TEAM)) == MAX_TEAM_TIPS
    again = await store.team_tips.add_many(TEAM, [TeamTipDraft("Cuối", "Vừa đủ chỗ.")], 7,
                                           message_id=43)
    assert (again.added, again.already, again.no_room) == (last.added, 0, 0)
    assert len(await store.team_tips.of_chat(TEAM)) == MAX_TEAM_TIPS


async def test_an_older_database_keeps_the_oldest_of_its_doubled_tips(
        target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database from before the key (version 7) may hold the same tip twice, as the
    race stored it: the first stays, the copies go, and the key holds from then on."""
    monkeypatch.setattr(storage_base, "MIGRATIONS", MIGRATIONS[:7])
    old = await Storage.open(target)
    for chat, principle, passage in [
            (TEAM, "Gọi lại trong 24 giờ", "Khách để lại số."),
            (TEAM, "Gọi lại trong 24 giờ", "Khách để lại số."),  # the race's copy
            (TEAM, "Chào khách", "Gọi tên khách."),
            (TEAM, "GỌI LẠI TRONG 24 GIỜ", "khách để lại số."),  # the same, spelt so
            (-2, "Gọi lại trong 24 giờ", "Khách để lại số."),  # another team's
            (TEAM, "Dài", "Rất dài. " * 2000)]:
        await old._write(
            "INSERT INTO team_tips (chat_id, principle, passage, source, created_by, "
            "created_at, short) VALUES (?, ?, ?, '', 7, ?, ?)",
            (chat, principle, passage, NOW.isoformat(), principle[:5]))
    await old.close()
    monkeypatch.undo()
    store = await Storage.open(target)
    try:
        assert await store.schema_version() == len(MIGRATIONS)
        kept = await store.team_tips.of_chat(TEAM)
        assert [(t.id, t.principle, t.short) for t in kept] == [
            (1, "Gọi lại trong 24 giờ", "Gọi l"), (3, "Chào khách", "Chào "), (6, "Dài", "Dài")]
        assert [t.id for t in await store.team_tips.of_chat(-2)] == [5]
        columns, rows = await store.table_rows("team_tips")
        assert all(row[columns.index("tip_key")] for row in rows)  # every key filled in
        assert await store.team_tips.add(TEAM, "gọi lại trong 24 giờ", "Khách để lại số.", "",
                                         7) is None
        number = await store.team_tips.add(TEAM, "Mới", "Nội dung.", "", 7)
        assert number is not None and number > 6  # after every number ever given
    finally:
        await store.close()


async def test_a_migration_that_fails_in_its_python_step_leaves_nothing_half_done(
        target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is computed in Python between two parts of SQL; if that fails, the column,
    the table and the version number are not there either, and the next start does it all."""
    monkeypatch.setattr(storage_base, "MIGRATIONS", MIGRATIONS[:7])
    old = await Storage.open(target)
    await old._write("INSERT INTO team_tips (chat_id, principle, passage, source, created_at) "
                     "VALUES (?, 'Gọi lại', 'Trong 24 giờ.', '', ?)", (TEAM, NOW.isoformat()))
    await old.close()

    async def broken(db: object) -> None:
        raise RuntimeError("the step failed")

    real = MIGRATIONS[7]
    assert isinstance(real, Migration) and real.step is not None
    monkeypatch.setattr(storage_base, "MIGRATIONS",
                        (*MIGRATIONS[:7], Migration(real.sql, broken, real.then)))
    with pytest.raises(RuntimeError, match="the step failed"):
        await Storage.open(target)
    monkeypatch.setattr(storage_base, "MIGRATIONS", MIGRATIONS[:7])
    again = await Storage.open(target)
    try:
        assert await again.schema_version() == 7
        schema = await again.tables()
        assert "pending_imports" not in schema and "tip_key" not in schema["team_tips"]
    finally:
        await again.close()
    monkeypatch.undo()
    store = await Storage.open(target)
    try:
        assert await store.schema_version() == len(MIGRATIONS)
        assert await store.team_tips.add(TEAM, "GỌI LẠI", "trong 24 giờ.", "", 7) is None
    finally:
        await store.close()


async def test_two_confirms_at_once_store_each_tip_once(store: Storage, other: Storage
                                                        ) -> None:
    """The same file, previewed for one team in the team's chat and in an admin's
    private chat, confirmed in both at the same moment, on two replicas."""
    for _ in range(3):  # a race may go either way: each way must hold
        await store._write("DELETE FROM team_tips")
        book = tuple(PlaybookTip(d.principle, d.passage, "", row=n + 2)
                     for n, d in enumerate(drafts(40)))
        found = imports.plan(book, [])
        in_team = await imports.hold(store, TEAM, TEAM, found, NOW, WAIT)
        in_private = await imports.hold(other, 8001, TEAM, found, NOW, WAIT)
        outcomes = await asyncio.gather(imports.confirm(store, in_team, 8001),
                                        imports.confirm(other, in_private, 8001))
        assert sum(o.added for o in outcomes) == 40
        assert sum(o.duplicates for o in outcomes) == 40  # "already there", not stored
        assert len(await other.team_tips.of_chat(TEAM)) == 40


async def test_the_limit_holds_when_two_imports_race(store: Storage, other: Storage) -> None:
    for _ in range(3):
        await store._write("DELETE FROM team_tips")
        await store.team_tips.add_many(TEAM, drafts(MAX_TEAM_TIPS - 10, "Cũ"), 7)
        outcomes = await asyncio.gather(store.team_tips.add_many(TEAM, drafts(20, "Một"), 8),
                                        other.team_tips.add_many(TEAM, drafts(20, "Hai"), 9))
        assert sum(len(o.added) for o in outcomes) == 10
        assert sum(o.no_room for o in outcomes) == 30
        assert len(await store.team_tips.of_chat(TEAM)) == MAX_TEAM_TIPS


async def test_a_confirm_reaches_another_replica_and_is_taken_once(
        store: Storage, other: Storage) -> None:
    book = (PlaybookTip("Gọi lại", "Trong 24 giờ.", "Sổ tay", row=2),)
    shown = await imports.hold(store, TEAM, TEAM, imports.plan(book, []), NOW, WAIT)
    assert await imports.waiting(other, TEAM, shown.token, NOW) == shown
    taken = await asyncio.gather(imports.take(store, TEAM, shown.token, NOW),
                                 imports.take(other, TEAM, shown.token, NOW))
    assert sorted(t is None for t in taken) == [False, True]  # two presses: one confirm
    assert shown in taken
    late = await imports.hold(store, TEAM, TEAM, imports.plan(book, []), NOW, WAIT)
    assert await imports.take(other, TEAM, late.token, NOW + WAIT) is None  # expired


async def test_previews_elsewhere_never_push_a_teams_import_out(store: Storage,
                                                                other: Storage) -> None:
    book = (PlaybookTip("Gọi lại", "Trong 24 giờ.", "", row=2),)
    mine = await imports.hold(store, TEAM, TEAM, imports.plan(book, []), NOW, WAIT)
    for chat in range(1, 101):
        await imports.hold(other, chat, chat, imports.plan(book, []), NOW, WAIT)
    assert await imports.take(other, TEAM, mine.token, NOW) == mine
    assert await store.count("pending_imports") == 100
    # Expired ones are deleted as new ones come, not only ignored.
    await imports.hold(store, 1, 1, imports.plan(book, []), NOW + WAIT, WAIT)
    assert await store.count("pending_imports") == 1
