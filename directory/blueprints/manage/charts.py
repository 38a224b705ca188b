"""Bar charts of the weekly insights, drawn as inline SVG on the server (no chart library, no JavaScript)."""
from dataclasses import dataclass

from flask_babel import format_date

from ...services.insights import Trend

WIDTH, HEIGHT = 320, 150  # the viewBox: the SVG scales to its box, text scales with it
LEFT, BOTTOM, TOP = 30, 20, 8  # room for the axis numbers, the week labels and the top number


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    running: bool  # this week, still being counted
    labelled: bool = True  # long labels (Urdu month names) go on every other bar, counted from this week


@dataclass
class Chart:
    trend: Trend
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value) of the grid lines
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM


def nice_top(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above `value` (at least 5, so small counts read well)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= max(value, 4):
                return step * factor
        step *= 10


def chart(trend: Trend) -> Chart:
    top = nice_top(max((getattr(week, trend.field) for week in trend.weeks), default=0))
    plot = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(trend.weeks), 1)
    bars = []
    for index, week in enumerate(trend.weeks):
        value = getattr(week, trend.field)
        height = plot * value / top
        bars.append(Bar(x=round(LEFT + index * slot + slot * 0.15, 1), y=round(HEIGHT - BOTTOM - height, 1),
                        width=round(slot * 0.7, 1), height=round(height, 1), value=value,
                        label=format_date(week.start, "d MMM"), running=index == len(trend.weeks) - 1))
    if max((len(bar.label) for bar in bars), default=0) > 6:
        for index, bar in enumerate(reversed(bars)):
            bar.labelled = index % 2 == 0
    values = (0, top // 2, top) if top % 2 == 0 else (0, top)
    ticks = [(round(HEIGHT - BOTTOM - plot * value / top, 1), value) for value in values]
    return Chart(trend=trend, bars=bars, ticks=ticks)
