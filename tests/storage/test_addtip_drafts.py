"""Tips being written with /addtip, kept in the database, on both back-ends."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.models import DRAFT_ALREADY, DRAFT_CANCELLED, DRAFT_SAVED, AddtipDraft
from bot.storage import Storage
from bot.teamtips.drafts import TeamTipDraft

NOW = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=5)


def draft(chat: int = -5, user: int = 7, token: str = "t1", **kw: object) -> AddtipDraft:
    fields: dict[str, object] = dict(step="passage", principle="Gọi lại trong 24 giờ",
                                     passage="", source="", language="vi",
                                     expires_at=LATER)
    fields.update(kw)
    return AddtipDraft(chat, user, token=token, **fields)  # type: ignore[arg-type]


async def test_a_draft_is_kept_until_it_expires_and_one_step_replaces_the_last(
        store: Storage) -> None:
    await store.addtip_drafts.put(draft(), NOW)
    assert await store.addtip_drafts.get(-5, 7, NOW) == draft()
    assert await store.addtip_drafts.get(-5, 8, NOW) is None  # another admin has none
    assert await store.addtip_drafts.get(-6, 7, NOW) is None  # nor the admin elsewhere
    moved = draft(token="t2", step="source", passage="Khách để lại số thì gọi lại.",
                  message_id=77)  # the message that moved it, kept
    await store.addtip_drafts.put(moved, NOW)
    assert await store.addtip_drafts.get(-5, 7, NOW) == moved
    assert await store.addtip_drafts.get(-5, 7, LATER) is None  # expired: never returned
    assert await store.addtip_drafts.open() == [moved]  # (its time-out is set at a start)


async def test_a_time_out_ends_only_the_step_it_was_set_at(store: Storage) -> None:
    await store.addtip_drafts.put(draft(token="t1"), NOW)
    await store.addtip_drafts.put(draft(token="t2", step="source"), NOW)  # the admin went on
    assert await store.addtip_drafts.end(7, "t1") is None
    ended = await store.addtip_drafts.end(7, "t2")
    assert ended is not None and ended.chat_id == -5
    assert await store.addtip_drafts.end(7, "t2") is None  # once (two replicas)
    assert await store.addtip_drafts.get(-5, 7, NOW) is None


async def test_drop_and_expired_drafts_go(store: Storage) -> None:
    await store.addtip_drafts.put(draft(chat=-5), NOW)
    await store.addtip_drafts.put(draft(chat=-6, token="t9"), NOW)
    assert await store.addtip_drafts.drop(-5, 7)
    assert not await store.addtip_drafts.drop(-5, 7)
    # A new draft written after the others expired clears them out.
    await store.addtip_drafts.put(dataclasses.replace(
        draft(chat=-7, token="t3"), expires_at=LATER + dt.timedelta(minutes=5)), LATER)
    assert [d.chat_id for d in await store.addtip_drafts.open()] == [-7]


async def test_finishing_saves_the_tip_once_and_keeps_the_message_that_finished_it(
        store: Storage) -> None:
    """The last part saves the tip and ends the draft in one transaction, and the ended
    draft remembers the message that finished it (and how it ended), so that message
    handled again after a crash confirms the tip instead of being searched; the ended
    draft has no time-out, and finishing it again saves nothing."""
    tip = TeamTipDraft("Gọi lại trong 24 giờ", "Khách để lại số thì gọi lại.", "", "Gọi lại")
    last = draft(step="short", passage=tip.passage, token="t1")
    await store.addtip_drafts.put(last, NOW)
    ended = await store.addtip_drafts.finish(last, tip, message_id=90, token="t2",
                                             expires_at=LATER, now=NOW)
    assert ended is not None and (ended.step, ended.message_id) == (DRAFT_SAVED, 90)
    [saved] = await store.team_tips.of_chat(-5)
    assert (saved.principle, saved.short, saved.created_by) == (tip.principle, "Gọi lại", 7)
    assert await store.addtip_drafts.get(-5, 7, NOW) == ended
    assert await store.addtip_drafts.open() == []  # no time-out to set again at a start
    assert await store.addtip_drafts.end(7, "t2") is None  # nor one that ends it
    assert await store.addtip_drafts.finish(last, tip, message_id=90, token="t3",
                                            expires_at=LATER, now=NOW) is None
    assert len(await store.team_tips.of_chat(-5)) == 1
    # The same tip written again: the draft ends as "already", nothing stored twice.
    again = draft(step="short", passage=tip.passage, token="t4")
    await store.addtip_drafts.put(again, NOW)
    ended = await store.addtip_drafts.finish(again, tip, message_id=95, token="t5",
                                             expires_at=LATER, now=NOW)
    assert ended is not None and ended.step == DRAFT_ALREADY
    assert len(await store.team_tips.of_chat(-5)) == 1


async def test_the_message_asking_a_step_finds_its_open_draft(store: Storage) -> None:
    """Which draft a bot's question asks a step of, while that step is open: someone
    else's reply to it is then told it is not theirs."""
    await store.addtip_drafts.put(draft(token="t1"), NOW)
    await store.addtip_drafts.asked(draft(token="t0"), 41)  # an older step: not this one
    assert await store.addtip_drafts.asking(-5, 41, NOW) is None
    await store.addtip_drafts.asked(draft(token="t1"), 42)
    found = await store.addtip_drafts.asking(-5, 42, NOW)
    assert found is not None and (found.user_id, found.asked_id) == (7, 42)
    assert await store.addtip_drafts.asking(-6, 42, NOW) is None  # another chat
    assert await store.addtip_drafts.asking(-5, 42, LATER) is None  # expired
    tip = TeamTipDraft("Gọi lại trong 24 giờ", "Khách để lại số thì gọi lại.")
    await store.addtip_drafts.finish(found, tip, message_id=90, token="t2", expires_at=LATER,
                                     now=NOW)
    assert await store.addtip_drafts.asking(-5, 42, NOW) is None  # ended: nobody's question


async def test_a_cancelled_draft_keeps_the_message_that_cancelled_it(store: Storage) -> None:
    await store.addtip_drafts.put(draft(token="t1"), NOW)
    assert not await store.addtip_drafts.close(draft(token="t0"), DRAFT_CANCELLED,
                                               message_id=80, token="t2", expires_at=LATER)
    assert await store.addtip_drafts.close(draft(token="t1"), DRAFT_CANCELLED, message_id=80,
                                           token="t2", expires_at=LATER)
    ended = await store.addtip_drafts.get(-5, 7, NOW)
    assert ended is not None and ended.ended and ended.message_id == 80
    assert await store.addtip_drafts.open() == []
    assert await store.addtip_drafts.end(7, "t2") is None  # no time-out says a word for it
