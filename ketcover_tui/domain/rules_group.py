"""Employer (ERISA) and ACA plans: fully insured, self-funded and Marketplace.

Values and cites from the notes: §8.1 and §8.2 (read in the regulation text,
HIGH), §2.1 and §2.2 (secondary sources: MED here, since the text was not read).
"""

from __future__ import annotations

from .deadline_model import (INSURER, NOTES, NOTES_AS_OF, PATIENT, REG_TEXT, STATE_SET_LABEL, Deadline, Event,
                             Facts, NoRules, add_days, add_hours, add_months_fifth_month_rule, make, plan_receipt,
                             receipt_actual)
from .federal_days import STATUTE, next_business_day, why_not_business_day
from .vocab import PlanType

SRC_CLAIMS = f"{NOTES} §2.1 (bu.edu HR claim timeframes; meritain.com)"
SRC_8_2 = f"{NOTES} §8.2 (regulation text)"
SRC_STATE_ER = f"{NOTES} §2.2 (type2.wiki state pages)"
SRC_IRO = f"{NOTES} §2.2 (apellica.com; denialappeal.pages.dev; type2.wiki)"

FEDERAL_ER_RULE = "45 CFR 147.136(d)(2)(i); 29 CFR 2590.715-2719(d)(2)(i)"
STATE_ER_SHORTEST_DAYS = 60  # the shortest state window the notes have seen (§2.2: 60 days, 4 or 6 months, 180 days)


def rules(plan_type: PlanType, event: Event, f: Facts) -> list[Deadline]:
    if event is Event.PA_SUBMITTED:
        return [_claim_decision(f, pre_service=True)]
    if event is Event.CLAIM_SUBMITTED:
        return [_claim_decision(f, pre_service=False)]
    if event is Event.DENIAL_RECEIVED:
        anchor = receipt_actual(f.notice_dated, f.received)
        rule = "29 CFR 2560.503-1(h)(3)(i)"
        if plan_type is PlanType.MARKETPLACE:
            rule += "; 45 CFR 147.136(b)(3)(i)"
        return [make(anchor, add_days(anchor.day, 180), "File the internal appeal", PATIENT, rule, REG_TEXT, "HIGH",
                     "At least 180 days after receiving the denial: your plan may allow longer (read the notice).",
                     step="internal_appeal")]
    if event is Event.APPEAL_FILED:
        anchor = plan_receipt(f.sent, f.plan_received, f.plan_proof)
        note = "No extensions (notes §2.1)."
        rule = "29 CFR 2560.503-1(i)"
        if f.urgent:
            return [make(anchor, add_hours(anchor.day, 72), "Plan decides the urgent (expedited) appeal", INSURER,
                         rule, SRC_CLAIMS, "MED", note, step="appeal_decision", cite_verified=False,
                         as_of=NOTES_AS_OF)]
        days, what = (60, "post-service") if f.post_service else (30, "pre-service")
        return [make(anchor, add_days(anchor.day, days), f"Plan decides the {what} appeal", INSURER, rule,
                     SRC_CLAIMS, "MED", note + " Two-level plans: 15/30 days per level.", step="appeal_decision",
                     cite_verified=False, as_of=NOTES_AS_OF)]
    if event is Event.FINAL_DENIAL_RECEIVED:
        anchor = receipt_actual(f.notice_dated, f.received)
        if plan_type is PlanType.SELF_FUNDED_ERISA:
            return [_federal_external_review(anchor)]
        return [make(anchor, add_days(anchor.day, STATE_ER_SHORTEST_DAYS), "Request external review (state process)",
                     PATIENT, "45 CFR 147.136(c) (the state's external review)", SRC_STATE_ER, "MED",
                     "Insured plans use the state's external review, and the state sets the window: 60 days is the "
                     "shortest ketcover's notes have seen (others: 4 months, 6 months, 180 days). No weekend or "
                     "holiday roll-forward: that is the federal process's rule.", step="external_review",
                     uncertain="the state sets this window; enter the deadline printed on your final denial",
                     state_set=STATE_SET_LABEL, as_of=NOTES_AS_OF)]
    if event is Event.EXTERNAL_REVIEW_FILED:
        anchor = plan_receipt(f.sent, f.plan_received, f.plan_proof, who="the reviewer (IRO)")
        federal = plan_type is PlanType.SELF_FUNDED_ERISA
        rule = "45 CFR 147.136(d)" if federal else "45 CFR 147.136(c) (the state's external review)"
        uncertain = "" if federal else "a state's reviewer may work to the state's own timetable: check its letter"
        if f.urgent:
            return [make(anchor, add_hours(anchor.day, 72), "Reviewer (IRO) decides the expedited external review",
                         INSURER, rule, SRC_IRO, "MED", "It may tell you by phone first.", step="review_decision",
                         cite_verified=False, uncertain=uncertain, as_of=NOTES_AS_OF)]
        return [make(anchor, add_days(anchor.day, 45), "Reviewer (IRO) decides the external review", INSURER, rule,
                     SRC_IRO, "MED", "The decision binds the plan.", step="review_decision", cite_verified=False,
                     uncertain=uncertain, as_of=NOTES_AS_OF)]
    raise NoRules(f"No rule for {event.label.lower()} on this plan type.")


def _claim_decision(f: Facts, *, pre_service: bool) -> Deadline:
    anchor = plan_receipt(f.sent, f.plan_received, f.plan_proof)
    if pre_service and f.concurrent:
        return make(anchor, add_hours(anchor.day, 24), "Plan decides the request to extend urgent care", INSURER,
                    "29 CFR 2560.503-1(f)(2)(ii)", SRC_8_2, "HIGH", step="claim_decision")
    if pre_service and f.urgent:
        return make(anchor, add_hours(anchor.day, 72), "Plan decides the urgent claim (as soon as possible)",
                    INSURER, "29 CFR 2560.503-1(f)", SRC_CLAIMS, "MED", step="claim_decision", as_of=NOTES_AS_OF)
    if pre_service:
        return make(anchor, add_days(anchor.day, 15), "Plan decides the pre-service claim / prior authorization",
                    INSURER, "29 CFR 2560.503-1(f)", SRC_CLAIMS, "MED", "The plan may extend once by 15 days.",
                    step="claim_decision", as_of=NOTES_AS_OF)
    return make(anchor, add_days(anchor.day, 30), "Plan decides the post-service claim", INSURER,
                "29 CFR 2560.503-1(f)(2)(iii)(B)", SRC_8_2, "HIGH", "The plan may extend once by 15 days.",
                step="claim_decision")


def _federal_external_review(anchor) -> Deadline:
    last = add_months_fifth_month_rule(anchor.day, 4)
    due = next_business_day(last)
    note = "4 months after receipt; when that day does not exist, the first day of the fifth month."
    if due != last:
        note += (f" The 4 months end on {last} ({why_not_business_day(last)}), so the deadline moves to the next "
                 f"day that is not a Saturday, Sunday or Federal holiday ({STATUTE}).")
    note += " The federal process covers medical-judgment denials (medical necessity, experimental) and rescissions."
    return make(anchor, due, "Request external review", PATIENT, FEDERAL_ER_RULE, REG_TEXT, "HIGH", note,
                step="external_review")


def plan_facts(plan_type: PlanType) -> list[tuple[str, str, str]]:
    """Facts about the plan's process, not dated deadlines: (text, cite, source)."""
    if plan_type is PlanType.MARKETPLACE:
        return [("Individual market: one internal appeal level only; after it, external review.",
                 "45 CFR 147.136(b)(3)(ii)(G)", REG_TEXT)]
    if plan_type is PlanType.SELF_FUNDED_ERISA:
        return [("An employer plan may require at most 2 internal appeal levels before external review or court.",
                 "29 CFR 2560.503-1(c)(2)", f"{NOTES} §2.1 (bcbsm.com)")]
    return [("External review of an insured plan is the state's process: the state Department of Insurance runs it.",
             "45 CFR 147.136(c)", f"{NOTES} §2.2, §5.5 (type2.wiki; navigatorguide.georgetown.edu)")]


def overdue_meaning(plan_type: PlanType) -> tuple[str, str]:
    """What an overdue plan decision means for the patient: (text, cite)."""
    if plan_type is PlanType.MARKETPLACE:
        return ("An overdue decision can be treated as a denial: the plan's internal process is deemed exhausted, "
                "so you may go to external review (notes §2.1; the individual-market paragraph is not in "
                "ketcover's notes).", "45 CFR 147.136(b)(2)(ii)(F)")
    return ("An overdue decision can be treated as a denial: when a plan does not follow the claims rules (for "
            "example, decides after its deadline), you are deemed to have exhausted its internal appeals and may go "
            "to external review or court (minor, non-prejudicial errors excepted; notes §8.6, MED).",
            "29 CFR 2560.503-1(l); 29 CFR 2590.715-2719(b)(2)(ii)(F)")
