"""Claims: the one way every scheduled push (daily tip, daily quiz, weekly digest) makes
a chat's message for a period go out once, over the three claim tables.

``ClaimRepository`` holds the claim queries; each table's repository is one
(``storage.tip_sends``, ``storage.quiz_sends``, ``storage.digest_sends``), bound to
its ``ClaimTable``. A process claims (chat, period) before sending, with a lease;
after sending it records the row sent and moves the chat to its next period in the
same transaction (each kind's own repository does that part: its ``sent_many``). A
claim whose lease ran out (its process died) may be taken over, keeping what it was to
send, and counts one more attempt; a row sent, failed or rejected is never claimed
again.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import Claim
from bot.storage.sql import Repository, chunks, iso, marks

# Statuses of a period that is over: nothing more will be sent for it.
DONE = ("sent", "failed", "rejected")


@dataclass(frozen=True, slots=True)
class ClaimTable:
    """A table of claims: its period column, what a claim keeps (``tip_id``, ``cycle``,
    or a prefix of them: what to send again after a takeover) and the statement that
    moves a chat's next due instant of this kind."""

    name: str
    period: str
    keeps: tuple[str, ...]
    move_due: str


TIPS = ClaimTable("deliveries", "local_date", ("tip_id", "cycle"),
                  "UPDATE subscriptions SET next_due_utc = ? WHERE chat_id = ?")
QUIZZES = ClaimTable("quiz_sends", "local_date", ("tip_id",),
                     "UPDATE quiz_settings SET next_due_utc = ? WHERE chat_id = ?")
DIGESTS = ClaimTable("digest_sends", "week_end", (),
                     "UPDATE subscriptions SET digest_next_due_utc = ? WHERE chat_id = ?")


def sent_sql(table: ClaimTable, *columns: str) -> str:
    """The statement that records a claim sent, with the kind's own ``columns`` (its
    parameters: those columns' values, then the chat and the period)."""
    sets = "".join(f", {column} = ?" for column in columns)
    return (f"UPDATE {table.name} SET status = 'sent'{sets}, lease_until = NULL "
            f"WHERE chat_id = ? AND {table.period} = ?")


# (chat, period, tip, cycle): what to claim; tip and cycle only where the table keeps them.
Wanted = tuple[int, dt.date, str, int]


class ClaimRepository(Repository):
    """The claims of one table (``table``): the same queries for every kind of push."""

    table: ClaimTable  # set by each table's repository

    async def claim_many(self, wanted: Sequence[Wanted], owner: str, lease_until: dt.datetime,
                         now: dt.datetime) -> tuple[list[Claim], dict[int, str]]:
        """Take many (chat, period) rows before sending: the claims won, and the status
        of each row that was not ours (done, or someone's live claim).

        A new row is ours; an existing one only if its lease has run out (its owner
        died), and then it keeps its tip. Three statements per chunk, not one per chat.
        Each call writes its own token, so rows it won are told apart from rows the same
        process claimed earlier and still holds.
        """
        table = self.table
        token = f"{owner}/{secrets.token_hex(4)}"
        claims: list[Claim] = []
        others: dict[int, str] = {}
        lease = iso(lease_until)
        keeps = "".join(f", {column}" for column in table.keeps)
        by_period: dict[str, list[Wanted]] = {}
        for item in wanted:  # one period per query (zones differ within a batch)
            by_period.setdefault(item[1].isoformat(), []).append(item)
        for period, items in by_period.items():
            for chunk in chunks(items):
                chats = [chat for chat, _, _, _ in chunk]
                where = f"{table.period} = ? AND chat_id IN ({marks(chats)})"
                async with self._transaction() as db:
                    await db.executemany(
                        f"INSERT INTO {table.name} (chat_id, {table.period}{keeps}, status, "
                        f"claimed_by, lease_until, attempts) VALUES "
                        f"(?, ?{', ?' * len(table.keeps)}, 'claimed', ?, ?, 1) "
                        f"ON CONFLICT DO NOTHING",
                        [(chat, period, *(tip, cycle)[:len(table.keeps)], token, lease)
                         for chat, _, tip, cycle in chunk])
                    await db.execute(
                        f"UPDATE {table.name} SET claimed_by = ?, lease_until = ?, "
                        f"attempts = attempts + 1 WHERE status = 'claimed' "
                        f"AND lease_until < ? AND {where}",
                        [token, lease, iso(now), period, *chats])
                    rows = await db.fetchall(
                        f"SELECT chat_id, attempts, status, claimed_by{keeps} "
                        f"FROM {table.name} WHERE {where}", [period, *chats])
                for row in rows:
                    chat = int(row["chat_id"])
                    if row["status"] == "claimed" and row["claimed_by"] == token:
                        claims.append(Claim(
                            chat, dt.date.fromisoformat(period),
                            str(row["tip_id"]) if "tip_id" in table.keeps else "",
                            int(row["cycle"]) if "cycle" in table.keeps else 0,
                            int(row["attempts"]), token))
                    else:
                        others[chat] = str(row["status"])
        return claims, others

    async def claim_one(self, chat_id: int, period: dt.date, owner: str,
                        lease_until: dt.datetime, now: dt.datetime, *, tip_id: str = "",
                        cycle: int = 0) -> Claim | None:
        """``claim_many`` for one chat: the claim, or ``None`` if it is not ours."""
        claims, _ = await self.claim_many([(chat_id, period, tip_id, cycle)], owner,
                                          lease_until, now)
        return claims[0] if claims else None

    async def extend_lease(self, claim: Claim, lease_until: dt.datetime) -> bool:
        """Keep a claim a while longer; ``False`` if it is no longer ours (taken over)."""
        table = self.table
        return await self._write(
            f"UPDATE {table.name} SET lease_until = ? WHERE chat_id = ? AND {table.period} = ? "
            "AND claimed_by = ? AND status = 'claimed'",
            (iso(lease_until), claim.chat_id, claim.local_date.isoformat(), claim.token)) > 0

    async def failed(self, claim: Claim, error: str, next_due: dt.datetime | None, *,
                     status: str = "failed") -> None:
        """The period's message will not go out; maybe move the chat to its next period.

        ``failed``: the chat never saw it (a daily tip comes again in its rotation);
        ``rejected``: the message itself cannot be sent (too long, refused by Telegram
        for good, given up after too many attempts), so it counts as done.
        """
        if status not in ("failed", "rejected"):
            raise ValueError(f"not a failure status: {status!r}")
        table = self.table
        async with self._transaction() as db:
            await db.execute(
                f"UPDATE {table.name} SET status = ?, error = ?, lease_until = NULL "
                f"WHERE chat_id = ? AND {table.period} = ?",
                (status, error[:500], claim.chat_id, claim.local_date.isoformat()))
            if next_due is not None:
                await db.execute(table.move_due, (iso(next_due), claim.chat_id))

    async def move_due_many(self, items: Sequence[tuple[int, dt.datetime]]) -> None:
        """Move chats to their next period of this kind (periods done, or skipped)."""
        if not items:
            return
        async with self._transaction() as db:
            await db.executemany(self.table.move_due,
                                 [(iso(due), chat) for chat, due in items])

    async def status(self, chat_id: int, period: dt.date) -> str | None:
        """The (chat, period) row's status (``claimed``, ``sent``…), ``None`` if none."""
        table = self.table
        value = await self._scalar(
            f"SELECT status FROM {table.name} WHERE chat_id = ? AND {table.period} = ?",
            (chat_id, period.isoformat()))
        return None if value is None else str(value)
