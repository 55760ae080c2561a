"""A tick list (side effects, linked sessions) that works like every other field.

Tab reaches it and leaves it; space ticks the highlighted line, which is the
first line as soon as the list gets focus; the footer says so. A ticked box
shows "X" and an unticked one a blank, so the two differ without colour
(``TERM=linux`` consoles have 16 colours and the stock list prints "X" in both).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.binding import Binding
from textual.strip import Strip
from ..literal import SelectionList

TICKED, UNTICKED = "X", " "


class TickList(SelectionList):
    BINDINGS = [
        Binding("space", "select", "Tick/untick", id="ticklist.toggle"),
        Binding("down", "cursor_down", "Next line", key_display="↓", id="ticklist.down"),
        Binding("up", "cursor_up", "", show=False, id="ticklist.up"),
    ]

    def _on_focus(self, event) -> None:
        super()._on_focus(event)
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count:
            return strip
        segments = list(strip)
        if len(segments) < 3:
            return strip
        mark = TICKED if self.get_option_at_index(index).value in self._selected else UNTICKED
        inner = segments[1]
        segments[1] = Segment(mark, inner.style, inner.control)
        return Strip(segments, strip.cell_length)
