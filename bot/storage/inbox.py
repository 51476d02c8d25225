"""Queries for the durable inbox (``storage.inbox``, tables ``inbox`` and
``inbox_lanes``): updates stored before Telegram is told they arrived,
and the per-lane claims that let one process at a time work on a chat's updates.

A lane is claimed with a lease (``inbox_lanes``): the owner renews it while it works and
gives it back only when nothing of the lane is waiting (in the same statement, so an
update stored by another replica meanwhile is never left behind); a process that dies
loses its lanes when their leases end. Everything here is plain SQL on both back-ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.models import COALESCING_KINDS, DRAFT_ENDED, OPENS_DRAFT, InboxItem, Stored
from bot.storage.sql import Repository, chunks, iso, marks

_COALESCING = tuple(sorted(COALESCING_KINDS))
# An update is waiting (``new``) until a process starts on it (``working``) and then
# ``done``; ``dropped`` when replaced or past its lane's bound. ``working`` is still
# pending: a process killed mid-update leaves it for the next one.
_PENDING = "('new', 'working')"


class Inbox(Repository):
    async def store(self, items: Sequence[InboxItem], now: dt.datetime, *,
                    max_waiting: int, max_lane: int) -> Stored:
        """Store a batch in one transaction of a few statements; a repeated ``update_id``
        is ignored.

        A coalescing update (a lookup) replaces the ones of its kind its sender still has
        waiting in the lane (not yet taken to work); any other update is stored as
        dropped when ``max_waiting`` others of its sender already wait there, so a flood
        costs one row per update and no work, while a whole team tapping a button at
        once is answered in full. Whoever sends it, a lane never has more than
        ``max_lane`` waiting: past that, everything new is dropped.

        A sender writing a tip in the lane (an open ``/addtip`` draft, or an update that
        may open one still waiting) types its parts: their lookups neither replace nor
        are replaced, each is a part, bounded like any other update.
        """
        if not items:
            return Stored((), (), (), (), 0)
        stamp = iso(now)
        lanes = sorted({item.lane for item in items})
        async with self._transaction() as tx:
            known: set[int] = set()
            for batch in chunks([item.update_id for item in items]):
                rows = await tx.fetchall(
                    f"SELECT update_id FROM inbox WHERE update_id IN ({marks(batch)})", batch)
                known.update(int(r[0]) for r in rows)
            waiting: dict[tuple[int, int], int] = {}
            in_lane: dict[int, int] = {}
            lookups: dict[tuple[int, int, str], list[int]] = {}
            writing: set[tuple[int, int]] = set()  # (lane, sender) writing a tip there
            for batch in chunks(lanes):
                rows = await tx.fetchall(
                    f"SELECT chat_id, user_id FROM addtip_drafts "
                    f"WHERE chat_id IN ({marks(batch)}) AND expires_at > ? "
                    f"AND step NOT IN ({marks(DRAFT_ENDED)})", (*batch, stamp, *DRAFT_ENDED))
                writing.update((int(r[0]), int(r[1])) for r in rows)
                rows = await tx.fetchall(
                    f"SELECT update_id, lane, sender, kind, status FROM inbox "
                    f"WHERE lane IN ({marks(batch)}) AND status IN {_PENDING}", batch)
                writing.update((r[1], r[2]) for r in rows if r[3] == OPENS_DRAFT)
                for update_id, lane, sender, kind, status in rows:
                    in_lane[lane] = in_lane.get(lane, 0) + 1
                    if kind in COALESCING_KINDS and (lane, sender) not in writing:
                        if status == "new":
                            lookups.setdefault((lane, sender, kind), []).append(int(update_id))
                    else:
                        waiting[lane, sender] = waiting.get((lane, sender), 0) + 1
            new: list[InboxItem] = []
            dropped: list[InboxItem] = []
            superseded: list[int] = []
            replacing: list[InboxItem] = []
            repeats = 0
            for item in items:
                if item.update_id in known:
                    repeats += 1
                    continue
                known.add(item.update_id)
                if in_lane.get(item.lane, 0) >= max_lane:
                    dropped.append(item)
                    continue
                in_lane[item.lane] = in_lane.get(item.lane, 0) + 1
                if item.kind == OPENS_DRAFT:
                    writing.add((item.lane, item.sender))
                writes = (item.lane, item.sender) in writing  # its lookups are a tip's parts
                if item.kind in COALESCING_KINDS and not writes:
                    older = lookups.setdefault((item.lane, item.sender, item.kind), [])
                    replaced = [u for u in older if u < item.update_id]
                    if replaced:
                        superseded.extend(replaced)
                        replacing.append(item)
                        older[:] = [u for u in older if u > item.update_id]
                    older.append(item.update_id)
                    new.append(item)
                elif waiting.get((item.lane, item.sender), 0) >= max_waiting:
                    dropped.append(item)
                else:
                    waiting[item.lane, item.sender] = waiting.get((item.lane, item.sender), 0) + 1
                    new.append(item)
            dropped_ids = {item.update_id for item in dropped}
            await tx.executemany(
                "INSERT INTO inbox (update_id, lane, sender, kind, payload, status, "
                "received_at, done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (update_id) DO NOTHING",
                [(item.update_id, item.lane, item.sender, item.kind, item.payload,
                  "dropped" if item.update_id in dropped_ids else "new", stamp,
                  stamp if item.update_id in dropped_ids else None)
                 for item in sorted([*new, *dropped], key=lambda i: i.update_id)])
            for batch in chunks(superseded):
                await tx.execute(
                    f"UPDATE inbox SET status = 'dropped', done_at = ? "
                    f"WHERE update_id IN ({marks(batch)}) AND status = 'new'", (stamp, *batch))
        gone = set(superseded)
        return Stored(tuple(i for i in new if i.update_id not in gone), tuple(dropped),
                      tuple(superseded), tuple(replacing), repeats)

    async def take(self, lane: int, limit: int) -> list[InboxItem]:
        """Take the lane's oldest waiting updates to work (``working``), oldest first.

        Once taken, an update is no longer replaced by a later lookup; one a process
        took and never finished (it died) is taken again by the next.
        """
        rows = await self._fetchall(
            f"UPDATE inbox SET status = 'working' WHERE update_id IN "
            f"(SELECT update_id FROM inbox WHERE lane = ? AND status IN {_PENDING} "
            f"ORDER BY update_id LIMIT ?) RETURNING update_id, lane, sender, kind, payload",
            (lane, limit))
        items = [InboxItem(int(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4])) for r in rows]
        return sorted(items, key=lambda item: item.update_id)

    async def finish(self, update_ids: Sequence[int], status: str,
                     now: dt.datetime) -> None:
        """Mark updates ``done`` (handled) or ``dropped`` (left out on purpose)."""
        for batch in chunks(list(update_ids)):
            await self._write(
                f"UPDATE inbox SET status = ?, done_at = ? WHERE update_id IN ({marks(batch)})",
                (status, iso(now), *batch))

    async def claim_lane(self, lane: int, owner: str, now: dt.datetime,
                         lease_until: dt.datetime) -> bool:
        """Take the lane unless another owner's lease is still running."""
        changed = await self._write(
            "INSERT INTO inbox_lanes (lane, owner, lease_until) VALUES (?, ?, ?) "
            "ON CONFLICT (lane) DO UPDATE SET owner = excluded.owner, "
            "lease_until = excluded.lease_until "
            "WHERE inbox_lanes.owner = excluded.owner OR inbox_lanes.lease_until < ?",
            (lane, owner, iso(lease_until), iso(now)))
        return changed > 0

    async def release_lane(self, lane: int, owner: str) -> str:
        """Give the lane back if nothing of it waits: ``released``, ``more`` or ``lost``.

        ``more``: an update arrived meanwhile and the lane is still ours; ``lost``: the
        lease ended and another process took the lane.
        """
        released = await self._write(
            f"DELETE FROM inbox_lanes WHERE lane = ? AND owner = ? AND NOT EXISTS "
            f"(SELECT 1 FROM inbox WHERE lane = ? AND status IN {_PENDING})", (lane, owner, lane))
        if released:
            return "released"
        holder = await self._scalar("SELECT owner FROM inbox_lanes WHERE lane = ?", (lane,))
        return "more" if holder == owner else "lost"

    async def renew_lanes(self, owner: str, lease_until: dt.datetime) -> set[int]:
        """Extend every lease ``owner`` holds; returns the lanes it still holds."""
        await self._write("UPDATE inbox_lanes SET lease_until = ? WHERE owner = ?",
                          (iso(lease_until), owner))
        rows = await self._fetchall("SELECT lane FROM inbox_lanes WHERE owner = ?", (owner,))
        return {int(r[0]) for r in rows}

    async def waiting_lanes(self, now: dt.datetime, limit: int = 500) -> list[int]:
        """Lanes with updates waiting that nobody holds (a restart, a replica that died)."""
        rows = await self._fetchall(
            f"SELECT DISTINCT i.lane FROM inbox i LEFT JOIN inbox_lanes l ON l.lane = i.lane "
            f"WHERE i.status IN {_PENDING} AND (l.lane IS NULL OR l.lease_until < ?) LIMIT ?",
            (iso(now), limit))
        return [int(r[0]) for r in rows]

    async def forget_lane_claims(self) -> None:
        """At the start of the only process (polling, SQLite): claims left by its
        predecessor belong to nobody."""
        await self._write("DELETE FROM inbox_lanes")

    async def expire(self, before: dt.datetime) -> int:
        """Forget handled and dropped updates older than ``before``; stale claims too."""
        count = await self._write(
            f"DELETE FROM inbox WHERE status NOT IN {_PENDING} AND done_at < ?",
            (iso(before),))
        await self._write("DELETE FROM inbox_lanes WHERE lease_until < ?", (iso(before),))
        return count

    async def counts(self) -> dict[str, int]:
        """Updates by status: what is waiting, handled and dropped."""
        rows = await self._fetchall("SELECT status, COUNT(*) FROM inbox GROUP BY status")
        return {str(r[0]): int(r[1]) for r in rows}
