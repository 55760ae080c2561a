"""Every due item as a scrolling list under its group headings (overdue / this week / later).

Used by the home screen's Due panel and the full-screen Due list: enter opens
the call or the appeal record, space marks a follow-up done. Nothing is cut;
the list scrolls.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from ..literal import OptionList
from textual.widgets.option_list import Option

from ...domain import clock
from ...domain import due
from ..case_updates import save_case_change

CHUNK = 200  # options made at a time

HEADINGS = {due.OVERDUE: "Overdue", due.THIS_WEEK: "This week (today and the next 6 days)", due.LATER: "Later"}


def prompt(item: due.DueItem, today: date) -> Text:
    when = due.due_label(date.fromisoformat(item.due), today, dated=True)  # the date is printed before it
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{item.due} {when:<14}", style="bold" if item.due < today.isoformat() else "")
    text.append(f"{item.patient[:18]:<19}", style="bold")
    text.append(item.label)
    return text


class DueList(OptionList):
    BINDINGS = [Binding("space", "done", "Mark done", id="due.done")]

    class Done(Message):
        """A follow-up was marked done (the screen showing the list redraws it)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.items: list[due.DueItem] = []
        self._by_option: dict[str, due.DueItem] = {}
        self._rows: list[tuple[str, object]] = []  # ("group", heading) or ("item", DueItem), in order
        self._loaded = 0  # rows turned into options so far

    def show(self, items: list[due.DueItem]) -> None:
        """Redraw with ``items`` under their headings, keeping the highlighted item where it can.

        Every item is in the list; the options are made a chunk at a time as the highlight
        nears the end of those made (thousands of cases must not slow the first screen).
        """
        today = clock.today()
        kept = self.current
        self.items = items
        self._by_option = {}
        self._rows = []
        for group, found in due.grouped(items, today):
            self._rows.append(("group", f"{HEADINGS[group]} · {len(found)}"))
            self._rows += [("item", item) for item in found]
        self._loaded = 0
        self.clear_options()
        at = next((n for n, (kind, item) in enumerate(self._rows) if kind == "item" and item == kept), 0)
        self._load(at + CHUNK)
        if not self._by_option:
            return
        wanted = next((oid for oid, item in self._by_option.items() if item == kept), None) or "item:0"
        self.highlighted = self.get_option_index(wanted)

    def _load(self, upto: int) -> None:
        today = clock.today()
        options = []
        for kind, payload in self._rows[self._loaded:upto]:
            if kind == "group":
                options.append(Option(Text(payload, style="bold underline"), disabled=True))
                continue
            option_id = f"item:{len(self._by_option)}"
            self._by_option[option_id] = payload
            options.append(Option(prompt(payload, today), id=option_id))
        self._loaded = min(upto, len(self._rows))
        if options:
            self.add_options(options)

    def load_all(self) -> None:
        self._load(len(self._rows))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self._loaded < len(self._rows) and highlighted >= self.option_count - 5:
            self._load(self._loaded + CHUNK)

    def action_last(self) -> None:
        self.load_all()
        super().action_last()

    @property
    def current(self) -> due.DueItem | None:
        if self.highlighted is None or not self._by_option:
            return None
        try:
            option = self.get_option_at_index(self.highlighted)
        except Exception:  # noqa: BLE001  (the options changed under the highlight)
            return None
        return self._by_option.get(option.id or "")

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self._by_option.get(event.option.id or "")
        if item is not None:
            open_item(self.app, item)

    def action_done(self) -> None:
        item = self.current
        if item is None:
            return
        if item.kind == due.DEADLINE:
            self.notify("A deadline is done when its step is recorded: open it (enter) and add the date the "
                        "appeal was filed or the decision came on the Appeals tab.", timeout=8)
            return
        from ...domain import calls as calllog

        saved = save_case_change(self.app, item.case_id, lambda case: calllog.mark_follow_up(case, item.ref, True),
                                 gone="The call was deleted in another session.")
        if saved is not None:
            self.post_message(self.Done())
            self.notify(f"Done: {item.patient} · {item.label}. Reopen it on the case's Calls tab (space).",
                        timeout=5, markup=False)


def open_item(app, item: due.DueItem) -> None:
    """Open the item's case at its call (Calls tab) or its PA/claim/denial (Appeals tab)."""
    app.open_case(item.case_id)

    def show() -> None:
        from textual.widgets import TabbedContent

        from .calls_pane import CallsPane

        screen = app.screen
        if getattr(getattr(screen, "case", None), "id", None) != item.case_id:
            return
        if item.kind == due.DEADLINE:
            screen.query_one(TabbedContent).active = "appeals"
            for pane in screen.query(".case-pane"):
                if hasattr(pane, "select_record"):
                    pane.select_record(item.record_id)
            return
        screen.query_one(TabbedContent).active = "calls"
        for pane in screen.query(CallsPane):
            pane.select_call(item.ref)

    app.call_after_refresh(show)
