"""The weekly digest's content from real deliveries and votes."""

from __future__ import annotations

import datetime as dt

from bot.corpus import Corpus
from bot.services import digest
from bot.storage import Storage

NOW = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC)


def test_a_monday_digest_covers_the_week_just_ended() -> None:
    assert digest.week_before(dt.date(2026, 11, 30)) == (dt.date(2026, 11, 23),
                                                         dt.date(2026, 11, 29))


async def test_items_are_the_weeks_tips_in_order_with_their_votes(
        storage: Storage, corpus: Corpus) -> None:
    await storage.subscribe(1, dt.time(8), "UTC", NOW, seed=1)
    first, second, earlier = corpus.tips[0], corpus.tips[1], corpus.tips[2]
    for day, tip_id in ((dt.date(2026, 11, 22), earlier.id), (dt.date(2026, 11, 24), first.id),
                        (dt.date(2026, 11, 26), second.id), (dt.date(2026, 11, 27), "team-9")):
        claim = await storage.claim(1, day, tip_id, 0, "me", NOW + dt.timedelta(minutes=2), NOW)
        assert claim is not None
        await storage.mark_sent(claim, 100, NOW + dt.timedelta(days=1), NOW)
    await storage.vote(1, first.id, 7, 1)
    await storage.vote(1, first.id, 8, -1)
    await storage.vote(1, second.id, 7, 1)
    items = await digest.items(storage, corpus, 1, dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert items == [(first, 1, 1), (second, 1, 0)]  # the team tip is not listed
