"""The durable inbox (``bot.inbox.engine`` over ``bot.storage.inbox``) on both back-ends: order
per chat, independence of chats, repeats, coalescing, bounds, restarts and replicas
taking each other's chats."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable

import pytest

from bot.inbox.engine import Inbox
from bot.models import AddtipDraft, InboxItem
from bot.storage import Storage


def item(update_id: int, lane: int, kind: str = "other", sender: int | None = None) -> InboxItem:
    return InboxItem(update_id, lane, lane if sender is None else sender, kind,
                     json.dumps({"update_id": update_id}))


class Recorder:
    """A handler that records what ran, per lane, and can hold a lane up."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.ran: dict[int, list[int]] = defaultdict(list)
        self.at_work: dict[int, int] = defaultdict(int)
        self.overlaps = 0
        self.held: set[int] = set()
        self.release = asyncio.Event()

    async def __call__(self, entry: InboxItem) -> None:
        self.at_work[entry.lane] += 1
        if self.at_work[entry.lane] > 1:
            self.overlaps += 1
        try:
            if entry.lane in self.held:
                await self.release.wait()
            if self.delay:
                await asyncio.sleep(self.delay)
            self.ran[entry.lane].append(entry.update_id)
        finally:
            self.at_work[entry.lane] -= 1


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise TimeoutError


async def started(store: Storage, handle: Callable[[InboxItem], object], **kw: object) -> Inbox:
    inbox = Inbox(store, handle, **kw)  # type: ignore[arg-type]
    await inbox.start(sole=True)
    return inbox


async def test_each_chat_in_order_and_a_held_chat_holds_only_itself(store: Storage) -> None:
    handle = Recorder()
    handle.held.add(1)
    inbox = await started(store, handle)
    try:
        await inbox.take([item(n, 1 + n % 5) for n in range(1, 51)])
        await asyncio.sleep(0.5)
        for lane in range(2, 6):  # every other chat done, in order
            assert handle.ran[lane] == [n for n in range(1, 51) if 1 + n % 5 == lane]
        assert handle.ran[1] == []
        handle.release.set()
        await inbox.drain()
        assert handle.ran[1] == list(range(5, 51, 5)) and handle.overlaps == 0
    finally:
        await inbox.close(1.0)


async def test_a_repeat_or_replay_is_handled_once(store: Storage) -> None:
    handle = Recorder()
    inbox = await started(store, handle)
    try:
        first = await inbox.take([item(1, 7), item(2, 7)])
        again = await inbox.take([item(1, 7), item(2, 7), item(3, 7)])
        assert (len(first.new), len(again.new), again.repeats) == (2, 1, 2)
        await inbox.drain()
        await inbox.take([item(2, 7)])
        await inbox.drain()
        assert handle.ran[7] == [1, 2, 3]
    finally:
        await inbox.close(1.0)


async def test_lookups_coalesce_per_person_and_a_flood_is_bounded_and_counted(
        store: Storage) -> None:
    handle = Recorder()
    handle.held.add(9)
    drops: dict[str, int] = defaultdict(int)
    told: list[int] = []

    async def note(entry: InboxItem) -> bool:
        told.append(entry.lane)
        return True

    inbox = await started(store, handle, max_waiting=20, on_flood=note,
                          on_dropped=lambda reason, n: drops.__setitem__(reason,
                                                                          drops[reason] + n))
    try:
        await inbox.take([item(1, 9, "other")])  # at work, held up
        await until(lambda: handle.at_work[9] == 1)
        await inbox.take([item(n, 9, "lookup", sender=100) for n in range(2, 12)])
        await inbox.take([item(n, 9, "lookup", sender=200) for n in range(12, 15)])
        stored = await inbox.take([item(n, 9, "other") for n in range(15, 65)])
        team = await inbox.take([item(n, 9, "other", sender=1000 + n) for n in range(65, 95)])
        assert len(stored.dropped) == 50 - 19  # 20 waiting at most, the one at work included
        assert not team.dropped  # thirty people tapping at once are all answered
        handle.release.set()
        await inbox.drain()
        ran = handle.ran[9]
        assert [n for n in ran if 2 <= n < 12] == [11] and [n for n in ran if 12 <= n < 15] == [14]
        assert [n for n in ran if n >= 15] == [*range(15, 34), *range(65, 95)]
        assert ran == sorted(ran)
        assert drops == {"coalesced": 9 + 2, "flood": 31}
        assert told == [9]  # told once, not for every update dropped
        counts = await store.inbox.counts()
        assert counts["dropped"] == 42 and counts.get("new", 0) == 0
    finally:
        await inbox.close(1.0)


async def test_the_texts_of_someone_writing_a_tip_are_each_kept(store: Storage) -> None:
    """From an update that may open an /addtip draft on, and while the draft is open,
    the sender's lookups in that chat are the tip's parts: none replaces another. Others
    in the chat, and the same person elsewhere, coalesce as before."""
    now = dt.datetime.now(dt.UTC)
    bounds = {"max_waiting": 20, "max_lane": 2000}
    stored = await store.inbox.store(
        [item(1, 9, "lookup", sender=100), item(2, 9, "addtip", sender=100),
         item(3, 9, "lookup", sender=100), item(4, 9, "lookup", sender=100),
         item(5, 9, "lookup", sender=200), item(6, 9, "lookup", sender=200),
         item(7, 8, "lookup", sender=100), item(8, 8, "lookup", sender=100)], now, **bounds)
    assert stored.superseded == (5, 7)
    await store.addtip_drafts.put(AddtipDraft(10, 300, "passage", "Một nguyên tắc", "", "",
                                              "vi", "t", now + dt.timedelta(minutes=5)), now)
    stored = await store.inbox.store([item(n, 10, "lookup", sender=300) for n in (11, 12)] +
                                     [item(n, 10, "lookup", sender=301) for n in (13, 14)],
                                     now, **bounds)
    assert stored.superseded == (13,)
    stored = await store.inbox.store([item(15, 10, "lookup", sender=300)], now, **bounds)
    assert not stored.superseded and len(stored.new) == 1
    # Kept, but bounded like any other update: a flood while writing costs rows, no work.
    stored = await store.inbox.store([item(n, 10, "lookup", sender=300)
                                      for n in range(16, 46)], now, **bounds)
    assert len(stored.new) == 20 - 3 and len(stored.dropped) == 30 - 17


async def test_a_restart_resumes_what_was_waiting_or_at_work(store: Storage) -> None:
    handle = Recorder()
    handle.held.update({1, 2})
    inbox = await started(store, handle)
    await inbox.take([item(1, 1), item(2, 1), item(3, 2), item(4, 3)])
    await asyncio.sleep(0.2)
    await inbox.close(0.1)  # lanes 1 and 2 were at work; cancelled after the grace
    assert handle.ran[3] == [4] and not handle.ran[1] and not handle.ran[2]
    after = Recorder()
    inbox = await started(store, after)
    try:
        await inbox.drain()
        assert after.ran == {1: [1, 2], 2: [3]}
    finally:
        await inbox.close(1.0)


async def test_a_dead_replicas_chats_are_taken_over_when_its_lease_ends(target: str) -> None:
    one, two = await Storage.open(target), await Storage.open(target)
    first, second = Recorder(), Recorder()
    first.held.add(5)  # replica one hangs on chat 5, then dies without a word
    a = Inbox(one, first, lease=dt.timedelta(seconds=2), scan_every=0.2)
    b = Inbox(two, second, lease=dt.timedelta(seconds=2), scan_every=0.2)
    try:
        await a.start(sole=False)
        await b.start(sole=False)
        await a.take([item(1, 5)])
        await asyncio.sleep(0.3)
        await b.take([item(2, 5), item(3, 6)])  # chat 5 is replica one's: two waits
        await asyncio.sleep(0.5)
        assert second.ran == {6: [3]}
        assert a._background is not None
        a._background.cancel()  # the process is gone: no renewals, no scans
        for task in list(a._workers.values()):
            task.cancel()
        await asyncio.wait_for(b.drain(), 10)
        assert second.ran[5] == [1, 2]  # the update at work and the one behind it
    finally:
        await b.close(1.0)
        await one.close()
        await two.close()


async def test_replicas_share_chats_one_at_a_time_in_order(target: str) -> None:
    if not target.startswith("postgresql"):
        pytest.skip("replicas share a database only on PostgreSQL")
    stores = [await Storage.open(target) for _ in range(3)]
    handle = Recorder(delay=0.002)  # one record across replicas: overlaps would show
    inboxes = [Inbox(s, handle, scan_every=0.1) for s in stores]
    try:
        for inbox in inboxes:
            await inbox.start(sole=False)
        ids = iter(range(1, 10_000))
        for _ in range(20):  # Telegram posts each batch to whichever replica, in turn
            for inbox in inboxes:
                await inbox.take([item(n := next(ids), lane, sender=n) for lane in range(1, 11)])
        for inbox in inboxes:
            await asyncio.wait_for(inbox.drain(), 30)
        assert handle.overlaps == 0
        for lane in range(1, 11):
            assert handle.ran[lane] == sorted(handle.ran[lane]) and len(handle.ran[lane]) == 60
    finally:
        for inbox in inboxes:
            await inbox.close(1.0)
        for s in stores:
            await s.close()


async def test_handled_updates_are_forgotten_after_a_day(store: Storage) -> None:
    handle = Recorder()
    inbox = await started(store, handle)
    try:
        await inbox.take([item(1, 1), item(2, 1)])
        await inbox.drain()
        now = dt.datetime.now(dt.UTC)
        assert await store.inbox.expire(now - dt.timedelta(days=1)) == 0
        assert await store.inbox.expire(now + dt.timedelta(seconds=2)) == 2
        assert await store.inbox.counts() == {}
    finally:
        await inbox.close(1.0)


async def test_a_chat_never_has_more_waiting_than_its_bound_whoever_sends(
        store: Storage) -> None:
    handle = Recorder()
    handle.held.add(4)
    inbox = await started(store, handle, max_lane=50)
    try:
        await inbox.take([item(1, 4)])
        await until(lambda: handle.at_work[4] == 1)
        # Forged senders, one update each: no person's bound is reached, the chat's is.
        stored = await inbox.take([item(n, 4, sender=10_000 + n) for n in range(2, 202)])
        assert len(stored.new) == 49 and len(stored.dropped) == 151
        handle.release.set()
        await inbox.drain()
        assert handle.ran[4] == list(range(1, 51))
    finally:
        await inbox.close(1.0)


async def test_an_update_that_hangs_is_stopped_and_its_chat_goes_on(store: Storage) -> None:
    handle = Recorder()
    handle.held.add(3)  # never released: the handler hangs
    inbox = await started(store, handle, time_limit=0.3)
    try:
        await inbox.take([item(1, 3), item(2, 5)])
        await until(lambda: handle.ran[5] == [2])
        handle.held.clear()  # what comes next in the hung chat does not hang
        await inbox.take([item(3, 3)])
        await inbox.drain()
        assert handle.ran[3] == [3]  # the hung one left out, the chat answered after it
        assert (await store.inbox.counts()).get("done") == 3
    finally:
        await inbox.close(1.0)


async def test_a_question_or_two_retyped_quickly_is_not_a_flood(store: Storage) -> None:
    handle = Recorder()
    handle.held.update({6, 7})
    told: list[int] = []

    async def note(entry: InboxItem) -> bool:
        told.append(entry.lane)
        return entry.lane != 7  # chat 7 cannot be written to

    inbox = await started(store, handle, on_flood=note)
    try:
        await inbox.take([item(1, 6)])  # at work, held up
        await until(lambda: handle.at_work[6] == 1)
        for n in range(2, 5):  # a correction, and another: the second replaces the first
            await inbox.take([item(n, 6, "lookup")])
        assert told == []
        await inbox.take([item(5, 6, "lookup")])  # the third replaced in a minute: told
        await inbox.take([item(6, 6, "lookup")])
        assert told == [6]  # once
        for n in range(10, 40):  # chat 7 floods but refuses the note: tried again later
            await inbox.take([item(n, 7)])
        await asyncio.sleep(0.05)
        assert told.count(7) > 1
        handle.release.set()
        await inbox.drain()
    finally:
        await inbox.close(1.0)
