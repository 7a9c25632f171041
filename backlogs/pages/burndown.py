"""The burn-down chart of a backlog as server-side SVG geometry, drawn from the `burn_down` part of
the statistics the API computes (`backlogs.planning.stats.backlog_stats`).

Iteration 0 is the backlog before its first sprint; each later point is what remains after that
sprint. Three series: the expected trend, the actual burn-down of completed sprints and the
projection of the rest at the average velocity. Each series has its own dash pattern and marker so
the chart does not rely on colour; the template adds a data table with the same numbers.
"""

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_X_LABELS = 12
# (series key in the stats, label, CSS class)
SERIES = (
    ("trend", "Expected", "series-trend"),
    ("actual", "Actual", "series-actual"),
    ("projected", "Projected", "series-projected"),
)


def points_text(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass
class Marker:
    x: float
    y: float
    title: str


@dataclass
class Line:
    key: str
    label: str
    css_class: str
    points: str
    markers: list[Marker] = field(default_factory=list)


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Row:
    iteration: int
    completed_on: object
    values: list[tuple[str, str]]  # (series label, points)


@dataclass
class BurnDownChart:
    lines: list[Line]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    rows: list[Row]
    highlight: tuple[float, float] | None
    highlight_label: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM
    series: tuple = SERIES

    @property
    def plot_height(self) -> int:
        return self.bottom_edge - self.top

    @property
    def x_label_y(self) -> int:
        return self.bottom_edge + 18

    @property
    def x_title_y(self) -> int:
        return self.height - 4


def nice_ceiling(value: float) -> float:
    """The top of a y axis of four steps of 1, 2 or 5 × 10ⁿ points that reaches `value` (or 1)."""
    step_wanted = max(value, 1.0) / 4
    magnitude = 10 ** math.floor(math.log10(step_wanted))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= step_wanted)
    return step * 4


def _marker_title(label: str, point: dict) -> str:
    return f"{label} after sprint {point['iteration']}: {points_text(point['points'])} points"


def burn_down_chart(burn_down: dict, *, iteration: int | None = None) -> BurnDownChart | None:
    """None when there is nothing to draw (a backlog without sprints)."""
    every = [point for key, _, _ in SERIES for point in burn_down.get(key, [])]
    if not every:
        return None
    first = min(p["iteration"] for p in every)
    last = max(p["iteration"] for p in every)
    span = max(last - first, 1)
    top_points = nice_ceiling(max(p["points"] for p in every))

    def x(it: float) -> float:
        return round(LEFT + (it - first) / span * PLOT_W, 1)

    def y(value: float) -> float:
        return round(TOP + PLOT_H - value / top_points * PLOT_H, 1)

    lines = []
    for key, label, css in SERIES:
        series = burn_down.get(key, [])
        if not series:
            continue
        markers = [Marker(x(p["iteration"]), y(p["points"]), _marker_title(label, p)) for p in series]
        lines.append(Line(key, label, css, " ".join(f"{m.x},{m.y}" for m in markers), markers))
    step = math.ceil((last - first + 1) / MAX_X_LABELS)
    x_ticks = [Tick(x(it), str(it)) for it in range(first, last + 1, step)]
    y_ticks = [Tick(y(top_points * i / 4), points_text(top_points * i / 4)) for i in range(5)]
    highlight = None
    if iteration is not None and first < iteration <= last:
        highlight = (x(iteration - 1), x(iteration) - x(iteration - 1))
    return BurnDownChart(
        lines=lines,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        rows=_rows(burn_down),
        highlight=highlight,
        highlight_label=f"Sprint {iteration}" if highlight else "",
    )


def _rows(burn_down: dict) -> list[Row]:
    by_iteration: dict[int, dict] = {}
    for key, _, _ in SERIES:
        for point in burn_down.get(key, []):
            row = by_iteration.setdefault(point["iteration"], {"completed_on": point["completed_on"]})
            row[key] = points_text(point["points"])
    return [
        Row(it, row["completed_on"], [(label, row.get(key, "")) for key, label, _ in SERIES])
        for it, row in sorted(by_iteration.items())
    ]
