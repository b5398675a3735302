"""Accessible bar charts drawn on the server: an SVG with a title and a description for screen readers,
and the table of the same figures beside it (templates/includes/bar_chart.html). Small counts can be
suppressed: from 1 to 4 they are drawn as no bar and written "fewer than 5", so no one can be singled out."""

from __future__ import annotations

from dataclasses import dataclass

SMALL = 5
WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 640, 240, 24, 40, 8


@dataclass
class Bar:
    label: str
    value: int
    shown: str  # the value as written ("12", "fewer than 5")
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


def shown(value: float, *, suppress: bool = True) -> str:
    """A count as written, small ones suppressed; a measure (not a count of people) with one decimal."""
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "fewer than 5" if suppress and 0 < value < SMALL else f"{value:,}"


def bar_chart(
    *, title: str, labels: list[str], values: list[float], suppress: bool = True, label_heading: str = "Month"
) -> dict:
    """What the chart template needs: the bars' geometry, and the rows of the table behind it."""
    count = max(len(values), 1)
    drawn = [0 if suppress and 0 < v < SMALL else v for v in values]
    top = max(drawn + [1])
    slot = (WIDTH - 2 * LEFT) / count
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for i, (label, value, size) in enumerate(zip(labels, values, drawn, strict=True)):
        height = plot * size / top
        x = LEFT + i * slot + slot * 0.15
        bars.append(
            Bar(
                label=label, value=value, shown=shown(value, suppress=suppress), x=round(x, 1),
                y=round(TOP + plot - height, 1), width=round(slot * 0.7, 1), height=round(height, 1),
                text_x=round(x + slot * 0.35, 1), text_y=round(TOP + plot - height - 6, 1),
            )
        )  # fmt: skip
    return {
        "title": title,
        "label_heading": label_heading,
        "bars": bars,
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 18,
        "description": "; ".join(f"{bar.label}: {bar.shown}" for bar in bars),
    }
