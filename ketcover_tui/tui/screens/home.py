"""Home: every case in one list, filtered as you type."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from ..literal import Input, Static
from ..widgets.case_table import CaseTable, CaseTableHeader
from ..widgets.due_panel import DuePanel


class HomeScreen(Screen):
    BINDINGS = [
        Binding("n", "new_case", "New", id="home.new"),
        Binding("e", "edit_case", "Edit", id="home.edit"),
        Binding("d", "delete_case", "Delete", id="home.delete"),
        Binding("slash", "focus_filter", "Filter", key_display="/", id="home.filter"),
        Binding("p", "app.plugins", "Plugins", show=False, id="home.plugins"),
        Binding("t", "app.trash", "Trash", show=False, id="home.trash"),
        Binding("f", "focus_due", "Due", id="home.due"),
        # Not in the footer (it must fit 80 columns): the Due panel's title, ? help and ctrl+p say it.
        Binding("F", "due_screen", "Due list", key_display="F", show=False, id="home.due_screen"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="home.clear_filter"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-top"):
            yield Static("ketcover", id="home-title")
            if getattr(self.app, "demo", False):
                yield Static("DEMO DATA", id="home-demo")
            yield Input(placeholder="/ filter: name, insurer, plan, stage…", id="filter")
            yield Static("", id="home-count")
        yield CaseTableHeader("", id="case-header")
        yield CaseTable(id="cases", empty_text="No cases yet. Press n to add one, or run 'ketcover demo'.")
        yield DuePanel(id="due")
        yield Static("", id="home-problems")
        yield Footer(compact=True)

    @property
    def table(self) -> CaseTable:
        return self.query_one(CaseTable)

    def on_mount(self) -> None:
        store = self.app.store
        self._folder_stamp = store.folder_stamp()
        head = store.cached_head()
        if head is not None:
            # The first screen from the index's head (the newest cases and the count); the
            # whole index is read once that is painted.
            total, newest = head
            self.table.set_summaries(newest, total=total)
            self.app.after_first_frame(self._show_cached)
        else:
            self._show_cached()
        self.table.focus()
        self.set_interval(3, self.check_for_changes)
        # Filter in the same cycle as the keystroke (an Input.Changed handler runs a
        # message later and the list would paint a frame or two behind the typing).
        self.watch(self.query_one("#filter", Input), "value", self.table.set_filter, init=False)

    def _show_cached(self) -> None:
        cached = self.app.store.cached_summaries()
        if cached is None:  # first start, or after an upgrade: build the index now
            self.reload()
        else:
            # Paint what the index knows at once, then check the case files off the UI thread.
            self.table.set_summaries(cached, keep_cursor_on=self.table.current_id)
            self.call_after_refresh(self._verify_in_background)

    def _verify_in_background(self) -> None:
        self.run_worker(self._verify, thread=True, exclusive=True, group="reload")

    def _verify(self) -> None:
        """Re-read the list only if a case file changed since the index was written."""
        if self.app.store.changed_since_cache():
            self._reload_in_background()

    def check_for_changes(self) -> None:
        """Cases added, saved or deleted by other sessions appear without a restart."""
        stamp = self.app.store.folder_stamp()
        if stamp != self._folder_stamp:
            self._folder_stamp = stamp
            self.run_worker(self._reload_in_background, thread=True, exclusive=True, group="reload")

    def _reload_in_background(self) -> None:
        store = self.app.store
        summaries = store.summaries()
        self.app.call_from_thread(self._show_summaries, summaries, list(store.problems), list(store.warnings))

    def _show_summaries(self, summaries, problems, warnings=()) -> None:
        if not self.query(CaseTable):  # the app is closing (its widgets are going) while the list was read
            return
        self.table.set_summaries(summaries)
        self._show_problems(problems, warnings)

    def reload(self) -> None:
        """Read the case list from the store (the index makes this cheap)."""
        store = self.app.store
        self.table.set_summaries(store.summaries())
        self._show_problems(store.problems, store.warnings)

    def _show_problems(self, found, warnings=()) -> None:
        problems = self.query_one("#home-problems", Static)
        if warnings and not found:
            problems.update(f"⚠ {warnings[0]}.")
            problems.display = True
        elif found:
            first = found[0]
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
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
        if self.table.partial:  # only the first screen so far: the due list waits for every case
            return
        # The Due panel shows what the filter shows (it redraws only when its items changed).
        self.query_one(DuePanel).set_summaries(self.table.rows)

    def action_focus_due(self) -> None:
        self.query_one(DuePanel).focus_list()

    def action_due_screen(self) -> None:
        """Everything due, full screen, narrowed by case and by kind."""
        from .due import DueScreen

        self.app.push_screen(DueScreen(self.table._all))

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        """enter: to the list; when the filter leaves exactly one case, straight into it."""
        self.table.focus()
        if len(self.table.rows) == 1 and self.table.current_id is not None:
            self.app.open_case(self.table.current_id)

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
