"""A symptom measure entered item by item, with its official wording, a live score and band.

Type one digit per item, from the first (the cursor moves on by itself; the pain
rating takes 0–10, so it waits for enter); the date, filled in, comes after. A PHQ-9 item 9 above 0 shows the crisis message
at once; it never stops the entry from being saved. The PHQ/GAD reproduction
footer is shown under their items.
"""

from __future__ import annotations


from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer

from ...domain import journal as jn
from ...domain import clock
from ...domain import measures as ms
from ...domain import instruments as ins
from ...domain.case import Case
from ..case_updates import save_case_change
from ..literal import Input, Static
from .spec_form import FormField, Section, SpecFormScreen, field_widget


def crisis_text() -> str:
    return f"⚠ {ins.CRISIS.text} Source: {ins.CRISIS.source}, as of {ins.CRISIS.as_of}."


class MeasureFormScreen(SpecFormScreen):
    def __init__(self, case: Case, instrument_id: str, *, original: ms.MeasureEntry | None = None,
                 session_id: str = "", on: str = ""):
        self.case, self.original = case, original
        self.instrument = ins.INSTRUMENTS[instrument_id]
        # A new score is usually taken today, like a new session.
        values = ms.entry_values(original) if original else {"on": on or clock.today().isoformat(),
                                                            "session_id": session_id}
        sessions = tuple((jn.session_short(s), s.id)
                         for s in reversed(case.journal.sessions))
        # The answers come first: the date is already filled in, and a first digit typed into it
        # would have been lost there.
        items: list = [Section(self.instrument.stem)]
        single = self.instrument.max_item <= 9
        for n, text in enumerate(self.instrument.items):
            items.append(FormField(ms.item_key(n), f"{n + 1}. {text}" if len(self.instrument.items) > 1 else text,
                                   f"0-{self.instrument.max_item}", kind="item" if single else "item-wide"))
        if self.instrument.difficulty:
            items.append(FormField("difficulty", ins.DIFFICULTY_QUESTION, kind="select",
                                   options=tuple((f"{v} {label}", str(v)) for v, label in ins.DIFFICULTY),
                                   blank="Not answered"))
        items += [Section("When"), FormField("on", "Date *", "YYYY-MM-DD"),
                  FormField("session_id", "Taken at session", kind="select", options=sessions,
                            blank="No session (e.g. a baseline before treatment)"),
                  FormField("note", "Note", "optional")]
        title = f"{'Edit ' if original else ''}{self.instrument.title} · {case.patient.name}"
        super().__init__(title, items, values, validate=self._validate, save=self._save, focus=ms.item_key(0),
                         note="")

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self.form_title, id="form-title")
        yield Static("", id="measure-score")
        yield Static(crisis_text(), id="measure-crisis")
        with VerticalScroll(id="form-body"):
            yield Static(f"Answers: {self.instrument.legend()}", classes="form-note")
            yield from self.compose_fields()
            if self.instrument.footer:
                yield Static(self.instrument.footer, id="measure-footer")
            yield Static(f"Scoring and bands: {self.instrument.source} (as of {self.instrument.as_of})",
                         classes="form-note")
        yield Static("", id="form-status")
        yield Footer(compact=True)

    def _field(self, spec: FormField) -> ComposeResult:
        if spec.name == "difficulty":  # a long question: its text on its own lines, the choice under it
            with Vertical(classes="field measure-item", id=f"field-{spec.name}"):
                yield Static(spec.label, classes="item-text")
                yield field_widget(spec, self.initial.get(spec.name, ""))
                yield Static("", classes="field-error", id=f"error-{spec.name}")
            return
        if not spec.kind.startswith("item"):
            yield from super()._field(spec)
            return
        value = self.initial.get(spec.name, "")
        with Vertical(classes="field measure-item", id=f"field-{spec.name}"):
            yield Static(spec.label, classes="item-text")
            with Horizontal(classes="field-row"):
                yield Input(value, placeholder=spec.placeholder, id=spec.name, compact=True, restrict=r"\d*",
                            max_length=1 if spec.kind == "item" else 2, classes="item-answer")
                yield Static(self._answer_label(value), classes="item-label", id=f"label-{spec.name}")
            yield Static("", classes="field-error", id=f"error-{spec.name}")

    def _answer_label(self, raw: str) -> str:
        if raw.isdigit() and int(raw) <= self.instrument.max_item:
            return self.instrument.option_label(int(raw)) or raw
        return f"type 0–{self.instrument.max_item}" if not raw else f"✗ 0–{self.instrument.max_item} only"

    def on_mount(self) -> None:
        super().on_mount()
        self._rescore()

    # --- live score ------------------------------------------------------------------------------

    def _answers(self) -> list[int | None]:
        result = []
        for n in range(len(self.instrument.items)):
            raw = self.query_one(f"#{ms.item_key(n)}", Input).value
            result.append(int(raw) if raw.isdigit() and int(raw) <= self.instrument.max_item else None)
        return result

    def _rescore(self) -> None:
        answers = self._answers()
        given = [a for a in answers if a is not None]
        score = self.query_one("#measure-score", Static)
        total = sum(given)
        if len(given) == len(answers):
            text = f"Score {total}/{self.instrument.max_score} · {ins.band_label(self.instrument, total)}"
            if self.instrument.id == "pcl5":
                rule = "meets" if ins.pcl5_dsm_rule(tuple(given)) else "does not meet"
                text += f" · {rule} the DSM-5 cluster rule"
        else:
            text = f"{len(given)} of {len(answers)} answered · {total} so far"
        score.update(text)
        crisis = self.instrument.id == "phq9" and (answers[8] or 0) > 0
        self.query_one("#measure-crisis", Static).display = crisis

    @on(Input.Changed, ".item-answer")
    def _answered(self, event: Input.Changed) -> None:
        name = event.input.id
        self.query_one(f"#label-{name}", Static).update(self._answer_label(event.value))
        self._rescore()
        if event.input.max_length == 1 and event.value.isdigit() and int(event.value) <= self.instrument.max_item \
                and event.input.has_focus:
            self.focus_next()

    # --- save -----------------------------------------------------------------------------------

    def _validate(self, values: dict[str, str]) -> ms.MeasureEntry:
        return ms.entry_from_form(self.instrument.id, values, original=self.original)

    def _save(self, entry: ms.MeasureEntry) -> bool:
        def change(case: Case) -> None:
            if self.original is not None:
                jn.find_measure(case.journal, entry.id)  # KeyError: deleted elsewhere
            if entry.session_id and entry.session_id not in {s.id for s in case.journal.sessions}:
                entry.session_id = ""  # the session was deleted meanwhile: keep the score
            jn.record_measure(case.journal, entry)

        saved = save_case_change(self.app, self.case.id, change,
                                 gone="The entry was deleted in another session; copy what you typed.")
        if saved is None:
            return False
        self.notify(entry.headline(), title="Measure saved", timeout=5)
        if entry.crisis:
            self.app.notify(crisis_text(), title="PHQ-9 item 9", severity="warning", whole=True)
        return True
