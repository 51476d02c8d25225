"""Queries on ``digest_sends`` (``storage.digest_sends``): the claims that make each
week's digest go out once (the claim queries are every push's, in ``claims.py``).

Its settings are on ``subscriptions`` (``storage.subscriptions.set_digest``); the tips a
digest lists come from the delivery history (``storage.tip_sends.tips_between``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.models import Claim
from bot.storage.claims import DIGESTS, ClaimRepository, sent_sql
from bot.storage.sql import iso

_SENT = sent_sql(DIGESTS, "message_id")


class DigestSends(ClaimRepository):
    table = DIGESTS

    async def claim(self, chat_id: int, week_end: dt.date, owner: str,
                    lease_until: dt.datetime, now: dt.datetime) -> Claim | None:
        """One digest per chat per week, taken before it is sent (``claim_one``)."""
        return await self.claim_one(chat_id, week_end, owner, lease_until, now)

    async def sent_many(self, done: Sequence[tuple[Claim, int, dt.datetime]],
                        now: dt.datetime) -> None:
        """Record sent digests (claim, message id, next due) and when each chat's next
        one is due, in one transaction."""
        if not done:
            return
        async with self._transaction() as db:
            await db.executemany(_SENT, [(mid, c.chat_id, c.local_date.isoformat())
                                         for c, mid, _ in done])
            await db.executemany(DIGESTS.move_due, [(iso(due), c.chat_id) for c, _, due in done])
