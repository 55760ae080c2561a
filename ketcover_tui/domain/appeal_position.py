"""Where an appeal stands on a given day: the one question a letter (or a screen) asks the engine.

``appeal_position(plan_type, record, on)`` answers, for a denial, prior
authorization or claim: which filing window applies and whether it has passed;
what is left when it has (a good-cause request, external review when the plan's
own decision is overdue, a regulator); whether the plan's decision is overdue,
counted from when the plan received the request, and since when; and the next
dated step with its cite. Pure: the day is a parameter, never the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from . import deadlines as dl
from .appeal_deadlines import record_deadlines_all
from .benefit_guidance import EBSA_CONTACT, EBSA_SOURCE
from .deadline_model import INSURER, NOTES, PATIENT, Deadline
from .vocab import PlanType

LAWSTACK = "law.lawstack.com, verified against eCFR.gov as of 2026-06-20"


@dataclass(frozen=True)
class Remedy:
    """Something the patient can still do, with its cite and source ('' when the notes give none)."""

    text: str
    cite: str = ""
    source: str = ""


EBSA = Remedy(EBSA_CONTACT, "", EBSA_SOURCE)
MEDICARE_LINE = Remedy("1-800-MEDICARE (1-800-633-4227)", "", f"{NOTES} §8.4 (medicare.gov)")
STATE_DOI = Remedy("Your state Department of Insurance (complaints and the state's external review)", "",
                   f"{NOTES} §5.5")
STATE_MEDICAID = Remedy("Your state Medicaid agency (it runs the fair hearings)", "", f"{NOTES} §5.5")

MEDICARE_GOOD_CAUSE = {  # the level whose window passed -> the good-cause extension rule read in its text
    1: "42 CFR 405.942(b)",
    2: "42 CFR 405.962(b)",
    5: "42 CFR 405.1134",
}


@dataclass(frozen=True)
class AppealPosition:
    window: Deadline | None = None  # the patient's filing window now in force
    window_passed: bool = False
    left: tuple[Remedy, ...] = ()  # what is left: filled when the window has passed or the plan is overdue
    decision: Deadline | None = None  # the plan's (or reviewer's) pending decision clock
    decision_overdue_since: date | None = None  # the first day the decision was late
    overdue_meaning: str = ""  # what a late decision means, e.g. deemed exhaustion
    overdue_cite: str = ""
    next_step: Deadline | None = None  # the earliest dated step still ahead (or today), with its cite
    regulator: Remedy | None = None  # whom to contact about this plan (notes §8.4, §5.5)
    no_rule: str = ""  # the plain sentence when ketcover has no rule for the plan type
    facts: tuple[tuple[str, str, str], ...] = field(default=())  # plan facts: (text, cite, source)

    @property
    def decision_overdue(self) -> bool:
        return self.decision_overdue_since is not None


def regulator_for(plan_type: PlanType | None) -> Remedy | None:
    if plan_type is PlanType.SELF_FUNDED_ERISA:
        return EBSA
    if plan_type in (PlanType.COMMERCIAL_FULLY_INSURED, PlanType.MARKETPLACE):
        return STATE_DOI
    if plan_type in (PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE):
        return MEDICARE_LINE
    if plan_type in (PlanType.MEDICAID, PlanType.MEDICAID_MANAGED_CARE):
        return STATE_MEDICAID
    return None


def _late_filing(plan_type: PlanType | None, window: Deadline) -> list[Remedy]:
    if plan_type is PlanType.MEDICARE or (plan_type is PlanType.MEDICARE_ADVANTAGE and window.step.startswith("level")):
        level = int(window.step.split("_")[1]) if window.step.startswith("level_") else 0
        cite = MEDICARE_GOOD_CAUSE.get(level, "")
        return [Remedy("Ask for more time for good cause (for example serious illness, or being misled about the "
                       "deadline), with the evidence, sent with the late request.", cite,
                       LAWSTACK if cite else "the section for this level is not in ketcover's notes")]
    if window.from_notice:
        return [Remedy("Ask the plan in writing to accept the request late, and say why it is late.")]
    return [Remedy("Ask in writing to have the late request accepted, and say why it is late: ketcover's notes "
                   "hold no rule that obliges the plan to.")]


def appeal_position(plan_type: PlanType | None, record, on: date) -> AppealPosition:
    """Where ``record`` (a Denial, PriorAuth or Claim) stands on day ``on``. See the module docstring."""
    found, _problem = record_deadlines_all(plan_type, record)
    live = [d for d in found if not d.superseded]
    filing = [d for d in live if d.who == PATIENT and d.step != "keep_benefits"]
    window = filing[0] if filing else None
    passed = window is not None and window.day < on
    decision = next((d for d in live if d.who == INSURER), None)
    overdue_since = decision.day + timedelta(days=1) if decision is not None and decision.day < on else None
    meaning, cite = dl.overdue_meaning(plan_type) if overdue_since else ("", "")
    left: list[Remedy] = []
    if passed:
        left += _late_filing(plan_type, window)
    if overdue_since and cite and plan_type in (PlanType.COMMERCIAL_FULLY_INSURED, PlanType.SELF_FUNDED_ERISA,
                                                PlanType.MARKETPLACE):
        left.append(Remedy("Treat the overdue decision as a denial and request external review (deemed "
                           "exhaustion).", cite, f"{NOTES} §8.6"))
    regulator = regulator_for(plan_type)
    if (passed or overdue_since) and regulator is not None:
        left.append(regulator)
    ahead = sorted((d for d in live if d.day >= on), key=lambda d: (d.day, d.due_text()))
    return AppealPosition(window=window, window_passed=passed, left=tuple(left), decision=decision,
                          decision_overdue_since=overdue_since, overdue_meaning=meaning, overdue_cite=cite,
                          next_step=ahead[0] if ahead else None, regulator=regulator,
                          no_rule=dl.no_rule_sentence(plan_type) if plan_type not in dl.FAMILIES else "",
                          facts=tuple(dl.plan_facts(plan_type)))
