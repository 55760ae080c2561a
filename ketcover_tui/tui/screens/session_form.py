"""One treatment session: when (duration computed), what and how much (mg and mg/kg), how it felt.

The weight shown is the case's; changing it here changes it for the case. The
line under the title shows the duration and dose per kg as you type.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer

from ...domain import journal as jn
from ...domain import journal_forms as jf
from ...domain import clock
from ...domain.case import Case
from ..case_updates import save_case_change
from ..literal import Input, Select, Static
from .checks_form import ChecksFormScreen
from .spec_form import FormField, FormRow, Section


def session_items() -> list:
    items: list = [
        Section("When"),
        FormField("on", "Date *", "YYYY-MM-DD"),
        FormRow("Start / stop", (FormField("start", "start", "HH:MM"), FormField("stop", "stop", "HH:MM"))),
        Section("Drug and dose"),
        FormField("drug", "Drug", kind="select", options=tuple((label, value) for value, label in jn.DRUGS)),
        FormField("route", "Route", kind="select", options=tuple((label, value) for value, label in jn.ROUTES)),
        FormRow("Dose", (FormField("dose_mg", "mg", "e.g. 35"), FormField("dose_per_kg", "or mg/kg", "e.g. 0.5"))),
        FormField("weight", "Weight (the case's)", "kg, or lb like 154 lb"),
        FormField("provider", "Given by", "clinician's name"),
        Section("Before → after (0–10)"),
    ]
    for key, label in jn.RATINGS:
        items.append(FormRow(label, (FormField(jf.rating_key("before", key), "before", "0-10"),
                                     FormField(jf.rating_key("after", key), "after", "0-10"))))
    items += [
        Section("Side effects"),
        FormField("side_effects", "Side effects", kind="checks",
                  options=tuple((label, key) for key, label in jn.SIDE_EFFECTS)),
        FormField("side_effect_notes", "Which / details", "e.g. blurred vision for 20 min"),
        FormField("notes", "Notes", kind="text"),
    ]
    return items


class SessionFormScreen(ChecksFormScreen):
    def __init__(self, case: Case, original: jn.Session | None = None):
        self.case, self.original = case, original
        values = jf.session_values(original, case.journal.weight_kg)
        if original is None:
            values["on"] = clock.today().isoformat()  # usually recorded the same day
        if original is None and case.journal.sessions:  # most sessions repeat the last one's set-up
            last = case.journal.sessions[-1]
            values |= {"drug": last.drug, "route": last.route, "provider": last.provider,
                       "dose_mg": jf.session_values(last, case.journal.weight_kg)["dose_mg"]}
        title = "Edit session" if original else "New session"
        super().__init__(f"{title} · {case.patient.name}", session_items(), values,
                         validate=self._validate, save=self._save, focus="on")

    def compose(self) -> ComposeResult:
        yield Static(self.form_title, id="form-title")
        yield Static("", id="session-computed")
        with VerticalScroll(id="form-body"):
            yield from self.compose_fields()
        yield Static("", id="form-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self._computed()

    @on(Input.Changed)
    @on(Select.Changed)
    def _computed(self) -> None:
        """Duration and mg/kg as typed (nothing is validated or saved here)."""
        if not self.is_mounted:
            return
        v = self.values()
        parts = []
        try:
            start, stop = jf.parse_time(v["start"], "Start"), jf.parse_time(v["stop"], "Stop")
            if start and stop:
                minutes = (stop.hour - start.hour) * 60 + stop.minute - start.minute
                parts.append(f"Duration {minutes} min" if minutes > 0 else "Stop is not after start")
        except ValueError:
            pass
        if dose := jf.live_dose(v["dose_mg"], v["dose_per_kg"], v["weight"]):
            parts.append(dose)
        self.query_one("#session-computed", Static).update(" · ".join(parts) or "Duration and mg/kg appear "
                                                                                "here as you type")

    def _validate(self, values: dict[str, str]):
        return jf.session_from_form(values, original=self.original)

    def _save(self, result) -> bool:
        session, weight = result

        def change(case: Case) -> None:
            if self.original is not None:
                case.journal.session(session.id)  # KeyError: deleted elsewhere
            jn.record_session(case.journal, session, weight)

        return save_case_change(self.app, self.case.id, change,
                                gone="The session was deleted in another session; copy what you typed.") is not None

