"""Accessible bar charts drawn on the server: an SVG with a title and a description for screen readers,
and the table of the same figures beside it (templates/includes/bar_chart.html).

The bars run across, one row per label, so each label and value is written level with its bar at a size
that stays readable when a phone draws the chart narrower than WIDTH (it is never drawn wider). A value
axis along the bottom has round ticks from 0 (to 5 at least when a count is suppressed).

Small counts can be suppressed, so no one can be singled out: from 1 to 4 they are written "fewer than 5"
and drawn as a pale bar with a dashed edge as long as 4, the most they can be, so that they are seen
without looking like a known number."""

from __future__ import annotations

import math
from dataclasses import dataclass

SMALL = 5
WIDTH = 440  # as drawn at most, in CSS pixels: `.app-chart__svg { max-width }` matches it
FONT_SIZE = 16  # as drawn at WIDTH; a phone's 360 px column draws it at 13 px
ROW, BAR, TOP, BOTTOM = 32, 20, 8, 36
LABELS, VALUES = 64, 112  # room left of the bars for the labels, and right of them for the values
MAX_TICKS = 6


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as written ("12", "fewer than 5")
    suppressed: bool  # a count from 1 to 4, drawn as long as 4 and written "fewer than 5"
    length: float
    y: float
    label_y: float  # the baseline of the label and the value, level with the bar
    value_x: float  # where the value is written, just past the bar's end


@dataclass
class Tick:
    x: float
    label: str


def shown(value: float, *, suppress: bool = True) -> str:
    """A count as written, small ones suppressed; a measure (not a count of people) with one decimal."""
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "fewer than 5" if suppress and 0 < value < SMALL else f"{value:,}"


def _step(top: float, *, whole: bool) -> float:
    """The round step (1, 2 or 5 times a power of ten) that reaches `top` in at most MAX_TICKS - 1 steps;
    a whole number for counts."""
    raw = top / (MAX_TICKS - 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude * (MAX_TICKS - 1) >= top)
    return max(step, 1) if whole else step


def _tick_label(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(
    *, title: str, labels: list[str], values: list[float], suppress: bool = True, label_heading: str = "Month"
) -> dict:
    """What the chart template needs: the bars' and the axis's geometry, and the rows of the table behind
    it."""
    hidden = [suppress and not isinstance(v, float) and 0 < v < SMALL for v in values]
    drawn = [SMALL - 1 if small else v for v, small in zip(values, hidden, strict=True)]
    # With a suppressed count the axis reaches 5 at least, so its bar is seen to end short of 5.
    top = max(drawn + [SMALL if any(hidden) else 0])
    step = _step(top or 1, whole=all(not isinstance(v, float) for v in values))
    axis_max = step * max(math.ceil(top / step - 1e-9), 1)  # 0.6 / 0.2 is 2.9999...
    plot_left, plot_right = LABELS, WIDTH - VALUES
    scale = (plot_right - plot_left) / axis_max
    bars = []
    for i, (label, value, size, small) in enumerate(zip(labels, values, drawn, hidden, strict=True)):
        y = TOP + i * ROW + (ROW - BAR) / 2
        bars.append(
            Bar(
                label=label, value=value, shown=shown(value, suppress=suppress), suppressed=small,
                length=round(size * scale, 1), y=round(y, 1), label_y=round(y + BAR / 2 + FONT_SIZE * 0.35, 1),
                value_x=round(plot_left + size * scale + 6, 1),
            )
        )  # fmt: skip
    axis_y = TOP + len(bars) * ROW
    ticks = [
        Tick(x=round(plot_left + n * step * scale, 1), label=_tick_label(n * step))
        for n in range(round(axis_max / step) + 1)
    ]
    return {
        "title": title,
        "label_heading": label_heading,
        "bars": bars,
        "ticks": ticks,
        "width": WIDTH,
        "height": axis_y + BOTTOM,
        "font_size": FONT_SIZE,
        "bar_height": BAR,
        "plot_left": plot_left,
        "plot_right": plot_right,
        "axis_y": axis_y,
        "tick_label_y": axis_y + FONT_SIZE + 6,
        "has_suppressed": any(hidden),
        "description": "; ".join(f"{bar.label}: {bar.shown}" for bar in bars),
    }
