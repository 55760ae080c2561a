"""What a plan's facts mean: how far each deductible and out-of-pocket maximum is met,
and which regulator the plan answers to (from how it is funded, or its plan type).

Every note shown carries its source in the project's reference notes and the
date that source was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .benefits import Benefits
from .vocab import PlanType

# Facts shown to users come from the project's reference notes, read on this date.
NOTES = "ketcover reference notes"
NOTES_AS_OF = "2026-11-26"


@dataclass(frozen=True)
class Accumulator:
    label: str  # e.g. "Deductible in-network individual"
    scope: str  # e.g. "in-network, individual"
    met: Decimal | None
    limit: Decimal | None

    @property
    def fraction(self) -> float | None:
        if self.limit is None or self.met is None or self.limit <= 0:
            return None
        return float(min(self.met / self.limit, Decimal(1)))

    @property
    def remaining(self) -> Decimal | None:
        if self.limit is None or self.met is None:
            return None
        return max(self.limit - self.met, Decimal(0))


def accumulators(b: Benefits) -> list[Accumulator]:
    """Deductibles and out-of-pocket maximums that have a limit, with how much is met."""
    result = []
    for prefix, name in (("ded", "Deductible"), ("oop", "Out-of-pocket max")):
        for net, net_label in (("in", "in-network"), ("out", "out-of-network")):
            for tier, tier_label in (("ind", "individual"), ("fam", "family")):
                key = f"{prefix}_{net}_{tier}"
                limit = getattr(b, key)
                if limit is not None:
                    result.append(Accumulator(f"{name} {net_label} {tier_label}", f"{net_label}, {tier_label}",
                                              getattr(b, f"{key}_met"), limit))
    return result


def progress_bar(fraction: float | None, width: int = 20) -> str:
    """A text bar that reads on any terminal: '██████░░░░░░'."""
    if fraction is None:
        return "·" * width
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


@dataclass(frozen=True)
class SourcedNote:
    text: str
    source: str
    as_of: str = NOTES_AS_OF


# The employer-plan regulator's contact (reference notes §8.4, re-checked 2026-12-02; HIGH).
EBSA_PHONE = "1-866-444-3272"
EBSA_SITE = "askebsa.dol.gov"
EBSA_SOURCE = f"{NOTES} §8.4 (dol.gov/agencies/ebsa contact page)"
EBSA_AS_OF = "2026-12-02"
EBSA_CONTACT = f"Employee Benefits Security Administration (EBSA), U.S. Department of Labor: {EBSA_PHONE}, {EBSA_SITE}"

FUNDING_CONSEQUENCES = {
    "fully_insured": SourcedNote(
        "Fully insured: state law applies as well as federal law. Complaints and state external "
        "review go to the state Department of Insurance (DOI), and state coverage mandates reach the plan.",
        f"{NOTES} §6 (Fully insured vs self-funded), §5.5 (Which regulator to contact); Georgetown navigator guide"),
    "self_funded": SourcedNote(
        "Self-funded (ASO): only federal ERISA applies. State coverage mandates do not reach the plan; "
        f"complaints go to the US Department of Labor (DOL/EBSA), not the state DOI. {EBSA_CONTACT}.",
        f"{NOTES} §6 (Fully insured vs self-funded: ERISA preemption), §5.5; {EBSA_SOURCE}; Georgetown navigator "
        "guide", EBSA_AS_OF),
}

PLAN_TYPE_REGULATORS = {
    PlanType.MEDICARE: SourcedNote(
        "Medicare: problems go to CMS (1-800-MEDICARE) and the state's SHIP counselors.",
        f"{NOTES} §5.5 (Which regulator to contact); navigatorguide.georgetown.edu"),
    PlanType.MEDICARE_ADVANTAGE: SourcedNote(
        "Medicare Advantage: problems go to CMS (1-800-MEDICARE) and the state's SHIP counselors.",
        f"{NOTES} §5.5 (Which regulator to contact); navigatorguide.georgetown.edu"),
    PlanType.MEDICAID: SourcedNote(
        "Medicaid: the state Medicaid agency handles fair hearings.",
        f"{NOTES} §5.5 (Which regulator to contact); navigatorguide.georgetown.edu"),
    PlanType.MEDICAID_MANAGED_CARE: SourcedNote(
        "Medicaid managed care: the state Medicaid agency handles fair hearings.",
        f"{NOTES} §5.5 (Which regulator to contact); navigatorguide.georgetown.edu"),
}


def effective_funding(b: Benefits, plan_type: PlanType | None) -> tuple[str, str]:
    """(funding, why): the recorded value, else what the case's plan type implies."""
    if b.funding:
        return b.funding, "recorded"
    if plan_type is PlanType.COMMERCIAL_FULLY_INSURED:
        return "fully_insured", "from the plan type"
    if plan_type is PlanType.SELF_FUNDED_ERISA:
        return "self_funded", "from the plan type"
    return "", ""


def regulator_note(b: Benefits, plan_type: PlanType | None) -> SourcedNote | None:
    funding, _ = effective_funding(b, plan_type)
    if funding:
        return FUNDING_CONSEQUENCES[funding]
    return PLAN_TYPE_REGULATORS.get(plan_type) if plan_type else None
