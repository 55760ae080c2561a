"""A yes/no question that answers with a key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from ..literal import Static, keys_hint


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes", no: str = "No", *,
                 escape_cancels: bool = False):
        """``escape_cancels``: esc answers None (neither yes nor no) instead of no."""
        super().__init__()
        self.question, self.detail, self.yes, self.no = question, detail, yes, no
        self.escape_cancels = escape_cancels

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            if self.detail:
                yield Static(self.detail, classes="dialog-detail")
            keys = (keys_hint(("y", self.yes), ("n", self.no), ("esc", "Cancel")) if self.escape_cancels
                    else keys_hint(("y", self.yes), ("n / esc", self.no)))
            yield Static(keys, classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None if self.escape_cancels else False)
