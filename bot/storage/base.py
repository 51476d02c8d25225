"""The storage interface: migrations and every query, shared by both back-ends.

The records it returns live in ``bot.models`` (re-exported here for older imports).

The database is the source of truth for everything that must survive a restart:
chats, subscriptions, the rotation of tips per chat and the delivery claims that make
a daily tip go out exactly once. The schema is designed up front for the daily tip
(subscriptions, deliveries) and the team features (days, pauses, topics, votes, team
tips, digests), so later work adds columns through migrations, never rewrites.

The SQL here runs unchanged on SQLite and PostgreSQL: timestamps are ISO text in UTC
(they compare as strings), conflicts use ``ON CONFLICT``, new ids come from
``RETURNING``, and sums use ``CASE``. A back-end supplies only what differs: how to
connect, run a statement and a transaction, and where the schema version lives.
"""

from __future__ import annotations

import abc
import datetime as dt
import secrets
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, Protocol

from bot.models import MAX_TEAM_TIPS, ChatRecord, Claim, Subscription, TeamTipRecord, utcnow
from bot.storage.migrations import CHAT_TABLES, MIGRATIONS, TABLES, ChatTable


class Tx(Protocol):
    """One transaction: statements run in it commit together or not at all."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...
    async def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...


class StorageError(RuntimeError):
    """The database cannot be used as it is; the message says what to do."""


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _subscription(row: Any) -> Subscription:
    """A ``subscriptions`` row (``_SUB_COLUMNS``) as the record the core uses."""
    return Subscription(
        chat_id=row["chat_id"],
        active=bool(row["active"]),
        time_of_day=dt.time.fromisoformat(row["time_of_day"]),
        timezone=row["timezone"],
        days=row["days"],
        paused_until=dt.date.fromisoformat(row["paused_until"]) if row["paused_until"]
        else None,
        topics=tuple(t for t in row["topics"].split(",") if t),
        rotation_seed=row["rotation_seed"],
        rotation_cycle=row["rotation_cycle"],
        next_due_utc=parse_iso(row["next_due_utc"]),
        delivered_count=row["delivered_count"],
        language=row["language"],
        stopped_reason=row["stopped_reason"],
        digest_day=row["digest_day"],
        digest_time=dt.time.fromisoformat(row["digest_time"]) if row["digest_time"]
        else None,
        digest_next_due_utc=parse_iso(row["digest_next_due_utc"]),
    )


_UP_DOWN = ("COALESCE(SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END), 0)")


def _marks(items: Sequence[Any]) -> str:
    return ", ".join("?" * len(items))


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def parse_iso(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


_SUB_COLUMNS = ("chat_id, active, time_of_day, timezone, days, paused_until, topics, "
                "rotation_seed, rotation_cycle, next_due_utc, delivered_count, language, "
                "stopped_reason, digest_day, digest_time, digest_next_due_utc")


def _move_sql(table: ChatTable) -> str:
    """UPDATE moving a chat's rows (params: new, old, new) unless the new id has them."""
    chat = table.chat_column
    clash = f"SELECT 1 FROM {table.name} AS n WHERE n.{chat} = ?"
    for column in table.same:
        clash += f" AND n.{column} = {table.name}.{column}"
    return (f"UPDATE {table.name} SET {chat} = ? WHERE {chat} = ? "
            f"AND NOT EXISTS ({clash})")


class Storage(abc.ABC):
    """Async access to the bot's database. One instance per process.

    ``Storage.open(target)`` picks the back-end: a ``postgresql://`` URL, or a SQLite
    file path (or ``sqlite:///`` URL). The rest of the bot never knows which one runs.
    """

    kind = "abstract"
    location = ""  # for messages: the file or the URL without its password

    @staticmethod
    async def open(target: Path | str) -> Storage:
        """Same as ``bot.storage.open_storage``: kept because callers say ``Storage.open``.

        The interface names no back-end; the package's factory picks one, imported
        only when it is called (so nothing here imports its own subclasses).
        """
        from bot.storage import open_storage

        return await open_storage(target)

    @abc.abstractmethod
    async def close(self) -> None: ...

    @abc.abstractmethod
    def _transaction(self) -> AbstractAsyncContextManager[Tx]:
        """A transaction (BEGIN … COMMIT, ROLLBACK on error)."""

    @abc.abstractmethod
    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement, committed on its own; returns the number of rows changed."""

    @abc.abstractmethod
    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    @abc.abstractmethod
    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Any]: ...

    # --- schema ---------------------------------------------------------------------
    @abc.abstractmethod
    async def schema_version(self) -> int: ...

    @abc.abstractmethod
    async def tables(self) -> dict[str, tuple[str, ...]]:
        """Every table of the bot's schema and its columns, as the database has them.

        For checks that the code's lists (``TABLES``, ``CHAT_TABLES``) match the schema.
        """

    @abc.abstractmethod
    async def _apply_migration(self, version: int, sql: str) -> None:
        """Run migration ``version`` (0-based) and record ``version + 1``, atomically."""

    def _render(self, sql: str) -> str:
        """A migration's SQL for this back-end (SQLite's is the reference)."""
        return sql

    async def _migrate(self) -> None:
        current = await self.schema_version()
        latest = len(MIGRATIONS)
        if current > latest:
            raise StorageError(
                f"the database {self.location} has schema version {current}, newer than this "
                f"code ({latest}); upgrade cskh-bot or point BOT_DB_URL at another database")
        for version in range(current, latest):
            await self._apply_migration(version, self._render(MIGRATIONS[version]))

    # --- chats ----------------------------------------------------------------------
    async def record_chat(self, chat_id: int, chat_type: str, title: str = "",
                          language: str = "", *, now: dt.datetime | None = None) -> None:
        """Remember a chat the bot talks in (first contact or any later message)."""
        stamp = iso(now or utcnow())
        await self._write(
            """
            INSERT INTO chats (chat_id, type, title, language, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'active', ?, ?)
            ON CONFLICT (chat_id) DO UPDATE SET
                type = excluded.type,
                title = CASE WHEN excluded.title != '' THEN excluded.title ELSE chats.title END,
                language = CASE WHEN excluded.language != '' THEN excluded.language
                                ELSE chats.language END,
                status = CASE WHEN chats.status = 'migrated' THEN chats.status ELSE 'active' END,
                updated_at = excluded.updated_at
            """,
            (chat_id, chat_type, title[:255], language[:16], stamp, stamp),
        )

    async def get_chat(self, chat_id: int) -> ChatRecord | None:
        row = await self._fetchone(
            "SELECT chat_id, type, title, language, status, migrated_to FROM chats "
            "WHERE chat_id = ?", (chat_id,))
        return ChatRecord(*row) if row else None

    async def set_chat_status(self, chat_id: int, status: str, *,
                              now: dt.datetime | None = None) -> None:
        await self._write("UPDATE chats SET status = ?, updated_at = ? WHERE chat_id = ?",
                          (status, iso(now or utcnow()), chat_id))

    async def migrate_chat(self, old_id: int, new_id: int, *,
                           now: dt.datetime | None = None) -> None:
        """A group became a supergroup: everything the old id owned moves to the new id.

        Every table in ``CHAT_TABLES`` moves (subscription with its rotation, topics and
        digest settings, delivery history, votes, digest sends, team tips), in one
        transaction, so a failure leaves the group whole on its old id. A row the new id
        already has (same ``ChatTable.same`` columns) wins and the old one is dropped:
        the new id's rows were written after the migration and are the newer truth.
        Running it again, as both the old group's and the new one's service messages
        do, changes nothing.
        """
        if old_id == new_id:
            return  # moving onto itself would only delete
        stamp = iso(now or utcnow())
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO chats (chat_id, type, title, language, status, created_at, "
                "updated_at) SELECT ?, 'supergroup', title, language, 'active', created_at, ? "
                "FROM chats WHERE chat_id = ? ON CONFLICT (chat_id) DO NOTHING",
                (new_id, stamp, old_id))
            await db.execute(
                "UPDATE chats SET status = 'migrated', migrated_to = ?, updated_at = ? "
                "WHERE chat_id = ?", (new_id, stamp, old_id))
            for table in CHAT_TABLES:
                await db.execute(_move_sql(table), (new_id, old_id, new_id))
                await db.execute(f"DELETE FROM {table.name} WHERE {table.chat_column} = ?",
                                 (old_id,))

    async def count_by_chat(self, chat_id: int) -> dict[str, int]:
        """Rows each chat table holds for one chat (what ``migrate_chat`` would move)."""
        counts: dict[str, int] = {}
        for table in CHAT_TABLES:
            row = await self._fetchone(
                f"SELECT COUNT(*) FROM {table.name} WHERE {table.chat_column} = ?",
                (chat_id,))
            counts[table.name] = int(row[0])
        return counts

    # --- subscriptions --------------------------------------------------------------
    async def subscribe(self, chat_id: int, time_of_day: dt.time, timezone: str,
                        next_due: dt.datetime, *, seed: int, days: int = 0b1111111,
                        language: str = "vi",
                        created_by: int | None = None, now: dt.datetime | None = None
                        ) -> Subscription:
        """Create or update a chat's subscription (and reactivate it)."""
        stamp = iso(now or utcnow())
        await self._write(
            """
            INSERT INTO subscriptions (chat_id, active, time_of_day, timezone, days,
                rotation_seed, next_due_utc, language, created_by, created_at, updated_at)
            VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (chat_id) DO UPDATE SET
                active = 1, stopped_reason = '', days = excluded.days,
                time_of_day = excluded.time_of_day, timezone = excluded.timezone,
                next_due_utc = excluded.next_due_utc, language = excluded.language,
                updated_at = excluded.updated_at
            """,
            (chat_id, time_of_day.strftime("%H:%M"), timezone, days, seed, iso(next_due),
             language, created_by, stamp, stamp))
        sub = await self.get_subscription(chat_id)
        assert sub is not None
        return sub

    async def get_subscription(self, chat_id: int) -> Subscription | None:
        row = await self._fetchone(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE chat_id = ?", (chat_id,))
        return _subscription(row) if row else None

    async def stop_subscription(self, chat_id: int, reason: str, *,
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

    async def due_subscriptions(self, now: dt.datetime, limit: int = 500,
                                exclude: Sequence[int] = ()) -> list[Subscription]:
        """Active subscriptions whose next tip is due, most overdue first."""
        params: list[Any] = [iso(now)]
        skip = ""
        if exclude:
            skip = f" AND chat_id NOT IN ({_marks(exclude)})"
            params.extend(exclude)
        params.append(limit)
        rows = await self._fetchall(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions "
            f"WHERE active = 1 AND next_due_utc <= ?{skip} "
            "ORDER BY next_due_utc LIMIT ?", params)
        return [_subscription(r) for r in rows]

    # --- deliveries -----------------------------------------------------------------
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
        return Claim(chat_id, local_date, row["tip_id"], row["cycle"], row["attempts"], owner)

    async def delivered_tips_many(self, keys: Sequence[tuple[int, int]]
                                  ) -> dict[int, set[str]]:
        """Tips each chat got in its current rotation cycle, for many chats in one query."""
        result: dict[int, set[str]] = {chat: set() for chat, _ in keys}
        cycles = dict(keys)
        for chunk in _chunks([chat for chat, _ in keys], 400):
            rows = await self._fetchall(
                f"SELECT chat_id, tip_id, cycle FROM deliveries WHERE chat_id IN "
                f"({_marks(chunk)}) AND status != 'failed'", chunk)
            for chat_id, tip_id, cycle in rows:
                if cycle == cycles[chat_id]:
                    result[chat_id].add(tip_id)
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
            for chunk in _chunks(items, 400):
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
                        f"AND local_date = ? AND chat_id IN ({_marks(chats)})",
                        [owner, lease, iso(now), day, *chats])
                    rows = await db.fetchall(
                        f"SELECT chat_id, local_date, tip_id, cycle, attempts, status, "
                        f"claimed_by FROM deliveries "
                        f"WHERE local_date = ? AND chat_id IN ({_marks(chats)})", [day, *chats])
                for row in rows:
                    if row["status"] == "claimed" and row["claimed_by"] == owner:
                        claims.append(Claim(row["chat_id"],
                                            dt.date.fromisoformat(row["local_date"]),
                                            row["tip_id"], row["cycle"], row["attempts"], owner))
                    else:
                        others[row["chat_id"]] = row["status"]
        return claims, others

    async def mark_sent_many(self, done: Sequence[tuple[Claim, int, dt.datetime]],
                             now: dt.datetime) -> None:
        """``mark_sent`` for a batch, in one transaction."""
        if not done:
            return
        stamp = iso(now)
        async with self._transaction() as db:
            await db.executemany(
                "UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, "
                "lease_until = NULL WHERE chat_id = ? AND local_date = ?",
                [(mid, stamp, c.chat_id, c.local_date.isoformat()) for c, mid, _ in done])
            await db.executemany(
                "UPDATE subscriptions SET next_due_utc = ?, delivered_count = delivered_count + 1,"
                " rotation_cycle = CASE WHEN rotation_cycle > ? THEN rotation_cycle ELSE ? END"
                " WHERE chat_id = ?",
                [(iso(due), c.cycle, c.cycle, c.chat_id) for c, _, due in done])

    async def set_next_due_many(self, items: Sequence[tuple[int, dt.datetime]]) -> None:
        if not items:
            return
        async with self._transaction() as db:
            await db.executemany("UPDATE subscriptions SET next_due_utc = ? WHERE chat_id = ?",
                                 [(iso(due), chat) for chat, due in items])

    async def delivery_status(self, chat_id: int, local_date: dt.date) -> str | None:
        row = await self._fetchone(
            "SELECT status FROM deliveries WHERE chat_id = ? AND local_date = ?",
            (chat_id, local_date.isoformat()))
        return row[0] if row else None

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
                "UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, "
                "lease_until = NULL WHERE chat_id = ? AND local_date = ?",
                (message_id, iso(now), claim.chat_id, claim.local_date.isoformat()))
            await db.execute(
                "UPDATE subscriptions SET next_due_utc = ?, delivered_count = delivered_count + 1,"
                " rotation_cycle = CASE WHEN rotation_cycle > ? THEN rotation_cycle ELSE ? END"
                " WHERE chat_id = ?",
                (iso(next_due), claim.cycle, claim.cycle, claim.chat_id))

    async def mark_failed(self, claim: Claim, error: str, next_due: dt.datetime | None) -> None:
        async with self._transaction() as db:
            await db.execute(
                "UPDATE deliveries SET status = 'failed', error = ?, lease_until = NULL "
                "WHERE chat_id = ? AND local_date = ?",
                (error[:500], claim.chat_id, claim.local_date.isoformat()))
            if next_due is not None:
                await db.execute("UPDATE subscriptions SET next_due_utc = ? WHERE chat_id = ?",
                                 (iso(next_due), claim.chat_id))

    # --- weekly digest --------------------------------------------------------------
    async def set_digest(self, chat_id: int, day: int, at: dt.time | None,
                         next_due: dt.datetime | None) -> None:
        """Turn the digest on (a weekday and a time) or off (``day`` -1)."""
        await self._write(
            "UPDATE subscriptions SET digest_day = ?, digest_time = ?, digest_next_due_utc = ? "
            "WHERE chat_id = ?",
            (day, at.strftime("%H:%M") if at else "", iso(next_due) if next_due else None,
             chat_id))

    async def due_digests(self, now: dt.datetime, limit: int = 500) -> list[Subscription]:
        rows = await self._fetchall(
            f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE active = 1 AND digest_day >= 0 "
            "AND digest_next_due_utc <= ? ORDER BY digest_next_due_utc LIMIT ?",
            (iso(now), limit))
        return [_subscription(r) for r in rows]

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
        async with self._transaction() as db:
            await db.execute(
                "UPDATE digest_sends SET status = ?, message_id = ?, lease_until = NULL "
                "WHERE chat_id = ? AND week_end = ?",
                (status, message_id, chat_id, week_end.isoformat()))
            await db.execute(
                "UPDATE subscriptions SET digest_next_due_utc = ? WHERE chat_id = ?",
                (iso(next_due), chat_id))

    async def tips_between(self, chat_id: int, first: dt.date, last: dt.date) -> list[str]:
        """Tips sent to the chat on local days ``first`` … ``last``, in order."""
        rows = await self._fetchall(
            "SELECT tip_id FROM deliveries WHERE chat_id = ? AND status = 'sent' "
            "AND local_date BETWEEN ? AND ? ORDER BY local_date",
            (chat_id, first.isoformat(), last.isoformat()))
        return [r[0] for r in rows]

    # --- the team's own tips -------------------------------------------------------
    async def add_team_tip(self, chat_id: int, principle: str, passage: str, source: str,
                           created_by: int | None, *, now: dt.datetime | None = None
                           ) -> int | None:
        """Store a team tip; ``None`` when the chat already has ``MAX_TEAM_TIPS``."""
        async with self._transaction() as db:
            row = await db.fetchone("SELECT COUNT(*) FROM team_tips WHERE chat_id = ?",
                                    (chat_id,))
            if row is not None and row[0] >= MAX_TEAM_TIPS:
                return None
            row = await db.fetchone(
                "INSERT INTO team_tips (chat_id, principle, passage, source, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (chat_id, principle, passage, source, created_by, iso(now or utcnow())))
            return int(row[0])

    async def team_tips(self, chat_id: int) -> list[TeamTipRecord]:
        rows = await self._fetchall(
            "SELECT id, chat_id, principle, passage, source, created_by FROM team_tips "
            "WHERE chat_id = ? ORDER BY id", (chat_id,))
        return [TeamTipRecord(*r) for r in rows]

    async def team_tips_many(self, chat_ids: Sequence[int]) -> dict[int, list[TeamTipRecord]]:
        result: dict[int, list[TeamTipRecord]] = {c: [] for c in chat_ids}
        for chunk in _chunks(list(chat_ids), 400):
            rows = await self._fetchall(
                "SELECT id, chat_id, principle, passage, source, created_by FROM team_tips "
                f"WHERE chat_id IN ({_marks(chunk)}) ORDER BY id", chunk)
            for r in rows:
                result[r[1]].append(TeamTipRecord(*r))
        return result

    async def team_tips_by(self, user_id: int, limit: int = 50) -> list[TeamTipRecord]:
        rows = await self._fetchall(
            "SELECT id, chat_id, principle, passage, source, created_by FROM team_tips "
            "WHERE created_by = ? ORDER BY id DESC LIMIT ?", (user_id, limit))
        return [TeamTipRecord(*r) for r in rows]

    async def delete_team_tip(self, chat_id: int, tip_number: int) -> bool:
        return await self._write("DELETE FROM team_tips WHERE chat_id = ? AND id = ?",
                                 (chat_id, tip_number)) > 0

    # --- votes ----------------------------------------------------------------------
    async def vote(self, chat_id: int, tip_id: str, user_id: int, value: int, *,
                   now: dt.datetime | None = None) -> tuple[int, int, int]:
        """Record a vote; the same vote again takes it back.

        Returns the tip's (up, down) counts in the chat and this user's vote now
        (0 when taken back).
        """
        async with self._transaction() as db:
            row = await db.fetchone(
                "SELECT value FROM votes WHERE chat_id = ? AND tip_id = ? AND user_id = ?",
                (chat_id, tip_id, user_id))
            mine = value
            if row is not None and row[0] == value:
                mine = 0
                await db.execute(
                    "DELETE FROM votes WHERE chat_id = ? AND tip_id = ? AND user_id = ?",
                    (chat_id, tip_id, user_id))
            else:
                await db.execute(
                    "INSERT INTO votes (chat_id, tip_id, user_id, value, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id, tip_id, user_id) DO UPDATE "
                    "SET value = excluded.value, updated_at = excluded.updated_at",
                    (chat_id, tip_id, user_id, value, iso(now or utcnow())))
            counts = await db.fetchone(f"SELECT {_UP_DOWN} FROM votes WHERE chat_id = ? "
                                       "AND tip_id = ?", (chat_id, tip_id))
        return int(counts[0]), int(counts[1]), mine

    async def vote_counts(self, chat_id: int, tip_id: str) -> tuple[int, int]:
        row = await self._fetchone(
            f"SELECT {_UP_DOWN} FROM votes WHERE chat_id = ? AND tip_id = ?", (chat_id, tip_id))
        return int(row[0]), int(row[1])

    async def vote_table(self, chat_id: int) -> dict[str, tuple[int, int]]:
        """(up, down) for every tip this chat voted on."""
        rows = await self._fetchall(
            f"SELECT tip_id, {_UP_DOWN} FROM votes WHERE chat_id = ? GROUP BY tip_id",
            (chat_id,))
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}

    async def voters(self, chat_id: int) -> int:
        row = await self._fetchone(
            "SELECT COUNT(DISTINCT user_id) FROM votes WHERE chat_id = ?", (chat_id,))
        return int(row[0])

    async def penalties_many(self, chat_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """Tips each chat voted down (more 👎 than 👍): they come later in the rotation."""
        result: dict[int, dict[str, int]] = {c: {} for c in chat_ids}
        for chunk in _chunks(list(chat_ids), 400):
            rows = await self._fetchall(
                f"SELECT chat_id, tip_id FROM votes WHERE chat_id IN "
                f"({_marks(chunk)}) GROUP BY chat_id, tip_id "
                "HAVING SUM(value) < 0", chunk)
            for chat_id, tip_id in rows:
                result[chat_id][tip_id] = 1
        return result

    async def health(self) -> dict[str, int]:
        """Figures for /readyz and /metrics; also proves the database answers."""
        row = await self._fetchone(
            "SELECT COALESCE(SUM(CASE WHEN active = 1 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN active = 0 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN active = 1 AND next_due_utc <= ? THEN 1 ELSE 0 END), 0) "
            "FROM subscriptions", (iso(utcnow()),))
        return {"active": int(row[0]), "stopped": int(row[1]), "due": int(row[2])}

    async def count(self, table: str) -> int:
        """Rows in one of the bot's tables (``TABLES``: the name is checked, not quoted)."""
        if table not in TABLES:
            raise ValueError(table)
        row = await self._fetchone(f"SELECT COUNT(*) FROM {table}")
        return int(row[0]) if row else 0

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement (for maintenance and tests)."""
        await self._write(sql, params)
