"""Tips being written with /addtip, kept in the database, on both back-ends."""

from __future__ import annotations

import dataclasses
import datetime as dt

from bot.models import AddtipDraft
from bot.storage import Storage

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
