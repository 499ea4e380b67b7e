"""The summary chart: one stacked bar per perspective, laid out once, drawn as SVG or PNG.

The layout is plain numbers in CSS pixels; the SVG (HTML and PDF) and the PNG (Word, drawn with
Pillow) are two drawings of the same layout. Colours are never the only cue: each segment carries
its count when there is room, the legend names every colour, and the summary table next to the
chart holds every figure as text.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from vplan.reports.document import MISSING, OTHER, Summary

# Dark enough for white text (contrast at least 4.5:1).
COLOURS = {
    "done": "#1e6b34",
    "ongoing": "#1f4e8c",
    "not_started": "#8a5300",
    "stopped": "#9b1c1c",
    OTHER: "#5b3f8c",
    MISSING: "#595959",
}
TEXT_COLOUR = "#ffffff"
INK = "#1a1a1a"
FONT_FILES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]

WIDTH = 640
LABEL_WIDTH = 150
BAR_HEIGHT = 22
BAR_GAP = 10
TOP = 8
LEGEND_ROW = 22
FONT_SIZE = 12
MIN_LABELLED_WIDTH = 22


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: int
    colour: str
    label: str
    show_value: bool

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    total: int
    segments: tuple[Segment, ...]

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35

    @property
    def total_x(self) -> float:
        end = max((s.x + s.width for s in self.segments), default=LABEL_WIDTH)
        return end + 6


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    colour: str
    label: str

    @property
    def text_x(self) -> float:
        return self.x + 18

    @property
    def text_y(self) -> float:
        return self.y + 11


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    title: str
    description: str
    bars: tuple[Bar, ...]
    legend: tuple[LegendItem, ...]
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE
    label_width: int = LABEL_WIDTH


def layout_chart(summary: Summary, *, title: str, description: str) -> Chart:
    rows = summary.by_perspective
    largest = max((row.total for row in rows), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH - 40) / largest
    bars = []
    y = TOP
    for row in rows:
        x = LABEL_WIDTH
        segments = []
        for (key, label), value in zip(summary.categories, row.counts, strict=True):
            if not value:
                continue
            width = value * scale
            segments.append(
                Segment(
                    x=round(x, 2),
                    width=round(width, 2),
                    value=value,
                    colour=COLOURS.get(key, COLOURS[MISSING]),
                    label=label,
                    show_value=width >= MIN_LABELLED_WIDTH,
                )
            )
            x += width
        bars.append(Bar(label=row.label, y=y, total=row.total, segments=tuple(segments)))
        y += BAR_HEIGHT + BAR_GAP
    legend = []
    x, y = LABEL_WIDTH, y + 4
    for key, label in summary.categories:
        item_width = 26 + len(label) * 7
        if x + item_width > WIDTH:
            x, y = LABEL_WIDTH, y + LEGEND_ROW
        legend.append(LegendItem(x=x, y=y, colour=COLOURS.get(key, COLOURS[MISSING]), label=label))
        x += item_width
    return Chart(
        width=WIDTH,
        height=int(y + LEGEND_ROW),
        title=title,
        description=description,
        bars=tuple(bars),
        legend=tuple(legend),
    )


def _font(size: int):
    from PIL import ImageFont

    for path in FONT_FILES:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def chart_png(chart: Chart, *, scale: int = 2) -> bytes:
    """The chart as a PNG (for Word), drawn with Pillow at `scale` times its size."""
    from PIL import Image, ImageDraw

    def s(value: float) -> int:
        return round(value * scale)

    image = Image.new("RGB", (s(chart.width), s(chart.height)), "white")
    draw = ImageDraw.Draw(image)
    font = _font(s(chart.font_size))
    for bar in chart.bars:
        draw.text((s(4), s(bar.text_y)), bar.label, fill=INK, font=font, anchor="ls")
        for segment in bar.segments:
            draw.rectangle(
                [s(segment.x), s(bar.y), s(segment.x + segment.width) - 1, s(bar.y + BAR_HEIGHT)],
                fill=segment.colour,
            )
            if segment.show_value:
                draw.text(
                    (s(segment.text_x), s(bar.text_y)),
                    str(segment.value),
                    fill=TEXT_COLOUR,
                    font=font,
                    anchor="ms",
                )
        draw.text((s(bar.total_x), s(bar.text_y)), str(bar.total), fill=INK, font=font, anchor="ls")
    for item in chart.legend:
        draw.rectangle([s(item.x), s(item.y), s(item.x + 12), s(item.y + 12)], fill=item.colour)
        draw.text((s(item.text_x), s(item.text_y)), item.label, fill=INK, font=font, anchor="ls")
    output = io.BytesIO()
    image.save(output, format="PNG", dpi=(96 * scale, 96 * scale))
    return output.getvalue()
