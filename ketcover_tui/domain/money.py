"""The money ledger: invoices, receipts and EOBs, their service lines, and what they add up to.

Amounts are ``Decimal`` (never float), stored as strings. Each kind of document
records what it is evidence of: an invoice what the clinic billed, a receipt
what the patient paid, an EOB what the plan allowed, paid, reimbursed and
applied to the deductible. Totals add each amount from the documents that
state it, so an invoice and the EOB for the same visit never count twice.
The entry form and typed service lines are read in ``money_forms``.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from .fields import date_or_none, decimal_or_none, decimal_text, format_money, money_text

KINDS = (("invoice", "Invoice"), ("receipt", "Receipt"), ("eob", "EOB"))
KIND_LABELS = dict(KINDS)
NETWORKS = (("in", "In network"), ("out", "Out of network"))
ZERO = Decimal("0.00")

# (field, label) of the amounts each kind of document states, in form order.
AMOUNTS = {
    "invoice": (("billed", "Billed"),),
    "receipt": (("paid_patient", "Paid by you"),),
    "eob": (("billed", "Billed"), ("allowed", "Allowed"), ("paid_plan", "Paid by plan (to the provider)"),
            ("reimbursed", "Reimbursed to you"), ("deductible", "Applied to deductible"),
            ("patient_share", "Your share (deductible + copay + coinsurance)")),
}
AMOUNT_FIELDS = ("billed", "allowed", "paid_patient", "paid_plan", "reimbursed", "deductible", "patient_share")


@dataclass
class ServiceLine:
    """One billed service: CMS-1500 item 24 (code and modifiers, units, charge, diagnosis pointers)."""

    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    charge: Decimal | None = None  # for all units of the line
    pointers: str = ""  # diagnosis letters A-L, e.g. "AB"
    on: date | None = None  # date of service when it differs from the document's

    def text(self) -> str:
        """The line as typed in the form (the inverse of money_forms.parse_line)."""
        parts = ["-".join((self.code, *self.modifiers)), f"x{self.units}"]
        if self.charge is not None:
            parts.append(money_text(self.charge))
        if self.pointers:
            parts.append(f"dx {self.pointers}")
        if self.on:
            parts.append(f"on {self.on}")
        return " ".join(parts)


@dataclass
class MoneyEntry:
    kind: str  # invoice / receipt / eob
    date_of_service: date
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    on: date | None = None  # date issued, paid or processed
    payee: str = ""  # who was paid or billed: the clinic, usually
    reference: str = ""  # invoice / receipt / claim number
    lines: list[ServiceLine] = field(default_factory=list)
    billed: Decimal | None = None
    allowed: Decimal | None = None
    paid_patient: Decimal | None = None
    paid_plan: Decimal | None = None
    reimbursed: Decimal | None = None
    deductible: Decimal | None = None
    patient_share: Decimal | None = None
    network: str = ""  # EOBs: in / out ("" = not stated)
    session_ids: list[str] = field(default_factory=list)
    notes: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def line_days(self) -> list[date]:
        return [line.on or self.date_of_service for line in self.lines]

    def headline_amount(self) -> str:
        """The amount that matters most for this kind: billed, paid, or what the plan did."""
        if self.kind == "receipt":
            return f"paid {format_money(self.paid_patient)}"
        if self.kind == "invoice":
            return f"billed {format_money(self.billed)}"
        parts = [f"allowed {format_money(self.allowed)}"]
        if self.paid_plan:
            parts.append(f"plan paid {format_money(self.paid_plan)}")
        if self.reimbursed:
            parts.append(f"reimbursed {format_money(self.reimbursed)}")
        return ", ".join(parts)


@dataclass
class BillingDetails:
    """What a superbill needs beyond the case's clinic, NPI and tax id (reference notes §3.3)."""

    patient_address: str = ""
    clinician: str = ""  # rendering provider's name and credentials, e.g. "Dana Reyes, MD"
    rendering_npi: str = ""  # Type 1 (individual); the case's NPI is used when empty
    group_npi: str = ""  # Type 2 (organisation), optional
    practice_address: str = ""  # physical location
    phone: str = ""
    license: str = ""  # license number
    license_state: str = ""
    place_of_service: str = "11"  # CMS-1500 24B; 11 = office
    ndc: str = ""  # 11-digit NDC of the ketamine product, for J3490
    drug_name: str = ""  # as it goes on the claim with J3490, e.g. "Ketamine HCl 50 mg/mL"
    # CMS-1500 items 3, 4 and 6, and who signs (item 31): what an insurer needs beyond §3.3's list.
    patient_sex: str = ""  # "F" | "M"
    insured_relationship: str = ""  # "self" | "spouse" | "child" | "other"
    insured_name: str = ""  # the policyholder, when not the patient
    signer: str = ""  # printed name of who signs; the clinician when empty

    def is_empty(self) -> bool:
        return self == BillingDetails()


@dataclass
class Ledger:
    entries: list[MoneyEntry] = field(default_factory=list)
    billing: BillingDetails = field(default_factory=BillingDetails)

    def is_empty(self) -> bool:
        return not self.entries and self.billing.is_empty()

    def sort(self) -> None:
        self.entries.sort(key=lambda e: (e.date_of_service, e.on or e.date_of_service))

    def find(self, entry_id: str) -> MoneyEntry:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)


# --- changes (each applied inside CaseStore.update) ------------------------------------------

def record_entry(ledger: Ledger, entry: MoneyEntry) -> None:
    ledger.entries = [e for e in ledger.entries if e.id != entry.id] + [entry]
    ledger.sort()


def delete_entry(ledger: Ledger, entry_id: str) -> MoneyEntry:
    entry = ledger.find(entry_id)
    ledger.entries.remove(entry)
    return entry


def unlink_session(ledger: Ledger, session_id: str) -> None:
    for entry in ledger.entries:
        if session_id in entry.session_ids:
            entry.session_ids.remove(session_id)


# --- totals and the plan's accumulators -------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    billed: Decimal  # invoices
    paid_by_you: Decimal  # receipts
    eob_billed: Decimal
    allowed: Decimal
    paid_by_plan: Decimal
    reimbursed: Decimal
    deductible: Decimal
    patient_share: Decimal
    counts: tuple[tuple[str, int], ...]

    @property
    def net_cost(self) -> Decimal:
        """What the patient is out of pocket: paid, less what the plan reimbursed."""
        return self.paid_by_you - self.reimbursed


def totals(ledger: Ledger) -> Totals:
    def add(kind: str, name: str) -> Decimal:
        return sum((getattr(e, name) or ZERO for e in ledger.entries if e.kind == kind), ZERO)

    counts = tuple((kind, sum(1 for e in ledger.entries if e.kind == kind)) for kind, _ in KINDS)
    return Totals(billed=add("invoice", "billed"), paid_by_you=add("receipt", "paid_patient"),
                  eob_billed=add("eob", "billed"), allowed=add("eob", "allowed"), paid_by_plan=add("eob", "paid_plan"),
                  reimbursed=add("eob", "reimbursed"), deductible=add("eob", "deductible"),
                  patient_share=add("eob", "patient_share"), counts=counts)


@dataclass(frozen=True)
class EobProgress:
    """One of the plan's accumulators next to what this case's EOBs add up to."""

    key: str  # the Benefits "met" fact, e.g. "ded_in_ind_met"
    label: str
    limit: Decimal | None
    plan_met: Decimal | None  # what the plan tab says (from the insurer, a call or the member portal)
    from_eobs: Decimal
    eobs: int

    @property
    def differs(self) -> bool:
        """Worth offering to copy: EOBs recorded, and their sum is not what the plan tab says."""
        return self.eobs > 0 and self.from_eobs != (self.plan_met or ZERO)


def eob_progress(ledger: Ledger, benefits) -> list[EobProgress]:
    """Individual deductible and out-of-pocket, in and out of network, from this plan year's EOBs.

    An EOB without a network counts as the plan's recorded network status; if
    that is unknown too, it is left out. ``from_eobs`` covers only the EOBs
    recorded here: the insurer's own total also counts other providers' claims.
    """
    start, end = benefits.plan_year_start, benefits.plan_year_end
    result = []
    for prefix, name, amount in (("ded", "Deductible", "deductible"), ("oop", "Out-of-pocket", "patient_share")):
        for net in ("in", "out"):
            chosen = [e for e in ledger.entries if e.kind == "eob" and (e.network or benefits.network_status) == net
                      and (start is None or e.date_of_service >= start) and (end is None or e.date_of_service <= end)]
            key = f"{prefix}_{net}_ind"
            limit = getattr(benefits, key)
            if limit is None and not chosen:
                continue
            result.append(EobProgress(
                key=f"{key}_met", label=f"{name}, {net}-network, individual", limit=limit,
                plan_met=getattr(benefits, f"{key}_met"),
                from_eobs=sum((getattr(e, amount) or ZERO for e in chosen), ZERO), eobs=len(chosen)))
    return result


def plan_updates(progress: list[EobProgress]) -> dict[str, str]:
    """The plan's "met" facts to set from EOBs (as form text, for benefits_from_form)."""
    return {p.key: money_text(p.from_eobs) for p in progress if p.differs}


# --- to and from JSON ---------------------------------------------------------------------------

def _line_to_dict(line: ServiceLine) -> dict:
    return {"code": line.code, "modifiers": list(line.modifiers), "units": line.units,
            "charge": decimal_text(line.charge), "pointers": line.pointers,
            "on": line.on.isoformat() if line.on else None}


def ledger_to_dict(ledger: Ledger) -> dict:
    return {
        "entries": [{
            "id": e.id, "kind": e.kind, "date_of_service": e.date_of_service.isoformat(),
            "on": e.on.isoformat() if e.on else None, "payee": e.payee, "reference": e.reference,
            "lines": [_line_to_dict(line) for line in e.lines], "network": e.network,
            "session_ids": list(e.session_ids), "notes": e.notes,
            **{name: decimal_text(getattr(e, name)) for name in AMOUNT_FIELDS},
        } for e in ledger.entries],
        "billing": {f.name: getattr(ledger.billing, f.name) for f in fields(BillingDetails)},
    }


def ledger_from_dict(data: object) -> Ledger:
    """Raises ValueError naming the first bad value (the case is then reported unreadable)."""
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    raw_entries = data.get("entries") or []
    if not isinstance(raw_entries, list) or not all(isinstance(e, dict) for e in raw_entries):
        raise ValueError("entries: expected a list of objects")
    entries = []
    for n, item in enumerate(raw_entries, start=1):
        kind = item.get("kind")
        if kind not in KIND_LABELS:
            raise ValueError(f"money entry {n}: unknown kind {kind!r}")
        dos = date_or_none(item.get("date_of_service"), what=f"money entry {n} date_of_service")
        if dos is None:
            raise ValueError(f"money entry {n}: no date of service")
        raw_lines = item.get("lines") or []
        if not isinstance(raw_lines, list) or not all(isinstance(x, dict) for x in raw_lines):
            raise ValueError(f"money entry {n}: lines must be a list of objects")
        lines = []
        for line in raw_lines:
            units = line.get("units")
            lines.append(ServiceLine(
                code=str(line.get("code") or ""), modifiers=tuple(str(m) for m in line.get("modifiers") or ()),
                units=units if isinstance(units, int) and units > 0 else 1,
                charge=decimal_or_none(line.get("charge"), what=f"money entry {n} line charge"),
                pointers=str(line.get("pointers") or ""),
                on=date_or_none(line.get("on"), what=f"money entry {n} line date")))
        sessions = item.get("session_ids") or []
        entries.append(MoneyEntry(
            kind=kind, date_of_service=dos, id=str(item.get("id") or uuid.uuid4().hex[:8]),
            on=date_or_none(item.get("on"), what=f"money entry {n} date"), payee=str(item.get("payee") or ""),
            reference=str(item.get("reference") or ""), lines=lines,
            network=item.get("network") if item.get("network") in ("in", "out") else "",
            session_ids=[str(s) for s in sessions] if isinstance(sessions, list) else [],
            notes=str(item.get("notes") or ""),
            **{name: decimal_or_none(item.get(name), what=f"money entry {n} {name}") for name in AMOUNT_FIELDS}))
    raw_billing = data.get("billing") or {}
    if not isinstance(raw_billing, dict):
        raise ValueError("billing: expected an object")
    billing = BillingDetails(**{f.name: str(raw_billing.get(f.name) or f.default) for f in fields(BillingDetails)})
    ledger = Ledger(entries=entries, billing=billing)
    ledger.sort()
    return ledger
