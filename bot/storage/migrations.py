"""The schema: every table's DDL as versioned forward migrations, and which tables
belong to a chat.

A database records the number of migrations it has run (``PRAGMA user_version`` in
SQLite, the ``schema_version`` table in PostgreSQL) and ``Storage`` runs the rest on
open, so an old file or server catches up by itself and a newer one is refused. The
SQL is SQLite's; the PostgreSQL back-end rewrites the two types that differ. A migration
that needs what SQL cannot do (folding Vietnamese for a key) is a ``Migration`` with a
Python step, run in the same transaction as its SQL and its version number.

``CHAT_TABLES`` is the one list of tables whose rows a chat owns. Moving a group to its
supergroup id (``migrate_chat``), copying a database (``transfer``) and counting rows
(``Storage.count``) all read it, so a new chat table is added here once and none of
them can forget it; ``tests/storage/test_schema.py`` fails if a table with a chat id
column is missing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from bot.models import team_tip_key
from bot.storage import tallies
from bot.storage.sql import Tx


@dataclass(frozen=True, slots=True)
class Migration:
    """``sql``, then ``step`` (Python, on the same transaction), then ``then``: all of it
    and the new version number commit together, or none of it does."""

    sql: str
    step: Callable[[Tx], Awaitable[None]] | None = None
    then: str = ""


async def _key_team_tips(db: Tx) -> None:
    """Give every team tip its key (``team_tip_key``) and drop the copies a team already
    had, the oldest staying, so that the unique index on the key can be built."""
    seen: set[tuple[int, str]] = set()
    last = 0
    while True:
        rows = await db.fetchall("SELECT id, chat_id, principle, passage FROM team_tips "
                                 "WHERE id > ? ORDER BY id LIMIT 2000", (last,))
        if not rows:
            return
        keys: list[tuple[str, int]] = []
        copies: list[tuple[int]] = []
        for tip_id, chat_id, principle, passage in rows:
            key = team_tip_key(str(principle), str(passage))
            if (int(chat_id), key) in seen:
                copies.append((int(tip_id),))
            else:
                seen.add((int(chat_id), key))
                keys.append((key, int(tip_id)))
        await db.executemany("DELETE FROM team_tips WHERE id = ?", copies)
        await db.executemany("UPDATE team_tips SET tip_key = ? WHERE id = ?", keys)
        last = int(rows[-1][0])


# Each entry migrates from version i to i + 1. Never edit a released entry: append.
MIGRATIONS: Sequence[str | Migration] = (
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
        language         TEXT NOT NULL DEFAULT 'vi',
        stopped_reason   TEXT NOT NULL DEFAULT '',  -- why active = 0: unsubscribed | blocked …
        created_by       INTEGER,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    );
    CREATE INDEX subscriptions_due ON subscriptions (active, next_due_utc);
    CREATE TABLE deliveries (
        chat_id      INTEGER NOT NULL,
        local_date   TEXT NOT NULL,                 -- the subscriber's calendar day
        tip_id       TEXT NOT NULL,
        cycle        INTEGER NOT NULL DEFAULT 0,    -- the rotation cycle the tip belongs to
        status       TEXT NOT NULL,                 -- claimed | sent | failed
        claimed_by   TEXT NOT NULL DEFAULT '',
        lease_until  TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        message_id   INTEGER,
        sent_at      TEXT,
        error        TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (chat_id, local_date)
    );
    CREATE INDEX deliveries_cycle ON deliveries (chat_id, cycle);
    """,
    # 2: votes on tips, one per user per tip per chat
    """
    CREATE TABLE votes (
        chat_id     INTEGER NOT NULL,
        tip_id      TEXT NOT NULL,
        user_id     INTEGER NOT NULL,
        value       INTEGER NOT NULL,               -- +1 helpful, -1 not helpful
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (chat_id, tip_id, user_id)
    );
    """,
    # 3: the weekly digest (off by default)
    """
    ALTER TABLE subscriptions ADD COLUMN digest_day INTEGER NOT NULL DEFAULT -1;
    ALTER TABLE subscriptions ADD COLUMN digest_time TEXT NOT NULL DEFAULT '';
    ALTER TABLE subscriptions ADD COLUMN digest_next_due_utc TEXT;
    CREATE INDEX subscriptions_digest_due ON subscriptions (digest_next_due_utc);
    CREATE TABLE digest_sends (
        chat_id      INTEGER NOT NULL,
        week_end     TEXT NOT NULL,                 -- local date the digest covers up to
        status       TEXT NOT NULL,                 -- claimed | sent | failed
        claimed_by   TEXT NOT NULL DEFAULT '',
        lease_until  TEXT,
        message_id   INTEGER,
        PRIMARY KEY (chat_id, week_end)
    );
    """,
    # 4: the team's own tips
    """
    CREATE TABLE team_tips (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id     INTEGER NOT NULL,
        principle   TEXT NOT NULL,
        passage     TEXT NOT NULL,
        source      TEXT NOT NULL DEFAULT '',
        created_by  INTEGER,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX team_tips_chat ON team_tips (chat_id);
    """,
    # 5: lookups that found nothing, per chat (what the corpus does not answer yet)
    """
    ALTER TABLE chats ADD COLUMN misses_off INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE misses (
        chat_id     INTEGER NOT NULL,
        query       TEXT NOT NULL,                  -- the latest wording, as typed
        folded      TEXT NOT NULL,                  -- the caller's normalised key
        count       INTEGER NOT NULL DEFAULT 1,
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL,
        PRIMARY KEY (chat_id, folded)
    );
    CREATE INDEX misses_recent ON misses (chat_id, last_seen, folded);
    CREATE INDEX misses_last_seen ON misses (last_seen);
    """,
    # 6: quizzes: the polls sent, the answers to them, the daily quiz and its claims
    """
    CREATE TABLE quiz_polls (
        poll_id      TEXT PRIMARY KEY,              -- Telegram's poll id
        chat_id      INTEGER NOT NULL,
        tip_id       TEXT NOT NULL,
        option_tips  TEXT NOT NULL,                 -- tip id of each option, comma-separated
        correct      INTEGER NOT NULL,              -- index of the right option
        local_date   TEXT NOT NULL,                 -- the chat's calendar day of the quiz
        message_id   INTEGER,
        anonymous    INTEGER NOT NULL DEFAULT 0,    -- channels: nobody's answers arrive
        daily        INTEGER NOT NULL DEFAULT 0,    -- sent by the daily quiz, not /quiz
        created_at   TEXT NOT NULL
    );
    CREATE INDEX quiz_polls_chat ON quiz_polls (chat_id, local_date);
    CREATE TABLE quiz_answers (
        poll_id      TEXT NOT NULL,
        chat_id      INTEGER NOT NULL,
        user_id      INTEGER NOT NULL,
        name         TEXT NOT NULL DEFAULT '',      -- as Telegram showed it, not escaped
        chosen       INTEGER NOT NULL,              -- the option picked
        correct      INTEGER NOT NULL,
        answered_at  TEXT NOT NULL,
        PRIMARY KEY (poll_id, user_id)
    );
    CREATE INDEX quiz_answers_chat ON quiz_answers (chat_id);
    CREATE TABLE quiz_settings (
        chat_id      INTEGER PRIMARY KEY,
        quiz_time    TEXT NOT NULL,                 -- HH:MM in the subscription's zone
        next_due_utc TEXT NOT NULL,                 -- when to look at the chat again
        updated_at   TEXT NOT NULL
    );
    CREATE INDEX quiz_settings_due ON quiz_settings (next_due_utc);
    CREATE TABLE quiz_sends (
        chat_id      INTEGER NOT NULL,
        local_date   TEXT NOT NULL,
        tip_id       TEXT NOT NULL,
        status       TEXT NOT NULL,                 -- claimed | sent | failed
        claimed_by   TEXT NOT NULL DEFAULT '',
        lease_until  TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        poll_id      TEXT,
        message_id   INTEGER,
        error        TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (chat_id, local_date)
    );
    """,
    # 7: a team tip's short form (its quiz option) and situations (searched, asked in quizzes)
    """
    ALTER TABLE team_tips ADD COLUMN short TEXT NOT NULL DEFAULT '';
    ALTER TABLE team_tips ADD COLUMN situations TEXT NOT NULL DEFAULT '';  -- one a line
    """,
    # 8: a team's tips are unique by their key; imports wait for their confirm here
    Migration(
        """
        ALTER TABLE team_tips ADD COLUMN tip_key TEXT NOT NULL DEFAULT '';  -- team_tip_key
        CREATE TABLE pending_imports (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            chat_id     INTEGER NOT NULL,           -- where the preview and its buttons are
            token       TEXT NOT NULL,              -- in the buttons' data
            target      INTEGER NOT NULL,           -- the team the tips are for
            plan        TEXT NOT NULL,              -- JSON: what a confirm stores, the counts
            created_at  TEXT NOT NULL,
            expires_at  TEXT NOT NULL
        );
        CREATE UNIQUE INDEX pending_imports_token ON pending_imports (chat_id, token);
        CREATE INDEX pending_imports_expires ON pending_imports (expires_at);
        """,
        _key_team_tips,
        """
        DROP INDEX team_tips_chat;
        CREATE UNIQUE INDEX team_tips_key ON team_tips (chat_id, tip_key);
        """),
    # 9: the durable inbox: every update stored before Telegram is told it arrived,
    # handled per lane (a chat, or a person for what has no chat) in order, by one
    # process at a time (``inbox_lanes``: a claim with a lease)
    """
    CREATE TABLE inbox (
        update_id    INTEGER PRIMARY KEY,           -- Telegram's; a repeat is ignored
        lane         INTEGER NOT NULL,              -- the chat (or person) it belongs to
        sender       INTEGER NOT NULL DEFAULT 0,    -- who sent it: bounds are per sender
        kind         TEXT NOT NULL,                 -- lookup | inline | other
        payload      TEXT NOT NULL,                 -- the update as Telegram sent it (JSON)
        status       TEXT NOT NULL,                 -- new | working | done | dropped
        received_at  TEXT NOT NULL,
        done_at      TEXT
    );
    CREATE INDEX inbox_lane ON inbox (lane, status, update_id);
    CREATE INDEX inbox_waiting ON inbox (status, lane);
    CREATE INDEX inbox_done ON inbox (done_at);
    CREATE TABLE inbox_lanes (
        lane         INTEGER PRIMARY KEY,
        owner        TEXT NOT NULL,                 -- the process working on the lane
        lease_until  TEXT NOT NULL                  -- others may take the lane after this
    );
    """,
    # 10: the leaderboard counts each person's answers from the first index alone and
    # finds a name with the second; both start with chat_id, so the index on chat_id goes
    """
    CREATE INDEX quiz_answers_tally ON quiz_answers (chat_id, user_id, correct);
    CREATE INDEX quiz_answers_latest ON quiz_answers (chat_id, user_id, answered_at);
    DROP INDEX quiz_answers_chat;
    """,
    # 11: each person's running tallies, kept by the writes of the answers themselves
    # (bot.storage.tallies), so a board reads a row per person instead of counting every
    # answer: all time, and per quiz day with the day's run of right quiz days (this
    # week, streaks, quizzes dated after today). Counted here from the answers so far;
    # the all-time count no longer reads quiz_answers_tally.
    Migration(
        """
        CREATE TABLE quiz_scores (
            chat_id      INTEGER NOT NULL,
            user_id      INTEGER NOT NULL,
            correct      INTEGER NOT NULL,          -- right answers
            answered     INTEGER NOT NULL,          -- answers (a row with none is deleted)
            PRIMARY KEY (chat_id, user_id)
        );
        CREATE TABLE quiz_days (
            chat_id      INTEGER NOT NULL,
            user_id      INTEGER NOT NULL,
            local_date   TEXT NOT NULL,             -- the quizzes' day (quiz_polls.local_date)
            correct      INTEGER NOT NULL,
            answered     INTEGER NOT NULL,          -- a row with none is deleted
            run          INTEGER NOT NULL,          -- quiz days in a row right, up to this one
            PRIMARY KEY (chat_id, user_id, local_date)
        );
        CREATE INDEX quiz_days_date
            ON quiz_days (chat_id, local_date, user_id, correct, answered, run);
        DROP INDEX quiz_answers_tally;
        """,
        tallies.recount_all),
    # 12: the weekly digest's claims count attempts and keep the error, as the daily
    # tip's and quiz's do: one retry policy with an attempt cap over the three
    """
    ALTER TABLE digest_sends ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE digest_sends ADD COLUMN error TEXT NOT NULL DEFAULT '';
    """,
    # 13: a tip being written step by step (/addtip) is kept here, not in one process's
    # memory: a restart, or another replica taking the chat's next message, goes on
    """
    CREATE TABLE addtip_drafts (
        chat_id     INTEGER NOT NULL,           -- the team the tip is for
        user_id     INTEGER NOT NULL,           -- the admin writing it
        step        TEXT NOT NULL,              -- the part asked for next
        principle   TEXT NOT NULL DEFAULT '',
        passage     TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL DEFAULT '',
        language    TEXT NOT NULL DEFAULT 'vi', -- of the admin: for the time-out's words
        token       TEXT NOT NULL,              -- new at every step: an older time-out finds none
        expires_at  TEXT NOT NULL,
        PRIMARY KEY (chat_id, user_id)
    );
    CREATE INDEX addtip_drafts_token ON addtip_drafts (user_id, token);
    """,
    # 14: the message that moved a draft last: the same update handled again after a
    # crash (the inbox hands an unfinished one to the next process) moves nothing
    """
    ALTER TABLE addtip_drafts ADD COLUMN message_id INTEGER NOT NULL DEFAULT 0;
    """,
    # 15: the bot's message that asked a draft's step: in a group anyone may reply to it
    # by hand, and a reply from someone else is neither the tip's part nor a question
    """
    ALTER TABLE addtip_drafts ADD COLUMN asked_id INTEGER NOT NULL DEFAULT 0;
    """,
    # 16: the chat's message that stored a tip (0: a page, a file, a draft): the same
    # update handled again after a crash is told the tip was saved, not that it was there
    """
    ALTER TABLE team_tips ADD COLUMN message_id INTEGER NOT NULL DEFAULT 0;
    """,
)


@dataclass(frozen=True, slots=True)
class ChatTable:
    """A table whose rows belong to one chat.

    ``key`` is the primary key (copies upsert on it). ``same`` are the columns that,
    together with the chat column, say two rows are the same thing: when a group moves
    to a new id that already has such a row, the new id's row wins and the old one is
    dropped; every other row moves. ``refers`` are other columns that name a chat (not
    the owner): they follow the move too. A ``derived`` table sums others (the quiz
    tallies): its rows are not moved but counted again for the new id once everything
    else moved (``bot.storage.tallies.recount``), so two chats' sums merge exactly.
    """

    name: str
    chat_column: str
    key: tuple[str, ...]
    same: tuple[str, ...]
    refers: tuple[str, ...] = ()
    derived: bool = False


CHAT_TABLES: tuple[ChatTable, ...] = (
    ChatTable("subscriptions", "chat_id", key=("chat_id",), same=()),
    ChatTable("deliveries", "chat_id", key=("chat_id", "local_date"), same=("local_date",)),
    ChatTable("votes", "chat_id", key=("chat_id", "tip_id", "user_id"),
              same=("tip_id", "user_id")),
    ChatTable("digest_sends", "chat_id", key=("chat_id", "week_end"), same=("week_end",)),
    ChatTable("team_tips", "chat_id", key=("id",), same=("tip_key",)),
    ChatTable("misses", "chat_id", key=("chat_id", "folded"), same=("folded",)),
    ChatTable("quiz_polls", "chat_id", key=("poll_id",), same=("poll_id",)),
    ChatTable("quiz_answers", "chat_id", key=("poll_id", "user_id"),
              same=("poll_id", "user_id")),
    ChatTable("quiz_settings", "chat_id", key=("chat_id",), same=()),
    ChatTable("quiz_sends", "chat_id", key=("chat_id", "local_date"), same=("local_date",)),
    ChatTable("quiz_scores", "chat_id", key=("chat_id", "user_id"), same=("user_id",),
              derived=True),
    ChatTable("quiz_days", "chat_id", key=("chat_id", "user_id", "local_date"),
              same=("user_id", "local_date"), derived=True),
    ChatTable("pending_imports", "chat_id", key=("id",), same=("token",), refers=("target",)),
    ChatTable("addtip_drafts", "chat_id", key=("chat_id", "user_id"), same=("user_id",)),
)

# Every table and its primary key, in copy order: ``chats`` (the registry of chats,
# which a migration marks rather than moves) and then the tables chats own.
TABLES: dict[str, tuple[str, ...]] = {
    "chats": ("chat_id",),
    **{table.name: table.key for table in CHAT_TABLES},
    "inbox": ("update_id",),
    "inbox_lanes": ("lane",),
}
