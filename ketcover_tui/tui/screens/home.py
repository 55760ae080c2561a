"""Home: every case in one list, filtered as you type."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from ..widgets.case_table import CaseTable, CaseTableHeader


class HomeScreen(Screen):
    BINDINGS = [
        Binding("n", "new_case", "New", id="home.new"),
        Binding("e", "edit_case", "Edit", id="home.edit"),
        Binding("d", "delete_case", "Delete", id="home.delete"),
        Binding("slash", "focus_filter", "Filter", key_display="/", id="home.filter"),
        Binding("p", "app.plugins", "Plugins", show=False, id="home.plugins"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-top"):
            yield Static("ketcover", id="home-title")
            yield Input(placeholder="/ filter: name, insurer, plan, stage…", id="filter")
            yield Static("", id="home-count")
        yield CaseTableHeader("", id="case-header")
        yield CaseTable(id="cases", empty_text="No cases yet. Press n to add one, or run 'ketcover demo'.")
        yield Static("", id="home-problems")
        yield Footer(compact=True)

    @property
    def table(self) -> CaseTable:
        return self.query_one(CaseTable)

    def on_mount(self) -> None:
        self.reload()
        self.table.focus()

    def reload(self) -> None:
        """Read the case list from the store (the index makes this cheap)."""
        store = self.app.store
        self.table.set_summaries(store.summaries())
        problems = self.query_one("#home-problems", Static)
        if store.problems:
            first = store.problems[0]
            more = f" (and {len(store.problems) - 1} more)" if len(store.problems) > 1 else ""
            problems.update(f"⚠ Could not read {first.path}: {first.reason}{more}. "
                            "The file was left untouched; other cases are fine.")
            problems.display = True
        else:
            problems.display = False

    def on_resize(self) -> None:
        self._update_header()

    def _update_header(self) -> None:
        table = self.table
        self.query_one(CaseTableHeader).update(" " + table.header_text(max(table.content_width, 40) - 1))

    @on(CaseTable.Changed)
    def _table_changed(self, event: CaseTable.Changed) -> None:
        noun = "case" if event.total == 1 else "cases"
        count = f"{event.shown} of {event.total} {noun}" if event.shown != event.total else f"{event.total} {noun}"
        self.query_one("#home-count", Static).update(count)
        self._update_header()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def key_down(self, event) -> None:
        if self.focused is self.query_one("#filter"):
            event.stop()
            self.table.focus()

    @on(CaseTable.Selected)
    def _open(self, event: CaseTable.Selected) -> None:
        self.app.open_case(event.case_id)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.value = ""
        self.table.focus()

    def action_new_case(self) -> None:
        self.app.new_case()

    def action_edit_case(self) -> None:
        if case_id := self.table.current_id:
            self.app.edit_case(case_id)

    def action_delete_case(self) -> None:
        if case_id := self.table.current_id:
            self.app.delete_case(case_id)
