"""Storage: one SQLite file (aiosqlite, WAL) with versioned forward migrations.

The database is the source of truth for everything that must survive a restart:
chats, subscriptions, the rotation of tips per chat and the delivery claims that make
a daily tip go out exactly once. The schema is designed up front for the daily tip
(subscriptions, deliveries) and the team features (days, pauses, topics, votes, team
tips, digests), so later work adds columns through migrations, never rewrites.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

# Each entry migrates from version i to i + 1. Never edit a released entry: append.
MIGRATIONS: Sequence[str] = (
    # 1: chats, subscriptions, deliveries
    """
    CREATE TABLE chats (
        chat_id      INTEGER PRIMARY KEY,
        type         TEXT NOT NULL,
        title        TEXT NOT NULL DEFAULT '',
        language     TEXT NOT NULL DEFAULT '',
        status       TEXT NOT NULL DEFAULT 'active',  -- active | left | blocked | migrated
        migrated_to  INTEGER,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    CREATE TABLE subscriptions (
        chat_id          INTEGER PRIMARY KEY,
        active           INTEGER NOT NULL DEFAULT 1,
        time_of_day      TEXT NOT NULL,             -- HH:MM, local
        timezone         TEXT NOT NULL,             -- IANA name or fixed offset
        days             INTEGER NOT NULL DEFAULT 127,  -- bit 0 = Monday … bit 6 = Sunday
        paused_until     TEXT,                      -- local date the pause ends (exclusive)
        topics           TEXT NOT NULL DEFAULT '',  -- comma-separated topic ids; '' = all
        rotation_seed    INTEGER NOT NULL,
        rotation_cycle   INTEGER NOT NULL DEFAULT 0,
        next_due_utc     TEXT,                      -- when the next tip is due (UTC ISO)
        delivered_count  INTEGER NOT NULL DEFAULT 0,
        created_by       INTEGER,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    );
    CREATE INDEX subscriptions_due ON subscriptions (active, next_due_utc);
    CREATE TABLE deliveries (
        chat_id      INTEGER NOT NULL,
        local_date   TEXT NOT NULL,                 -- the subscriber's calendar day
        tip_id       TEXT NOT NULL,
        status       TEXT NOT NULL,                 -- claimed | sent | failed | skipped
        claimed_by   TEXT NOT NULL DEFAULT '',
        lease_until  TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        message_id   INTEGER,
        sent_at      TEXT,
        error        TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (chat_id, local_date)
    );
    CREATE INDEX deliveries_tip ON deliveries (chat_id, tip_id);
    """,
)


class StorageError(RuntimeError):
    """The database cannot be used as it is; the message says what to do."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ChatRecord:
    chat_id: int
    type: str
    title: str
    language: str
    status: str
    migrated_to: int | None


class Storage:
    """Async access to the bot's database. One instance per process."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    async def open(cls, path: Path | str) -> Storage:
        """Open (creating the file and its folders) and migrate to the current schema."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(path, timeout=30)
        except (OSError, aiosqlite.Error) as exc:
            raise StorageError(f"cannot open the database at {path}: {exc}; check BOT_DB_PATH "
                               "and that the folder is writable") from None
        conn.row_factory = aiosqlite.Row
        storage = cls(conn, path)
        try:
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=30000")
            await storage._migrate()
        except BaseException:
            await conn.close()
            raise
        return storage

    async def close(self) -> None:
        await self._conn.close()

    # --- schema ---------------------------------------------------------------------
    async def schema_version(self) -> int:
        async with self._conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.schema_version()
        latest = len(MIGRATIONS)
        if current > latest:
            raise StorageError(
                f"the database {self.path} has schema version {current}, newer than this "
                f"code ({latest}); upgrade cskh-bot or point BOT_DB_PATH at another file")
        for version in range(current, latest):
            # executescript commits first; the version bump is part of the same script so
            # a crash mid-migration leaves the old version number and the migration reruns.
            await self._conn.executescript(
                f"BEGIN;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version + 1};\nCOMMIT;")

    # --- chats ----------------------------------------------------------------------
    async def record_chat(self, chat_id: int, chat_type: str, title: str = "",
                          language: str = "", *, now: dt.datetime | None = None) -> None:
        """Remember a chat the bot talks in (first contact or any later message)."""
        stamp = iso(now or utcnow())
        await self._conn.execute(
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
        await self._conn.commit()

    async def get_chat(self, chat_id: int) -> ChatRecord | None:
        async with self._conn.execute(
            "SELECT chat_id, type, title, language, status, migrated_to FROM chats "
            "WHERE chat_id = ?", (chat_id,)) as cur:
            row = await cur.fetchone()
        return ChatRecord(*row) if row else None

    async def set_chat_status(self, chat_id: int, status: str, *,
                              now: dt.datetime | None = None) -> None:
        await self._conn.execute(
            "UPDATE chats SET status = ?, updated_at = ? WHERE chat_id = ?",
            (status, iso(now or utcnow()), chat_id))
        await self._conn.commit()

    async def count(self, table: str) -> int:
        if table not in {"chats", "subscriptions", "deliveries"}:
            raise ValueError(table)
        async with self._conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement and commit (for maintenance and tests)."""
        await self._conn.execute(sql, params)
        await self._conn.commit()
