"""Superbills for out-of-network reimbursement: built from the case, checked, turned into a Document.

Every field the reference notes list (§3.3) comes from the case: the patient,
the provider (clinic, NPI, tax id, plus the billing details on the Money tab),
the diagnoses with their pointer letters, and one line per billed service and
date of service. Lines come from the invoices for that day; without one, from
the receipts; without either, from the codes the journal session suggests
(which then have no charge, and the check says so). ``check`` lists everything
missing or invalid before anything is exported; ``journal_exports`` turns a
superbill into a Document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from . import coding
from .fields import MONEY_LIMIT
from .identifiers import icd10_error, npi_error, tax_id_error
from .journal import Session, dose_text
from .money import ZERO, MoneyEntry, ServiceLine
from .vocab import PlanType
from .billing_form import BILLING_FIELDS, address_error, billing_from_form, billing_values  # noqa: F401

POINTERS = "ABCDEFGHIJKL"  # CMS-1500 item 21: up to 12 diagnoses
SEXES = {"F": "Female", "M": "Male"}  # CMS-1500 item 3
IMPLAUSIBLE_CHARGE = 10_000  # dollars on one line: worth a second look
RELATIONSHIPS = {"self": "Self", "spouse": "Spouse", "child": "Child", "other": "Other"}  # item 6
ATTESTATION = ("I attest that the services listed above were provided to the patient named above on the dates "
               "shown, and that the charges are the amounts billed for them.")
SOURCES = (f"Fields: {coding.NOTES} §3.3 (Superbill) and §3.4 (CMS-1500); codes §1.1–1.3; "
           f"as of {coding.AS_OF}. Check the codes against the plan's own rules.")


@dataclass(frozen=True)
class Diagnosis:
    pointer: str
    code: str
    description: str


@dataclass
class SuperbillLine:
    on: date
    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    charge: Decimal | None = None
    pointers: str = ""
    pos: str = ""
    drug: str = ""  # J3490: drug name, dose and NDC
    source: str = ""  # "invoice" / "receipt" / "session"

    @property
    def description(self) -> str:
        return self.drug or coding.describe(self.code)


@dataclass
class Payment:
    on: date
    amount: Decimal
    reference: str = ""


@dataclass
class Superbill:
    start: date | None
    end: date | None
    patient: tuple[tuple[str, str], ...]  # (label, value) in print order
    provider: tuple[tuple[str, str], ...]
    diagnoses: list[Diagnosis]
    lines: list[SuperbillLine]
    payments: list[Payment]
    sessions: list[Session] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how suggested codes were chosen
    signer: str = ""  # printed name under the signature line

    @property
    def total_charges(self) -> Decimal:
        return sum((line.charge or ZERO for line in self.lines), ZERO)

    @property
    def amount_paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.total_charges - self.amount_paid

    def dates(self) -> list[date]:
        return sorted({line.on for line in self.lines})


@dataclass(frozen=True)
class Problem:
    where: str  # a short field name: "Patient address", "Line 2 (96366, 2026-03-02)"
    message: str
    blocking: bool = True

    def line(self) -> str:
        return f"{'✗' if self.blocking else '!'} {self.where}: {self.message}"


def _in_range(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _lines_by_day(entries: list[MoneyEntry], kind: str, start, end) -> dict[date, list[ServiceLine]]:
    days: dict[date, list[ServiceLine]] = {}
    for entry in entries:
        if entry.kind != kind:
            continue
        for line, day in zip(entry.lines, entry.line_days()):
            if _in_range(day, start, end):
                days.setdefault(day, []).append(line)
    return days


def billed_span(case) -> tuple[date, date] | None:
    """The first and last day an invoice or receipt charges for: a superbill's usual range, since a
    session without the clinic's invoice has no charge to claim yet. None when nothing is billed."""
    days = [day for entry in case.money.entries if entry.kind in ("invoice", "receipt") for day in entry.line_days()]
    return (min(days), max(days)) if days else None


def build(case, start: date | None = None, end: date | None = None) -> Superbill:
    """The superbill for the case's services from ``start`` to ``end`` (inclusive; None = open)."""
    journal, ledger, billing = case.journal, case.money, case.money.billing
    p, plan, prov = case.patient, case.plan, case.provider
    relationship = billing.insured_relationship
    insured = p.name if relationship == "self" else billing.insured_name
    patient = (("Name", p.name), ("Date of birth", p.date_of_birth.isoformat() if p.date_of_birth else ""),
               ("Sex", SEXES.get(billing.patient_sex, "")), ("Address", billing.patient_address),
               ("Insurer", plan.insurer), ("Member id", plan.member_id), ("Group id", plan.group_id),
               ("Insured's name", insured), ("Relationship to insured", RELATIONSHIPS.get(relationship, "")))
    license = " ".join(x for x in (billing.license, f"({billing.license_state})" if billing.license_state else "")
                       if x)
    provider = (("Rendering provider", billing.clinician), ("NPI (Type 1)", billing.rendering_npi or prov.npi),
                ("Group NPI (Type 2)", billing.group_npi), ("Practice", prov.clinic), ("Tax id (EIN)", prov.tax_id),
                ("Address", billing.practice_address), ("Phone", billing.phone), ("License", license))
    diagnoses = [Diagnosis(POINTERS[n], c.icd10, c.description) for n, c in enumerate(case.conditions[:12])]
    if len(case.conditions) > 12:
        diagnoses += [Diagnosis("", c.icd10, c.description) for c in case.conditions[12:]]
    sessions = [s for s in journal.sessions if _in_range(s.on, start, end)]
    by_source = {kind: _lines_by_day(ledger.entries, kind, start, end) for kind in ("invoice", "receipt")}
    medicare = case.plan.plan_type in (PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE)
    days = sorted(set(by_source["invoice"]) | set(by_source["receipt"]) | {s.on for s in sessions})
    lines: list[SuperbillLine] = []
    notes: list[str] = []
    # A line typed without pointers points at the case's diagnoses, primary first (CMS-1500 24E: up to 4).
    default_pointer = "".join(d.pointer for d in diagnoses if d.pointer)[:4]
    for day in days:
        day_sessions = [s for s in sessions if s.on == day]
        source = "invoice" if day in by_source["invoice"] else "receipt" if day in by_source["receipt"] else "session"
        if source == "session":
            raw: list[ServiceLine] = []
            for s in day_sessions:
                suggested, why = coding.suggested_lines(s, medicare=medicare)
                raw += suggested
                notes += [f"{day}: {w}" for w in why]
        else:
            raw = by_source[source][day]
        for line in raw:
            drug = ""
            if line.code == "J3490":
                drug = _drug_text(billing, day_sessions, journal.weight_kg)
            lines.append(SuperbillLine(on=day, code=line.code, modifiers=line.modifiers, units=line.units,
                                       charge=line.charge, pointers=line.pointers or default_pointer,
                                       pos=billing.place_of_service, drug=drug, source=source))
    payments = [Payment(e.on or e.date_of_service, e.paid_patient, e.reference) for e in ledger.entries
                if e.kind == "receipt" and e.paid_patient and _in_range(e.date_of_service, start, end)]
    return Superbill(start, end, patient, provider, diagnoses, lines, payments, sessions, notes,
                     signer=billing.signer or billing.clinician)


def _drug_text(billing, sessions: list[Session], weight) -> str:
    name = billing.drug_name or (sessions[0].drug_label if sessions else "")
    doses = "; ".join(d for s in sessions if (d := dose_text(s, weight)))
    ndc = ""
    if billing.ndc and not coding.ndc_error(billing.ndc):
        ndc = f"NDC N4 {coding.normalize_ndc(billing.ndc).replace('-', '')}"
    return ", ".join(x for x in (name, doses, ndc) if x)


# --- the check -----------------------------------------------------------------------------------

def check(sb: Superbill, case) -> list[Problem]:
    """Everything missing or invalid, blocking problems first. An empty list means ready to export."""
    problems: list[Problem] = []
    add = problems.append
    patient, provider = dict(sb.patient), dict(sb.provider)
    for label in ("Name", "Date of birth", "Address", "Member id"):
        if not patient[label].strip():
            add(Problem(f"Patient {label.lower()}", "missing" + (": add it in Billing details"
                                                              if label == "Address" else ": edit the case")))
    if not patient["Insurer"].strip():
        add(Problem("Insurer", "missing: edit the case"))
    _check_patient(sb, case, add)
    _check_provider(provider, case, add)
    _check_diagnoses(sb, add)
    if not sb.lines:
        span = f" from {sb.start or 'the first'} to {sb.end or 'the last'}" if sb.start or sb.end else ""
        add(Problem("Services", f"no sessions, invoices or receipts{span}: record the sessions (Journal tab) "
                                "or the clinic's invoice (Money tab)"))
    pos = case.money.billing.place_of_service.strip()
    if not pos.isdigit() or len(pos) != 2:
        add(Problem("Place of service", "a 2-digit code (box 24B), like 11 for an office: set it in Billing details"))
    elif pos not in coding.PLACES_OF_SERVICE:
        add(Problem("Place of service", f"{pos} is not one of the codes in the reference notes "
                                        f"({', '.join(coding.PLACES_OF_SERVICE)}): check it", blocking=False))
    _check_lines(sb, case, add)
    if sb.lines and not sb.payments:
        add(Problem("Amount paid", "no receipt in this period: the superbill will show $0.00 paid; record your "
                                   "receipts (Money tab, n) to be reimbursed", blocking=False))
    return sorted(problems, key=lambda p: not p.blocking)


def _check_patient(sb: Superbill, case, add) -> None:
    billing, patient = case.money.billing, dict(sb.patient)
    if patient["Address"].strip() and (message := address_error(patient["Address"])):
        add(Problem("Patient address", message))
    if not patient["Sex"]:
        add(Problem("Patient sex", "missing (CMS-1500 item 3): set it in Billing details"))
    if not billing.insured_relationship:
        add(Problem("Relationship to insured", "missing (item 6): self, spouse, child or other, in Billing details"))
    elif not patient["Insured's name"].strip():
        add(Problem("Insured's name", "the policyholder's name is missing (item 4): add it in Billing details"))
    if not (billing.signer or billing.clinician).strip():
        add(Problem("Signer", "the printed name of who signs is missing: add the clinician in Billing details"))


def _check_provider(provider: dict[str, str], case, add) -> None:
    billing = case.money.billing
    if not provider["Rendering provider"].strip() and not provider["Practice"].strip():
        add(Problem("Provider", "no clinician or practice name: add the clinician in Billing details"))
    elif not provider["Rendering provider"].strip():
        add(Problem("Rendering provider", "name and credentials of the clinician (like Dana Reyes, MD) are "
                                          "missing: add them in Billing details", blocking=False))
    npi = provider["NPI (Type 1)"]
    if not npi:
        add(Problem("NPI", "missing: the clinician's 10-digit Type 1 NPI (Billing details)"))
    elif message := npi_error(npi):
        add(Problem("NPI", message))
    elif npi.startswith("2"):
        add(Problem("NPI", "starts with 2, an organisation (Type 2) NPI: the superbill needs the clinician's "
                           "Type 1 NPI; put the organisation's under Group NPI", blocking=False))
    if billing.group_npi:
        if message := npi_error(billing.group_npi):
            add(Problem("Group NPI", message))
        elif not billing.group_npi.startswith("2"):
            add(Problem("Group NPI", "a group (Type 2) NPI starts with 2: check it", blocking=False))
    tax_id = provider["Tax id (EIN)"]
    if not tax_id:
        add(Problem("Tax id", "missing: the practice's 9-digit EIN: edit the case"))
    elif message := tax_id_error(tax_id):
        add(Problem("Tax id", message))
    for label in ("Address", "Phone"):
        if not provider[label].strip():
            add(Problem(f"Provider {label.lower()}", "missing: add it in Billing details"))
    if provider["Address"].strip() and (message := address_error(provider["Address"])):
        add(Problem("Provider address", message))
    if not billing.license.strip():
        add(Problem("License", "the clinician's license number and state are often requested: add them in "
                               "Billing details", blocking=False))


def _check_diagnoses(sb: Superbill, add) -> None:
    if not sb.diagnoses:
        add(Problem("Diagnoses", "no ICD-10-CM code on the case: edit the case and add one, like F33.2"))
    for d in sb.diagnoses:
        if not d.pointer:
            add(Problem(f"Diagnosis {d.code}", "a claim holds at most 12 diagnoses (A–L): remove one from the case"))
        elif message := icd10_error(d.code):  # the CMS list: billable, else the nearest valid codes
            add(Problem(f"Diagnosis {d.pointer}", message))


def _check_charge(where: str, line: SuperbillLine, add) -> None:
    if line.charge is None:
        add(Problem(where, "no charge: record the clinic's invoice or receipt for this day (Money tab, n) "
                           "with a charge on each line"))
    elif line.charge < 0:
        add(Problem(where, f"the charge {line.charge} is negative: a superbill lists what was charged; record a "
                           "refund as its own receipt"))
    elif line.charge >= MONEY_LIMIT or line.charge != line.charge.quantize(Decimal("0.01")):
        add(Problem(where, f"the charge {line.charge} is not an amount a form accepts (from $0 to under "
                           "$10,000,000, in cents): correct it on the invoice (Money tab)"))
    elif line.charge == 0:
        add(Problem(where, "the charge is $0.00: check the clinic's invoice", blocking=False))
    elif line.charge > IMPLAUSIBLE_CHARGE:
        add(Problem(where, f"a charge over ${IMPLAUSIBLE_CHARGE:,} for one line: check it (typical prices per "
                           "infusion are $300–$2,000, reference notes §5.1)", blocking=False))


def _check_lines(sb: Superbill, case, add) -> None:
    billing = case.money.billing
    medicare = case.plan.plan_type in (PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE)
    letters = {d.pointer for d in sb.diagnoses if d.pointer}
    sessions_by_day: dict[date, list[Session]] = {}
    for s in sb.sessions:
        sessions_by_day.setdefault(s.on, []).append(s)
    codes_by_day: dict[date, set[str]] = {}
    for line in sb.lines:
        codes_by_day.setdefault(line.on, set()).add(line.code)
    for n, line in enumerate(sb.lines, start=1):
        where = f"Line {n} ({line.code}, {line.on})"
        day_sessions = sessions_by_day.get(line.on, [])
        if wrong := coding.WRONG_CODES.get(line.code):
            add(Problem(where, wrong[0]))
        if not coding.CODES.get(line.code) and line.code not in coding.WRONG_CODES:
            add(Problem(where, "not a code in the reference notes: check it against the clinic's invoice",
                        blocking=False))
        elif (info := coding.CODES.get(line.code)) and info.confidence == "UNVERIFIED":
            add(Problem(where, f"{line.code} is UNVERIFIED in the reference notes: confirm it with the clinic",
                        blocking=False))
        _check_charge(where, line, add)
        if line.code in ("G2082", "G2083") and medicare and "KX" not in line.modifiers:
            add(Problem(where, "Medicare: append modifier KX to show REMS enrollment (CGS; reference notes "
                               "§1.2)", blocking=False))
        if bad := [p for p in line.pointers if p not in letters]:
            add(Problem(where, f"diagnosis pointer {bad[0]} has no diagnosis (the case has "
                               f"{', '.join(sorted(letters)) or 'none'})"))
        if line.code == "96366" and "96365" not in codes_by_day[line.on]:
            add(Problem(where, "+96366 is an add-on: it needs 96365 (the initial hour) on the same day"))
        minutes = [s.duration_min for s in day_sessions if s.duration_min is not None]
        if line.code in coding.INFUSION_CODES and day_sessions and not minutes:
            add(Problem(where, "no start and stop times in the journal for this day: insurers need them "
                               "documented for infusion codes", blocking=False))
        if line.code == "96365" and minutes and max(minutes) <= 15:
            add(Problem(where, f"the infusion ran {max(minutes)} min: 15 minutes or less is IV push 96374"))
        if line.code == "96366" and minutes and max(minutes) <= 90:
            add(Problem(where, f"the infusion ran {max(minutes)} min: an additional hour needs more than 90 "
                               "minutes in all (CPT time rule, MED confidence)", blocking=False))
        if line.code == "J3490":
            _check_j3490(where, day_sessions, billing, add)
        if line.code in ("G2082", "G2083"):
            doses = [s.dose_mg for s in day_sessions if s.dose_mg is not None]
            if doses and line.code == "G2082" and max(doses) > coding.ESKETAMINE_LOW_MAX_MG:
                add(Problem(where, f"{max(doses)} mg is more than 56 mg: that is G2083"))
            if doses and line.code == "G2083" and max(doses) <= coding.ESKETAMINE_LOW_MAX_MG:
                add(Problem(where, f"{max(doses)} mg is 56 mg or less: that is G2082"))
    if any(line.code == "J3490" for line in sb.lines):  # one NDC for every J3490 line
        if not billing.ndc:
            add(Problem("NDC", "J3490 needs the drug's 11-digit NDC (from the vial or the clinic): add it in "
                               "Billing details"))
        elif message := coding.ndc_error(billing.ndc):
            add(Problem("NDC", message))
        elif coding.normalize_ndc(billing.ndc).startswith("00000"):
            add(Problem("NDC", f"{billing.ndc} is a placeholder (no labeler has code 00000): copy the 11-digit "
                               "NDC from the vial's label into Billing details"))
    if any(len(line.pointers) > 4 for line in sb.lines):
        add(Problem("Diagnosis pointers", "a service line points at up to 4 diagnoses (CMS-1500 24E): choose "
                                          "them on the invoice's lines", blocking=False))


def _check_j3490(where: str, day_sessions: list[Session], billing, add) -> None:
    if not any(s.dose_mg is not None for s in day_sessions):
        add(Problem(where, "J3490 needs the dose: record the session with its dose in the journal"))
    if not billing.drug_name and not day_sessions:
        add(Problem(where, "J3490 needs the drug name: add it in Billing details (like Ketamine HCl 50 mg/mL)"))
