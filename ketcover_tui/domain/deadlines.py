"""The deadline engine: what is due, by whom, and when, after an appeal event.

Pure functions. Every value and citation comes from
shared/reference/domain-facts.md: §8 (re-checked in the regulation text; it
wins where it disagrees with the earlier sections) and §2. The rules live in
one module per plan family (``rules_group``, ``rules_medicare``,
``rules_medicaid``); the shared pieces (``Deadline``, ``Facts``, the date
arithmetic) in ``deadline_model``.

Events:
- ``pa_submitted``: a prior-authorization request (a pre-service claim) was sent;
- ``claim_submitted``: a claim for care already given (post-service) was sent;
- ``denial_received``: the denial (adverse benefit determination) notice arrived;
- ``appeal_filed``: an internal appeal (or a Medicare level) was filed;
- ``final_denial_received``: the final internal denial (or the plan's notice of resolution) arrived;
- ``external_review_filed``: an external review was requested.

Bump ``RULES_VERSION`` (``rules_version.py``) whenever a rule's result
changes: the store's index keeps computed deadlines and rebuilds them when
this number moves.
"""

from __future__ import annotations

from datetime import date

from . import rules_group, rules_medicaid, rules_medicare
from .deadline_model import (CITE_UNVERIFIED, EVENT_LABELS, INSURER, PATIENT, STATE_SET_LABEL, Anchor,  # noqa: F401
                             Deadline, Event, Facts, NoRules, add_days, add_hours, add_months_fifth_month_rule,
                             presumed_received)
from .rules_version import RULES_VERSION  # noqa: F401
from .vocab import PlanType


GROUP = "group"  # employer / ERISA and ACA (non-grandfathered) plans
MEDICARE = "medicare"
MEDICARE_ADVANTAGE = "medicare_advantage"
MEDICAID_MC = "medicaid_managed_care"
MEDICAID_FFS = "medicaid_ffs"

FAMILIES = {
    PlanType.COMMERCIAL_FULLY_INSURED: GROUP,
    PlanType.SELF_FUNDED_ERISA: GROUP,
    PlanType.MARKETPLACE: GROUP,
    PlanType.MEDICARE: MEDICARE,
    PlanType.MEDICARE_ADVANTAGE: MEDICARE_ADVANTAGE,
    PlanType.MEDICAID: MEDICAID_FFS,
    PlanType.MEDICAID_MANAGED_CARE: MEDICAID_MC,
}
RULES = {GROUP: rules_group.rules, MEDICARE: rules_medicare.original, MEDICARE_ADVANTAGE: rules_medicare.advantage,
         MEDICAID_MC: rules_medicaid.managed_care, MEDICAID_FFS: rules_medicaid.fee_for_service}


def no_rule_sentence(plan_type: PlanType | None) -> str:
    """The plain sentence shown on the case and in letters when ketcover has no rule for the plan type."""
    if plan_type is None:
        return "Set the plan type on the case first: the deadlines depend on it."
    return (f"ketcover has no appeal rules for {plan_type.label} plans: use the deadline printed on your notice "
            "(enter it as “Deadline printed on the notice” and ketcover tracks it).")


def family(plan_type: PlanType | None) -> str:
    if plan_type not in FAMILIES:
        raise NoRules(no_rule_sentence(plan_type))
    return FAMILIES[plan_type]


def compute(plan_type: PlanType | None, event: Event | str, facts: Facts | None = None, **options) -> list[Deadline]:
    """The deadlines that follow ``event``, from the dates in ``facts`` (or the same as keywords).

    Raises NoRules with a user-facing message when ketcover has no rule.
    """
    event = Event(event)
    facts = facts if facts is not None else Facts(**options)
    return RULES[family(plan_type)](plan_type, event, facts)


def plan_facts(plan_type: PlanType | None) -> list[tuple[str, str, str]]:
    """Facts about the plan's appeal process, not dated deadlines: (text, cite, source)."""
    kind = FAMILIES.get(plan_type)
    if kind == GROUP:
        return rules_group.plan_facts(plan_type)
    if kind in (MEDICARE, MEDICARE_ADVANTAGE):
        return rules_medicare.plan_facts(plan_type)
    if kind in (MEDICAID_MC, MEDICAID_FFS):
        return rules_medicaid.plan_facts(plan_type)
    return []


def overdue_meaning(plan_type: PlanType | None) -> tuple[str, str]:
    """What a plan decision past its deadline means for the patient: (text, cite); ('', '') if none known."""
    kind = FAMILIES.get(plan_type)
    if kind == GROUP:
        return rules_group.overdue_meaning(plan_type)
    if kind in (MEDICARE, MEDICARE_ADVANTAGE):
        return rules_medicare.OVERDUE
    if kind == MEDICAID_MC:
        return rules_medicaid.OVERDUE_MC
    return "", ""


def countdown(deadline: Deadline, on: date) -> str:
    """'overdue 3 d' / 'today' / 'in 5 d'."""
    delta = (deadline.day - on).days
    if delta < 0:
        return f"overdue {-delta} d"
    return "today" if delta == 0 else f"in {delta} d"
