"""Prior-authorization requests, claims, denials and their appeals on a case.

Three record kinds share one small field-spec table (``appeal_records``), so a
single form, the store and the exports all handle them the same way. A denial
also records the appeal steps taken: from those the deadline engine computes
what is due next (``appeal_deadlines``, re-exported here: ``open_deadlines``).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal

from .appeal_deadlines import (claim_deadlines, deadline_index, denial_deadlines,  # noqa: F401
                               denial_stage, open_deadlines, pa_deadlines, record_deadlines_all)
from .appeal_records import (CHOICES, CLAIM_STATUSES, DENIAL_STATUSES, KIND_LABELS, KINDS, LISTS,  # noqa: F401
                             PA_DECISIONS, REASONS, SPECS, Appeals, Claim, Denial, PriorAuth)
from .fields import (InvalidFields, date_or_none, day_text, decimal_or_none, decimal_text, money_text, parse_day,
                     parse_money)
from .identifiers import fax_error
from .letter_log import letters_from_list, letters_to_list


def _choice_key(table: dict[str, str], text: str, label: str) -> str:
    raw = text.strip().casefold()
    for key, shown in table.items():
        if raw in (key, shown.casefold()) or (raw and shown.casefold().startswith(raw)):
            return key
    if raw in ("", "open", "pending", "submitted"):
        return ""
    options = ", ".join(v for v in table.values())
    raise ValueError(f"{label}: choose one of {options}")


def _bool(text: str, label: str) -> bool:
    raw = text.strip().casefold()
    if raw in ("", "n", "no", "false"):
        return False
    if raw in ("y", "yes", "true"):
        return True
    raise ValueError(f"{label}: answer yes or no")


def values_of(record) -> dict[str, str]:
    """A record as the text a form shows."""
    kind = kind_of(record)
    out = {}
    for name, _label, typ, _help in SPECS[kind]:
        value = getattr(record, name)
        if typ == "day":
            out[name] = day_text(value)
        elif typ == "money":
            out[name] = money_text(value)
        elif typ == "bool":
            out[name] = "yes" if value else "no"
        elif typ.startswith("choice:"):
            out[name] = CHOICES[typ[7:]].get(value, value) if value else ""
        else:
            out[name] = str(value)
    return out


def from_form(kind: str, values: dict[str, str], record=None):
    """Build (or update a copy of) a record from form text; InvalidFields names each bad field."""
    target = KINDS[kind]() if record is None else KINDS[kind](**{f.name: getattr(record, f.name)
                                                                  for f in fields(record)})
    errors: dict[str, str] = {}
    for name, label, typ, _help in SPECS[kind]:
        text = values.get(name, "")
        try:
            if typ == "day":
                value = parse_day(text, label=label)
            elif typ == "money":
                value = parse_money(text, label=label)
            elif typ == "bool":
                value = _bool(text, label)
            elif typ.startswith("choice:"):
                value = _choice_key(CHOICES[typ[7:]], text, label)
                if typ == "choice:reason" and not value:
                    value = "other"
            elif typ == "level":
                value = int(text.strip() or "1")
                if not 1 <= value <= 5:
                    raise ValueError
            else:
                value = text.strip() if typ != "long" else text.rstrip()
        except ValueError as exc:
            errors[name] = str(exc) or f"{label}: write a number from 1 to 5"
            continue
        setattr(target, name, value)
    if kind == "denial" and target.appeals_fax and (message := fax_error(target.appeals_fax)):
        errors["appeals_fax"] = message
    if kind == "denial" and not errors:
        if target.notice_date is None and target.received is None:
            errors["received"] = "Enter the date the notice arrived (or at least the date printed on it)"
    if not errors:
        errors = _order_errors(kind, target)
    if errors:
        raise InvalidFields(errors)
    return target


# (kind, earlier field, later field, message on the later field): dates that cannot come in the other order
ORDER = [
    ("denial", "notice_date", "received", "Received is before the notice date: check both dates"),
    ("denial", "final_notice_date", "final_denial_received",
     "Final decision received is before its date: check both dates"),
    ("denial", "appeal_filed", "appeal_received", "The plan received the appeal before it was sent: check both dates"),
    ("denial", "external_review_filed", "external_review_received",
     "The reviewer received it before it was sent: check both dates"),
    ("prior_auth", "submitted", "received_by_plan", "The plan received it before it was submitted: check both dates"),
    ("claim", "submitted", "received_by_plan", "The plan received it before it was submitted: check both dates"),
]


def _order_errors(kind: str, record) -> dict[str, str]:
    errors = {}
    for which, first, then, message in ORDER:
        if which != kind:
            continue
        earlier, later = getattr(record, first), getattr(record, then)
        if earlier and later and later < earlier:
            errors[then] = message
    return errors


def kind_of(record) -> str:
    for kind, cls in KINDS.items():
        if isinstance(record, cls):
            return kind
    raise TypeError(type(record).__name__)


def upsert(appeals: Appeals, record) -> None:
    items = getattr(appeals, LISTS[kind_of(record)])
    for index, existing in enumerate(items):
        if existing.id == record.id:
            items[index] = record
            return
    items.append(record)


def delete(appeals: Appeals, record_id: str) -> None:
    for name in LISTS.values():
        setattr(appeals, name, [r for r in getattr(appeals, name) if r.id != record_id])


def find(appeals: Appeals, record_id: str):
    for name in LISTS.values():
        for record in getattr(appeals, name):
            if record.id == record_id:
                return record
    raise KeyError(record_id)


# --- storage ------------------------------------------------------------------------

def _record_to_dict(record) -> dict:
    out = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = decimal_text(value)
        out[f.name] = value
    return out


def _record_from_dict(kind: str, raw: object):
    if not isinstance(raw, dict):
        raise ValueError(f"appeals: each {KIND_LABELS[kind].lower()} must be an object")
    cls = KINDS[kind]
    record = cls()
    types = {name: typ for name, _l, typ, _h in SPECS[kind]}
    for f in fields(cls):
        if f.name not in raw or raw[f.name] is None:
            continue
        value, typ = raw[f.name], types.get(f.name, "text")
        what = f"appeals {kind} {f.name}"
        if typ == "day":
            value = date_or_none(value, what=what)
        elif typ == "money":
            value = decimal_or_none(value, what=what)
        elif typ == "bool":
            value = bool(value)
        elif typ == "level":
            if not isinstance(value, int) or not 1 <= value <= 5:
                raise ValueError(f"{what}: expected 1 to 5")
        else:
            value = str(value)
        setattr(record, f.name, value)
    return record


def appeals_to_dict(appeals: Appeals) -> dict:
    out = {name: [_record_to_dict(r) for r in getattr(appeals, name)] for name in LISTS.values()}
    if appeals.letters:
        out["letters"] = letters_to_list(appeals.letters)
    return out


def appeals_from_dict(raw: object) -> Appeals:
    if not isinstance(raw, dict):
        raise ValueError("appeals: expected an object")
    appeals = Appeals()
    for kind, name in LISTS.items():
        items = raw.get(name) or []
        if not isinstance(items, list):
            raise ValueError(f"appeals: {name} must be a list")
        setattr(appeals, name, [_record_from_dict(kind, item) for item in items])
    appeals.letters = letters_from_list(raw.get("letters"))
    return appeals
