"""The quiz chart drawn in a thread of the test's, for e2e tests about something else.

The bot draws its charts in a worker process (bot/chartworker.py, tested in
tests/test_chartworker.py); a test that only needs /stats or a digest to go on as usual
draws them here instead, so it starts no process and stays in ``make quick``.
"""

from __future__ import annotations

import asyncio

from matplotlib.text import Text

from bot import chartdraw, charts
from bot.services.charts import Charts
from bot.strings import Strings


def draw_in_thread(service: Charts) -> list[set[str]]:
    """Draw ``service``'s charts in a thread from now on; the texts of each one drawn are
    recorded in the list returned (what the image says, in drawing order)."""
    seen: list[set[str]] = []

    def render(data: charts.ChartData, s: Strings) -> bytes:
        fig = chartdraw.figure(data, s)
        seen.append({t.get_text() for t in fig.findobj(Text) if t.get_text()})
        return chartdraw.png(fig)

    async def renderer(data: charts.ChartData, s: Strings) -> bytes:
        return await asyncio.to_thread(render, data, s)

    service.cache.renderer = renderer
    return seen
