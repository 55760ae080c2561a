"""The Calls tab: the case's call log, newest first, searchable, with the highlighted call's details.

n starts a call (the timer runs from that moment), v starts a guided benefits
verification call, enter edits, space marks the follow-up done, / searches every
field of every call, x exports.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets.option_list import Option

from ...domain import calls as calllog
from ...domain.call_scripts import applicable_scripts
from ...domain.case import Case
from ...domain.due import due_label
from ...domain.fields import one_line
from ..case_updates import save_case_change
from ..literal import Input, OptionList, Static


def call_prompt(call: calllog.CallEntry) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(call.when(), style="bold")
    text.append(f" {calllog.duration_words(call.duration_s) or '—':>6}  ")
    if call.follow_up_open:  # a fixed-width column: ⚑ due date, ✓ done, or blank
        text.append(f"⚑{call.follow_up_due:%m-%d} ", style="bold")
    elif call.follow_up_done:
        text.append("✓ done ", style="dim")
    else:
        text.append(" " * 7)
    text.append(call.headline())
    return text


def call_detail(call: calllog.CallEntry) -> Text:
    text = Text()
    who = call.rep_name or "Representative not noted"
    if call.rep_id:
        who += f" (id {call.rep_id})"
    line = [who, f"Ref {call.reference}" if call.reference else "no reference number",
            call.number or "", calllog.duration_text(call.duration_s)]
    text.append(" · ".join(p for p in line if p) + "\n", style="bold")
    if call.promised:
        text.append("Promised: ", style="bold")
        text.append(call.promised + "\n")
    if call.outcome:
        text.append("Outcome: ", style="bold")
        text.append(call.outcome + "\n")
    if call.follow_up_due:
        state = (f"done {call.follow_up_done}" if call.follow_up_done
                 else due_label(call.follow_up_due))
        text.append("Follow-up: ", style="bold")
        text.append(f"{call.follow_up_due} ({state})\n")
    answered = [a for a in call.answers if a.answer.strip()]
    if answered or call.script:
        text.append(f"{call.script or 'Questions'}: {len(answered)} answered", style="dim")
        if call.plan_changes:
            text.append(f" · plan updated ({len(call.plan_changes)})", style="dim")
        text.append(" · enter shows all\n", style="dim")
    if call.notes:
        text.append("Notes: ", style="bold")
        text.append(one_line(call.notes, 200) + "\n")
    return text


class CallsPane(Vertical):
    BINDINGS = [
        Binding("n", "new_call", "New call", id="calls.new"),
        Binding("v", "verify_call", "Verify", id="calls.verify"),
        Binding("space", "toggle_follow_up", "Done", id="calls.done"),
        Binding("x", "export", "Export", id="calls.export"),
        Binding("slash", "search", "Search", key_display="/", show=False, id="calls.search"),
        Binding("delete", "delete_call", "Delete call", show=False, id="calls.delete"),
    ]

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case
        self.shown: list[calllog.CallEntry] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="calls-top"):
            yield Input(placeholder="/ search calls: rep, reference, promise…", id="calls-search", compact=True)
            yield Static("", id="calls-count")
        yield OptionList(id="calls-list")
        with VerticalScroll(id="call-detail-box"):
            yield Static("", id="call-detail")

    def on_mount(self) -> None:
        self._fill(keep=None)

    def on_show(self) -> None:
        self.query_one("#calls-list", OptionList).focus()

    # --- drawing ----------------------------------------------------------------------

    @property
    def current(self) -> calllog.CallEntry | None:
        calls = self.query_one("#calls-list", OptionList)
        if calls.highlighted is None or not self.shown:
            return None
        return self.shown[calls.highlighted] if calls.highlighted < len(self.shown) else None

    def _fill(self, keep: str | None) -> None:
        needle = self.query_one("#calls-search", Input).value
        self.shown = list(reversed(calllog.search(self.case.calls, needle)))
        calls = self.query_one("#calls-list", OptionList)
        calls.clear_options()
        if self.shown:
            calls.add_options([Option(call_prompt(c), id=c.id) for c in self.shown])
            index = next((n for n, c in enumerate(self.shown) if c.id == keep), 0)
            calls.highlighted = index
        total = len(self.case.calls)
        count = f"{len(self.shown)} of {total}" if needle.strip() else f"{total} call{'s' if total != 1 else ''}"
        self.query_one("#calls-count", Static).update(count)
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#call-detail", Static)
        call = self.current
        if call is not None:
            detail.update(call_detail(call))
        elif self.case.calls:
            detail.update("No call matches the search. esc clears it.")
        else:
            detail.update("No calls yet. Press n to start one (a timer runs while you talk), "
                          "or v for a guided benefits verification call.")

    def show_case(self, case: Case) -> None:
        current = self.current
        self.case = case
        self._fill(keep=current.id if current else None)

    def select_call(self, call_id: str) -> None:
        self._fill(keep=call_id)
        self.query_one("#calls-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#calls-list")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected, "#calls-list")
    def _selected(self) -> None:
        self.action_edit_call()

    # --- search -------------------------------------------------------------------------

    @on(Input.Changed, "#calls-search")
    def _search(self) -> None:
        self._fill(keep=None)

    @on(Input.Submitted, "#calls-search")
    def _search_done(self) -> None:
        self.query_one("#calls-list", OptionList).focus()

    def key_escape(self, event) -> None:
        search = self.query_one("#calls-search", Input)
        if search.value or self.screen.focused is search:
            event.stop()
            search.value = ""
            self.query_one("#calls-list", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#calls-search", Input).focus()

    # --- actions ------------------------------------------------------------------------

    def _open_form(self, **kwargs) -> None:
        from ..screens.call_form import CallFormScreen, call_draft

        original = kwargs.get("original")
        draft = call_draft(self.app, self.case.id, original.id if original else None)
        if not draft or draft.get("case_id") != self.case.id:
            self.app.push_screen(CallFormScreen(self.case, **kwargs), self._saved)
            return
        from ..screens.call_form import discard_call_draft, draft_time
        from ..screens.confirm import ConfirmScreen

        def answered(resume: bool | None) -> None:
            if resume is None:
                return  # esc: nothing opened, the draft is kept
            if not resume:
                discard_call_draft(self.app, self.case.id, original.id if original else None)
            self.app.push_screen(CallFormScreen(self.case, **kwargs, **({"draft": draft} if resume else {})),
                                 self._saved)

        what = "the changes to this call" if original else "the call"
        self.app.push_screen(ConfirmScreen(
            f"Resume {what} you were typing at {draft_time(draft)}?",
            "y opens it as you left it. n starts afresh and throws that draft away. esc: neither, for now.",
            yes="Resume", no="Start afresh", escape_cancels=True), answered)

    def _saved(self, entry) -> None:
        if entry is not None:
            self.select_call(entry.id)

    def action_new_call(self) -> None:
        self._open_form()

    def action_verify_call(self) -> None:
        from ..screens.pick import PickScreen

        scripts = applicable_scripts(self.app.plugin_host.call_scripts(), self.case.plan.insurer,
                                     self.case.plan.plan_type)
        if not scripts:
            self.notify("No call script is loaded. Scripts come from plugins: press p on the home screen "
                        "to see which are loaded.", severity="warning", timeout=8)
            return
        if len(scripts) == 1:
            self._open_form(script=scripts[0])
            return
        by_id = {s.id: s for s in scripts}

        def chosen(script_id: str | None) -> None:
            if script_id:
                self._open_form(script=by_id[script_id])

        self.app.push_screen(PickScreen("Which call script?", [(s.id, f"{s.title}  ({s.plugin})") for s in scripts]),
                             chosen)

    def action_edit_call(self) -> None:
        if (call := self.current) is not None:
            self._open_form(original=call)

    def action_toggle_follow_up(self) -> None:
        call = self.current
        if call is None:
            return
        if call.follow_up_due is None:
            self.notify("This call has no follow-up date. Press enter to edit it and add one (e.g. +7).",
                        timeout=6)
            return
        done = not call.follow_up_done
        saved = save_case_change(self.app, self.case.id,
                                 lambda case: calllog.mark_follow_up(case, call.id, done))
        if saved is not None:
            self.notify("Follow-up marked done." if done else "Follow-up open again.", timeout=3)

    def action_export(self) -> None:
        from ..screens.export_dialog import ExportScreen

        self.app.push_screen(ExportScreen(self.case))

    def action_delete_call(self) -> None:
        from ..screens.confirm import ConfirmScreen

        call = self.current
        if call is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                save_case_change(self.app, self.case.id, lambda case: calllog.delete_call(case, call.id))

        self.app.push_screen(ConfirmScreen(
            f"Delete the call of {call.when()}?",
            "The call log is evidence: delete only an entry made by mistake. Plan facts it set keep "
            "their values but are no longer marked as confirmed.", yes="Delete", no="Keep"), answered)
