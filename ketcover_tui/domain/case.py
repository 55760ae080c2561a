"""The case: one patient's fight to get treatment paid for.

Plain dataclasses plus the case form: its text fields read back (with a message
per bad field) and a three-way merge of an edit with what is saved. The case to
and from a JSON-ready dict (for the store and for import/export) is in
``case_json``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from . import clock
from .identifiers import (
    icd10_error,
    normalize_icd10,
    normalize_npi,
    normalize_tax_id,
    npi_error,
    tax_id_error,
)
from .summary import CaseSummary  # noqa: F401  (defined apart so start-up need not import all of this)
from .vocab import US_STATES, PlanType, Stage
from .funding_plan import FundingPlan
from .benefits import Benefits
from .calls import CallEntry, follow_up_index
from .providers import ProviderSearch
from .journal import Journal
from .money import Ledger
from .appeals import Appeals, deadline_index


class InvalidCase(ValueError):
    """Raised with every problem found, keyed by field name, so a form can show each one."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


@dataclass
class Condition:
    icd10: str
    description: str = ""


@dataclass
class Patient:
    name: str
    date_of_birth: date | None = None
    state: str = ""


@dataclass
class Plan:
    insurer: str = ""
    plan_type: PlanType | None = None
    member_id: str = ""
    group_id: str = ""


@dataclass
class Provider:
    clinic: str = ""
    npi: str = ""
    tax_id: str = ""


@dataclass
class ChecklistTick:
    """A ticked (or un-ticked, with a note) checklist item on a case."""

    done: bool
    note: str = ""
    at: str = ""  # ISO timestamp (UTC)
    by: str = ""  # OS user name


@dataclass
class Case:
    patient: Patient
    id: str = field(default_factory=lambda: new_case_id())
    conditions: list[Condition] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)
    provider: Provider = field(default_factory=Provider)
    stage: Stage = Stage.RESEARCHING
    notes: str = ""
    created: str = ""
    updated: str = ""
    updated_by: str = ""
    demo: bool = False  # synthetic demo data (``ketcover demo``), marked in the list; never a real patient
    checklist: dict[str, ChecklistTick] = field(default_factory=dict)
    # Cost estimate, funding options being pursued, and remembered funding-form values.
    funding: FundingPlan = field(default_factory=FundingPlan)
    # The plan's SBC facts, candidate clinics (one chosen), and the call log.
    benefits: Benefits = field(default_factory=Benefits)
    provider_search: ProviderSearch = field(default_factory=ProviderSearch)
    calls: list[CallEntry] = field(default_factory=list)
    # Treatment sessions, prior treatments and symptom scores; invoices, receipts, EOBs and superbill details.
    journal: Journal = field(default_factory=Journal)
    money: Ledger = field(default_factory=Ledger)
    # Prior-authorization requests, claims and denials (with their appeal steps).
    appeals: Appeals = field(default_factory=Appeals)
    # Documents attached to the case (the files are in the case's documents folder).
    documents: list = field(default_factory=list)
    # Every export of the case: who wrote which document to which file, when (domain/export_log.py).
    exports: list = field(default_factory=list)
    # "section:record id" -> {by, at, section, rev}: who changed each record last (set by the store).
    record_stamps: dict = field(default_factory=dict)
    # Counts the saves of this case (set by the store): "is what I show still current", and the
    # order of "Last changes", without trusting anyone's clock or a one-second timestamp.
    revision: int = 0
    # Sections this version does not know (written by a newer ketcover or a plugin):
    # kept as they are and written back, so nothing is lost on a shared data folder.
    extra: dict = field(default_factory=dict)

    def tick(self, item_id: str, done: bool, note: str | None = None, *, by: str = "") -> None:
        """Record a checklist item as done or not; keeps the old note unless a new one is given."""
        previous = self.checklist.get(item_id)
        kept_note = previous.note if previous and note is None else (note or "")
        self.checklist[item_id] = ChecklistTick(done=done, note=kept_note, at=now_iso(), by=by)

    def summary(self) -> "CaseSummary":
        return CaseSummary(
            id=self.id,
            patient=self.patient.name,
            insurer=self.plan.insurer,
            plan_type=self.plan.plan_type.label if self.plan.plan_type else "",
            stage=self.stage.label,
            updated=self.updated,
            follow_ups=follow_up_index(self.calls),
            deadlines=deadline_index(self.plan.plan_type, self.appeals),
            demo=self.demo,
        )


def new_case_id() -> str:
    return uuid.uuid4().hex[:10]


def now_iso() -> str:
    return clock.now_iso()


# --- From a form -----------------------------------------------------------------

FORM_FIELDS = (
    "patient_name", "date_of_birth", "state", "conditions",
    "insurer", "plan_type", "member_id", "group_id",
    "clinic", "npi", "tax_id", "stage", "notes",
)


def parse_date(text: str, *, field_label: str = "Date") -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
            raise ValueError(f"{field_label} {text} does not exist: check the month and the day") from None
        raise ValueError(f"{field_label} must be a date written YYYY-MM-DD, like 1984-03-07") from None


def parse_conditions(text: str) -> tuple[list[Condition], str | None]:
    """Parse 'F33.2 Major depression, recurrent; F41.1' into conditions.

    ';' (or a new line) separates conditions, and each must start with its code.
    Within one, a piece after a comma whose first word holds a digit starts a new
    condition too; other pieces belong to the description, which may hold commas.
    An error names the bad part.
    """
    conditions: list[Condition] = []
    for part in (p.strip() for p in text.replace("\n", ";").split(";")):
        if not part:
            continue
        for n, chunk in enumerate(piece.strip() for piece in part.split(",")):
            if not chunk:
                continue
            code, _, description = chunk.partition(" ")
            if not any(ch.isdigit() for ch in code):
                if n == 0 or not conditions:
                    return [], f"Start each condition with its ICD-10-CM code, like F33.2 (not {chunk!r})"
                previous = conditions[-1]
                previous.description = f"{previous.description}, {chunk}" if previous.description else chunk
                continue
            if error := icd10_error(code):
                return [], error
            conditions.append(Condition(icd10=normalize_icd10(code), description=description.strip()))
    return conditions, None


def conditions_text(conditions: list[Condition]) -> str:
    return "; ".join(f"{c.icd10} {c.description}".strip() for c in conditions)


def form_values(case: Case) -> dict[str, str]:
    """A case as the text a form shows (the inverse of apply_form)."""
    return {
        "patient_name": case.patient.name,
        "date_of_birth": case.patient.date_of_birth.isoformat() if case.patient.date_of_birth else "",
        "state": case.patient.state,
        "conditions": conditions_text(case.conditions),
        "insurer": case.plan.insurer,
        "plan_type": case.plan.plan_type.value if case.plan.plan_type else "",
        "member_id": case.plan.member_id,
        "group_id": case.plan.group_id,
        "clinic": case.provider.clinic,
        "npi": case.provider.npi,
        "tax_id": case.provider.tax_id,
        "stage": case.stage.value,
        "notes": case.notes,
    }


def merge_edit(initial: dict[str, str], mine: dict[str, str], current: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Three-way merge of a form edit with what is on disk now.

    ``initial`` is what the form showed, ``mine`` what the user typed, ``current``
    the case as saved since (maybe by someone else). Fields only I changed take
    my value; fields only they changed keep theirs; fields we both changed
    differently are conflicts (returned, in form order).
    """
    merged = dict(current)
    conflicts = []
    for name in FORM_FIELDS:
        if mine.get(name, "") == initial.get(name, ""):
            continue
        if current.get(name, "") not in (initial.get(name, ""), mine.get(name, "")):
            conflicts.append(name)
        merged[name] = mine.get(name, "")
    return merged, conflicts


def apply_form(case: Case, values: dict[str, str], *, today: date | None = None) -> Case:
    """Validate form text and copy it onto ``case``; raise InvalidCase naming every bad field.

    Nothing is changed on the case unless every field is valid.
    """
    today = today or clock.today()
    v = {name: (values.get(name) or "").strip() for name in FORM_FIELDS}
    errors: dict[str, str] = {}

    if not v["patient_name"]:
        errors["patient_name"] = "Enter the patient's name"
    elif len(v["patient_name"]) > 200:
        errors["patient_name"] = "Keep the name under 200 characters"

    dob = None
    if v["date_of_birth"]:
        try:
            dob = parse_date(v["date_of_birth"], field_label="Date of birth")
            if dob > today:
                errors["date_of_birth"] = "Date of birth is in the future: check the year"
            elif dob.year < 1900:
                errors["date_of_birth"] = "Date of birth is before 1900: check the year"
        except ValueError as exc:
            errors["date_of_birth"] = str(exc)

    state = v["state"].upper()
    if state and state not in US_STATES:
        errors["state"] = "Use the two-letter postal code of a US state or territory, like CA or PR"

    conditions, conditions_error = parse_conditions(v["conditions"])
    if conditions_error:
        errors["conditions"] = conditions_error

    plan_type = None
    if v["plan_type"]:
        try:
            plan_type = PlanType(v["plan_type"])
        except ValueError:
            errors["plan_type"] = "Choose a plan type from the list"

    if v["npi"] and (message := npi_error(v["npi"])):
        errors["npi"] = message
    if v["tax_id"] and (message := tax_id_error(v["tax_id"])):
        errors["tax_id"] = message

    stage = Stage.RESEARCHING
    if v["stage"]:
        try:
            stage = Stage(v["stage"])
        except ValueError:
            errors["stage"] = "Choose a stage from the list"

    if errors:
        raise InvalidCase(errors)

    case.patient = Patient(name=v["patient_name"], date_of_birth=dob, state=state)
    case.conditions = conditions
    case.plan = Plan(insurer=v["insurer"], plan_type=plan_type,
                     member_id=v["member_id"], group_id=v["group_id"])
    case.provider = Provider(clinic=v["clinic"],
                             npi=normalize_npi(v["npi"]) if v["npi"] else "",
                             tax_id=normalize_tax_id(v["tax_id"]) if v["tax_id"] else "")
    case.stage = stage
    case.notes = values.get("notes", "") or ""
    return case
