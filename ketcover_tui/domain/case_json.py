"""A case to and from a JSON-ready dict: the stored case file and the import/export document.

Each section (funding, benefits, calls, journal, money, appeals...) has its own
converter next to its model; this module puts them together, checks the whole
document (``InvalidCase`` names every problem) and keeps sections it does not
know in ``Case.extra``, so nothing written by a newer version is lost.
"""

from __future__ import annotations

from datetime import date

from .appeals import Appeals, appeals_from_dict, appeals_to_dict
from .benefits import Benefits, benefits_from_dict, benefits_to_dict
from .call_json import call_to_dict, calls_from_list
from .case_documents import document_to_dict, documents_from_list
from .export_log import export_to_dict, exports_from_list
from .case import Case, ChecklistTick, Condition, InvalidCase, Patient, apply_form
from .funding_plan import FundingPlan, funding_plan_from_dict, funding_plan_to_dict
from .identifiers import icd10_format_error, is_case_id, normalize_icd10
from .journal import Journal, journal_from_dict, journal_to_dict
from .money import Ledger, ledger_from_dict, ledger_to_dict
from .providers import ProviderSearch, search_from_dict, search_to_dict


def case_to_dict(case: Case) -> dict:
    return {
        "id": case.id,
        "patient": {
            "name": case.patient.name,
            "date_of_birth": case.patient.date_of_birth.isoformat() if case.patient.date_of_birth else None,
            "state": case.patient.state,
        },
        "conditions": [{"icd10": c.icd10, "description": c.description} for c in case.conditions],
        "plan": {
            "insurer": case.plan.insurer,
            "plan_type": case.plan.plan_type.value if case.plan.plan_type else None,
            "member_id": case.plan.member_id,
            "group_id": case.plan.group_id,
        },
        "provider": {"clinic": case.provider.clinic, "npi": case.provider.npi, "tax_id": case.provider.tax_id},
        "stage": case.stage.value,
        "notes": case.notes,
        "created": case.created,
        "updated": case.updated,
        "updated_by": case.updated_by,
        "checklist": {
            item: {"done": t.done, "note": t.note, "at": t.at, "by": t.by}
            for item, t in case.checklist.items()
        },
        "funding": funding_plan_to_dict(case.funding),
        "benefits": benefits_to_dict(case.benefits),
        "provider_search": search_to_dict(case.provider_search),
        "calls": [call_to_dict(call) for call in case.calls],
        "journal": journal_to_dict(case.journal),
        "money": ledger_to_dict(case.money),
        "appeals": appeals_to_dict(case.appeals),
        "documents": [document_to_dict(d) for d in case.documents],
        "exports": [export_to_dict(e) for e in case.exports],
        "record_stamps": case.record_stamps,
        "revision": case.revision,
        **({"demo": True} if case.demo else {}),
        **case.extra,
    }


# Top-level keys case_from_dict understands; anything else is kept in Case.extra.
KNOWN_KEYS = {"id", "patient", "conditions", "plan", "provider", "stage", "notes",
              "created", "updated", "updated_by", "checklist"}
KNOWN_KEYS |= {"funding", "record_stamps"}
KNOWN_KEYS |= {"benefits", "provider_search", "calls"}
KNOWN_KEYS |= {"journal", "money"}
KNOWN_KEYS |= {"appeals", "demo", "revision", "documents", "exports"}


# What a section reader may raise on a malformed section: reported, never a traceback.
MALFORMED = (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError, RecursionError)
def problem_text(exc: Exception) -> str:
    if isinstance(exc, ValueError):
        return str(exc)
    return f"malformed ({type(exc).__name__})"


def usable_stamps(stamps: object) -> dict:
    """The record stamps that are well formed (derived data: a damaged one is dropped, not fatal)."""
    if not isinstance(stamps, dict):
        return {}
    return {key: stamp for key, stamp in stamps.items()
            if isinstance(key, str) and isinstance(stamp, dict) and all(isinstance(v, (str, int)) for v in stamp.values())}


def case_from_dict(data: object) -> Case:
    """Rebuild and validate a case from a dict (a stored file or an imported document).

    Raises InvalidCase naming every problem; never returns a half-valid case.
    """
    if not isinstance(data, dict):
        raise InvalidCase({"case": "expected a JSON object"})
    errors: dict[str, str] = {}

    def section(name: str) -> dict:
        value = data.get(name) or {}
        if not isinstance(value, dict):
            errors[name] = "expected an object"
            return {}
        return value

    patient, plan, provider = section("patient"), section("plan"), section("provider")
    raw_conditions = data.get("conditions") or []
    if not isinstance(raw_conditions, list) or not all(isinstance(c, dict) for c in raw_conditions):
        errors["conditions"] = "expected a list of {icd10, description} objects"
        raw_conditions = []
    raw_checklist = data.get("checklist") or {}
    if not isinstance(raw_checklist, dict) or not all(isinstance(t, dict) for t in raw_checklist.values()):
        errors["checklist"] = "expected an object of item id -> {done, note}"
        raw_checklist = {}
    case_id = data.get("id")
    if not is_case_id(case_id):
        errors["id"] = "expected a case id of 1 to 64 letters (a-z, A-Z) and digits"
    if errors:
        raise InvalidCase(errors)

    form = {
        "patient_name": str(patient.get("name") or ""),
        "date_of_birth": str(patient.get("date_of_birth") or ""),
        "state": str(patient.get("state") or ""),
        "conditions": "",
        "insurer": str(plan.get("insurer") or ""),
        "plan_type": str(plan.get("plan_type") or ""),
        "member_id": str(plan.get("member_id") or ""),
        "group_id": str(plan.get("group_id") or ""),
        "clinic": str(provider.get("clinic") or ""),
        "npi": str(provider.get("npi") or ""),
        "tax_id": str(provider.get("tax_id") or ""),
        "stage": str(data.get("stage") or ""),
        "notes": str(data.get("notes") or ""),
    }
    case = Case(patient=Patient(name=""), id=case_id)
    try:
        apply_form(case, form, today=date.max)
    except InvalidCase as exc:
        errors.update(exc.errors)
    conditions = []
    for raw in raw_conditions:
        code = str(raw.get("icd10") or "")
        if message := icd10_format_error(code):  # the CMS list check is for codes being entered (see import)
            errors["conditions"] = message
        else:
            conditions.append(Condition(normalize_icd10(code), str(raw.get("description") or "")))
    funding = FundingPlan()
    try:
        funding = funding_plan_from_dict(data.get("funding"))  # absent in older files: an empty plan
    except MALFORMED as exc:
        errors["funding"] = problem_text(exc)
    insurer_side = {}  # absent in older files: empty sections
    for key, parse in (("benefits", benefits_from_dict), ("provider_search", search_from_dict),
                       ("calls", calls_from_list), ("journal", journal_from_dict), ("money", ledger_from_dict),
                       ("appeals", appeals_from_dict), ("documents", documents_from_list),
                       ("exports", exports_from_list)):
        if data.get(key) is not None:
            try:
                insurer_side[key] = parse(data[key])
            except MALFORMED as exc:
                errors[key] = problem_text(exc)
    if errors:
        raise InvalidCase(errors)
    case.conditions = conditions
    case.benefits = insurer_side.get("benefits", Benefits())
    case.provider_search = insurer_side.get("provider_search", ProviderSearch())
    case.calls = insurer_side.get("calls", [])
    case.journal = insurer_side.get("journal", Journal())
    case.money = insurer_side.get("money", Ledger())
    case.appeals = insurer_side.get("appeals", Appeals())
    case.funding = funding
    case.documents = insurer_side.get("documents", [])
    case.exports = insurer_side.get("exports", [])
    case.created = str(data.get("created") or "")
    case.updated = str(data.get("updated") or "")
    case.updated_by = str(data.get("updated_by") or "")
    case.demo = data.get("demo") is True
    case.checklist = {
        str(item): ChecklistTick(done=bool(t.get("done")), note=str(t.get("note") or ""),
                                 at=str(t.get("at") or ""), by=str(t.get("by") or ""))
        for item, t in raw_checklist.items()
    }
    case.record_stamps = usable_stamps(data.get("record_stamps"))
    revision = data.get("revision")
    case.revision = revision if isinstance(revision, int) and not isinstance(revision, bool) and revision >= 0 else 0
    case.extra = {key: value for key, value in data.items() if key not in KNOWN_KEYS}
    return case
