"""Queries on ``team_tips`` (``storage.team_tips``): the tips a team wrote itself, at
most ``MAX_TEAM_TIPS`` a chat.

A tip's ``id`` is global (one sequence for all chats) and is the number admins see in
/mytips and in exports; it never changes, even when the chat moves to a new id. A team
has each tip once: the ``tip_key`` column (``team_tip_key``: principle and passage,
accents and case aside) is unique per chat, so a tip stored twice at the same moment,
by two chats or two replicas, is there once and the second is told it already was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import (
    MAX_TEAM_TIPS,
    TeamTipFields,
    TeamTipRecord,
    TeamTipsAdded,
    team_tip_key,
    utcnow,
)
from bot.storage.sql import Repository, Row, Tx, chunks, iso, marks

_COLUMNS = "id, chat_id, principle, passage, source, created_by, short, situations"


def _record(row: Row) -> TeamTipRecord:
    return TeamTipRecord(id=int(row[0]), chat_id=int(row[1]), principle=str(row[2]),
                         passage=str(row[3]), source=str(row[4]),
                         created_by=None if row[5] is None else int(row[5]),
                         short=str(row[6]), situations=split_situations(str(row[7])))


def split_situations(stored: str) -> tuple[str, ...]:
    """The stored column (one situation a line) as a tuple, without blank lines."""
    return tuple(line for line in stored.split("\n") if line.strip())


@dataclass(frozen=True, slots=True)
class _Tip:
    principle: str
    passage: str
    source: str
    short: str
    situations: Sequence[str]


class TeamTips(Repository):
    async def add(self, chat_id: int, principle: str, passage: str, source: str,
                  created_by: int | None, *, short: str = "",
                  situations: Sequence[str] = (), now: dt.datetime | None = None
                  ) -> int | None:
        """Store a team tip; ``None`` when the chat already has ``MAX_TEAM_TIPS`` tips or
        already has this one (``add_many`` says which)."""
        done = await self.add_many(
            chat_id, [_Tip(principle, passage, source, short, situations)], created_by,
            now=now)
        return done.added[0] if done.added else None

    async def add_many(self, chat_id: int, tips: Sequence[TeamTipFields],
                       created_by: int | None, *, now: dt.datetime | None = None,
                       message_id: int = 0) -> TeamTipsAdded:
        """Store the tips the chat does not have yet, in order, until ``MAX_TEAM_TIPS``.

        One transaction, which takes the chat's turn before counting: two batches at
        once, from two chats or two replicas, store each tip once and never take the
        team over its limit. A tip the chat has counts as ``already`` even when there
        is no room, unless the chat's message ``message_id`` by ``created_by`` stored
        it: that message handled again (a process killed before the update was marked
        done) is told it was added, as the first time. ``situations`` are stored one a
        line, so none may contain a break.
        """
        async with self._transaction() as db:
            await self._chat_turn(db, chat_id)
            return await insert(db, chat_id, tips, created_by, iso(now or utcnow()),
                                message_id=message_id)

    async def of_chat(self, chat_id: int) -> list[TeamTipRecord]:
        """A chat's tips in the order they were added."""
        rows = await self._fetchall(
            f"SELECT {_COLUMNS} FROM team_tips WHERE chat_id = ? ORDER BY id", (chat_id,))
        return [_record(r) for r in rows]

    async def sent_in(self, chat_id: int, message_id: int, created_by: int
                      ) -> TeamTipRecord | None:
        """The tip the chat's message ``message_id`` by ``created_by`` stored (an edit of
        that message fixes it), or ``None``."""
        row = await self._fetchone(
            f"SELECT {_COLUMNS} FROM team_tips WHERE chat_id = ? AND message_id = ? "
            "AND created_by = ?", (chat_id, message_id, created_by)) if message_id else None
        return None if row is None else _record(row)

    async def of_chats(self, chat_ids: Sequence[int]) -> dict[int, list[TeamTipRecord]]:
        """``of_chat`` for a batch of chats (the daily push), a query per 400 chats."""
        result: dict[int, list[TeamTipRecord]] = {c: [] for c in chat_ids}
        for chunk in chunks(list(chat_ids)):
            rows = await self._fetchall(
                f"SELECT {_COLUMNS} FROM team_tips WHERE chat_id IN ({marks(chunk)}) "
                "ORDER BY id", chunk)
            for r in rows:
                tip = _record(r)
                result[tip.chat_id].append(tip)
        return result

    async def by(self, user_id: int, limit: int = 50) -> list[TeamTipRecord]:
        """The tips one person added in any chat, newest first (their inline answers)."""
        rows = await self._fetchall(
            f"SELECT {_COLUMNS} FROM team_tips WHERE created_by = ? ORDER BY id DESC LIMIT ?",
            (user_id, limit))
        return [_record(r) for r in rows]

    async def delete(self, chat_id: int, tip_number: int) -> bool:
        """Delete a chat's tip by its number; ``False`` if that chat has no such tip."""
        return await self._write("DELETE FROM team_tips WHERE chat_id = ? AND id = ?",
                                 (chat_id, tip_number)) > 0

    async def edit(self, chat_id: int, tip_number: int, tip: TeamTipFields) -> str:
        """Replace a chat's tip's words, keeping its number (and so its votes and quiz
        history): ``"edited"``, ``"missing"`` (no such tip in that chat) or ``"already"``
        (the chat has another tip with this principle and passage)."""
        key = team_tip_key(tip.principle, tip.passage)
        async with self._transaction() as db:
            await self._chat_turn(db, chat_id)
            row = await db.fetchone("SELECT id FROM team_tips WHERE chat_id = ? AND id = ?",
                                    (chat_id, tip_number))
            if row is None:
                return "missing"
            other = await db.fetchone(
                "SELECT id FROM team_tips WHERE chat_id = ? AND tip_key = ? AND id <> ?",
                (chat_id, key, tip_number))
            if other is not None:
                return "already"
            await db.execute(
                "UPDATE team_tips SET principle = ?, passage = ?, source = ?, short = ?, "
                "situations = ?, tip_key = ? WHERE chat_id = ? AND id = ?",
                (tip.principle, tip.passage, tip.source, tip.short,
                 "\n".join(" ".join(s.split()) for s in tip.situations if s.strip()), key,
                 chat_id, tip_number))
        return "edited"


async def insert(db: Tx, chat_id: int, tips: Sequence[TeamTipFields], created_by: int | None,
                 stamp: str, *, message_id: int = 0) -> TeamTipsAdded:
    """``TeamTips.add_many`` inside ``db``, which holds the chat's turn (``_chat_turn``):
    for a writer that stores a tip together with rows of its own (an /addtip draft's end)."""
    added: list[int] = []
    already = no_room = 0
    row = await db.fetchone("SELECT COUNT(*) FROM team_tips WHERE chat_id = ?", (chat_id,))
    count = int(row[0]) if row is not None else 0
    for tip in tips:
        key = team_tip_key(tip.principle, tip.passage)
        row = None
        if count < MAX_TEAM_TIPS:
            row = await db.fetchone(
                "INSERT INTO team_tips (chat_id, principle, passage, source, created_by, "
                "created_at, short, situations, tip_key, message_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (chat_id, tip_key) DO NOTHING RETURNING id",
                (chat_id, tip.principle, tip.passage, tip.source, created_by, stamp,
                 tip.short,
                 "\n".join(" ".join(s.split()) for s in tip.situations if s.strip()),
                 key, message_id))
            if row is not None:
                added.append(int(row[0]))
                count += 1
                continue
        # Not stored: the chat has it (stored just now, maybe, by another), or no room.
        there = await db.fetchone(
            "SELECT id, message_id, created_by FROM team_tips "
            "WHERE chat_id = ? AND tip_key = ?", (chat_id, key))
        if there is None:
            no_room += 1
        elif message_id and int(there[1]) == message_id and created_by == (
                None if there[2] is None else int(there[2])):  # None: a channel's post
            added.append(int(there[0]))  # this very message stored it: handled again
        else:
            already += 1
    return TeamTipsAdded(tuple(added), already, no_room)
