"""Queries on ``subscriptions`` (``storage.subscriptions``): a chat's daily tip and
weekly digest, and when each is next due.

The row is the schedule: ``next_due_utc`` says when the chat's next tip is due, so a
restart rebuilds nothing, and ``due`` is the question every tick asks (``due_digests``
the weekly one's). Whether a period's message went out is in the claim tables
(``deliveries``, ``digest_sends``: ``storage.tip_sends``, ``storage.digest_sends``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.models import Subscription, utcnow
from bot.storage.sql import Repository, Row, iso, marks, parse_iso

ALL_DAYS = 0b1111111
SUB_COLUMNS = ("chat_id, active, time_of_day, timezone, days, paused_until, topics, "
               "rotation_seed, rotation_cycle, next_due_utc, delivered_count, language, "
               "stopped_reason, digest_day, digest_time, digest_next_due_utc")

_UPSERT = """
    INSERT INTO subscriptions (chat_id, active, time_of_day, timezone, days,
        rotation_seed, next_due_utc, language, created_by, created_at, updated_at)
    VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (chat_id) DO UPDATE SET
        active = 1, stopped_reason = '', days = excluded.days,
        time_of_day = excluded.time_of_day, timezone = excluded.timezone,
        next_due_utc = excluded.next_due_utc, language = excluded.language,
        updated_at = excluded.updated_at
"""


def subscription(row: Row) -> Subscription:
    """A row of ``SUB_COLUMNS`` as the record the core uses."""
    return Subscription(
        chat_id=int(row["chat_id"]),
        active=bool(row["active"]),
        time_of_day=dt.time.fromisoformat(row["time_of_day"]),
        timezone=str(row["timezone"]),
        days=int(row["days"]),
        paused_until=dt.date.fromisoformat(row["paused_until"]) if row["paused_until"]
        else None,
        topics=tuple(t for t in str(row["topics"]).split(",") if t),
        rotation_seed=int(row["rotation_seed"]),
        rotation_cycle=int(row["rotation_cycle"]),
        next_due_utc=parse_iso(row["next_due_utc"]),
        delivered_count=int(row["delivered_count"]),
        language=str(row["language"]),
        stopped_reason=str(row["stopped_reason"]),
        digest_day=int(row["digest_day"]),
        digest_time=dt.time.fromisoformat(row["digest_time"]) if row["digest_time"]
        else None,
        digest_next_due_utc=parse_iso(row["digest_next_due_utc"]),
    )


class Subscriptions(Repository):
    async def start(self, chat_id: int, time_of_day: dt.time, timezone: str,
                    next_due: dt.datetime, *, seed: int, days: int = ALL_DAYS,
                    language: str = "vi",
                    created_by: int | None = None, now: dt.datetime | None = None
                    ) -> Subscription:
        """Create or update a chat's subscription (and reactivate it)."""
        stamp = iso(now or utcnow())
        await self._write(_UPSERT, (chat_id, time_of_day.strftime("%H:%M"), timezone, days,
                                    seed, iso(next_due), language, created_by, stamp, stamp))
        sub = await self.get(chat_id)
        assert sub is not None  # just written, in this connection's view
        return sub

    async def start_many(self, items: Sequence[tuple[int, dt.time, str, int, dt.datetime]],
                         *, now: dt.datetime | None = None) -> None:
        """``start`` for (chat, time, zone, seed, next due) of many chats at once.

        For loading thousands of chats (benchmarks, replica tests): one transaction
        per 10,000 and nothing read back, where ``start`` is a round trip each.
        """
        stamp = iso(now or utcnow())
        rows = [(chat, at.strftime("%H:%M"), zone, ALL_DAYS, seed, iso(due), "vi", None,
                 stamp, stamp) for chat, at, zone, seed, due in items]
        for start in range(0, len(rows), 10_000):
            async with self._transaction() as db:
                await db.executemany(_UPSERT, rows[start : start + 10_000])

    async def get(self, chat_id: int) -> Subscription | None:
        row = await self._fetchone(
            f"SELECT {SUB_COLUMNS} FROM subscriptions WHERE chat_id = ?", (chat_id,))
        return subscription(row) if row else None

    async def stop(self, chat_id: int, reason: str, *,
                   now: dt.datetime | None = None) -> bool:
        """Deactivate (kept for /status and a later re-subscribe); True if it was active."""
        changed = await self._write(
            "UPDATE subscriptions SET active = 0, stopped_reason = ?, updated_at = ? "
            "WHERE chat_id = ? AND active = 1", (reason, iso(now or utcnow()), chat_id))
        return changed > 0

    async def set_pause(self, chat_id: int, paused_until: dt.date | None,
                        next_due: dt.datetime, *, now: dt.datetime | None = None) -> None:
        """Pause until a local day (exclusive), or end the pause with ``None``."""
        await self._write(
            "UPDATE subscriptions SET paused_until = ?, next_due_utc = ?, updated_at = ? "
            "WHERE chat_id = ?",
            (paused_until.isoformat() if paused_until else None, iso(next_due),
             iso(now or utcnow()), chat_id))

    async def set_topics(self, chat_id: int, topics: Sequence[str]) -> None:
        await self._write("UPDATE subscriptions SET topics = ? WHERE chat_id = ?",
                          (",".join(topics), chat_id))

    async def due(self, now: dt.datetime, limit: int = 500,
                  exclude: Sequence[int] = ()) -> list[Subscription]:
        """Active subscriptions whose next tip is due, most overdue first."""
        params: list[Any] = [iso(now)]
        skip = ""
        if exclude:
            skip = f" AND chat_id NOT IN ({marks(exclude)})"
            params.extend(exclude)
        params.append(limit)
        rows = await self._fetchall(
            f"SELECT {SUB_COLUMNS} FROM subscriptions "
            f"WHERE active = 1 AND next_due_utc <= ?{skip} "
            "ORDER BY next_due_utc LIMIT ?", params)
        return [subscription(r) for r in rows]

    async def set_next_due_many(self, items: Sequence[tuple[int, dt.datetime]]) -> None:
        """Move many chats' next due instant at once (days skipped, pauses, zones)."""
        if not items:
            return
        async with self._transaction() as db:
            await db.executemany("UPDATE subscriptions SET next_due_utc = ? WHERE chat_id = ?",
                                 [(iso(due), chat) for chat, due in items])

    async def counts(self) -> dict[str, int]:
        """Figures for /readyz and /metrics; also proves the database answers."""
        row = await self._fetchone(
            "SELECT COALESCE(SUM(CASE WHEN active = 1 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN active = 0 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN active = 1 AND next_due_utc <= ? THEN 1 ELSE 0 END), 0) "
            "FROM subscriptions", (iso(utcnow()),))
        assert row is not None  # an aggregate without GROUP BY always returns one row
        return {"active": int(row[0]), "stopped": int(row[1]), "due": int(row[2])}

    # --- the weekly digest's setting (whether a week's went out: ``digest_sends``) -----
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
