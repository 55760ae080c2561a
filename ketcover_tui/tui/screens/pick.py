"""Choose one thing from a short list: arrows and enter, or esc."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from ..literal import OptionList, Static, keys_hint


class PickScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick.cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]], *, detail: str = "", selected: str = ""):
        super().__init__()
        self.title_text, self.options, self.detail, self.selected = title, options, detail, selected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.detail:
                yield Static(self.detail, classes="dialog-detail")
            yield OptionList(*[Option(label, id=key) for key, label in self.options], id="pick-list")
            yield Static(keys_hint(("enter", "Choose"), ("esc", "Cancel")), classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        index = next((n for n, (key, _) in enumerate(self.options) if key == self.selected), 0)
        if self.options:
            options.highlighted = index
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
