"""One case, as tabs (only tabs for things that work).

Each tab's content is a widget with a ``show_case(case)`` method; adding a tab
is one entry in ``CASE_TABS`` plus its widget module.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, TabbedContent, TabPane

from ...documents.case_text import overview_lines
from ...domain.case import Case
from ...domain.checklists import applicable
from ...store import CaseNotFound, UnreadableFile, current_user_name
from ..literal import Static
from ..widgets.checklist_panel import ChecklistPanel
from ..widgets.funding_pane import FundingPane
from ..widgets.insurer_tabs import calls_tab, plan_tab, providers_tab
from ..widgets.journal_tabs import journal_tab, money_tab
from ..widgets.appeals_tabs import appeals_tab, documents_tab
from .note import NoteScreen


class OverviewPane(VerticalScroll):
    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def compose(self) -> ComposeResult:
        yield Static(self._text(), id="overview-text")

    def _text(self) -> Text:
        from ..widgets.hanging import wrap_hanging

        width = self.scrollable_content_region.width or 78
        return Text("\n".join(wrap_hanging(overview_lines(self.case, self.app.checklists()), width - 2)))

    def on_resize(self) -> None:
        self.query_one("#overview-text", Static).update(self._text())

    def show_case(self, case: Case) -> None:
        self.case = case
        self.query_one("#overview-text", Static).update(self._text())


class ChecklistsPane(Widget):
    DEFAULT_CSS = "ChecklistsPane { height: 1fr; }"

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def compose(self) -> ComposeResult:
        shown = applicable(self.app.checklists(), self.case.plan.plan_type, self.case.stage)
        if not shown:
            yield Static("No checklist applies to this plan type and stage. Checklists come from plugins: "
                         "press p on the home screen to see which are loaded.", id="no-checklists")
        else:
            yield ChecklistPanel(shown, self.case.checklist, id="checklist-panel")

    def on_show(self) -> None:
        for items in self.query("#checklist-items"):
            items.focus()

    def show_case(self, case: Case) -> None:
        self.case = case
        for panel in self.query(ChecklistPanel):
            panel.update_ticks(case.checklist)


# (tab id, label, content widget class taking the case). Labels are short on purpose:
# all tabs, with their number keys, must fit an 80-column terminal.
CASE_TABS: list[tuple[str, str, Callable[..., Widget]]] = [
    ("overview", "Case", OverviewPane),
    ("checklists", "Checks", ChecklistsPane),
    ("funding", "Funding", FundingPane),
    ("plan", "Plan", plan_tab),
    ("providers", "Clinics", providers_tab),
    ("calls", "Calls", calls_tab),
    ("journal", "Journal", journal_tab),
    ("money", "Money", money_tab),
    ("appeals", "Appeals", appeals_tab),
    ("documents", "Docs", documents_tab),  # key 0; at 80 columns the tab bar scrolls to it
]


class CaseScreen(Screen):
    # One stylesheet per area of the case (see app.py); form.tcss for the dialogs opened from here.
    CSS_PATH = ["../case.tcss", "../form.tcss", "../funding.tcss", "../benefits.tcss", "../calls.tcss",
                "../journal.tcss", "../appeals.tcss", "../documents.tcss"]
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="case.back"),
        Binding("e", "edit", "Edit case", show=False, id="case.edit"),  # in ? help; the footer is for the tab's keys
        Binding("d", "delete", "Delete case", show=False, id="case.delete"),
        *[Binding(str(n % 10), f"show_tab({n})", f"{label} tab", show=False, id=f"case.tab_{tab_id}")
          for n, (tab_id, label, _) in enumerate(CASE_TABS, 1)],
    ]

    def __init__(self, case: Case):
        super().__init__()
        self.case = case

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="case-title")
        with TabbedContent(id="case-tabs", initial=CASE_TABS[0][0]):
            for number, (tab_id, label, content) in enumerate(CASE_TABS, start=1):
                with TabPane(f"{number % 10} {label}", id=tab_id):
                    yield content(self.case, classes="case-pane")
        # The tabs have many keys: the palette (ctrl+p) is left to ? help here so they fit 80 columns.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._stamp = self.app.store.stamp(self.case.id)
        self.set_interval(2, self.check_for_changes)
        self._flag_old_values()

    def _flag_old_values(self) -> None:
        """Values saved before today's input rules (a control character, an override): shown escaped, flagged."""
        from ...domain.case_json import case_to_dict
        from ...domain.input_rules import text_problems

        if problems := text_problems(case_to_dict(self.case)):
            where = ", ".join(list(problems)[:3]) + (f" and {len(problems) - 3} more" if len(problems) > 3 else "")
            self.notify(f"This case holds values that today's input rules refuse ({where}). They are shown "
                        "escaped; correct them in the form to save them again.", title="Check this case",
                        severity="warning", timeout=15, markup=False)

    def check_for_changes(self) -> None:
        """Another session saved this case: show the new version instead of writing over it."""
        stamp = self.app.store.stamp(self.case.id)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        if stamp is None:
            self.notify("This case was deleted in another session.", severity="warning", timeout=10)
            return
        try:
            case = self.app.store.load(self.case.id)
        except (UnreadableFile, CaseNotFound) as exc:
            self.notify(str(exc), severity="error")
            return
        if case.revision != self.case.revision or case.updated != self.case.updated:
            self.show_case(case)
            who = case.updated_by or "another session"
            self.notify(f"Changed by {who} at {case.updated[11:16]} UTC: showing the latest.", timeout=6)

    def _title(self) -> str:
        from ...domain.input_rules import escaped

        c = self.case
        demo = "DEMO DATA · " if getattr(self.app, "demo", False) else ""
        return demo + escaped(f"{c.patient.name} · {c.plan.insurer or 'insurer not set'} · {c.stage.label}")

    def action_show_tab(self, number: int) -> None:
        # Let go of the old tab's focus first: TabbedContent follows the focused widget,
        # and a list still focused in the old tab would switch it straight back.
        # The open tab's own key changes nothing: its list keeps the focus (no Show event would give it back).
        tabs = self.query_one(TabbedContent)
        if tabs.active == CASE_TABS[number - 1][0]:
            return
        self.set_focus(None)
        tabs.active = CASE_TABS[number - 1][0]
        self.call_after_refresh(self._focus_open_tab)

    def _focus_open_tab(self) -> None:
        """The open tab's list takes the focus. Its Show event usually does it, but a pane shown before
        (then covered by a form and uncovered) may get no new Show, and its keys would do nothing."""
        if self.focused is not None:
            return
        tab_id = self.query_one(TabbedContent).active
        for pane in self.query_one(f"#{tab_id}", TabPane).query(".case-pane"):
            if callable(getattr(pane, "on_show", None)):
                pane.on_show()

    def palette_actions(self) -> list:
        """Every tab's actions for the command palette (the footer shows only the open tab's)."""
        from ..commands import part_actions

        found = []
        for number, (tab_id, label, _) in enumerate(CASE_TABS, start=1):
            for pane in self.query_one(f"#{tab_id}", TabPane).query(".case-pane"):
                found += part_actions(self.app, pane, label, lambda n=number: self.action_show_tab(n))
        return found

    def action_edit(self) -> None:
        self.app.edit_case(self.case.id)

    def action_delete(self) -> None:
        self.app.delete_case(self.case.id)

    def show_case(self, case: Case) -> None:
        """Redraw every tab with a newer copy of the case (after a save here or elsewhere)."""
        self.case = case
        self.query_one("#case-title", Static).update(self._title())
        for pane in self.query(".case-pane"):
            pane.show_case(case)

    @on(FundingPane.OpenSource)
    def _open_funding_source(self, event: FundingPane.OpenSource) -> None:
        from .funding_source import FundingSourceScreen

        self.app.push_screen(FundingSourceScreen(event.source, self.case))

    def on_documents_pane_go_to(self, event) -> None:
        """The Documents tab's g: show the tab of the record a document filled."""
        self.action_show_tab(event.tab)

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
