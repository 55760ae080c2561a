"""Medicaid managed care (42 CFR 438 Subpart F) and fee-for-service Medicaid fair hearings.

These clocks count from the notice's own date, not the day it arrived (notes
§8.1). With only the arrival date the real deadline is earlier: the date is
shown "on or before" with the reason. Windows the state sets are shown at the
shortest the federal rule allows, with a label saying so.
"""

from __future__ import annotations

from datetime import date

from .deadline_model import (INSURER, NOTES, NOTES_AS_OF, PATIENT, REG_TEXT, STATE_SET_LABEL, Deadline, Event,
                             Facts, NoRules, add_days, add_hours, as_day, make, notice_day, plan_receipt)
from .vocab import PlanType

SRC_MC = f"{NOTES} §2.4 (NC G.S. 108D-13; AZ R9-34-209; caresource.com)"
SRC_MC_PA = f"{NOTES} §8.2 (MED: read in secondary sources)"
FFS_LABEL = "at most — the federal limit; your state may set a shorter time"
SEVEN_DAYS_FROM = date(2026, 1, 1)


def managed_care(plan_type: PlanType, event: Event, f: Facts) -> list[Deadline]:
    if event is Event.PA_SUBMITTED:
        return [_prior_auth(f)]
    if event is Event.DENIAL_RECEIVED:
        anchor = notice_day(f.notice_dated, f.received, "the date on the denial notice")
        found = [make(anchor, add_days(anchor.day, 60), "File the appeal with the managed-care plan", PATIENT,
                      "42 CFR 438.402(c)(2)(ii)", REG_TEXT, "HIGH",
                      "60 calendar days from the date on the notice, not the day it arrived. You must finish the "
                      "plan's appeal before a state fair hearing (42 CFR 438.402(c)).", step="plan_appeal")]
        if f.reduces:
            found.append(_keep_benefits(f))
        return found
    if event is Event.APPEAL_FILED:
        anchor = plan_receipt(f.sent, f.plan_received, f.plan_proof)
        note = "The plan may extend by 14 days (notes §2.4)."
        if f.urgent:
            return [make(anchor, add_hours(anchor.day, 72), "Plan resolves the expedited appeal", INSURER,
                         "42 CFR 438.408", SRC_MC, "MED", note, step="appeal_decision", as_of=NOTES_AS_OF)]
        return [make(anchor, add_days(anchor.day, 30), "Plan resolves the appeal", INSURER, "42 CFR 438.408", SRC_MC,
                     "MED", note, step="appeal_decision", as_of=NOTES_AS_OF)]
    if event is Event.FINAL_DENIAL_RECEIVED:
        anchor = notice_day(f.notice_dated, f.received, "the date of the plan's notice of resolution")
        return [make(anchor, add_days(anchor.day, 90), "Request a state fair hearing", PATIENT,
                     "42 CFR 438.408(f)(2)", REG_TEXT, "MED",
                     "The federal rule allows at most 120 days from the plan's notice of resolution, and a state may "
                     "allow only 90 (Arkansas members are told 90): ketcover shows the 90-day date.",
                     step="fair_hearing", state_set=STATE_SET_LABEL,
                     uncertain="the 90-day floor is rated MED in ketcover's notes: check the days your notice gives")]
    raise NoRules(f"ketcover has no Medicaid managed-care rule for {event.label.lower()}.")


def _keep_benefits(f: Facts) -> Deadline:
    """On or before the later of 10 days after the plan sends the notice and the effective date (438.420)."""
    anchor = notice_day(f.notice_dated, f.received, "the date the plan sent the notice (taken as the notice's date)")
    due = add_days(anchor.day, 10)
    note = "Only when services already authorized are ended, suspended or reduced; never for a first request."
    uncertain = ""
    if f.effective is None:
        uncertain = "the date the change takes effect is missing: if it is later than this, you have until then"
    elif f.effective > due:
        due = f.effective
        note += f" The change takes effect {f.effective}, later than 10 days after the notice."
    return make(anchor, due, "Ask to keep your benefits during the appeal", PATIENT, "42 CFR 438.420(a), (b)",
                REG_TEXT, "HIGH", note, step="keep_benefits", uncertain=uncertain)


def _prior_auth(f: Facts) -> Deadline:
    anchor = plan_receipt(f.sent, f.plan_received, f.plan_proof)
    uncertain = "read in secondary sources only (MED)"
    if f.urgent:
        return make(anchor, add_hours(anchor.day, 72), "Plan decides the expedited prior authorization", INSURER,
                    "42 CFR 438.210(d)", SRC_MC_PA, "MED", step="claim_decision", uncertain=uncertain)
    if as_day(anchor.day) >= SEVEN_DAYS_FROM:
        days = 7
        uncertain += ("; 7 days applies to rating periods beginning on or after 2026-01-01 (14 days before), and a "
                      "state's rating period may begin later in the year")
    else:
        days = 14
    return make(anchor, add_days(anchor.day, days), "Plan decides the prior authorization", INSURER,
                "42 CFR 438.210(d)", SRC_MC_PA, "MED", f"{days} calendar days.", step="claim_decision",
                uncertain=uncertain)


def fee_for_service(plan_type: PlanType, event: Event, f: Facts) -> list[Deadline]:
    if event in (Event.DENIAL_RECEIVED, Event.FINAL_DENIAL_RECEIVED):
        anchor = notice_day(f.notice_dated, f.received, "the date the notice was mailed (taken as the notice's date)")
        return [make(anchor, add_days(anchor.day, 90), "Request a state fair hearing", PATIENT, "42 CFR 431.221(d)",
                     REG_TEXT, "HIGH",
                     "The state sets a reasonable time of at most 90 days from the day the notice was mailed; "
                     "ketcover counts from the notice's date (if it was mailed later, your deadline is later).",
                     step="fair_hearing", state_set=FFS_LABEL,
                     uncertain="your state may set fewer than 90 days: enter the deadline printed on your notice")]
    raise NoRules(f"ketcover has no fee-for-service Medicaid rule for {event.label.lower()}.")


def plan_facts(plan_type: PlanType) -> list[tuple[str, str, str]]:
    if plan_type is PlanType.MEDICAID_MANAGED_CARE:
        return [("You must finish the managed-care plan's appeal before asking for a state fair hearing.",
                 "42 CFR 438.402(c)", SRC_MC)]
    return [("Fair hearings are run by the state Medicaid agency.", "42 CFR 431.221(d)", f"{NOTES} §5.5")]


OVERDUE_MC = ("If the plan misses its deadline, the appeal is deemed exhausted and you may ask for a state fair "
              "hearing (notes §2.4; the paragraph is not in ketcover's notes).", "42 CFR 438.408")
