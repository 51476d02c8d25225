"""The team's quiz chart: the last 8 weeks of participation and accuracy, and the
principles the team finds hardest, as one PNG a lead reads on a phone (issue 22).

Three parts, so each can be tested and timed alone:

* ``chart_data`` asks the database for sums (a row per week, a row per principle), never
  for answers: only the 8 weeks' answers are read, and only sums travel to Python.
* ``bot.chartdraw.draw`` turns those sums into a PNG. It is CPU work (~0.2 s): the bot
  has it done in a worker process (``bot.chartworker``), never on the event loop nor in
  a thread of the bot's (there it took the interpreter's lock from the loop:
  bench/charts.py); matplotlib is imported there only, so the bot's own process does
  not carry it (about 60 MB).
* ``ChartCache`` keeps each chat's latest image with the data it was drawn from: the
  same data (the same sums, labels and language) gives the same image, so it is not
  drawn again; any new answer that changes a sum draws a new one. Bounded (LRU).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from bot.quiz import scores
from bot.storage import Storage
from bot.strings import Strings

WEEKS = 8
HARDEST = 5  # principles shown, hardest first
WIDTH_PX = 1080  # a phone screen's width: Telegram shows it without scaling up
DPI = 100
LABEL_CHARS = 66  # a principle's words on one line at the chart's width
CACHE_SIZE = 64  # chats whose latest image is kept (~180 kB each)

log = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class Week:
    monday: dt.date
    people: int
    answers: int
    correct: int

    @property
    def percent(self) -> int | None:
        """Right answers in whole percent (half up); ``None`` for a week without answers."""
        if not self.answers:
            return None
        return int(Fraction(self.correct * 100, self.answers) + Fraction(1, 2))


@dataclass(frozen=True, slots=True)
class Principle:
    label: str  # the principle's short form, as people read it (not HTML)
    correct: int
    answered: int

    @property
    def percent(self) -> int:
        return int(Fraction(self.correct * 100, self.answered) + Fraction(1, 2))


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the chart shows, and all it shows: equal data draw equal images."""

    weeks: tuple[Week, ...]  # oldest first, the last one holds ``until``
    hardest: tuple[Principle, ...]  # hardest first, at most ``HARDEST``
    min_answers: int  # a principle's answers before it can be called hard

    @property
    def empty(self) -> bool:
        return not any(w.answers for w in self.weeks)


def mondays(until: dt.date, weeks: int = WEEKS) -> list[dt.date]:
    """The Mondays of the ``weeks`` weeks up to ``until``'s, oldest first."""
    last = scores.week_start(until)
    return [last - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def hardest(tips: Iterable[tuple[str, int, int]], labels: Mapping[str, str], *,
            limit: int = HARDEST, min_answers: int = scores.MIN_ANSWERS_HARDEST
            ) -> tuple[Principle, ...]:
    """The ``limit`` principles with the lowest accuracy among those with ``min_answers``
    answers, in the order ``scores.hardest_principle`` picks its one (so the chart's first
    bar is the principle the text names). Tips without a label (deleted) are left out."""
    candidates = [scores.Hardest(*t) for t in tips
                  if t[0] in labels and t[2] >= max(min_answers, 1)]
    candidates.sort(key=lambda h: (Fraction(h.correct, h.answered), -h.answered, h.tip_id))
    return tuple(Principle(labels[h.tip_id], h.correct, h.answered)
                 for h in candidates[:limit])


async def chart_data(storage: Storage, chat_id: int, until: dt.date,
                     labels: Mapping[str, str], *, weeks: int = WEEKS) -> ChartData:
    """The chart's sums for the ``weeks`` weeks up to ``until``'s (two aggregate queries).

    ``labels``: each tip id's short form (the seeds and the team's own tips).
    """
    starts = mondays(until, weeks)
    sums = await storage.quiz_answers.weeks(chat_id, starts, until)
    _, _, _, tips = await storage.quiz_answers.figures(chat_id, starts[0], until)
    return ChartData(tuple(Week(m, *s) for m, s in zip(starts, sums, strict=True)),
                     hardest(tips, labels), scores.MIN_ANSWERS_HARDEST)


# --- drawing ------------------------------------------------------------------------------

class ChartFailed(Exception):
    """No image this time (the worker was too slow, died, or sent something else): the
    chat gets the text alone, and the next chart is tried afresh."""


Renderer = Callable[[ChartData, Strings], Awaitable[bytes]]


class ChartCache:
    """Each chat's latest image and the data it shows: unchanged data, no drawing.

    The key is the data itself (a few dozen numbers and labels, plus the language), so
    the image is redrawn exactly when something it shows changed, and never stale.
    """

    def __init__(self, renderer: Renderer, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.renderer = renderer
        self.drawn = 0  # images drawn (not served from the cache): for tests and benches
        self._images: OrderedDict[int, tuple[tuple[ChartData, str], bytes]] = OrderedDict()

    async def image(self, chat_id: int, data: ChartData, s: Strings) -> bytes | None:
        """The chart PNG, drawn by ``renderer`` unless cached; ``None`` without data (a
        team that never answered gets text, not an empty chart) and when the drawing
        failed (``ChartFailed``: logged; the text went out already)."""
        if data.empty:
            return None
        key = (data, s.lang)
        cached = self._images.get(chat_id)
        if cached is not None and cached[0] == key:
            self._images.move_to_end(chat_id)
            return cached[1]
        try:
            png = await self.renderer(data, s)
        except ChartFailed as exc:
            log.warning("quiz chart for chat %s not drawn: %s", chat_id, exc)
            return None
        self.drawn += 1
        self._images[chat_id] = (key, png)
        self._images.move_to_end(chat_id)
        while len(self._images) > self.size:
            self._images.popitem(last=False)
        return png

    def __len__(self) -> int:
        return len(self._images)
