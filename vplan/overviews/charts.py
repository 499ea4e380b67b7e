"""Chart geometry for server-rendered SVG: the templates only place what is computed here.

Every chart has a title and a description for assistive technology, text on the marks, and its
numbers again in an HTML table next to it. Colours come from CSS classes (overviews.css).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 70
ROW_HEIGHT = 30
BAR_HEIGHT = 20
LEGEND_HEIGHT = 32
MIN_WIDTH_FOR_TEXT = 26
LABEL_CHARS = 34


def _short(label: str, length: int = LABEL_CHARS) -> str:
    label = str(label)
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


@dataclass
class Segment:
    key: str
    label: str
    count: int
    x: float
    width: float
    percent: int

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2

    @property
    def shows_text(self) -> bool:
        return self.count > 0 and self.width >= MIN_WIDTH_FOR_TEXT


@dataclass
class Row:
    label: str
    short_label: str
    total: int
    y: float
    segments: list[Segment]

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2

    @property
    def summary(self) -> str:
        parts = [f"{s.label}: {s.count}" for s in self.segments if s.count]
        return f"{self.label} – " + ", ".join(parts) if parts else self.label


@dataclass
class LegendItem:
    key: str
    label: str
    x: float
    y: float

    @property
    def text_x(self) -> float:
        return self.x + 18

    @property
    def text_y(self) -> float:
        return self.y + 12


@dataclass
class BarChart:
    chart_id: str
    title: str
    description: str
    rows: list[Row]
    legend: list[LegendItem] = field(default_factory=list)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_left: int = LABEL_WIDTH + 10
    value_x: int = WIDTH - VALUE_WIDTH + 10
    top: int = LEGEND_HEIGHT

    @property
    def height(self) -> int:
        return self.top + len(self.rows) * ROW_HEIGHT + 8

    @property
    def label_x(self) -> int:
        return self.label_width


def _legend(categories: list[tuple[str, str]]) -> tuple[list["LegendItem"], int]:
    """Legend items left to right, wrapping onto a new line; returns them and the height used."""
    items, x, y = [], 10.0, 8.0
    for key, label in categories:
        width = 18 + 7.5 * len(str(label)) + 16
        if x + width > WIDTH and items:
            x, y = 10.0, y + 22
        items.append(LegendItem(key, str(label), x, y))
        x += width
    return items, int(y + 24)


def stacked_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    groups: list[tuple[str, dict[str, int]]],
    categories: list[tuple[str, str]],
) -> BarChart:
    """One bar per group, split by category as shares of the group (each bar is 100 %)."""
    legend, top = _legend(categories)
    area = WIDTH - LABEL_WIDTH - 10 - VALUE_WIDTH
    rows = []
    for index, (label, counts) in enumerate(groups):
        total = sum(counts.get(key, 0) for key, _label in categories)
        x = LABEL_WIDTH + 10
        segments = []
        for key, category_label in categories:
            count = counts.get(key, 0)
            width = area * count / total if total else 0
            percent = round(100 * count / total) if total else 0
            segments.append(Segment(key, str(category_label), count, x, width, percent))
            x += width
        y = top + index * ROW_HEIGHT
        rows.append(Row(str(label), _short(label), total, y, segments))
    chart = BarChart(chart_id, title, description, rows, legend)
    chart.top = top
    return chart


def count_bars(
    *, chart_id: str, title: str, description: str, groups: list[tuple[str, int]], key: str
) -> BarChart:
    """One bar per group, its length the count (the longest bar fills the width)."""
    area = WIDTH - LABEL_WIDTH - 10 - VALUE_WIDTH
    highest = max((count for _label, count in groups), default=0)
    rows = []
    for index, (label, count) in enumerate(groups):
        width = area * count / highest if highest else 0
        segment = Segment(key, str(label), count, LABEL_WIDTH + 10, width, 100)
        y = 8 + index * ROW_HEIGHT
        rows.append(Row(str(label), _short(label), count, y, [segment]))
    chart = BarChart(chart_id, title, description, rows)
    chart.top = 8
    return chart


@dataclass
class Column:
    label: str
    value: int
    detail: str
    x: float
    y: float
    width: float
    height: float

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2


@dataclass
class GridLine:
    y: float
    label: str


@dataclass
class ColumnChart:
    chart_id: str
    title: str
    description: str
    columns: list[Column]
    grid: list[GridLine]
    width: int = WIDTH
    height: int = 280
    left: int = 56
    baseline: int = 240

    @property
    def axis_label_x(self) -> int:
        return self.left - 8

    @property
    def year_y(self) -> int:
        return self.baseline + 22


def percent_columns(
    *, chart_id: str, title: str, description: str, values: list[tuple[str, int, str]]
) -> ColumnChart:
    """One column per label, 0-100 % high. `values` holds (label, percent, detail)."""
    chart = ColumnChart(chart_id, title, description, [], [])
    plot_height = chart.baseline - 20
    plot_width = WIDTH - chart.left - 16
    slot = plot_width / max(len(values), 1)
    width = min(72, slot * 0.6)
    for index, (label, percent, detail) in enumerate(values):
        height = plot_height * percent / 100
        x = chart.left + index * slot + (slot - width) / 2
        chart.columns.append(
            Column(str(label), percent, detail, x, chart.baseline - height, width, height)
        )
    for percent in (0, 25, 50, 75, 100):
        chart.grid.append(
            GridLine(chart.baseline - plot_height * percent / 100, _("%(n)s %%") % {"n": percent})
        )
    return chart
