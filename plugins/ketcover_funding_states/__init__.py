"""Built-in funding source: state programs and offices that help with insurance problems.

For the patient's state: the insurance regulator, consumer assistance program,
SHIP (Medicare counselling), Medicaid agency and managed-care ombudsman, and
the external-review page, from ``data/state_help.json`` (Fight Health
Insurance, Apache-2.0; see ``data/NOTICE.md``), with which office fits the
case's plan type (reference notes §5.5).
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from ketcover_tui.domain import funding_facts as facts
from ketcover_tui.domain.funding import (
    Category,
    FieldKind,
    FundingChoice,
    FundingResult,
    FundingSource,
    InputField,
    InvalidInputs,
    Link,
    SourceRef,
    row,
)
from ketcover_tui.domain.benefit_guidance import EBSA_AS_OF, EBSA_PHONE, EBSA_SITE, EBSA_SOURCE
from ketcover_tui.domain.vocab import US_STATES, PlanType
from ketcover_tui.hookspecs import hookimpl

DATA = Path(__file__).parent / "data" / "state_help.json"
DATA_AS_OF = "2026-08-21"
ATTRIBUTION = SourceRef(
    "State contacts: Fight Health Insurance project, fighthealthinsurance/static/state_help.json "
    "(commit 63deffb5), Apache License 2.0. Confirm a number before relying on it",
    as_of=DATA_AS_OF)

UNKNOWN = "unknown"
FULLY_INSURED = {PlanType.COMMERCIAL_FULLY_INSURED, PlanType.MARKETPLACE}
MEDICARE = {PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE}
MEDICAID = {PlanType.MEDICAID, PlanType.MEDICAID_MANAGED_CARE}
EBSA_NAME = "US Department of Labor, Employee Benefits Security Administration (EBSA)"


@lru_cache(maxsize=1)
def load_states() -> dict[str, dict]:
    """Entries by postal code, plus ``"national"``."""
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    states = {entry["abbreviation"]: entry for slug, entry in raw.items() if slug != "national"}
    states["national"] = raw["national"]
    return states


def state_code(text: str) -> str:
    """'ca', 'CA' or 'California' -> 'CA'; ValueError otherwise."""
    cleaned = " ".join(text.split())
    if cleaned.upper() in US_STATES:
        return cleaned.upper()
    for code, name in US_STATES.items():
        if name.casefold() == cleaned.casefold():
            return code
    raise ValueError("State: use a two-letter code like CA, or a state name like California")


def fitting_roles(plan_type: PlanType | None, state: dict) -> set[str]:
    """Which offices suit the plan type (reference notes §5.5, §2.2)."""
    if plan_type in FULLY_INSURED:
        return {"regulator", "external_review"}
    if plan_type == PlanType.SELF_FUNDED_ERISA:
        return {"ebsa"}
    if plan_type in MEDICARE:
        return {"ship", "medicare"}
    if plan_type == PlanType.MEDICAID:
        return {"medicaid"}
    if plan_type == PlanType.MEDICAID_MANAGED_CARE:
        return {"ombudsman"} if (state.get("medicaid") or {}).get("managed_care_ombudsman") else {"medicaid"}
    return set()


def _national(name: str) -> dict | None:
    national = load_states()["national"]
    for group in ("federal_resources", "consumer_advocacy", "specialized_assistance"):
        for entry in national.get(group) or []:
            if entry.get("name") == name:
                return entry
    return None


def offices(code: str, plan_type: PlanType | None) -> list[tuple[str, str, str, str, list[str]]]:
    """(role, office label, name, phone, detail lines) for one state, in display order."""
    state = load_states()[code]
    dept = state["insurance_department"]
    help_ = state["consumer_assistance"]
    medicaid = state["medicaid"]
    items = []
    if plan_type == PlanType.SELF_FUNDED_ERISA:
        items.append(("ebsa", "Employer plan regulator", EBSA_NAME, EBSA_PHONE,
                      [f"{EBSA_SITE} (questions and complaints about employer plans)",
                       f"Source: {EBSA_SOURCE}, as of {EBSA_AS_OF}",
                       "Self-funded employer plans fall under federal ERISA, not state insurance law "
                       "(reference notes §6)."]))
    regulator_detail = [f"Main line {dept['phone']}" if dept.get("phone") else "",
                        f"Complaints: {dept['complaint_url']}" if dept.get("complaint_url") else "",
                        dept.get("url") or ""]
    items += [
        ("regulator", "Insurance regulator", dept["name"], dept.get("consumer_line") or dept.get("phone") or "—",
         regulator_detail),
        ("cap", "Consumer assistance", help_["cap_name"], help_.get("cap_phone") or "—",
         [help_.get("cap_url") or ""]),
        ("ship", "Medicare counselling (SHIP)", help_["ship_name"], help_.get("ship_phone") or "—",
         [help_.get("ship_url") or ""]),
    ]
    if plan_type in MEDICARE and (medicare := _national("Medicare (CMS)")):
        items.append(("medicare", "Medicare (national)", medicare["name"], medicare.get("phone") or "—",
                      [medicare.get("url") or ""]))
    items.append(("medicaid", "Medicaid agency", medicaid["agency_name"], medicaid.get("agency_phone") or "—",
                  ["Fair hearings for Medicaid denials.", medicaid.get("agency_url") or ""]))
    if ombudsman := medicaid.get("managed_care_ombudsman"):
        items.append(("ombudsman", "Managed-care ombudsman", ombudsman["name"], ombudsman.get("phone") or "—",
                      [ombudsman.get("url") or ""]))
    review = state.get("external_review") or {}
    items.append(("external_review", "External review", "State external review information", "—",
                  [review.get("info_url") or "", "" if review.get("available", True) else
                   "The data says no state external review process is available."]))
    return [(role, office, name, phone, [line for line in detail if line]) for role, office, name, phone, detail
            in items]


def run(values: dict, context) -> FundingResult:
    try:
        code = state_code(values["state"])
    except ValueError as exc:
        raise InvalidInputs({"state": str(exc)}) from None
    plan_type = None if values["plan_type"] == UNKNOWN else PlanType(values["plan_type"])
    states = load_states()
    if code not in states:
        return _no_state_data(code)
    state = states[code]
    fits = fitting_roles(plan_type, state)
    listed = offices(code, plan_type)
    rows, choices = [], []
    for role, office, name, phone, detail in listed:
        marker = "★ " if role in fits else ""
        rows.append(row(marker + office, name, phone, detail=detail))
        if role in fits:
            choices.append(FundingChoice(label=f"Help: {name}", amount=Decimal("0.00"),
                                         terms=f"{office}; phone {phone}" if phone != "—" else office))
    fitting_names = [name for role, _, name, _, _ in listed if role in fits]
    if plan_type is None:
        summary = (f"Help with insurance problems in {state['name']}. Set the case's plan type to see which "
                   "office fits.")
    elif fitting_names:
        summary = f"For a {plan_type.label} plan in {state['name']}, start with: {'; '.join(fitting_names)} (★)."
    else:
        summary = (f"None of these state offices oversees {plan_type.label} coverage as a rule, and ketcover's "
                   "data has no contact for it; the national resources below may help.")
    notes = ["Appeal to your plan first; contact the regulator if the process breaks down.",
             "Consumer assistance programs help file complaints and appeals.",
             "Phone numbers change: confirm a number before relying on it."]
    links = [Link(r["name"], r["url"]) for r in state.get("additional_resources") or [] if r.get("url")]
    if paf := _national("Patient Advocate Foundation"):
        links.append(Link(f"{paf['name']} (national): {paf.get('description', '')} {paf.get('phone') or ''}".strip(),
                          paf["url"]))
    return FundingResult(summary=summary, columns=("Office", "Name", "Phone"), rows=tuple(rows),
                         notes=tuple(notes), links=tuple(links), choices=tuple(choices),
                         sources=(ATTRIBUTION, facts.WHICH_OFFICE, facts.STATE_EXTERNAL_REVIEW,
                                  facts.CONSUMER_ASSISTANCE))


def _no_state_data(code: str) -> FundingResult:
    national = load_states()["national"]
    rows = tuple(row(entry["name"], entry.get("phone") or "—", detail=[entry.get("description", ""),
                                                                         entry.get("url", "")])
                 for group in ("federal_resources", "consumer_advocacy") for entry in national.get(group) or [])
    return FundingResult(
        summary=f"ketcover's state data covers the 50 states and DC, not {US_STATES[code]}. National resources:",
        columns=("Name", "Phone"), rows=rows, sources=(ATTRIBUTION,),
        notes=("Phone numbers change: confirm a number before relying on it.",))


def _state_from_case(case) -> str | None:
    return case.patient.state or None


def _plan_from_case(case) -> str | None:
    return case.plan.plan_type.value if case.plan.plan_type else None


STATES = FundingSource(
    id="state-programs",
    title="State help and programs",
    category=Category.STATE_PROGRAMS,
    description="Your state's insurance regulator, consumer assistance program, SHIP, Medicaid agency and "
                "ombudsman, and external review — with the one that fits the plan type marked ★.",
    run=run,
    fields=(
        InputField("state", "State", from_case=_state_from_case, required=True, placeholder="e.g. CA or Ohio"),
        InputField("plan_type", "Plan type", FieldKind.CHOICE, default=UNKNOWN, from_case=_plan_from_case,
                   choices=((UNKNOWN, "Not known"), *((t.value, t.label) for t in PlanType))),
    ),
)


@hookimpl
def register_funding_sources(register):
    register(STATES)
