"""Original Medicare (five levels) and Medicare Advantage (Part C).

Filing windows count from receipt of the notice, presumed 5 days after its
date unless there is evidence of a later one (notes §8.1). Decision clocks
count from the day the contractor or plan received the request.
"""

from __future__ import annotations

from datetime import date

from .deadline_model import (INSURER, NOTES, NOTES_AS_OF, PATIENT, REG_TEXT, Deadline, Event, Facts, NoRules,
                             add_days, add_hours, as_day, make, plan_receipt, receipt_presumed)
from .vocab import PlanType

SRC_LEVELS = f"{NOTES} §2.3 (ngsmedicare.com; cgsmedicare.com; palmettogba.com)"
SRC_AIC = f"{NOTES} §2.3 (govinfo FR 2025-21879)"
SRC_MA = f"{NOTES} §2.3 (cms.gov PartCRecon; medicare.gov)"
SRC_MA_PA = f"{NOTES} §8.2 (regulation text)"
FILED_WHEN_RECEIVED = ("The request counts as filed the day the contractor receives it (42 CFR 405.942(a)(2), "
                       "law.lawstack.com, verified against eCFR 2026-06-20): send it early.")

# Original Medicare: level -> (what, file within days, filing cite, decision days or None, decision cite, AIC)
LEVELS = {
    1: ("Redetermination by the MAC (form CMS-20027)", 120, "42 CFR 405.942(a), (a)(1)", 60, "42 CFR 405.950", ""),
    2: ("Reconsideration by the QIC (form CMS-20033)", 180, "42 CFR 405.962(a), (a)(1)", 60, "42 CFR 405.970", ""),
    3: ("Hearing before an ALJ (OMHA)", 60, "42 CFR 405.1002(a)", 90, "42 CFR 405.1016", "$200 (2026)"),
    4: ("Review by the Medicare Appeals Council", 60, "42 CFR 405.1102(a)", 90, "42 CFR 405.1100", ""),
    5: ("Federal district court", 60, "42 CFR 405.1130; 42 CFR 405.1136(c)", None, "", "$1,960 (2026)"),
}
MA_PA_FROM = date(2026, 1, 1)


def _level(level: int) -> tuple:
    if level not in LEVELS:
        raise NoRules("Medicare appeal levels are 1 to 5.")
    return LEVELS[level]


def _file_level(f: Facts, level: int, *, advantage: bool = False) -> Deadline:
    what, days, cite, _, _, aic = _level(level)
    anchor = receipt_presumed(f.notice_dated, f.received, f.proof)
    note = FILED_WHEN_RECEIVED if level <= 2 else ""
    if aic:
        note += f" Amount in controversy at least {aic} ({SRC_AIC})."
    if advantage and level == 3:
        return make(anchor, add_days(anchor.day, 60), f"File level 3: {what}", PATIENT, "42 CFR 422.602(b)",
                    REG_TEXT, "HIGH", note.strip(), step="level_3")
    if advantage:  # levels 4 and 5 follow Original Medicare's steps (§2.3: "ALJ, Council and court as above")
        return make(anchor, add_days(anchor.day, days), f"File level {level}: {what}", PATIENT, cite, SRC_MA, "MED",
                    (note + " Medicare Advantage uses Original Medicare's steps after the ALJ; the Part 422 "
                     "section that says so is not in ketcover's notes.").strip(), step=f"level_{level}",
                    cite_verified=False, as_of=NOTES_AS_OF)
    return make(anchor, add_days(anchor.day, days), f"File level {level}: {what}", PATIENT, cite, REG_TEXT, "HIGH",
                note.strip(), step=f"level_{level}")


def _decide_level(f: Facts, level: int) -> Deadline:
    what, _, _, days, cite, _ = _level(level)
    if days is None:
        raise NoRules("A federal court has no decision deadline.")
    anchor = plan_receipt(f.sent, f.plan_received, f.plan_proof, who="the reviewer")
    generally = " (generally)" if level == 3 else ""
    return make(anchor, add_days(anchor.day, days), f"Decision on level {level}: {what}{generally}", INSURER, cite,
                SRC_LEVELS, "MED", step=f"level_{level}_decision", cite_verified=False, as_of=NOTES_AS_OF)


def original(plan_type: PlanType, event: Event, f: Facts) -> list[Deadline]:
    if event is Event.DENIAL_RECEIVED:
        return [_file_level(f, f.level)]
    if event is Event.FINAL_DENIAL_RECEIVED:  # the decision on this level arrived: the next level is filed
        if f.level >= 5:
            return []
        return [_file_level(f, f.level + 1)]
    if event is Event.APPEAL_FILED:
        return [_decide_level(f, f.level)]
    raise NoRules(f"ketcover has no Original Medicare rule for {event.label.lower()}: use the appeal levels.")


def advantage(plan_type: PlanType, event: Event, f: Facts) -> list[Deadline]:
    if event is Event.PA_SUBMITTED:
        return [_ma_prior_auth(f)]
    if event is Event.DENIAL_RECEIVED:
        if f.level <= 1:
            anchor = receipt_presumed(f.notice_dated, f.received, f.proof)
            return [make(anchor, add_days(anchor.day, 60), "Ask the plan for reconsideration", PATIENT,
                         "42 CFR 422.582(b), (b)(1)", REG_TEXT, "HIGH",
                         "60 days after you receive the plan's decision; it is presumed received 5 days after its "
                         "date, so by default 65 days after the date on the notice, later only with proof of a "
                         "later receipt.", step="reconsideration")]
        if f.level == 2:
            return []  # the IRE review is automatic: a plan fact, not a deadline
        return [_file_level(f, f.level, advantage=True)]
    if event is Event.FINAL_DENIAL_RECEIVED:
        if f.level in (1, 5):  # the plan forwards its own denial to the IRE; after court, nothing
            return []
        return [_file_level(f, f.level + 1, advantage=True)]
    if event is Event.APPEAL_FILED:
        if f.level == 1:
            return [_ma_reconsideration_decision(f)]
        if f.level >= 3:
            return [_decide_level(f, f.level)]
        return []
    raise NoRules(f"ketcover has no Medicare Advantage rule for {event.label.lower()}.")


def _ma_prior_auth(f: Facts) -> Deadline:
    anchor = plan_receipt(f.sent, f.plan_received, f.plan_proof)
    if as_day(anchor.day) < MA_PA_FROM:
        raise NoRules("ketcover has the Medicare Advantage prior-authorization clock from 2026-01-01 only: use the "
                      "decision date the plan gave you.")
    if f.urgent:
        return make(anchor, add_hours(anchor.day, 72), "Plan decides the expedited prior authorization", INSURER,
                    "42 CFR 422.572", SRC_MA_PA, "HIGH", step="claim_decision")
    return make(anchor, add_days(anchor.day, 7), "Plan decides the prior authorization (organization determination)",
                INSURER, "42 CFR 422.568(b)(1)(ii)", SRC_MA_PA, "HIGH", "7 calendar days, from 2026-01-01.",
                step="claim_decision")


def _ma_reconsideration_decision(f: Facts) -> Deadline:
    anchor = plan_receipt(f.sent, f.plan_received, f.plan_proof)
    note = "If the plan keeps its denial, it sends the case to the independent review entity (IRE) itself."
    if f.urgent:
        return make(anchor, add_hours(anchor.day, 72), "Plan decides the expedited reconsideration", INSURER,
                    "42 CFR 422.590", SRC_MA, "MED", note, step="appeal_decision", as_of=NOTES_AS_OF)
    days, what = (60, "payment") if f.post_service else (30, "standard pre-service")
    return make(anchor, add_days(anchor.day, days), f"Plan decides the {what} reconsideration", INSURER,
                "42 CFR 422.590", SRC_MA, "MED", note + " Part B drugs: 7 days.", step="appeal_decision",
                as_of=NOTES_AS_OF)


def plan_facts(plan_type: PlanType) -> list[tuple[str, str, str]]:
    if plan_type is PlanType.MEDICARE_ADVANTAGE:
        return [("When the plan keeps its denial on reconsideration, it forwards the case to the independent review "
                 "entity (IRE) itself: you do not file external review (45 CFR 147.136 does not apply to Medicare).",
                 "42 CFR 422.590; 42 CFR 422.592", f"{NOTES} §8.6")]
    return [("Five levels: redetermination, reconsideration, ALJ hearing, Council review, federal court.",
             "42 CFR 405.942(a), 405.962(a), 405.1002(a), 405.1102(a), 405.1130", REG_TEXT)]


OVERDUE = ("Ask the plan or contractor in writing for its decision; ketcover's notes hold no rule on what a late "
           "decision means here.", "")
