"""What stops an action, listed whole: a dialog too small for the list would cut it off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen

from ..literal import Static, keys_hint


class ProblemsScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Back", id="problems.close"),
                Binding("enter", "close", "Back", show=False, id="problems.ok")]

    def __init__(self, title: str, problems: list[str], after: str = ""):
        super().__init__()
        self.title_text, self.problems, self.after = title, problems, after

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="problems-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(id="problems-list"):  # focusable: arrows and page keys scroll a long list
                yield Static("\n".join(f"✗ {problem}" for problem in self.problems), id="problems-text")
            if self.after:
                yield Static(self.after, classes="dialog-detail")
            yield Static(keys_hint(("↑↓", "Scroll"), ("esc", "Back")), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#problems-list").focus()

    def action_close(self) -> None:
        self.dismiss(None)
