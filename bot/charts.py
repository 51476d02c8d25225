"""The team's quiz chart: the last 8 weeks of participation and accuracy, and the
principles the team finds hardest, as one PNG a lead reads on a phone (issue 22).

Three parts, so each can be tested and timed alone:

* ``chart_data`` asks the database for sums (a row per week, a row per principle), never
  for answers: only the 8 weeks' answers are read, and only sums travel to Python.
* ``draw`` turns those sums into a PNG. It is CPU work (~0.2 s): the bot has it done in a
  worker process (``bot.chartworker``), never on the event loop nor in a thread of the
  bot's (there it took the interpreter's lock from the loop: bench/charts.py). It uses
  ``matplotlib.figure.Figure`` with the Agg canvas directly: pyplot keeps global figures
  and state. matplotlib itself is not thread-safe, so one lock lets one image be drawn
  at a time in a process. Every text is set in DejaVu Sans,
  which ships with matplotlib and has Vietnamese diacritics, by file rather than by
  family name: a ``matplotlibrc`` on the server cannot swap in a font without them.
* ``ChartCache`` keeps each chat's latest image with the data it was drawn from: the
  same data (the same sums, labels and language) gives the same image, so it is not
  drawn again; any new answer that changes a sum draws a new one. Bounded (LRU).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server; set before anything draws

from matplotlib import font_manager  # after choosing the backend
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.quiz import scores
from bot.storage import Storage
from bot.strings import Strings

WEEKS = 8
HARDEST = 5  # principles shown, hardest first
WIDTH_PX = 1080  # a phone screen's width: Telegram shows it without scaling up
DPI = 100
LABEL_CHARS = 66  # a principle's words on one line at the chart's width
CACHE_SIZE = 64  # chats whose latest image is kept (~180 kB each)

_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = font_manager.FontProperties(fname=_FONT_DIR / "DejaVuSans.ttf")
FONT_BOLD = font_manager.FontProperties(fname=_FONT_DIR / "DejaVuSans-Bold.ttf")
_DRAWING = threading.Lock()
log = logging.getLogger(__name__)

BAR = "#4C78A8"
LINE = "#E45756"
HARD = "#F58518"
GRID = "#DDDDDD"
INK = "#222222"


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

def _style(ax: object, size: int) -> None:
    """Tick labels in the font that has the diacritics (the axes' own are set apart)."""
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(FONT)
        label.set_fontsize(size)
    ax.tick_params(colors=INK, length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def draw(data: ChartData, s: Strings) -> bytes:
    """The chart as a PNG ``WIDTH_PX`` wide, every label from ``s`` (the chat's language).

    CPU-bound (~0.2 s): the bot runs it in ``bot.chartworker``'s process."""
    with _DRAWING:
        return png(figure(data, s))


def png(fig: Figure) -> bytes:
    out = io.BytesIO()
    # zlib level 3, not 6: faster, for a slightly larger file (the colours are flat).
    fig.savefig(out, format="png", dpi=DPI, facecolor="white",
                pil_kwargs={"compress_level": 3})
    return out.getvalue()


def figure(data: ChartData, s: Strings) -> Figure:
    """The chart's figure (not drawn yet): its texts are what the image will say."""
    fig = Figure(figsize=(WIDTH_PX / DPI, 15), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    people_ax, accuracy_ax, bottom = fig.subplots(3, 1, height_ratios=[1, 0.8, 1.25])
    fig.subplots_adjust(left=0.09, right=0.95, top=0.9, bottom=0.035, hspace=0.45)
    weeks = len(data.weeks)
    fig.text(0.5, 0.955, s.chart_title.format(weeks=weeks), ha="center", va="center",
             fontproperties=FONT_BOLD, fontsize=30, color=INK)
    xs = list(range(weeks))
    ticks = [s.chart_week.format(day=w.monday.day, month=w.monday.month) for w in data.weeks]

    # Participation: a bar per week, its number on top.
    people = [w.people for w in data.weeks]
    people_ax.bar(xs, people, color=BAR, width=0.62)
    for x, n in zip(xs, people, strict=True):
        people_ax.text(x, n, str(n), ha="center", va="bottom", fontproperties=FONT_BOLD,
                       fontsize=18, color=BAR)
    people_ax.set_ylim(0, max(max(people), 1) * 1.22)
    people_ax.set_title(s.chart_people, fontproperties=FONT_BOLD, fontsize=24, color=INK,
                        loc="left", pad=14)
    people_ax.set_xticks(xs, ticks)
    people_ax.yaxis.grid(True, color=GRID)
    people_ax.set_axisbelow(True)
    _style(people_ax, 18)

    # Accuracy: a line over the weeks with answers (a week without any has no point).
    points = [(x, w.percent) for x, w in zip(xs, data.weeks, strict=True)
              if w.percent is not None]
    accuracy_ax.plot([p[0] for p in points], [p[1] for p in points], color=LINE,
                     linewidth=4, marker="o", markersize=11)
    for x, pct in points:
        accuracy_ax.annotate(f"{pct}%", (x, pct), textcoords="offset points",
                             xytext=(0, 13), ha="center", fontproperties=FONT_BOLD,
                             fontsize=18, color=LINE)
    accuracy_ax.set_xlim(-0.5, weeks - 0.5)
    accuracy_ax.set_ylim(0, 118)
    accuracy_ax.set_yticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"])
    accuracy_ax.set_title(s.chart_accuracy, fontproperties=FONT_BOLD, fontsize=24,
                          color=INK, loc="left", pad=14)
    accuracy_ax.set_xticks(xs, ticks)
    accuracy_ax.set_xlabel(s.chart_weeks, fontproperties=FONT, fontsize=19, color=INK,
                           labelpad=10)
    accuracy_ax.yaxis.grid(True, color=GRID)
    accuracy_ax.set_axisbelow(True)
    _style(accuracy_ax, 18)

    # The hardest principles: a bar each, the principle's words above it.
    bottom.set_title(s.chart_hardest.format(weeks=weeks), fontproperties=FONT_BOLD,
                     fontsize=24, color=INK, loc="left", pad=18)
    bottom.set_xlim(0, 100)
    bottom.set_xticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    bottom.xaxis.grid(True, color=GRID)
    bottom.set_axisbelow(True)
    bottom.set_yticks([])
    if not data.hardest:
        bottom.set_ylim(0, 1)
        bottom.text(50, 0.5, s.chart_no_hardest.format(count=data.min_answers),
                    ha="center", va="center", fontproperties=FONT, fontsize=21, color=INK)
    rows = max(len(data.hardest), 1)
    for n, p in enumerate(data.hardest):
        y = rows - 1 - n  # the hardest at the top
        bottom.barh(y, p.percent, height=0.42, color=HARD)
        label = textwrap.shorten(p.label, LABEL_CHARS, placeholder="…")
        bottom.text(0, y + 0.27, label, ha="left", va="bottom", fontproperties=FONT,
                    fontsize=19, color=INK)
        row = s.chart_hardest_row.format(accuracy=p.percent, answered=p.answered)
        if p.percent <= 55:  # beside the bar; a long bar holds it, right-aligned
            bottom.text(p.percent + 1.5, y, row, ha="left", va="center",
                        fontproperties=FONT, fontsize=17, color=INK)
        else:
            bottom.text(p.percent - 1.5, y, row, ha="right", va="center",
                        fontproperties=FONT_BOLD, fontsize=17, color="white")
    if data.hardest:
        bottom.set_ylim(-0.5, rows - 0.1)
    _style(bottom, 18)
    return fig


# --- the cache ------------------------------------------------------------------------------

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
