"""Due: open call follow-ups across every case, overdue first.

Built from the case summaries the home screen already holds (the index keeps
each case's open follow-ups), so it never opens a case file and costs next to
nothing at start-up, whatever the number of cases. enter opens the call;
space marks the follow-up done.
"""

from __future__ import annotations

import heapq
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets.option_list import Option

from ...domain import calls as calllog
from ...domain import clock
from ...domain.summary import CaseSummary
from ..case_updates import save_case_change
from ..literal import OptionList, Static

SHOWN = 30  # the panel lists the most urgent; the title counts them all



def due_items(summaries: list[CaseSummary]) -> tuple[list[tuple], int]:
    """The SHOWN earliest open follow-ups across all cases, and how many there are in all."""
    every = [(due, s.patient, s.id, call_id, label) for s in summaries for due, call_id, label in s.follow_ups]
    # Appeal deadlines (from the index too): their id is "deadline:<record id>".
    every += [(due, s.patient, s.id, DEADLINE + record_id, label)
              for s in summaries for due, record_id, label in s.deadlines]
    return heapq.nsmallest(SHOWN, every), len(every)


DEADLINE = "deadline:"


class DuePanel(Vertical):
    BINDINGS = [
        Binding("space", "done", "Mark done", id="due.done"),
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._source: list | None = None
        self.items: list[tuple] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="due-title")
        yield OptionList(id="due-list")

    def set_summaries(self, summaries: list[CaseSummary]) -> None:
        """Redraw from the home table's summaries when their follow-ups changed.

        The first time it is drawn just after the screen is painted, so the case list
        never waits for it at start-up; later changes are drawn at once. Filtering the
        list as you type changes nothing here, and costs one quick pass.
        """
        signature = [(s.patient, s.follow_ups, s.deadlines) for s in summaries if s.follow_ups or s.deadlines]
        if signature == self._source:
            return
        first = self._source is None
        self._source = signature
        if first:
            self.call_after_refresh(self._draw, summaries, signature)
        else:
            self._draw(summaries, signature)

    def _draw(self, summaries: list[CaseSummary], signature: list) -> None:
        if signature is not self._source:
            return  # newer summaries arrived meanwhile
        self.items, total = due_items(summaries)
        today = clock.today()
        today_iso = today.isoformat()  # ISO dates compare as strings
        overdue = sum(1 for s in summaries for due, _, _ in (*s.follow_ups, *s.deadlines) if due < today_iso)
        self.display = bool(self.items)
        if not self.items:
            return
        deadlines = sum(len(s.deadlines) for s in summaries)
        follow_ups = total - deadlines
        title = f"Due · {follow_ups} follow-up{'s' if follow_ups != 1 else ''}"
        if deadlines:
            title += f", {deadlines} deadline{'s' if deadlines != 1 else ''}"
        if overdue:
            title += f", {overdue} overdue"
        if total > len(self.items):
            title += f" ({len(self.items)} most urgent shown)"
        # The keys (f, enter, space) are in the footer and ?-help; the title keeps to the counts.
        self.query_one("#due-title", Static).update(Text(title, no_wrap=True, overflow="ellipsis"))
        due_list = self.query_one("#due-list", OptionList)
        keep = due_list.highlighted
        due_list.clear_options()
        # One record can have several deadlines: the position keeps option ids unique.
        due_list.add_options([Option(self._prompt(item, today), id=f"{item[2]}:{item[3]}:{n}")
                              for n, item in enumerate(self.items)])
        due_list.highlighted = min(keep or 0, len(self.items) - 1)

    @staticmethod
    def _prompt(item: tuple, today: date) -> Text:
        due, patient, _, _, label = item
        when = calllog.due_label(date.fromisoformat(due), today)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"{due} {when:<14}", style="bold" if due < today.isoformat() else "")
        text.append(f"{patient[:18]:<19}", style="bold")
        text.append(label)
        return text

    @property
    def current(self) -> tuple | None:
        due_list = self.query_one("#due-list", OptionList)
        if due_list.highlighted is None or not self.items:
            return None
        return self.items[due_list.highlighted]

    def focus_list(self) -> None:
        if self.items:
            self.query_one("#due-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#due-list")
    def _open(self) -> None:
        item = self.current
        if item is None:
            return
        _, _, case_id, call_id, _ = item
        self.app.open_case(case_id)

        def show_call() -> None:
            from textual.widgets import TabbedContent

            from .calls_pane import CallsPane

            screen = self.app.screen
            if getattr(getattr(screen, "case", None), "id", None) != case_id:
                return
            if call_id.startswith(DEADLINE):  # an appeal deadline: its denial or PA on the Appeals tab
                screen.query_one(TabbedContent).active = "appeals"
                for pane in screen.query(".case-pane"):
                    if hasattr(pane, "select_record"):
                        pane.select_record(call_id.removeprefix(DEADLINE))
                return
            screen.query_one(TabbedContent).active = "calls"
            for pane in screen.query(CallsPane):
                pane.select_call(call_id)

        self.app.call_after_refresh(show_call)

    def action_done(self) -> None:
        item = self.current
        if item is None:
            return
        _, patient, case_id, call_id, label = item
        if call_id.startswith(DEADLINE):
            self.notify("A deadline is done when its step is recorded: open it (enter) and add the date the "
                        "appeal was filed or the decision came on the Appeals tab.", timeout=8)
            return
        saved = save_case_change(self.app, case_id, lambda case: calllog.mark_follow_up(case, call_id, True),
                                 gone="The call was deleted in another session.")
        if saved is not None:
            self.notify(f"Done: {patient} · {label}. Reopen it on the case's Calls tab (space).", timeout=5)
