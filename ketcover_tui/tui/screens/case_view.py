"""One case: its overview and its checklists (only tabs for things that work)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from ...case_text import overview_lines
from ...domain.case import Case
from ...domain.checklists import applicable
from ...store import current_user_name
from ..widgets.checklist_panel import ChecklistPanel
from .note import NoteScreen


class CaseScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="case.back"),
        Binding("e", "edit", "Edit", id="case.edit"),
        Binding("d", "delete", "Delete", id="case.delete"),
        Binding("1", "show_tab('overview')", "Overview", show=False),
        Binding("2", "show_tab('checklists')", "Checklists", show=False),
    ]

    def __init__(self, case: Case):
        super().__init__()
        self.case = case

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="case-title")
        with TabbedContent(id="case-tabs", initial="overview"):
            with TabPane("1 Overview", id="overview"):
                with VerticalScroll(id="overview-scroll"):
                    yield Static(self._overview(), id="overview-text")
            with TabPane("2 Checklists", id="checklists"):
                yield self._checklist_panel()
        yield Footer(compact=True)

    def _title(self) -> str:
        c = self.case
        return f"{c.patient.name} · {c.plan.insurer or 'insurer not set'} · {c.stage.label}"

    def _shown_checklists(self):
        return applicable(self.app.checklists(), self.case.plan.plan_type, self.case.stage)

    def _overview(self) -> str:
        return "\n".join(overview_lines(self.case, self.app.checklists()))

    def _checklist_panel(self):
        shown = self._shown_checklists()
        if not shown:
            return Static("No checklist applies to this plan type and stage. Checklists come from plugins: "
                          "press p on the home screen to see which are loaded.", id="no-checklists")
        return ChecklistPanel(shown, self.case.checklist, id="checklist-panel")

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """Put the keyboard in the tab's content, so its keys work and show in the footer."""
        if event.pane.id == "checklists":
            for items in self.query("#checklist-items"):
                items.focus()

    def action_edit(self) -> None:
        self.app.edit_case(self.case.id)

    def action_delete(self) -> None:
        self.app.delete_case(self.case.id)

    def show_case(self, case: Case) -> None:
        """Redraw with a newer copy of the case (after a save here or elsewhere)."""
        self.case = case
        self.query_one("#case-title", Static).update(self._title())
        self.query_one("#overview-text", Static).update(self._overview())
        for panel in self.query(ChecklistPanel):
            panel.update_ticks(case.checklist)

    @on(ChecklistPanel.Ticked)
    def _ticked(self, event: ChecklistPanel.Ticked) -> None:
        user = current_user_name()
        saved = self.app.save_change(
            self.case.id, lambda case: case.tick(event.key, event.done, event.note, by=user))
        if saved:
            self.show_case(saved)

    @on(ChecklistPanel.NoteRequested)
    def _note(self, event: ChecklistPanel.NoteRequested) -> None:
        def answered(note: str | None) -> None:
            if note is None:
                return
            tick = self.case.checklist.get(event.key)
            self.post_message(ChecklistPanel.Ticked(event.key, bool(tick and tick.done), note))

        self.app.push_screen(NoteScreen(f"Note on: {event.title}", event.note), answered)
