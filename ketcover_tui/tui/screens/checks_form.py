"""A data-described form (``SpecFormScreen``) that also has tick lists: side effects, linked sessions.

A ``FormField`` with ``kind="checks"`` shows its ``options`` as a list you tick
with space (Tab reaches it like any field); its value is the ticked option values joined by commas, so the
domain parses it like any other text field.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from ..literal import Label, SelectionList, Static
from ..widgets.tick_list import TickList

from .spec_form import FormField, FormRow, SpecFormScreen, widget_value


class ChecksFormScreen(SpecFormScreen):
    def _field(self, spec: FormField) -> ComposeResult:
        if spec.kind != "checks":
            yield from super()._field(spec)
            return
        ticked = set(filter(None, self.initial.get(spec.name, "").split(",")))
        with Vertical(classes="field checks-field", id=f"field-{spec.name}"):
            with Horizontal(classes="field-row"):
                yield Label(spec.label, classes="field-label")
                if spec.options:
                    yield TickList(*[(label, value, value in ticked) for label, value in spec.options],
                                   id=spec.name, compact=True)
                else:
                    yield Static(spec.placeholder or "Nothing to choose from yet.", classes="checks-empty",
                                 id=spec.name)
            yield Static("", classes="field-error", id=f"error-{spec.name}")

    def _checks(self) -> set[str]:
        names = set()
        for item in self.items:
            fields = item.fields if isinstance(item, FormRow) else (item,) if isinstance(item, FormField) else ()
            names |= {f.name for f in fields if f.kind == "checks"}
        return names

    def values(self) -> dict[str, str]:
        checks = self._checks()
        values = {}
        for name in self.field_names():
            widget = self.query_one(f"#{name}")
            if name in checks:
                values[name] = ",".join(widget.selected) if isinstance(widget, SelectionList) else ""
            else:
                values[name] = widget_value(widget)
        return values

    @property
    def dirty(self) -> bool:
        def norm(name: str, value: str) -> str:
            return ",".join(sorted(filter(None, value.split(",")))) if name in self._checks() else value

        return any(norm(k, v) != norm(k, self.initial.get(k, "")) for k, v in self.values().items())
