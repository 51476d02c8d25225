"""Queries for the weekly digest: its settings on ``subscriptions`` and the claims in
``digest_sends`` that make each week's digest go out once (the claim queries are every
push's, in ``claims.py``).

The tips a digest lists come from the delivery history (``DeliveryQueries.tips_between``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.models import Claim, Subscription
from bot.storage.claims import DIGESTS, ClaimQueries, sent_sql
from bot.storage.sql import iso, marks
from bot.storage.subscriptions import SUB_COLUMNS, subscription

_SENT = sent_sql(DIGESTS, "message_id")


class DigestQueries(ClaimQueries):
    async def set_digest(self, chat_id: int, day: int, at: dt.time | None,
                         next_due: dt.datetime | None) -> None:
        """Turn the digest on (a weekday and a time) or off (``day`` -1)."""
        await self._write(
            "UPDATE subscriptions SET digest_day = ?, digest_time = ?, digest_next_due_utc = ? "
            "WHERE chat_id = ?",
            (day, at.strftime("%H:%M") if at else "", iso(next_due) if next_due else None,
             chat_id))

    async def due_digests(self, now: dt.datetime, limit: int = 500,
                          exclude: Sequence[int] = ()) -> list[Subscription]:
        """Active subscriptions with a digest due, most overdue first."""
        skip = f" AND chat_id NOT IN ({marks(exclude)})" if exclude else ""
        rows = await self._fetchall(
            f"SELECT {SUB_COLUMNS} FROM subscriptions WHERE active = 1 AND digest_day >= 0 "
            f"AND digest_next_due_utc <= ?{skip} ORDER BY digest_next_due_utc LIMIT ?",
            (iso(now), *exclude, limit))
        return [subscription(r) for r in rows]

    async def claim_digest(self, chat_id: int, week_end: dt.date, owner: str,
                           lease_until: dt.datetime, now: dt.datetime) -> Claim | None:
        """One digest per chat per week, taken before it is sent (``claim_one``)."""
        return await self.claim_one(DIGESTS, chat_id, week_end, owner, lease_until, now)

    async def digest_sent_many(self, done: Sequence[tuple[Claim, int, dt.datetime]],
                               now: dt.datetime) -> None:
        """Record sent digests (claim, message id, next due) and when each chat's next
        one is due, in one transaction."""
        if not done:
            return
        async with self._transaction() as db:
            await db.executemany(_SENT, [(mid, c.chat_id, c.local_date.isoformat())
                                         for c, mid, _ in done])
            await db.executemany(DIGESTS.move_due, [(iso(due), c.chat_id) for c, _, due in done])
