"""The team's quiz chart for /stats and the weekly digest (issue 22): the sums from the
database, the principles' words from the chat's tips, the image from ``bot.charts``.

One ``Charts`` per process keeps each chat's latest image (``bot.charts.ChartCache``), so
a lead typing /stats twice, or the digest after a quiet week, costs two aggregate
queries and no drawing. The images are drawn by one worker process (``bot.chartworker``),
started at the first chart and ended by ``close()`` when the bot stops.
"""

from __future__ import annotations

import datetime as dt

from bot import charts
from bot.chartworker import ChartWorker
from bot.corpus import Corpus
from bot.services import tippool
from bot.storage import Storage
from bot.strings import Strings


class Charts:
    def __init__(self, storage: Storage, corpus: Corpus,
                 worker: ChartWorker | None = None) -> None:
        self.storage = storage
        self.corpus = corpus
        self.worker = worker or ChartWorker()
        self.cache = charts.ChartCache(self._draw)

    async def _draw(self, data: charts.ChartData, s: Strings) -> bytes:
        return (await self.worker.draw(data, s.lang)).png

    async def close(self) -> None:
        """End the drawing worker (a later chart would start another)."""
        await self.worker.close()

    async def data(self, chat_id: int, until: dt.date, s: Strings) -> charts.ChartData:
        """The 8 weeks up to ``until``'s week; principles named as the chat's quizzes
        name them (the short form; the team's own tips included)."""
        labels = {t.id: t.short or t.principle
                  for t in [*self.corpus.tips,
                            *await tippool.team_tips(self.storage, chat_id, s)]}
        return await charts.chart_data(self.storage, chat_id, until, labels)

    async def image(self, chat_id: int, until: dt.date, s: Strings) -> bytes | None:
        """The chart as PNG bytes, labels in ``s``' language; ``None`` for a team
        without a quiz answer in those weeks (it gets the text alone)."""
        return await self.cache.image(chat_id, await self.data(chat_id, until, s), s)
