"""A bar chart of one measure over time, drawn with text so it reads on any terminal.

Each score is a column of block characters (eighths of a row, so 4 rows give 32
levels), with its value printed under it and the first and last dates on the
axis. Bands are coloured with the terminal's basic colours (green / yellow /
red, also fine on 16 colours) but the bar heights and numbers carry the
meaning on their own. No plotting library: nothing heavy to import.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from ...domain import measures as ms
from ...domain import instruments as ins

BLOCKS = " ▁▂▃▄▅▆▇█"
AXIS_W = 4  # "27 ┤"
BAR_W = 2
GAP = 1


def band_style(instrument: ins.Instrument, score: int) -> str:
    """Low bands green, middle yellow, top bands red, by the band's position in the scale."""
    bands = instrument.bands
    index = next(n for n, b in enumerate(bands) if b.low <= score <= b.high)
    share = index / max(len(bands) - 1, 1)
    return "green" if share < 0.34 else "yellow" if share < 0.67 else "red"


def chart_lines(instrument: ins.Instrument, entries: list[ms.MeasureEntry], width: int, rows: int = 5) -> Text:
    """The chart as text: ``rows`` bar rows, a value row and a date row."""
    text = Text(no_wrap=True, overflow="crop")
    if not entries:
        text.append(f"No {instrument.name} scores yet: press m to add one.", style="italic")
        return text
    fit = max(1, (width - AXIS_W) // (BAR_W + GAP))
    shown = entries[-fit:]
    hidden = len(entries) - len(shown)
    top = instrument.max_score
    levels = [round(e.score / top * rows * 8) if top else 0 for e in shown]
    ticks = {rows, (rows + 1) // 2}  # rows whose top edge gets a value on the axis
    for row in range(rows, 0, -1):  # top row first
        label = f"{round(top * row / rows):>2} ┤" if row in ticks else "   │"
        text.append(label, style="dim")
        for level, entry in zip(levels, shown):
            fill = max(0, min(8, level - (row - 1) * 8))
            if level and row == 1 and fill == 0:
                fill = 1  # a low non-zero score still shows
            text.append(BLOCKS[fill] * BAR_W, style=band_style(instrument, entry.score))
            text.append(" " * GAP)
        text.append("\n")
    text.append(" 0 ┴", style="dim")
    for entry in shown:
        value = f"{entry.score:>2}"[-BAR_W:]
        text.append(value, style="bold reverse" if entry.crisis else "bold")
        text.append(" " * GAP)
    text.append("\n")
    first, last = shown[0].on.isoformat(), shown[-1].on.isoformat()
    dates = f"{first} → {last}" if len(shown) > 1 else first
    if hidden:
        dates = f"◀ {hidden} earlier · " + dates
    text.append(" " * AXIS_W + dates, style="dim")
    return text


class TrendChart(Widget):
    """The chart of the measure chosen with ``show``; height = rows + 3 (title, values, dates)."""

    ROWS = 4  # 4 rows of eighths: 32 levels, enough to see a 1-point PHQ-9 change
    DEFAULT_CSS = "TrendChart { height: 7; }"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.instrument = ins.PHQ9
        self.entries: list[ms.MeasureEntry] = []
        self.summary = ""

    def show(self, instrument: ins.Instrument, entries: list[ms.MeasureEntry], summary: str = "") -> None:
        self.instrument, self.entries, self.summary = instrument, entries, summary
        self.refresh()

    def render(self) -> Text:
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(f"{self.instrument.name} 0–{self.instrument.max_score}", style="bold")
        if self.summary:
            title.append(f"  {self.summary}")
        title.append("\n")
        return title + chart_lines(self.instrument, self.entries, self.size.width or 80, self.ROWS)
