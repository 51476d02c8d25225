"""The weekly digest's content: last week's daily tips with the team's votes on them.

The broadcaster sends it on the chosen weekday; the week is the seven local days
before that day, so a Monday digest covers Monday to Sunday of the week just ended.
"""

from __future__ import annotations

import datetime as dt

from bot.corpus import Corpus, Tip
from bot.storage import Storage


def week_before(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last local day a digest sent on ``day`` covers."""
    last = day - dt.timedelta(days=1)
    return last - dt.timedelta(days=6), last


async def items(storage: Storage, corpus: Corpus, chat_id: int, first: dt.date,
                last: dt.date) -> list[tuple[Tip, int, int]]:
    """Each tip the chat received from ``first`` to ``last``, in order, with 👍 and 👎.

    Only the shipped tips are listed, as the digest always did; the team's own tips
    sent that week are left out (one may have been deleted since).
    """
    votes = await storage.vote_table(chat_id)
    return [(tip, *votes.get(tip.id, (0, 0)))
            for tip_id in await storage.tips_between(chat_id, first, last)
            if (tip := corpus.get(tip_id)) is not None]
