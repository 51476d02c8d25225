"""Drawing the team's quiz chart (``bot.charts.ChartData``) as a PNG, with matplotlib.

Imported by the chart's worker process (``bot.chartworker``) and the tests, never by the
bot's own process, which would otherwise carry matplotlib's ~60 MB for nothing. It uses
``matplotlib.figure.Figure`` with the Agg canvas directly: pyplot keeps global figures
and state. matplotlib itself is not thread-safe, so one lock lets one image be drawn at a
time in a process. Every text is set in DejaVu Sans, which ships with matplotlib and has
Vietnamese diacritics, by file rather than by family name: a ``matplotlibrc`` on the
server cannot swap in a font without them.
"""

from __future__ import annotations

import io
import textwrap
import threading
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server; set before anything draws

from matplotlib import font_manager  # after choosing the backend
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.charts import DPI, LABEL_CHARS, WIDTH_PX, ChartData
from bot.strings import Strings

_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = font_manager.FontProperties(fname=_FONT_DIR / "DejaVuSans.ttf")
FONT_BOLD = font_manager.FontProperties(fname=_FONT_DIR / "DejaVuSans-Bold.ttf")
_DRAWING = threading.Lock()

BAR = "#4C78A8"
LINE = "#E45756"
HARD = "#F58518"
GRID = "#DDDDDD"
INK = "#222222"


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
