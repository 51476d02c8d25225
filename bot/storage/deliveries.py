"""Queries on ``deliveries`` (``storage.tip_sends``): one row per chat per local day,
the claim that makes a daily tip go out exactly once, and the delivery history the
rotation and digest read.

The claim queries themselves are shared by every kind of push (``claims.py``); what is
the daily tip's own is recording a send: the subscription moves to its next slot, counts
one more tip and keeps its rotation cycle, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.models import Claim
from bot.storage.claims import TIPS, ClaimRepository, sent_sql
from bot.storage.sql import chunks, iso, marks

_SENT = sent_sql(TIPS, "message_id", "sent_at")
# Delivered: next slot, one more tip, and the rotation cycle never goes backwards.
_ADVANCE = ("UPDATE subscriptions SET next_due_utc = ?, delivered_count = delivered_count + 1, "
            "rotation_cycle = CASE WHEN rotation_cycle > ? THEN rotation_cycle ELSE ? END "
            "WHERE chat_id = ?")


class TipSends(ClaimRepository):
    table = TIPS

    async def claim(self, chat_id: int, local_date: dt.date, tip_id: str, cycle: int,
                    owner: str, lease_until: dt.datetime, now: dt.datetime) -> Claim | None:
        """Take the (chat, day) daily tip before sending (``ClaimRepository.claim_one``)."""
        return await self.claim_one(chat_id, local_date, owner, lease_until, now,
                                    tip_id=tip_id, cycle=cycle)

    async def delivered_many(self, keys: Sequence[tuple[int, int]]
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

    async def sent_many(self, done: Sequence[tuple[Claim, int, dt.datetime]],
                        now: dt.datetime) -> None:
        """``sent`` for a batch, in one transaction."""
        if not done:
            return
        stamp = iso(now)
        async with self._transaction() as db:
            await db.executemany(
                _SENT, [(mid, stamp, c.chat_id, c.local_date.isoformat()) for c, mid, _ in done])
            await db.executemany(
                _ADVANCE, [(iso(due), c.cycle, c.cycle, c.chat_id) for c, _, due in done])

    async def sent(self, claim: Claim, message_id: int, next_due: dt.datetime,
                   now: dt.datetime) -> None:
        """Record the delivery and move the subscription to its next slot, atomically."""
        await self.sent_many([(claim, message_id, next_due)], now)

    async def tips_between(self, chat_id: int, first: dt.date, last: dt.date) -> list[str]:
        """Tips sent to the chat on local days ``first`` … ``last``, in order."""
        rows = await self._fetchall(
            "SELECT tip_id FROM deliveries WHERE chat_id = ? AND status = 'sent' "
            "AND local_date BETWEEN ? AND ? ORDER BY local_date",
            (chat_id, first.isoformat(), last.isoformat()))
        return [str(r[0]) for r in rows]
