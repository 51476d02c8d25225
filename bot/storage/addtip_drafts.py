"""Queries on ``addtip_drafts`` (``storage.addtip_drafts``): tips being written step by
step with ``/addtip``, one per admin per chat.

In the database rather than one process's memory, so the admin's next message goes on
with the tip after a restart, on whichever replica takes it, and in the supergroup a group
became (the table is one of ``CHAT_TABLES``). A draft past its ``expires_at`` is never
returned, and expired ones are deleted as new ones are written. Ending one at its time-out
is a single ``DELETE … RETURNING`` on its token: of two replicas, or of a time-out and the
admin's next step, only one wins. The last part stores the tip and ends the draft in one
transaction (``finish``); the ended draft stays, open no more, until its expiry.
"""

from __future__ import annotations

import datetime as dt

from bot.models import (
    DRAFT_ALREADY,
    DRAFT_ENDED,
    DRAFT_FULL,
    DRAFT_SAVED,
    AddtipDraft,
    TeamTipFields,
)
from bot.storage.sql import Repository, Row, iso, marks
from bot.storage.team_tips import insert

_OPEN = f"step NOT IN ({marks(DRAFT_ENDED)})"  # with DRAFT_ENDED as its parameters

_COLUMNS = ("chat_id, user_id, step, principle, passage, source, language, token, "
            "expires_at, message_id, asked_id")


def _draft(row: Row) -> AddtipDraft:
    return AddtipDraft(chat_id=int(row[0]), user_id=int(row[1]), step=str(row[2]),
                       principle=str(row[3]), passage=str(row[4]), source=str(row[5]),
                       language=str(row[6]), token=str(row[7]),
                       expires_at=dt.datetime.fromisoformat(str(row[8])),
                       message_id=int(row[9]), asked_id=int(row[10]))


class AddtipDrafts(Repository):
    async def put(self, draft: AddtipDraft, now: dt.datetime) -> None:
        """Keep the draft as it is now (a new one replaces the admin's draft in the chat)."""
        async with self._transaction() as db:
            await db.execute("DELETE FROM addtip_drafts WHERE expires_at <= ?", (iso(now),))
            await db.execute(
                f"INSERT INTO addtip_drafts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (chat_id, user_id) DO UPDATE SET step = excluded.step, "
                "principle = excluded.principle, passage = excluded.passage, "
                "source = excluded.source, language = excluded.language, "
                "token = excluded.token, expires_at = excluded.expires_at, "
                "message_id = excluded.message_id, asked_id = excluded.asked_id",
                (draft.chat_id, draft.user_id, draft.step, draft.principle, draft.passage,
                 draft.source, draft.language, draft.token, iso(draft.expires_at),
                 draft.message_id, draft.asked_id))

    async def get(self, chat_id: int, user_id: int, now: dt.datetime) -> AddtipDraft | None:
        """The admin's open draft in the chat, unless it expired."""
        row = await self._fetchone(
            f"SELECT {_COLUMNS} FROM addtip_drafts WHERE chat_id = ? AND user_id = ? "
            "AND expires_at > ?", (chat_id, user_id, iso(now)))
        return None if row is None else _draft(row)

    async def close(self, draft: AddtipDraft, step: str, *, message_id: int, token: str,
                    expires_at: dt.datetime) -> bool:
        """End ``draft`` unsaved as ``step`` (``DRAFT_CANCELLED``), keeping ``message_id``
        (the message that ended it); ``False`` when it is no longer open at that step."""
        return await self._write(
            "UPDATE addtip_drafts SET step = ?, token = ?, expires_at = ?, message_id = ? "
            f"WHERE chat_id = ? AND user_id = ? AND token = ? AND {_OPEN}",
            (step, token, iso(expires_at), message_id, draft.chat_id, draft.user_id,
             draft.token, *DRAFT_ENDED)) > 0

    async def asked(self, draft: AddtipDraft, asked_id: int) -> None:
        """The bot's message ``asked_id`` asks the step ``draft`` is at (its token)."""
        await self._write("UPDATE addtip_drafts SET asked_id = ? WHERE chat_id = ? "
                          "AND user_id = ? AND token = ?",
                          (asked_id, draft.chat_id, draft.user_id, draft.token))

    async def asking(self, chat_id: int, asked_id: int, now: dt.datetime
                     ) -> AddtipDraft | None:
        """The open draft in the chat whose step the bot's message ``asked_id`` asks."""
        row = await self._fetchone(
            f"SELECT {_COLUMNS} FROM addtip_drafts WHERE chat_id = ? AND asked_id = ? "
            f"AND expires_at > ? AND {_OPEN}", (chat_id, asked_id, iso(now), *DRAFT_ENDED))
        return None if row is None else _draft(row)

    async def of_chat(self, chat_id: int, now: dt.datetime) -> list[AddtipDraft]:
        """The drafts open in the chat."""
        rows = await self._fetchall(
            f"SELECT {_COLUMNS} FROM addtip_drafts WHERE chat_id = ? AND expires_at > ? "
            f"AND {_OPEN} ORDER BY user_id", (chat_id, iso(now), *DRAFT_ENDED))
        return [_draft(row) for row in rows]

    async def drop(self, chat_id: int, user_id: int) -> bool:
        """End the admin's draft in the chat (saved or cancelled); ``False`` if none."""
        return await self._write("DELETE FROM addtip_drafts WHERE chat_id = ? AND user_id = ?",
                                 (chat_id, user_id)) > 0

    async def end(self, user_id: int, token: str) -> AddtipDraft | None:
        """End the draft whose step is ``token`` (its time-out); ``None`` when it moved
        on, ended or was replaced since."""
        async with self._transaction() as db:
            row = await db.fetchone(
                f"DELETE FROM addtip_drafts WHERE user_id = ? AND token = ? AND {_OPEN} "
                f"RETURNING {_COLUMNS}", (user_id, token, *DRAFT_ENDED))
        return None if row is None else _draft(row)

    async def finish(self, draft: AddtipDraft, tip: TeamTipFields, *, message_id: int,
                     token: str, expires_at: dt.datetime, now: dt.datetime
                     ) -> AddtipDraft | None:
        """The last part: store ``tip`` for the team and end ``draft`` in one transaction,
        so a crash leaves either both or neither. The ended draft keeps ``message_id``
        (the message that ended it) and how it ended (``DRAFT_ENDED``). ``None`` when the
        draft is no longer at this step (ended by its time-out, /cancel, a new /addtip,
        or already finished): nothing is stored."""
        async with self._transaction() as db:
            await self._chat_turn(db, draft.chat_id)
            row = await db.fetchone(
                f"SELECT 1 FROM addtip_drafts WHERE chat_id = ? AND user_id = ? "
                f"AND token = ? AND {_OPEN}",
                (draft.chat_id, draft.user_id, draft.token, *DRAFT_ENDED))
            if row is None:
                return None
            done = await insert(db, draft.chat_id, [tip], draft.user_id, iso(now))
            step = DRAFT_SAVED if done.added else DRAFT_ALREADY if done.already else DRAFT_FULL
            await db.execute(
                "UPDATE addtip_drafts SET step = ?, token = ?, expires_at = ?, message_id = ? "
                "WHERE chat_id = ? AND user_id = ?",
                (step, token, iso(expires_at), message_id, draft.chat_id, draft.user_id))
        return AddtipDraft(draft.chat_id, draft.user_id, step, draft.principle, draft.passage,
                           draft.source, draft.language, token, expires_at, message_id,
                           draft.asked_id)

    async def open(self) -> list[AddtipDraft]:
        """Every draft still open, expired or not (their time-outs, set again at a start)."""
        rows = await self._fetchall(f"SELECT {_COLUMNS} FROM addtip_drafts WHERE {_OPEN}",
                                    DRAFT_ENDED)
        return [_draft(row) for row in rows]
