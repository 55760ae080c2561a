"""A funding source's input fields as a form, built from the source's declared fields.

One line per field (label, then the input); an error line appears under a bad
field. The focused field's help and labelled typical value show in
``#funding-help`` below the form. Plugins never draw anything themselves.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import DescendantFocus
from textual.message import Message

from ...domain.funding import FieldKind, FundingSource, InputField
from ..literal import Input, Label, Select, Static

YES, NO = "yes", "no"


def field_widget(f: InputField, text: str):
    """The input widget for one field, showing ``text``."""
    wid = f"field-{f.name}"
    if f.kind == FieldKind.CHOICE:
        values = [value for value, _ in f.choices]
        current = text if text in values else (f.default if f.default in values else values[0])
        return Select([(label, value) for value, label in f.choices], value=current, allow_blank=False,
                      id=wid, compact=True)
    if f.kind == FieldKind.FLAG:  # a yes/no Select reads clearly on 16-colour terminals, unlike a checkbox
        value = YES if text.strip().lower() in {"yes", "y", "true", "1", "on"} else NO
        return Select([("No", NO), ("Yes", YES)], value=value, allow_blank=False, id=wid, compact=True)
    return Input(text, placeholder=f.placeholder, id=wid, compact=True)


class FundingForm(VerticalScroll):
    """Draws ``source.fields``; ``values()`` gives back text for every field (hidden ones too)."""

    class Submitted(Message):
        """Enter was pressed on the last text field: run the source."""

    def __init__(self, source: FundingSource, values: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.source = source
        self.hidden = {f.name: values.get(f.name, f.default) for f in source.fields if f.hidden}
        self.initial = dict(values)

    @property
    def shown_fields(self) -> list[InputField]:
        return [f for f in self.source.fields if not f.hidden]

    def compose(self) -> ComposeResult:
        for f in self.shown_fields:
            with Vertical(classes="fund-field", id=f"row-{f.name}"):
                with Horizontal(classes="fund-field-row"):
                    yield Label(f.label + (" *" if f.required else ""), classes="fund-field-label")
                    yield field_widget(f, self.initial.get(f.name, f.default))
                yield Static("", classes="fund-field-error", id=f"error-{f.name}")

    def on_mount(self) -> None:
        for error in self.query(".fund-field-error"):
            error.display = False

    def values(self) -> dict[str, str]:
        values = dict(self.hidden)
        for f in self.shown_fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                values[f.name] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                values[f.name] = widget.value
        return values

    def set_hidden(self, values: dict[str, str]) -> None:
        self.hidden.update({k: v for k, v in values.items() if k in self.hidden})

    def reset_hidden(self) -> None:
        self.hidden = {f.name: f.default for f in self.source.fields if f.hidden}

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Mark bad fields; focus the first. Returns errors for fields the form does not show."""
        for f in self.shown_fields:
            error = self.query_one(f"#error-{f.name}", Static)
            error.update(f"✗ {errors[f.name]}" if f.name in errors else "")
            error.display = f.name in errors
            self.query_one(f"#row-{f.name}").set_class(f.name in errors, "invalid")
        first = next((f for f in self.shown_fields if f.name in errors), None)
        if first is not None:
            widget = self.query_one(f"#field-{first.name}")
            widget.focus()
            self.scroll_to_widget(widget, animate=False)
        shown = {f.name for f in self.shown_fields}
        return [message for name, message in errors.items() if name not in shown]

    def field_for(self, widget) -> InputField | None:
        name = (widget.id or "").removeprefix("field-")
        return next((f for f in self.shown_fields if f.name == name), None)

    def help_text(self, f: InputField | None) -> Text:
        text = Text()
        if f is None:
            return text
        text.append(f.label, style="bold")
        if f.help:
            text.append(f" — {f.help}")
        if f.hint:
            text.append(f"\nHint: {f.hint}", style="italic")
        return text

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        texts = [w for w in self.query(Input)]
        if texts and event.input is texts[-1]:
            self.post_message(self.Submitted())
        else:
            self.screen.focus_next()

    @on(DescendantFocus)
    def _focused(self, event: DescendantFocus) -> None:
        self.post_message(self.FieldFocused(self.field_for(event.widget)))

    class FieldFocused(Message):
        def __init__(self, field: InputField | None):
            self.field = field
            super().__init__()
