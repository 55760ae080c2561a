"""One funding source on one case: its form, its result, and saving an option to the plan.

ctrl+r runs the source off the UI thread (a progress line shows while it
runs; esc cancels it; ketcover gives up after the context's timeout); ctrl+s
saves an option of the result to the funding plan; n / b page through results
that have more; esc goes back. What was typed is
remembered on the case (only values that differ from the case-drawn defaults),
so nothing is lost by leaving.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widgets import Footer

from ...domain.case import Case
from ...domain.funding import (
    FundingChoice,
    FundingContext,
    FundingResult,
    FundingSource,
    InvalidInputs,
    SourceUnavailable,
    money,
)
from ...domain.funding_inputs import parse_inputs, typed_inputs
from ...domain.funding_plan import plan_summary
from ..case_updates import add_to_funding_plan, show_everywhere
from ..literal import Static
from ..plugin_jobs import follow
from ..widgets.funding_form import FundingForm
from ..widgets.funding_result import FundingResultView


class FundingSourceScreen(Screen):
    BINDINGS = [
        Binding("ctrl+r", "run", "Run", priority=True, id="funding.run"),
        Binding("ctrl+s", "save", "Save to plan", priority=True, id="funding.save"),
        Binding("n", "next_page", "Next page", id="funding.next_page"),
        Binding("b", "previous_page", "Previous page", id="funding.previous_page"),
        Binding("escape", "cancel_run", "Cancel", id="funding.cancel"),  # only while a run is going
        Binding("escape", "back", "Back", id="funding.back"),
    ]

    def __init__(self, source: FundingSource, case: Case):
        super().__init__()
        self.source = source
        self.case = case
        self.result: FundingResult | None = None
        self._pages: list[dict[str, str]] = []  # hidden values of the pages before this one
        self._job = None  # the run going on, if any (a plugin_host.PluginJob)

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble((self.source.category.label, "bold"), " · ", (self.source.title, "bold"),
                                   f" · {self.case.patient.name}"), id="funding-title")
        yield FundingForm(self.source, self.app.plugin_host.funding_defaults(self.source, self.case),
                          id="funding-form")
        yield Static(Text(self.source.description, style="dim"), id="funding-help")
        yield Static("", id="funding-status")
        yield FundingResultView(id="funding-result")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        form = self.query_one(FundingForm)
        if form.shown_fields:
            self.query_one(f"#field-{form.shown_fields[0].name}").focus()

    @property
    def form(self) -> FundingForm:
        return self.query_one(FundingForm)

    # --- focus: the form shrinks while the result is being read ------------------------

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        reading = isinstance(event.widget, FundingResultView)
        self.set_class(reading, "-reading")

    @on(FundingForm.FieldFocused)
    def _field_focused(self, event: FundingForm.FieldFocused) -> None:
        help_text = self.form.help_text(event.field)
        self.query_one("#funding-help", Static).update(
            help_text if help_text.plain else Text(self.source.description, style="dim"))

    # --- running ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel_run":
            return self._job is not None
        if action == "back":
            return self._job is None
        if action == "next_page":
            return bool(self.result and self.result.next_page) or False
        if action == "previous_page":
            return bool(self._pages) or False
        return True

    def _status(self, text: str, *, problem: bool = False) -> None:
        status = self.query_one("#funding-status", Static)
        status.update(Text(text))  # plugin titles and errors are shown as they are, never as markup
        status.set_class(problem, "problem")

    @on(FundingForm.Submitted)
    def _submitted(self) -> None:
        self.action_run()

    def action_run(self) -> None:
        """Run with what the form shows, from the first page."""
        self._pages = []
        self.form.reset_hidden()
        self._start()

    def action_next_page(self) -> None:
        if self.result and self.result.next_page:
            self._pages.append(dict(self.form.hidden))
            self.form.set_hidden(dict(self.result.next_page))
            self._start()

    def action_previous_page(self) -> None:
        if self._pages:
            self.form.reset_hidden()
            self.form.set_hidden(self._pages.pop())
            self._start()

    def _start(self) -> None:
        if self._job is not None:
            self._status("Still running: esc cancels it.")
            return
        raw = self.form.values()
        try:
            parse_inputs(self.source, raw)  # bad input is shown at once, without running anything
        except InvalidInputs as exc:
            self._bad_input(exc)
            return
        self.form.show_errors({})
        context = FundingContext(case=self.case, cache=self._cache())
        self._job = self.app.plugin_host.start_funding_source(self.source, raw, context)
        self.refresh_bindings()
        self._follow(self._job, raw)

    def _cache(self):
        if not self.source.uses_network:
            return None
        from ...store.funding_cache import cache_for

        return cache_for(self.app.store, self.source.id)

    @work(exclusive=True, group="funding-run")
    async def _follow(self, job, raw: dict[str, str]) -> None:
        doing = f"Searching {self.source.title}" if self.source.uses_network else f"Running {self.source.title}"
        shown = []

        def show(text: str) -> None:
            if not shown:
                shown.append(True)
                self.query_one(FundingResultView).show_message(f"{doing}…")
            self._status(text)

        await follow(job, show, doing)
        self._job = None
        self._finish(raw, self._outcome(job))

    def action_cancel_run(self) -> None:
        if self._job is not None:
            self._job.cancel()  # the worker sees it at once; the plugin's thread is abandoned

    @staticmethod
    def _outcome(job):
        """A FundingResult, or the exception that explains why there is none."""
        from ...plugin_host import JobCancelled, PluginRunFailed

        try:
            return job.result()
        except (InvalidInputs, SourceUnavailable, PluginRunFailed, JobCancelled) as exc:
            return exc

    def _finish(self, raw: dict[str, str], outcome) -> None:
        from ...plugin_host import JobCancelled, PluginRunFailed

        self.refresh_bindings()
        if not self.is_attached:  # the user went back while it ran
            return
        view = self.query_one(FundingResultView)
        if isinstance(outcome, InvalidInputs):
            self._bad_input(outcome)
            return
        if isinstance(outcome, JobCancelled):
            self.result = None
            view.show_message("Cancelled.")
            self._status("Cancelled: nothing changed, and what you typed is kept. ctrl+r runs it again.")
        elif isinstance(outcome, SourceUnavailable):
            self.result = None
            view.show_message(str(outcome), problem=True)
            self._status("No result: see the message below. What you typed is kept.", problem=True)
        elif isinstance(outcome, PluginRunFailed):
            self.result = None
            view.show_message(str(outcome), problem=True)
            self._status("The plugin failed; every other source still works.", problem=True)
            self.notify(str(outcome), title="Plugin failed", severity="error", timeout=10, markup=False)
        else:
            self.result = outcome
            view.clear_problem()
            view.show(outcome)
            self._status(self._done_line(outcome), problem=bool(outcome.warning))
            self._remember(raw)
            view.focus()
        self.refresh_bindings()

    def _done_line(self, result: FundingResult) -> str:
        keys = ["ctrl+s saves an option"] if result.choices else []
        if result.next_page:
            keys.append("n next page")
        if self._pages:
            keys.append("b previous page")
        keys.append("shift+tab back to the form")
        prefix = "Offline or failed: showing cached results. " if result.warning else ""
        return prefix + " · ".join(keys)

    def _bad_input(self, exc: InvalidInputs) -> None:
        other = self.form.show_errors(exc.errors)
        count = len(exc.errors)
        self._status(f"Fix the {count} field{'s' if count > 1 else ''} marked ✗, then press ctrl+r. "
                     "Nothing was lost." + (f" {' '.join(other)}" if other else ""), problem=True)

    # --- remembering and saving -------------------------------------------------------------

    def _remember(self, raw: dict[str, str]) -> None:
        """Keep what was typed on the case, if it changed (one small locked write)."""
        typed = typed_inputs(self.source, raw, self.case)
        if typed == self.case.funding.inputs.get(self.source.id, {}):
            return

        def change(case: Case) -> None:
            if typed:
                case.funding.inputs[self.source.id] = typed
            else:
                case.funding.inputs.pop(self.source.id, None)

        self._case_saved(self.app.save_change(self.case.id, change))

    def _case_saved(self, case: Case | None) -> None:
        if case is None:
            return
        self.case = case
        show_everywhere(self.app, case)

    def action_save(self) -> None:
        from .funding_dialogs import PickChoiceScreen, PlanEntryScreen

        if self.result is None:
            self._status("Run the source first (ctrl+r), then save one of its options.", problem=True)
            return
        choices = self.result.choices
        if not choices:
            self._status("This result offers no option to save.", problem=True)
            return
        raw = self.form.values()

        def edited(choice: FundingChoice | None) -> None:
            if choice is None:
                return
            typed = typed_inputs(self.source, raw, self.case)
            saved = add_to_funding_plan(self.app, self.case.id, choice, (self.source.id, typed))
            if saved is not None:
                self._case_saved(saved)
                self.notify(f"Saved “{choice.label}” ({money(choice.amount)}). {plan_summary(saved.funding)}.",
                            title="Added to the funding plan", timeout=6)

        def picked(index: int | None) -> None:
            if index is not None:
                self.app.push_screen(PlanEntryScreen(choices[index]), edited)

        if len(choices) == 1:
            picked(0)
        else:
            self.app.push_screen(PickChoiceScreen(choices), picked)

    def action_back(self) -> None:
        self._remember(self.form.values())
        self.app.pop_screen()
