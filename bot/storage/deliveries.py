"""Queries on ``deliveries``: one row per chat per local day, the claim that makes a
daily tip go out exactly once, and the delivery history the rotation and digest read.

A process claims (chat, day) before sending, with a lease; after sending it marks the
row sent and moves the subscription to its next slot in the same transaction. A claim
whose lease ran out (its process died) may be taken over, keeping its tip.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from bot.models import Claim
from bot.storage.sql import Queries, chunks, iso, marks

_SENT = ("UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, "
         "lease_until = NULL WHERE chat_id = ? AND local_date = ?")
# Delivered: next slot, one more tip, and the rotation cycle never goes backwards.
_ADVANCE = ("UPDATE subscriptions SET next_due_utc = ?, delivered_count = delivered_count + 1, "
            "rotation_cycle = CASE WHEN rotation_cycle > ? THEN rotation_cycle ELSE ? END "
            "WHERE chat_id = ?")


class DeliveryQueries(Queries):
    async def claim(self, chat_id: int, local_date: dt.date, tip_id: str, cycle: int,
                    owner: str, lease_until: dt.datetime, now: dt.datetime) -> Claim | None:
        """Take the (chat, day) delivery before sending, or ``None`` if it is not ours.

        A new row is ours; an existing one only if its claim's lease has run out (its
        owner died) — then we keep its tip so a retry sends what was meant. A sent or
        failed day is never claimed again: one tip per chat per local day.
        """
        row = await self._fetchone(
            """
            INSERT INTO deliveries (chat_id, local_date, tip_id, cycle, status, claimed_by,
                                    lease_until, attempts)
            VALUES (?, ?, ?, ?, 'claimed', ?, ?, 1)
            ON CONFLICT (chat_id, local_date) DO UPDATE SET
                claimed_by = excluded.claimed_by, lease_until = excluded.lease_until,
                attempts = deliveries.attempts + 1
            WHERE deliveries.status = 'claimed' AND deliveries.lease_until < ?
            RETURNING tip_id, cycle, attempts
            """,
            (chat_id, local_date.isoformat(), tip_id, cycle, owner, iso(lease_until), iso(now)),
        )
        if row is None:
            return None
        return Claim(chat_id, local_date, str(row["tip_id"]), int(row["cycle"]),
                     int(row["attempts"]), owner)

    async def delivered_tips_many(self, keys: Sequence[tuple[int, int]]
                                  ) -> dict[int, set[str]]:
        """Tips each chat got in its current rotation cycle, for many chats in one query."""
        result: dict[int, set[str]] = {chat: set() for chat, _ in keys}
        cycles = dict(keys)
        for chunk in chunks([chat for chat, _ in keys]):
            rows = await self._fetchall(
                f"SELECT chat_id, tip_id, cycle FROM deliveries WHERE chat_id IN "
                f"({marks(chunk)}) AND status != 'failed'", chunk)
            for chat_id, tip_id, cycle in rows:
                if cycle == cycles[chat_id]:
                    result[chat_id].add(str(tip_id))
        return result

    async def claim_many(self, wanted: Sequence[tuple[int, dt.date, str, int]], owner: str,
                         lease_until: dt.datetime, now: dt.datetime
                         ) -> tuple[list[Claim], dict[int, str]]:
        """``claim`` for a batch: (chat, day, tip, cycle) → the claims won, and the status
        of each (chat, day) that was not ours (``sent``, ``failed`` or someone's live claim).

        Three statements per batch instead of one per chat; the rules are the same. Each
        call writes its own token, so rows it won are told apart from rows the same
        process claimed earlier and still holds.
        """
        owner = f"{owner}/{secrets.token_hex(4)}"
        claims: list[Claim] = []
        others: dict[int, str] = {}
        lease = iso(lease_until)
        by_day: dict[str, list[tuple[int, dt.date, str, int]]] = {}
        for item in wanted:  # one local day per query (zones differ within a batch)
            by_day.setdefault(item[1].isoformat(), []).append(item)
        for day, items in by_day.items():
            for chunk in chunks(items):
                chats = [chat for chat, _, _, _ in chunk]
                async with self._transaction() as db:
                    await db.executemany(
                        "INSERT INTO deliveries (chat_id, local_date, tip_id, cycle, status, "
                        "claimed_by, lease_until, attempts) "
                        "VALUES (?, ?, ?, ?, 'claimed', ?, ?, 1) ON CONFLICT DO NOTHING",
                        [(chat, day, tip, cycle, owner, lease) for chat, _, tip, cycle in chunk])
                    await db.execute(
                        f"UPDATE deliveries SET claimed_by = ?, lease_until = ?, "
                        f"attempts = attempts + 1 WHERE status = 'claimed' AND lease_until < ? "
                        f"AND local_date = ? AND chat_id IN ({marks(chats)})",
                        [owner, lease, iso(now), day, *chats])
                    rows = await db.fetchall(
                        f"SELECT chat_id, local_date, tip_id, cycle, attempts, status, "
                        f"claimed_by FROM deliveries "
                        f"WHERE local_date = ? AND chat_id IN ({marks(chats)})", [day, *chats])
                for row in rows:
                    if row["status"] == "claimed" and row["claimed_by"] == owner:
                        claims.append(Claim(int(row["chat_id"]),
                                            dt.date.fromisoformat(row["local_date"]),
                                            str(row["tip_id"]), int(row["cycle"]),
                                            int(row["attempts"]), owner))
                    else:
                        others[int(row["chat_id"])] = str(row["status"])
        return claims, others

    async def mark_sent_many(self, done: Sequence[tuple[Claim, int, dt.datetime]],
                             now: dt.datetime) -> None:
        """``mark_sent`` for a batch, in one transaction."""
        if not done:
            return
        stamp = iso(now)
        async with self._transaction() as db:
            await db.executemany(
                _SENT, [(mid, stamp, c.chat_id, c.local_date.isoformat()) for c, mid, _ in done])
            await db.executemany(
                _ADVANCE, [(iso(due), c.cycle, c.cycle, c.chat_id) for c, _, due in done])

    async def delivery_status(self, chat_id: int, local_date: dt.date) -> str | None:
        row = await self._fetchone(
            "SELECT status FROM deliveries WHERE chat_id = ? AND local_date = ?",
            (chat_id, local_date.isoformat()))
        return str(row[0]) if row else None

    async def extend_lease(self, claim: Claim, lease_until: dt.datetime) -> bool:
        """Keep a claim a while longer; ``False`` if it is no longer ours (taken over)."""
        return await self._write(
            "UPDATE deliveries SET lease_until = ? WHERE chat_id = ? AND local_date = ? "
            "AND claimed_by = ? AND status = 'claimed'",
            (iso(lease_until), claim.chat_id, claim.local_date.isoformat(), claim.token)) > 0

    async def mark_sent(self, claim: Claim, message_id: int, next_due: dt.datetime,
                        now: dt.datetime) -> None:
        """Record the delivery and move the subscription to its next slot, atomically."""
        async with self._transaction() as db:
            await db.execute(
                _SENT, (message_id, iso(now), claim.chat_id, claim.local_date.isoformat()))
            await db.execute(_ADVANCE, (iso(next_due), claim.cycle, claim.cycle, claim.chat_id))

    async def mark_failed(self, claim: Claim, error: str, next_due: dt.datetime | None, *,
                          status: str = "failed") -> None:
        """The day's tip will not go out; maybe move to the next slot. ``failed``: the chat
        never saw the tip, which comes again in its rotation; ``rejected``: the tip itself
        cannot be sent (too long, refused by Telegram for good), so the rotation counts it
        done and moves on."""
        if status not in ("failed", "rejected"):
            raise ValueError(f"not a failure status: {status!r}")
        async with self._transaction() as db:
            await db.execute(
                "UPDATE deliveries SET status = ?, error = ?, lease_until = NULL "
                "WHERE chat_id = ? AND local_date = ?",
                (status, error[:500], claim.chat_id, claim.local_date.isoformat()))
            if next_due is not None:
                await db.execute("UPDATE subscriptions SET next_due_utc = ? WHERE chat_id = ?",
                                 (iso(next_due), claim.chat_id))

    async def tips_between(self, chat_id: int, first: dt.date, last: dt.date) -> list[str]:
        """Tips sent to the chat on local days ``first`` … ``last``, in order."""
        rows = await self._fetchall(
            "SELECT tip_id FROM deliveries WHERE chat_id = ? AND status = 'sent' "
            "AND local_date BETWEEN ? AND ? ORDER BY local_date",
            (chat_id, first.isoformat(), last.isoformat()))
        return [str(r[0]) for r in rows]
