"""New / edit case form: every invalid field gets its own message, nothing typed is lost.

Typing the insurer offers the matching insurers of the insurer directory (by
name, alternative name or pattern); ctrl+o takes the first one's name, which
is what the Plan tab and the letters look the insurer up by.
"""

from __future__ import annotations

import copy

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from rich.text import Text
from textual.widgets import Footer

from ...domain.case import Case, InvalidCase, Patient, apply_form, form_values, merge_edit
from ...domain.vocab import PlanType, Stage
from ..full_values import ShowsFullValues, show_full_values
from ..literal import Input, Label, Select, Static, TextArea
from .confirm import ConfirmScreen

TEXT_FIELDS = [
    # (field, label, placeholder)
    ("patient_name", "Patient name *", "e.g. José Müller"),
    ("date_of_birth", "Date of birth", "YYYY-MM-DD"),
    ("state", "State", "two letters, e.g. CA"),
    ("conditions", "Conditions (ICD-10-CM)", "e.g. F33.2 Major depressive disorder; F41.1"),
    ("insurer", "Insurer", "e.g. Aetna"),
    ("member_id", "Member id", "from the insurance card"),
    ("group_id", "Group id", "from the insurance card"),
    ("clinic", "Clinic", "provider / clinic name"),
    ("npi", "NPI", "10 digits"),
    ("tax_id", "Tax id (EIN)", "9 digits, e.g. 12-3456789"),
]
PLAN_TYPE_OPTIONS = [(t.label, t.value) for t in PlanType]
STAGE_OPTIONS = [(s.label, s.value) for s in Stage]
# Top-to-bottom order on screen: the first invalid one gets the focus.
FIELD_ORDER = [f[0] for f in TEXT_FIELDS[:4]] + ["plan_type"] + [f[0] for f in TEXT_FIELDS[4:]] + ["stage", "notes"]


class CaseFormScreen(ShowsFullValues, Screen[Case | None]):
    CSS_PATH = ["../form.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+o", "use_insurer", "Use offered insurer", priority=True, id="form.insurer"),
    ]

    def __init__(self, case: Case | None = None):
        super().__init__()
        self.original = case
        self.initial = form_values(case) if case else form_values(Case(patient=Patient("")))
        self.overwrite_conflicts = False  # set after the user was told about a conflict

    def compose(self) -> ComposeResult:
        title = f"Edit case · {self.original.patient.name}" if self.original else "New case"
        yield Static(title, id="form-title")
        with VerticalScroll(id="form-body"):
            for name, label, placeholder in TEXT_FIELDS[:4]:
                yield from self._field(name, label, Input(self.initial[name], placeholder=placeholder, id=name, compact=True))
            yield from self._field("plan_type", "Plan type", Select(
                PLAN_TYPE_OPTIONS, value=self.initial["plan_type"] or Select.NULL,
                prompt="Not known yet", id="plan_type", compact=True))
            for name, label, placeholder in TEXT_FIELDS[4:]:
                yield from self._field(name, label, Input(self.initial[name], placeholder=placeholder, id=name, compact=True))
                if name == "insurer":
                    yield Static("", id="insurer-offer", classes="field-offer")
            yield from self._field("stage", "Stage", Select(
                STAGE_OPTIONS, value=self.initial["stage"], allow_blank=False, id="stage", compact=True))
            yield from self._field("notes", "Notes", TextArea(self.initial["notes"], id="notes", compact=True))
        yield Static("", id="form-status")
        yield Footer(compact=True)

    def _field(self, name: str, label: str, widget) -> ComposeResult:
        with Vertical(classes="field", id=f"field-{name}"):
            with Horizontal(classes="field-row"):
                yield Label(label, classes="field-label")
                yield widget
            yield Static("", classes="field-error", id=f"error-{name}")
            yield Static("", classes="field-full", id=f"full-{name}")

    def on_mount(self) -> None:
        self.query_one("#patient_name", Input).focus()
        for error in self.query(".field-error, .field-offer, .field-full"):
            error.display = False
        self.call_after_refresh(show_full_values, self)

    def values(self) -> dict[str, str]:
        values = {name: self.query_one(f"#{name}", Input).value for name, _, _ in TEXT_FIELDS}
        plan_type = self.query_one("#plan_type", Select).value
        values["plan_type"] = "" if plan_type is Select.NULL else str(plan_type)
        values["stage"] = str(self.query_one("#stage", Select).value)
        values["notes"] = self.query_one("#notes", TextArea).text
        return values

    @property
    def dirty(self) -> bool:
        return self.values() != self.initial

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @on(Input.Changed, "#insurer")
    def _offer_insurer(self, event: Input.Changed) -> None:
        from ...domain.insurer_directory import matches

        offer = self.query_one("#insurer-offer", Static)
        found = matches(event.value)
        offer.display = bool(found)
        if not found:
            return
        first = found[0].insurer.name
        text = Text()
        if first.casefold() == event.value.strip().casefold():
            text.append("✓ In the insurer directory: where appeals go and its medical policies are on the Plan tab.")
        else:
            text.append(f"Directory: {first}", style="bold")
            text.append(f" ({found[0].how})")
            others = [m.insurer.name for m in found[1:] if m.insurer.name != first]
            if others:
                text.append(" · also " + ", ".join(dict.fromkeys(others)))
            text.append(f" — ctrl+o uses “{first}”", style="dim")
        offer.update(text)

    def action_use_insurer(self) -> None:
        from ...domain.insurer_directory import matches

        field = self.query_one("#insurer", Input)
        if found := matches(field.value):
            field.value = found[0].insurer.name

    def show_errors(self, errors: dict[str, str]) -> None:
        for error in self.query(".field-error"):
            name = error.id.removeprefix("error-")
            error.update(f"✗ {errors[name]}" if name in errors else "")
            error.display = name in errors
            self.query_one(f"#field-{name}").set_class(name in errors, "invalid")
        status = self.query_one("#form-status", Static)
        if errors:
            count = len(errors)
            status.update(f"Fix the {count} field{'s' if count > 1 else ''} marked ✗, then press ctrl+s. "
                          "Nothing was saved yet; what you typed is kept.")
            first = next(name for name in FIELD_ORDER if name in errors)
            widget = self.query_one(f"#{first}")
            widget.focus()
            self.query_one("#form-body").scroll_to_widget(widget, animate=False)
        else:
            status.update("")

    def action_save(self) -> None:
        values = self.values()
        try:
            apply_form(copy.deepcopy(self.original) if self.original else Case(patient=Patient("")), values)
        except InvalidCase as exc:
            self.show_errors(exc.errors)
            return
        store = self.app.store
        if self.original is None:
            try:
                created = store.create(apply_form(Case(patient=Patient("")), values))
            except Exception as exc:  # noqa: BLE001  (save_problem words each kind; others re-raise)
                self.show_save_problem(exc)
                return
            self.dismiss(created)
            return
        conflict: list[tuple[Case, list[str]]] = []

        def merge_into(case: Case) -> None:
            # Only what the user changed is applied, onto the case as it is on disk now,
            # so someone else's edits to other fields survive.
            merged, conflicts = merge_edit(self.initial, values, form_values(case))
            if conflicts and not self.overwrite_conflicts:
                conflict.append((copy.deepcopy(case), conflicts))
                raise _Conflict
            apply_form(case, merged)

        try:
            saved = store.update(self.original.id, merge_into)
        except _Conflict:
            self.show_conflict(*conflict[0])
            return
        except InvalidCase as exc:
            self.show_errors(exc.errors)
            return
        except Exception as exc:  # noqa: BLE001  (deleted elsewhere, lock held, disk full: the edits stay)
            self.show_save_problem(exc)
            return
        self.dismiss(saved)

    def show_save_problem(self, exc: Exception) -> None:
        from ..save_errors import save_problem

        title, message = save_problem(exc)
        self.query_one("#form-status", Static).update(f"{title}: {message}")
        self.notify(message, title=title, severity="error", timeout=12)

    def show_conflict(self, theirs: Case, fields: list[str]) -> None:
        """Someone saved the same fields while this form was open: say so, don't overwrite."""
        current = form_values(theirs)
        labels = dict((name, label) for name, label, _ in TEXT_FIELDS) | {"plan_type": "Plan type",
                                                                          "stage": "Stage", "notes": "Notes"}
        details = "; ".join(f"{labels[f].rstrip(' *')}: theirs “{current[f]}”" for f in fields)
        who = theirs.updated_by or "someone"
        self.query_one("#form-status", Static).update(
            f"{who} changed this case at {theirs.updated[11:16]} while you were editing ({details}). "
            "Nothing was saved. Press ctrl+s again to save yours over theirs, or esc to cancel.")
        self.overwrite_conflicts = True

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed?", "Press n to keep editing.",
                                           yes="Discard", no="Keep editing"), answered)


class _Conflict(Exception):
    """Aborts a store update (nothing is written) when a form edit conflicts."""
