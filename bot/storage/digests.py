"""Queries for the weekly digest: its settings on ``subscriptions`` and the claims in
``digest_sends`` that make each week's digest go out once.

The tips a digest lists come from the delivery history (``DeliveryQueries.tips_between``).
"""

from __future__ import annotations

import datetime as dt

from bot.models import Subscription
from bot.storage.sql import Queries, iso
from bot.storage.subscriptions import SUB_COLUMNS, subscription


class DigestQueries(Queries):
    async def set_digest(self, chat_id: int, day: int, at: dt.time | None,
                         next_due: dt.datetime | None) -> None:
        """Turn the digest on (a weekday and a time) or off (``day`` -1)."""
        await self._write(
            "UPDATE subscriptions SET digest_day = ?, digest_time = ?, digest_next_due_utc = ? "
            "WHERE chat_id = ?",
            (day, at.strftime("%H:%M") if at else "", iso(next_due) if next_due else None,
             chat_id))

    async def due_digests(self, now: dt.datetime, limit: int = 500) -> list[Subscription]:
        """Active subscriptions with a digest due, most overdue first."""
        rows = await self._fetchall(
            f"SELECT {SUB_COLUMNS} FROM subscriptions WHERE active = 1 AND digest_day >= 0 "
            "AND digest_next_due_utc <= ? ORDER BY digest_next_due_utc LIMIT ?",
            (iso(now), limit))
        return [subscription(r) for r in rows]

    async def claim_digest(self, chat_id: int, week_end: dt.date, owner: str,
                           lease_until: dt.datetime, now: dt.datetime) -> bool:
        """Like ``claim``: one digest per chat per week, taken before it is sent."""
        row = await self._fetchone(
            """
            INSERT INTO digest_sends (chat_id, week_end, status, claimed_by, lease_until)
            VALUES (?, ?, 'claimed', ?, ?)
            ON CONFLICT (chat_id, week_end) DO UPDATE SET
                claimed_by = excluded.claimed_by, lease_until = excluded.lease_until
            WHERE digest_sends.status = 'claimed' AND digest_sends.lease_until < ?
            RETURNING claimed_by
            """, (chat_id, week_end.isoformat(), owner, iso(lease_until), iso(now)))
        return row is not None

    async def finish_digest(self, chat_id: int, week_end: dt.date, status: str,
                            message_id: int | None, next_due: dt.datetime) -> None:
        """Record how the week's digest went and when the next one is due, atomically."""
        async with self._transaction() as db:
            await db.execute(
                "UPDATE digest_sends SET status = ?, message_id = ?, lease_until = NULL "
                "WHERE chat_id = ? AND week_end = ?",
                (status, message_id, chat_id, week_end.isoformat()))
            await db.execute(
                "UPDATE subscriptions SET digest_next_due_utc = ? WHERE chat_id = ?",
                (iso(next_due), chat_id))
