"""Small server-drawn charts: bars per week and a line over time, as numbers an SVG template draws.

The page's policy allows no script and no inline style, so a chart is plain
SVG whose colours come from the app's stylesheet by class. Python works out
every coordinate here (testable without a browser); ``patients/_chart.html``
only writes them out, autoescaped. Each chart also says what it shows in words
(its ``summary``) and sits beside a table of the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
"""The plot area's margins, room for the axis labels."""
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    """The bar's value in words, shown as its tooltip (the SVG ``title``)."""


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """Everything the template draws, in SVG user units; ``key`` makes its ids unique on the page."""

    key: str
    title: str
    summary: str
    y_ticks: tuple[tuple[float, str], ...]
    x_labels: tuple[tuple[float, str, str], ...]
    """(x, words, SVG text-anchor): a label at either end of a line is anchored inside the plot."""
    bars: tuple[Bar, ...] = ()
    points: tuple[Point, ...] = ()
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: float = TOP + PLOT_H

    @property
    def line(self) -> str:
        """The points as an SVG ``points`` list, oldest first."""
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.points)


def _y(value: float, low: float, high: float) -> float:
    return round(TOP + PLOT_H * (1 - (value - low) / (high - low)), 1)


def _ticks(low: float, high: float, count: int = 5, unit: str = "") -> tuple[tuple[float, str], ...]:
    step = (high - low) / (count - 1)
    return tuple((_y(low + i * step, low, high), f"{low + i * step:g}{unit}") for i in range(count))


def bar_chart(key: str, title: str, summary: str, bars: Sequence[tuple[str, float | None, str]],
              low: float = 0, high: float = 100, unit: str = "%") -> Chart:
    """One bar per (axis label, value or None for no bar, tooltip), left to right."""
    slot = PLOT_W / max(len(bars), 1)
    drawn, labels = [], []
    for index, (axis_label, value, tooltip) in enumerate(bars):
        x = LEFT + index * slot
        labels.append((round(x + slot / 2, 1), axis_label, "middle"))
        if value is None:
            continue
        top = _y(min(max(value, low), high), low, high)
        drawn.append(Bar(x=round(x + slot * 0.15, 1), y=top, width=round(slot * 0.7, 1),
                         height=round(TOP + PLOT_H - top, 1), label=tooltip))
    return Chart(key=key, title=title, summary=summary, y_ticks=_ticks(low, high, unit=unit),
                 x_labels=tuple(labels), bars=tuple(drawn))


def line_chart(key: str, title: str, summary: str, points: Sequence[tuple[date, float, str]],
               low: float, high: float, day_label: Callable[[date], str] = date.isoformat) -> Chart:
    """A line through (day, value, tooltip) points placed by date; the first and last days are labelled."""
    if not points:
        return Chart(key=key, title=title, summary=summary, y_ticks=_ticks(low, high), x_labels=())
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        # A single point sits in the middle rather than on the axis.
        if first == last:
            return LEFT + PLOT_W / 2
        return round(LEFT + PLOT_W * (day - first).days / span, 1)

    drawn = tuple(Point(x=x_of(day), y=_y(min(max(value, low), high), low, high), label=tooltip)
                  for day, value, tooltip in points)
    if first == last:
        labels = [(x_of(first), day_label(first), "middle")]
    else:
        labels = [(x_of(first), day_label(first), "start"), (x_of(last), day_label(last), "end")]
    return Chart(key=key, title=title, summary=summary, y_ticks=_ticks(low, high), x_labels=tuple(labels),
                 points=drawn)
