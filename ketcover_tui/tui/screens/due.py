"""The Due list, full screen: everything due in every case, narrowed by case and by kind."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from ..literal import Select, Static

from ...domain import clock
from ...domain import due
from ..widgets.due_list import DueList

ALL = "all"
KIND_CHOICES = [("Follow-ups and deadlines", ALL), ("Call follow-ups", due.FOLLOW_UP),
                ("Appeal deadlines", due.DEADLINE)]


class DueScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="due_screen.back"),
        Binding("c", "focus_case", "By case", id="due_screen.case"),
        Binding("k", "focus_kind", "By kind", id="due_screen.kind"),
        Binding("l", "focus_list", "List", show=False, id="due_screen.list"),
    ]

    def __init__(self, summaries, *, case_id: str | None = None):
        super().__init__()
        self._summaries = list(summaries)
        self._case_id = case_id

    def compose(self) -> ComposeResult:
        yield Static("", id="due-screen-title")
        with Horizontal(id="due-filters"):
            yield Select([], prompt="Every case", id="due-case")
            yield Select(KIND_CHOICES, allow_blank=False, value=ALL, id="due-kind")
        yield DueList(id="due-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._fill_cases()
        self._draw()
        self.query_one(DueList).focus()

    def _fill_cases(self) -> None:
        cases = due.cases_with_items(due.collect(self._summaries))
        select = self.query_one("#due-case", Select)
        # Patient names are stored text: a Text, never markup.
        select.set_options([(Text(patient), case_id) for case_id, patient in cases])
        if self._case_id in {case_id for case_id, _ in cases}:
            select.value = self._case_id

    def _draw(self) -> None:
        case_select = self.query_one("#due-case", Select)
        kind = self.query_one("#due-kind", Select).value
        every = due.collect(self._summaries)
        items = due.narrow(every, case_id=None if case_select.is_blank() else case_select.value,
                           kind=None if kind == ALL else kind)
        today = clock.today()
        head = due.title(items, today) if items else "Due · nothing for this choice"
        if len(items) != len(every):
            head += f" ({len(every)} in all)"
        self.query_one("#due-screen-title", Static).update(Text(head, no_wrap=True, overflow="ellipsis"))
        self.query_one(DueList).show(items)

    @on(Select.Changed)
    def _narrowed(self) -> None:
        if self.is_mounted:
            self._draw()

    @on(DueList.Done)
    def _done(self) -> None:
        self._summaries = self.app.case_summaries()
        self._draw()

    def on_screen_resume(self) -> None:
        self._summaries = self.app.case_summaries()
        self._draw()

    def action_focus_case(self) -> None:
        self.query_one("#due-case", Select).focus()

    def action_focus_kind(self) -> None:
        self.query_one("#due-kind", Select).focus()

    def action_focus_list(self) -> None:
        self.query_one(DueList).focus()
