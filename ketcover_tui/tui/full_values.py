"""Under a form field whose value is cut (a long clinic name, a long choice), the whole value, wrapped.

A form screen takes the ``ShowsFullValues`` mixin, puts an empty ``Static`` with id
``full-<field id>`` under each field, and calls ``show_full_values`` once it is laid
out; the mixin follows changes and resizes. The line is shown only while the value
does not fit, and through the literal ``Static`` (never as markup).
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.dom import DOMNode

from .literal import Input, Select


def show_full_values(screen: DOMNode) -> None:
    for widget in screen.query(".field Input, .field Select"):
        show_full_value(screen, widget)


def show_full_value(screen: DOMNode, widget) -> None:
    lines = screen.query(f"#full-{widget.id}") if widget.id else []
    if not lines or not isinstance(widget, (Input, Select)):
        return
    if isinstance(widget, Input):
        text, room = widget.value, widget.content_region.width - 1  # the cursor takes a cell
    else:
        text = "" if widget.value is Select.NULL else widget.choice_labels.get(widget.value, str(widget.value))
        room = widget.content_region.width - 3  # the arrow
    cut = bool(text) and room > 0 and cell_len(text) > room
    line = lines.first()
    line.update(f"↳ {text}" if cut else "")
    line.display = cut


class ShowsFullValues:
    """Mixin for a form Screen (before Screen in the bases): keeps the full-value lines up to date."""

    def on_resize(self) -> None:
        self.call_after_refresh(show_full_values, self)

    def on_input_changed(self, event: Input.Changed) -> None:
        show_full_value(self, event.control)

    def on_select_changed(self, event: Select.Changed) -> None:
        show_full_value(self, event.control)
