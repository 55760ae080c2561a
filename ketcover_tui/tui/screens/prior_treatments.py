"""Prior treatments: each drug or therapy tried before, its dose, dates and outcome.

Letters of medical necessity and appeals must list them (failed / not
tolerated / partial), so they live with the journal. a adds, enter edits,
delete removes, esc goes back.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets.option_list import Option

from ...domain import journal as jn
from ...domain import journal_forms as jf
from ...domain.case import Case
from ..case_updates import save_case_change
from ..literal import OptionList, Static
from .spec_form import FormField, SpecFormScreen

PRIOR_ITEMS = [
    FormField("name", "Drug or therapy *", "e.g. Sertraline, or CBT"),
    FormField("kind", "Kind", kind="select", options=tuple((label, value) for value, label in jn.TREATMENT_KINDS)),
    FormField("dose", "Dose / amount", "e.g. 200 mg daily, or 16 weekly sessions"),
    FormField("start", "Started", "YYYY-MM or YYYY-MM-DD"),
    FormField("end", "Ended", "YYYY-MM or YYYY-MM-DD; empty = still taking"),
    FormField("outcome", "Outcome", kind="select", options=tuple((label, value) for value, label in jn.OUTCOMES),
              blank="Not known"),
    FormField("notes", "Notes", "e.g. stopped for nausea after 3 weeks"),
]


def prior_prompt(p: jn.PriorTreatment) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{p.name}", style="bold")
    for part in (p.dose, p.period()):
        if part:
            text.append(f" · {part}")
    if p.outcome:
        text.append(f" · {jn.OUTCOME_LABELS[p.outcome].lower()}",
                    style="bold" if p.outcome in ("failed", "not_tolerated") else "")
    if p.notes:
        text.append(f" · {p.notes}", style="dim")
    return text


class PriorTreatmentsScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="prior_treatments.back"),
        Binding("a", "add", "Add", id="prior.add"),
        Binding("delete", "remove", "Remove", id="prior.remove"),
    ]

    def __init__(self, case: Case):
        super().__init__()
        self.case = case

    def compose(self) -> ComposeResult:
        yield Static(f"Prior treatments · {self.case.patient.name}", id="form-title")
        yield Static("What was tried before, and why it stopped: letters of medical necessity list each one "
                     "(at least 2 adequate antidepressant trials is the usual criterion for TRD; reference "
                     "notes §3.1).", id="prior-note")
        yield OptionList(id="prior-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#prior-list", OptionList).focus()

    def _fill(self, keep: str | None = None) -> None:
        listing = self.query_one("#prior-list", OptionList)
        listing.clear_options()
        if not self.case.journal.prior:
            listing.add_option(Option(Text("No prior treatments yet. Press a to add one.", style="italic"),
                                      disabled=True))
            return
        listing.add_options([Option(prior_prompt(p), id=p.id) for p in self.case.journal.prior])
        ids = [p.id for p in self.case.journal.prior]
        listing.highlighted = ids.index(keep) if keep in ids else 0

    def show_case(self, case: Case) -> None:
        listing = self.query_one("#prior-list", OptionList)
        current = listing.get_option_at_index(listing.highlighted).id if listing.highlighted is not None else None
        self.case = case
        self._fill(current)

    @property
    def current(self) -> jn.PriorTreatment | None:
        listing = self.query_one("#prior-list", OptionList)
        if listing.highlighted is None or not self.case.journal.prior:
            return None
        option_id = listing.get_option_at_index(listing.highlighted).id
        return next((p for p in self.case.journal.prior if p.id == option_id), None)

    def _form(self, original: jn.PriorTreatment | None) -> None:
        def validate(values: dict[str, str]) -> jn.PriorTreatment:
            return jf.prior_from_form(values, original=original)

        def save(prior: jn.PriorTreatment) -> bool:
            def change(case: Case) -> None:
                if original is not None:
                    jn.find_prior(case.journal, prior.id)  # KeyError: deleted elsewhere
                    case.journal.prior = [prior if p.id == prior.id else p for p in case.journal.prior]
                else:
                    case.journal.prior.append(prior)

            return save_case_change(self.app, self.case.id, change) is not None

        title = f"{'Edit' if original else 'Add'} a prior treatment · {self.case.patient.name}"
        self.app.push_screen(SpecFormScreen(title, PRIOR_ITEMS, jf.prior_values(original), validate=validate,
                                            save=save))

    def action_add(self) -> None:
        self._form(None)

    @on(OptionList.OptionSelected, "#prior-list")
    def _edit(self) -> None:
        if (prior := self.current) is not None:
            self._form(prior)

    def action_remove(self) -> None:
        from .confirm import ConfirmScreen

        prior = self.current
        if prior is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                save_case_change(self.app, self.case.id, lambda case: case.journal.prior.remove(
                    jn.find_prior(case.journal, prior.id)))

        self.app.push_screen(ConfirmScreen(f"Remove {prior.name}?", "Letters list prior treatments: remove only "
                                           "an entry made by mistake.", yes="Remove", no="Keep"), answered)
