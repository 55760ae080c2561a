"""Record that a kept letter was sent (when, how, to whom, the confirmation) and that the plan received it.

The received date (with its evidence) is written on the letter's record, the
denial's "Plan received the appeal": the deadline engine counts the plan's
decision from there. Forms are ``SpecFormScreen``s: every field is checked and
a bad one keeps the form open with what was typed.
"""

from __future__ import annotations

import copy

from ...domain import clock
from ...domain import letter_log as ll
from ...domain.fields import InvalidFields, parse_day
from ..case_updates import save_case_change

HOW_OPTIONS = tuple((label.capitalize(), key) for key, label in ll.HOW.items())


def _day(text: str, label: str, errors: dict, name: str):
    try:
        value = parse_day(text, label=label)
    except ValueError as exc:
        errors[name] = str(exc)
        return None
    if value is None:
        errors[name] = f"{label}: enter the date, YYYY-MM-DD"
    return value


def _where(case, how: str) -> str:
    from ...documents.routing import appeal_destination

    if not case.appeals.denials:
        return ""
    where = appeal_destination(case)
    return where.fax if how == "fax" else ", ".join(where.address) if how == "mail" else where.portal


def sent_form(app, case, letter):
    from .spec_form import FormField, SpecFormScreen

    latest = letter.latest.number if letter.latest else 1
    values = {"version": str(latest), "on": clock.today().isoformat(), "how": "fax", "to": _where(case, "fax"),
              "tracking": ""}

    def validate(v: dict[str, str]) -> dict:
        errors: dict[str, str] = {}
        on = _day(v["on"], "Sent on", errors, "on")
        if not v["version"].strip().isdigit():
            errors["version"] = "Version: a number, like 1"
        if errors:
            raise InvalidFields(errors)
        args = dict(version=int(v["version"]), on=on, how=v["how"] or "", to=v["to"], tracking=v["tracking"],
                    today=clock.today())
        ll.mark_sent(copy.deepcopy(case.appeals), letter.id, **args)  # every check, before anything is written
        return args

    def save(args: dict) -> bool:
        return save_case_change(app, case.id, lambda c: ll.mark_sent(c.appeals, letter.id, **args),
                                gone="The letter was deleted in another session.") is not None

    return SpecFormScreen(f"Sent: {letter.title} · {case.patient.name}", [
        FormField("version", "Version sent", "the version number"),
        FormField("on", "Sent on", "YYYY-MM-DD"),
        FormField("how", "How", kind="select", options=HOW_OPTIONS, blank="Choose"),
        FormField("to", "To", "the fax number, address or portal it went to"),
        FormField("tracking", "Confirmation", "fax confirmation, tracking or portal number"),
    ], values, validate=validate, save=save,
        note="Recorded with the letter. An appeal's “Appeal sent” date is set from it when still empty.")


def received_form(app, case, letter):
    from .spec_form import FormField, SpecFormScreen

    got, evidence = ll.received(case.appeals, letter)
    values = {"on": got.isoformat() if got else "", "evidence": evidence}

    def validate(v: dict[str, str]) -> dict:
        errors: dict[str, str] = {}
        on = _day(v["on"], "Received on", errors, "on")
        if errors:
            raise InvalidFields(errors)
        args = dict(on=on, evidence=v["evidence"], today=clock.today())
        ll.mark_received(copy.deepcopy(case.appeals), letter.id, **args)
        return args

    def save(args: dict) -> bool:
        return save_case_change(app, case.id, lambda c: ll.mark_received(c.appeals, letter.id, **args),
                                gone="The letter was deleted in another session.") is not None

    clock_note = ("The plan's decision is counted from this day (the denial's “Plan received the appeal”)."
                  if letter.files else "Kept with the letter's sending.")
    return SpecFormScreen(f"Received by the plan: {letter.title} · {case.patient.name}", [
        FormField("on", "Received on", "YYYY-MM-DD"),
        FormField("evidence", "Evidence", "fax confirmation, delivery tracking, portal receipt"),
    ], values, validate=validate, save=save, note=clock_note)
