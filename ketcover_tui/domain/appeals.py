"""Prior-authorization requests, claims, denials and their appeals on a case.

Three record kinds share one small field-spec table, so a single form, the
store and the exports all handle them the same way. A denial also records the
appeal steps taken (filed, final denial, external review): from those the
deadline engine computes what is due next (``open_deadlines``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from . import deadlines as dl
from .fields import (InvalidFields, date_or_none, day_text, decimal_or_none, decimal_text, format_money,
                     money_text, one_line, parse_day, parse_money)
from .identifiers import fax_error
from .vocab import PlanType

REASONS = {
    "medical_necessity": "Medical necessity",
    "experimental": "Experimental / investigational",
    "no_prior_auth": "Prior authorization missing",
    "not_covered": "Benefit not covered",
    "out_of_network": "Out of network",
    "step_therapy": "Step therapy",
    "timely_filing": "Timely filing",
    "coding_error": "Coding error",
    "other": "Other",
}
PA_DECISIONS = {"": "pending", "approved": "approved", "partial": "partly approved", "denied": "denied",
                "withdrawn": "withdrawn"}
CLAIM_STATUSES = {"": "submitted", "pending": "pending", "paid": "paid", "partial": "partly paid",
                  "denied": "denied", "appealed": "appealed"}
DENIAL_STATUSES = {"": "open", "won": "overturned (won)", "lost": "upheld, closed", "closed": "closed"}


def _new_id() -> str:
    return uuid.uuid4().hex[:8]


@dataclass
class PriorAuth:
    codes: str = ""  # CPT/HCPCS requested, e.g. "96365, J3490"
    submitted: date | None = None
    urgent: bool = False
    decision_due: date | None = None  # what the plan said; the rule's date is computed too
    decision: str = ""  # key of PA_DECISIONS
    decided: date | None = None
    auth_number: str = ""
    units_approved: str = ""
    valid_until: date | None = None
    notes: str = ""
    id: str = field(default_factory=_new_id)

    def headline(self) -> str:
        return f"PA {self.codes or '(codes?)'} · {PA_DECISIONS.get(self.decision, self.decision)}"


@dataclass
class Claim:
    claim_number: str = ""
    submitted: date | None = None
    service_dates: str = ""
    billed: Decimal | None = None
    allowed: Decimal | None = None
    paid: Decimal | None = None
    patient_owes: Decimal | None = None
    status: str = ""  # key of CLAIM_STATUSES
    eob_received: date | None = None
    notes: str = ""
    id: str = field(default_factory=_new_id)

    def headline(self) -> str:
        return (f"Claim {self.claim_number or '(no number)'} · {format_money(self.billed)} · "
                f"{CLAIM_STATUSES.get(self.status, self.status)}")


@dataclass
class Denial:
    notice_date: date | None = None
    received: date | None = None
    reason: str = "medical_necessity"  # key of REASONS
    quoted: str = ""  # the denial text, quoted exactly
    reference: str = ""  # claim or reference number
    urgent: bool = False
    post_service: bool = False
    # Appeal steps taken; the deadline engine works from these.
    appeal_filed: date | None = None
    final_denial_received: date | None = None
    external_review_filed: date | None = None
    level: int = 1  # Medicare: the appeal level being filed or decided (1–5)
    status: str = ""  # key of DENIAL_STATUSES; "" = open
    notes: str = ""
    id: str = field(default_factory=_new_id)
    appeals_fax: str = ""  # where the notice says to send an appeal (fax cover sheet, mail cover letter)
    appeals_address: str = ""

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def open(self) -> bool:
        return self.status == ""

    def headline(self) -> str:
        when = day_text(self.received or self.notice_date) or "(date?)"
        return f"Denial {when} · {self.reason_label}" + (f" · {self.reference}" if self.reference else "")

    def stage(self) -> tuple[dl.Event, date] | None:
        """The latest step taken and its date: what the next deadlines follow from."""
        steps = [(dl.Event.EXTERNAL_REVIEW_FILED, self.external_review_filed),
                 (dl.Event.FINAL_DENIAL_RECEIVED, self.final_denial_received),
                 (dl.Event.APPEAL_FILED, self.appeal_filed),
                 (dl.Event.DENIAL_RECEIVED, self.received)]
        for event, day in steps:
            if day is not None:
                return event, day
        return None


@dataclass
class Appeals:
    prior_auths: list[PriorAuth] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.prior_auths or self.claims or self.denials)


KINDS = {"prior_auth": PriorAuth, "claim": Claim, "denial": Denial}
LISTS = {"prior_auth": "prior_auths", "claim": "claims", "denial": "denials"}
KIND_LABELS = {"prior_auth": "Prior authorization", "claim": "Claim", "denial": "Denial"}

# Form/spec: kind -> [(field name, label, type, help)]. Types: text, long, day, money, bool, choice:<table>, level
SPECS: dict[str, list[tuple[str, str, str, str]]] = {
    "prior_auth": [
        ("codes", "Codes requested", "text", "CPT/HCPCS, e.g. 96365, J3490"),
        ("submitted", "Submitted", "day", "YYYY-MM-DD"),
        ("urgent", "Urgent", "bool", "yes / no"),
        ("decision_due", "Decision due (as told)", "day", "YYYY-MM-DD; the rule's date is computed too"),
        ("decision", "Decision", "choice:pa", "pending, approved, partial, denied, withdrawn"),
        ("decided", "Decided on", "day", "YYYY-MM-DD"),
        ("auth_number", "Authorization number", "text", ""),
        ("units_approved", "Units approved", "text", "e.g. 6 infusions"),
        ("valid_until", "Valid until", "day", "YYYY-MM-DD"),
        ("notes", "Notes", "long", ""),
    ],
    "claim": [
        ("claim_number", "Claim number", "text", ""),
        ("submitted", "Submitted", "day", "YYYY-MM-DD"),
        ("service_dates", "Dates of service", "text", "e.g. 2026-02-02, 2026-02-04"),
        ("billed", "Billed", "money", "$"),
        ("allowed", "Allowed", "money", "$"),
        ("paid", "Paid by plan", "money", "$"),
        ("patient_owes", "Patient owes", "money", "$"),
        ("status", "Status", "choice:claim", "submitted, pending, paid, partial, denied, appealed"),
        ("eob_received", "EOB received", "day", "YYYY-MM-DD"),
        ("notes", "Notes", "long", ""),
    ],
    "denial": [
        ("notice_date", "Notice dated", "day", "the date printed on the notice"),
        ("received", "Received", "day", "the day it arrived: deadlines count from here"),
        ("reason", "Reason", "choice:reason", ", ".join(REASONS)),
        ("quoted", "Denial text (quoted exactly)", "long", "copy the reason word for word"),
        ("reference", "Claim / reference number", "text", ""),
        ("urgent", "Urgent", "bool", "yes if waiting could seriously harm health"),
        ("post_service", "Post-service", "bool", "yes if the care was already given"),
        ("appeal_filed", "Appeal filed", "day", "YYYY-MM-DD"),
        ("final_denial_received", "Final internal denial received", "day", "YYYY-MM-DD"),
        ("external_review_filed", "External review filed", "day", "YYYY-MM-DD"),
        ("level", "Medicare appeal level", "level", "1–5 (Medicare only)"),
        ("status", "Status", "choice:denial", "open, won, lost, closed"),
        ("notes", "Notes", "long", ""),
        ("appeals_fax", "Appeals fax (on the notice)", "text", "where the notice says to fax an appeal"),
        ("appeals_address", "Appeals mailing address", "long", "as printed on the notice, one line each"),
    ],
}
CHOICES = {"pa": PA_DECISIONS, "claim": CLAIM_STATUSES, "reason": REASONS, "denial": DENIAL_STATUSES}


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
        elif target.notice_date and target.received and target.received < target.notice_date:
            errors["received"] = "Received is before the notice date: check both dates"
    if errors:
        raise InvalidFields(errors)
    return target


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


# --- deadlines ---------------------------------------------------------------------

def denial_deadlines(plan_type: PlanType | None, denial: Denial) -> list[dl.Deadline]:
    """What is due next on an open denial, from its latest step. Raises dl.NoRules."""
    if not denial.open:
        return []
    stage = denial.stage()
    if stage is None:
        if denial.notice_date is None:
            return []
        # Only the notice date is known: Medicare presumes receipt 5 days later; other
        # plans count from the notice date (the earliest, safest reading).
        medicare = plan_type in (PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE)
        return dl.compute(plan_type, dl.Event.DENIAL_RECEIVED, None if medicare else denial.notice_date,
                          urgent=denial.urgent, post_service=denial.post_service, level=denial.level,
                          notice_dated=denial.notice_date)
    event, day = stage
    return dl.compute(plan_type, event, day, urgent=denial.urgent, post_service=denial.post_service,
                      level=denial.level, notice_dated=denial.notice_date)


def pa_deadlines(plan_type: PlanType | None, pa: PriorAuth) -> list[dl.Deadline]:
    if pa.decision or pa.submitted is None:
        return []
    return dl.compute(plan_type, dl.Event.PA_SUBMITTED, pa.submitted, urgent=pa.urgent)


def open_deadlines(plan_type: PlanType | None, appeals: Appeals) -> tuple[list[tuple], list[str]]:
    """Every open deadline as (Deadline, record), earliest first, plus messages for records without rules."""
    found: list[tuple] = []
    problems: list[str] = []
    pairs = [(pa_deadlines, pa) for pa in appeals.prior_auths] + [(denial_deadlines, d) for d in appeals.denials]
    for compute, record in pairs:
        try:
            found += [(deadline, record) for deadline in compute(plan_type, record)]
        except dl.NoRules as exc:
            if str(exc) not in problems:
                problems.append(str(exc))
    found.sort(key=lambda pair: (pair[0].day, pair[0].due_text()))
    return found, problems


MAX_INDEXED = 5


def deadline_index(plan_type: PlanType | None, appeals: Appeals) -> tuple[tuple[str, str, str], ...]:
    """Open deadlines as (due YYYY-MM-DD, record id, short label) for the case index / Due panel."""
    found, _ = open_deadlines(plan_type, appeals)
    items = [(d.day.isoformat(), record.id, one_line(("⚠ " if d.check_this else "") + d.what, 48))
             for d, record in found]
    return tuple(items[:MAX_INDEXED])


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
    return {name: [_record_to_dict(r) for r in getattr(appeals, name)] for name in LISTS.values()}


def appeals_from_dict(raw: object) -> Appeals:
    if not isinstance(raw, dict):
        raise ValueError("appeals: expected an object")
    appeals = Appeals()
    for kind, name in LISTS.items():
        items = raw.get(name) or []
        if not isinstance(items, list):
            raise ValueError(f"appeals: {name} must be a list")
        setattr(appeals, name, [_record_from_dict(kind, item) for item in items])
    return appeals
