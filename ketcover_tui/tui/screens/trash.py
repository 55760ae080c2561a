"""Trash: deleted cases, newest first; enter brings one back to the case list."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets.option_list import Option

from ...domain.input_rules import escaped
from ..literal import OptionList, Static


class TrashScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="trash.back"),
        Binding("enter", "restore", "Restore", id="trash.restore", priority=True),
    ]

    def compose(self) -> ComposeResult:
        yield Static("Trash · deleted cases, newest first", id="trash-title")
        yield OptionList(id="trash-list")
        yield Static("", id="trash-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        self.entries = self.app.store.trashed()
        listing = self.query_one(OptionList)
        listing.clear_options()
        for n, entry in enumerate(self.entries):
            label = Text(escaped(entry.label), style="dim" if entry.problem else "")
            listing.add_option(Option(label, id=str(n)))
        if self.entries:
            listing.highlighted = 0
        detail = self.query_one("#trash-detail", Static)
        if not self.entries:
            detail.update("The trash is empty. Deleting a case (d) moves it here.")
        else:
            detail.update(Text(f"{len(self.entries)} deleted case{'s' if len(self.entries) > 1 else ''} in "
                               f"{self.app.store.trash_dir}. Enter restores the highlighted one."))
        listing.focus()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self.entries[int(event.option.id)]
        if entry.problem:
            self.query_one("#trash-detail", Static).update(Text(f"Cannot be restored: {entry.problem}"))

    def action_restore(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not self.entries:
            return
        entry = self.entries[listing.highlighted]
        self.app.restore_case(entry.path.name)
        self.refresh_list()
