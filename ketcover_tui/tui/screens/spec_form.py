"""A form described as data: one line per field, a message under each bad field.

Used for the plan facts, a candidate clinic, an exclusion and the network
search. ``validate(values)`` turns the typed text into a domain object or raises
``InvalidFields``; ``save(obj)`` writes it and returns True (False keeps the form
open, with everything typed still there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from ...domain.fields import InvalidFields
from ..full_values import ShowsFullValues, show_full_values
from ..literal import Input, Label, Select, Static, TextArea
from .confirm import ConfirmScreen

T = TypeVar("T")


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    placeholder: str = ""
    kind: str = "input"  # "input" | "text" (several lines) | "select"
    options: tuple[tuple[str, str], ...] = ()  # (label, value) for "select"
    blank: str = "Not known"  # the empty choice of a select


@dataclass(frozen=True)
class FormRow:
    """Several short fields on one line (e.g. an amount and how much of it is met)."""

    label: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class Section:
    title: str


def field_widget(spec: FormField, value: str) -> Widget:
    if spec.kind == "text":
        return TextArea(value, id=spec.name, compact=True)
    if spec.kind == "select":
        known = {v for _, v in spec.options}
        return Select(list(spec.options), value=value if value in known else Select.NULL,
                      prompt=spec.blank, id=spec.name, compact=True)
    return Input(value, placeholder=spec.placeholder, id=spec.name, compact=True)


def widget_value(widget: Widget) -> str:
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    return widget.value


class SpecFormScreen(ShowsFullValues, Screen, Generic[T]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="specform.save"),
        Binding("escape", "cancel", "Cancel", id="specform.cancel"),
    ]

    def __init__(self, title: str, items: list, values: dict[str, str], *,
                 validate: Callable[[dict[str, str]], T], save: Callable[[T], bool],
                 focus: str | None = None, note: str = ""):
        super().__init__()
        self.form_title, self.items, self.initial = title, items, dict(values)
        self.validate, self.save, self.focus_name, self.note = validate, save, focus, note
        self.overwrite_conflicts = False  # set once the user was shown a conflict: ctrl+s again keeps mine

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self.form_title, id="form-title")
        with VerticalScroll(id="form-body"):
            if self.note:
                yield Static(self.note, classes="form-note")
            yield from self.compose_fields()
        yield Static("", id="form-status")
        yield Footer(compact=True)

    def compose_fields(self) -> ComposeResult:
        for item in self.items:
            if isinstance(item, Section):
                yield Static(item.title, classes="form-section")
            elif isinstance(item, FormRow):
                yield from self._row(item)
            else:
                yield from self._field(item)

    def _field(self, spec: FormField) -> ComposeResult:
        with Vertical(classes="field", id=f"field-{spec.name}"):
            with Horizontal(classes="field-row"):
                yield Label(spec.label, classes="field-label")
                yield field_widget(spec, self.initial.get(spec.name, ""))
            yield Static("", classes="field-error", id=f"error-{spec.name}")
            yield Static("", classes="field-full", id=f"full-{spec.name}")

    def _row(self, row: FormRow) -> ComposeResult:
        names = [f.name for f in row.fields]
        with Vertical(classes="field", id=f"field-{names[0]}"):
            with Horizontal(classes="field-row"):
                yield Label(row.label, classes="field-label")
                for n, spec in enumerate(row.fields):
                    if n:
                        yield Label(spec.label, classes="field-sublabel")
                    yield field_widget(spec, self.initial.get(spec.name, ""))
            for spec in row.fields:
                yield Static("", classes="field-error", id=f"error-{spec.name}")
            for spec in row.fields:
                yield Static("", classes="field-full", id=f"full-{spec.name}")

    def on_mount(self) -> None:
        for line in self.query(".field-error, .field-full"):
            line.display = False
        self.call_after_refresh(show_full_values, self)
        names = self.field_names()
        first = self.focus_name if self.focus_name in names else (names[0] if names else None)
        if first:
            widget = self.query_one(f"#{first}")
            widget.focus()
            self.call_after_refresh(self.query_one("#form-body").scroll_to_widget, widget, animate=False)

    @on(events.DescendantFocus)
    def _keep_focus_visible(self, event: events.DescendantFocus) -> None:
        """The focused field is scrolled into view once the layout has settled.

        Panes under the body (the call form's help line, a preview) may appear
        with the focus change and shrink the body; scrolling after that refresh
        keeps the field being typed into above them.
        """
        widget = event.widget
        field = next((a for a in widget.ancestors_with_self if a.has_class("field")), widget)
        body = self.query("#form-body")
        if body:
            self.call_after_refresh(lambda: widget.is_attached and body.first().scroll_to_widget(
                field, animate=False, immediate=True))

    # --- values and errors ---------------------------------------------------------------

    def field_names(self) -> list[str]:
        names = []
        for item in self.items:
            if isinstance(item, FormRow):
                names += [f.name for f in item.fields]
            elif isinstance(item, FormField):
                names.append(item.name)
        return names

    def values(self) -> dict[str, str]:
        return {name: widget_value(self.query_one(f"#{name}")) for name in self.field_names()}

    @property
    def dirty(self) -> bool:
        return any(value != self.initial.get(name, "") for name, value in self.values().items())

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def show_errors(self, errors: dict[str, str]) -> None:
        invalid_rows = set()
        for error in self.query(".field-error"):
            name = error.id.removeprefix("error-")
            error.update(f"✗ {errors[name]}" if name in errors else "")
            error.display = name in errors
            if name in errors and error.parent is not None:
                invalid_rows.add(error.parent)
        for row in self.query(".field"):
            row.set_class(row in invalid_rows, "invalid")
        status = self.query_one("#form-status", Static)
        if not errors:
            status.update("")
            return
        count = len(errors)
        status.update(f"Fix the {count} field{'s' if count > 1 else ''} marked ✗, then press ctrl+s. "
                      "Nothing was saved yet; what you typed is kept.")
        first = next((name for name in self.field_names() if name in errors), None)
        if first:
            widget = self.query_one(f"#{first}")
            widget.focus()
            self.query_one("#form-body").scroll_to_widget(widget, animate=False)

    def show_record_conflict(self, conflict: Exception) -> None:
        """Someone saved the same fields of this record meanwhile: say whose values, save nothing."""
        self.query_one("#form-status", Static).update(
            f"{conflict}. Nothing was saved. Press ctrl+s again to save yours over theirs, or esc to cancel.")
        self.overwrite_conflicts = True

    # --- actions --------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            result = self.validate(self.values())
        except InvalidFields as exc:
            self.show_errors(exc.errors)
            return
        self.show_errors({})
        try:
            saved = self.save(result)
        except InvalidFields as exc:  # valid here, but not against what someone else saved meanwhile
            self.show_errors(exc.errors)
            return
        if saved:
            self.dismiss(result)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed?", "Press n to keep editing.",
                                           yes="Discard", no="Keep editing"), answered)
