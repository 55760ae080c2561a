"""The form for a prior-authorization request, a claim or a denial (a SpecFormScreen)."""

from __future__ import annotations

from ...domain import appeals as ap
from ..case_updates import save_case_change
from .spec_form import FormField, SpecFormScreen

NOTES = {
    "denial": "Which date each rule counts from: employer and ACA plans, the day the notice arrived; Medicare "
              "and Medicare Advantage, 5 days after the notice's date (a later arrival only with proof); "
              "Medicaid managed care, the date printed on the notice (fair hearing: the date of the plan's "
              "decision); fee-for-service Medicaid, the day it was mailed. The plan's decision clocks count from "
              "the day the plan received your appeal: record it with its evidence. Add each step as it happens.",
    "prior_auth": "The plan's decision is due by a rule counted from the day the plan received the request "
                  "(record it, with its evidence; otherwise the day it was sent is assumed).",
    "claim": "Amounts in dollars; leave unknown ones empty. Employer and ACA plans decide a claim within 30 days "
             "of receiving it.",
}


def form_items(kind: str) -> list[FormField]:
    items = []
    for name, label, typ, help_text in ap.SPECS[kind]:
        if typ.startswith("choice:"):
            table = ap.CHOICES[typ[7:]]
            options = tuple((shown, shown) for key, shown in table.items() if key)
            blank = table.get("", "Not set")
            items.append(FormField(name, label, kind="select", options=options, blank=blank))
        elif typ == "bool":
            # "no" is the empty choice (a record says no until told yes): listed once, not twice
            items.append(FormField(name, label, kind="select", options=(("yes", "yes"),), blank="no"))
        else:
            items.append(FormField(name, label, help_text, kind="text" if typ == "long" else "input"))
    return items


def appeal_form(app, case, kind: str, original=None) -> SpecFormScreen:
    values = ap.values_of(original) if original is not None else ap.values_of(ap.KINDS[kind]())
    if original is None and kind == "denial":
        values["received"] = ""

    def save(record) -> bool:
        return save_case_change(app, case.id, lambda c: ap.upsert(c.appeals, record),
                                gone="It was deleted in another session.") is not None

    verb = "Edit" if original is not None else "New"
    return SpecFormScreen(f"{verb} {ap.KIND_LABELS[kind].lower()} · {case.patient.name}", form_items(kind), values,
                          validate=lambda v: ap.from_form(kind, v, original), save=save, note=NOTES[kind])
