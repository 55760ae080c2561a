"""The deadline engine: what is due, by whom, and when, after an appeal event.

Pure functions. Every value and citation comes from
shared/reference/domain-facts.md, sections 2.1–2.4; nothing here is invented.
Where those notes mark a fact MED/LOW, or a paragraph cite as unverified, the
Deadline says so (``check_this``) so the UI and letters can show a warning.

Events:
- ``pa_submitted``: a prior-authorization request (a pre-service claim) or a claim was sent;
- ``denial_received``: the denial (adverse benefit determination) notice was received;
- ``appeal_filed``: an internal appeal (or a Medicare level) was filed;
- ``final_denial_received``: the final internal denial (or the MCO's appeal resolution) arrived;
- ``external_review_filed``: an external review was requested.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from .vocab import PlanType


class Event(str, Enum):
    PA_SUBMITTED = "pa_submitted"
    DENIAL_RECEIVED = "denial_received"
    APPEAL_FILED = "appeal_filed"
    FINAL_DENIAL_RECEIVED = "final_denial_received"
    EXTERNAL_REVIEW_FILED = "external_review_filed"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]


EVENT_LABELS = {
    Event.PA_SUBMITTED: "Prior authorization / claim submitted",
    Event.DENIAL_RECEIVED: "Denial notice received",
    Event.APPEAL_FILED: "Appeal filed",
    Event.FINAL_DENIAL_RECEIVED: "Final internal denial received",
    Event.EXTERNAL_REVIEW_FILED: "External review filed",
}

PATIENT = "patient"
INSURER = "insurer"

CITE_UNVERIFIED = ("Paragraph-level cite from general knowledge of the regulation's structure: "
                   "check it on eCFR before quoting it.")


@dataclass(frozen=True)
class Deadline:
    """One computed date. ``due`` is a datetime for hour-based rules (72 h), else a date."""

    due: date | datetime
    what: str
    who: str  # PATIENT or INSURER
    rule: str  # the citation
    source: str  # where the notes found it
    confidence: str  # HIGH / MED / LOW, as in domain-facts
    note: str = ""
    cite_verified: bool = True

    @property
    def check_this(self) -> bool:
        """True when the user should check the value or the cite against the notice / eCFR."""
        return self.confidence != "HIGH" or not self.cite_verified

    @property
    def day(self) -> date:
        return self.due.date() if isinstance(self.due, datetime) else self.due

    def due_text(self) -> str:
        if isinstance(self.due, datetime):
            return self.due.strftime("%Y-%m-%d %H:%M")
        return self.due.isoformat()

    def warning(self) -> str:
        """The 'check this' line shown in the UI and in exported letters ('' when not needed)."""
        if not self.check_this:
            return ""
        parts = []
        if self.confidence != "HIGH":
            parts.append(f"confidence {self.confidence}")
        if not self.cite_verified:
            parts.append("citation not verified")
        return "Check this (" + ", ".join(parts) + "): " + (self.note or "confirm against your notice.")


class NoRules(ValueError):
    """The plan type (or event) has no rules in ketcover's notes; the message says what to do."""


# --- calendar arithmetic ----------------------------------------------------------

def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def add_hours(start: date | datetime, hours: int) -> datetime:
    """Hour rules count from a moment; a bare date counts from its midnight (the earliest reading)."""
    moment = start if isinstance(start, datetime) else datetime.combine(start, time())
    return moment + timedelta(hours=hours)


def add_months_fifth_month_rule(start: date, months: int) -> date:
    """Same day ``months`` later; if that day does not exist, the first day of the month after.

    This is the external-review rule (45 CFR 147.136): received Oct 31 -> Feb 31 does
    not exist -> Mar 1 ("the first day of the fifth month").
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year + month // 12, month % 12 + 1, 1)


def presumed_received(notice_dated: date) -> date:
    """Medicare notices are presumed received 5 days after their date."""
    return notice_dated + timedelta(days=5)


# --- plan families ---------------------------------------------------------------

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


def family(plan_type: PlanType | None) -> str:
    if plan_type is None:
        raise NoRules("Set the plan type on the case first: the deadlines depend on it.")
    if plan_type not in FAMILIES:
        raise NoRules(f"ketcover has no verified appeal rules for {plan_type.label} plans: "
                      "use the deadlines printed on your denial notice.")
    return FAMILIES[plan_type]


# --- the rules -------------------------------------------------------------------

ERISA_SRC = "bcbsm.com ERISA FAQ; navigatorguide.georgetown.edu; wagnerlawgroup"
DECISION_SRC = "bu.edu HR claim timeframes; meritain.com"
EXTERNAL_SRC = "citibenefitsonline.com notice text; georgetown navigator guide; paincarerights.org"
MEDICARE_SRC = "ngsmedicare.com; cgsmedicare.com; palmettogba.com"
AIC_SRC = "govinfo FR 2025-21879"

# Original Medicare: level -> (what, file within days, decision within days or None, amount in controversy, source)
MEDICARE_LEVELS = {
    1: ("Redetermination by the MAC (form CMS-20027)", 120, 60, "", MEDICARE_SRC),
    2: ("Reconsideration by the QIC (form CMS-20033)", 180, 60, "", MEDICARE_SRC),
    3: ("Hearing before an ALJ (OMHA)", 60, 90, "$200 (2026)", AIC_SRC),
    4: ("Review by the Medicare Appeals Council", 60, 90, "", "ngsmedicare.com"),
    5: ("Federal district court", 60, None, "$1,960 (2026)", AIC_SRC),
}


def compute(plan_type: PlanType | None, event: Event | str, when: date | datetime, *,
            urgent: bool = False, post_service: bool = False, level: int = 1,
            notice_dated: date | None = None) -> list[Deadline]:
    """The deadlines that follow ``event`` on ``when`` (the day it happened or was received).

    ``level`` is the Medicare appeal level being filed or decided (1–5). For Medicare
    denials, ``when`` may be None-like: pass ``notice_dated`` and the receipt is presumed
    5 days later. Raises NoRules with a user-facing message when ketcover has no rule.
    """
    event = Event(event)
    kind = family(plan_type)
    rules = {GROUP: _group, MEDICARE: _medicare, MEDICARE_ADVANTAGE: _medicare_advantage,
             MEDICAID_MC: _medicaid_mc, MEDICAID_FFS: _medicaid_ffs}[kind]
    if kind in (MEDICARE, MEDICARE_ADVANTAGE) and when is None and notice_dated is not None:
        when = presumed_received(notice_dated)
    if when is None:
        raise NoRules("Enter the date the notice was received.")
    return rules(plan_type, event, when, urgent=urgent, post_service=post_service, level=level,
                 notice_dated=notice_dated)


def _day(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def _group(plan_type, event, when, *, urgent, post_service, level, notice_dated) -> list[Deadline]:
    day = _day(when)
    if event is Event.PA_SUBMITTED:
        if urgent:
            return [Deadline(add_hours(when, 72), "Plan decides the urgent claim (as soon as possible)",
                             INSURER, "29 CFR 2560.503-1(f)", DECISION_SRC, "HIGH", CITE_UNVERIFIED, False)]
        days, what = (30, "post-service claim") if post_service else (15, "pre-service claim / prior authorization")
        return [Deadline(add_days(day, days), f"Plan decides the {what}", INSURER, "29 CFR 2560.503-1(f)",
                         DECISION_SRC, "HIGH", "The plan may extend once by 15 days. " + CITE_UNVERIFIED, False)]
    if event is Event.DENIAL_RECEIVED:
        note = "At least 180 days: the plan may allow longer (read the notice). " + CITE_UNVERIFIED
        found = [Deadline(add_days(day, 180), "File the internal appeal", PATIENT,
                          "29 CFR 2560.503-1(h)(3)(i); 45 CFR 147.136(b)", ERISA_SRC, "HIGH", note, False)]
        if plan_type is PlanType.MARKETPLACE:
            found.append(Deadline(add_days(day, 180), "Individual market: one internal appeal level, then "
                                  "external review", PATIENT, "45 CFR 147.136(b)(3)(ii)(G)",
                                  "bcbsm.com; type2.wiki summaries", "MED",
                                  "The one-level rule and its paragraph cite are unverified.", False))
        return found
    if event is Event.APPEAL_FILED:
        rule = "29 CFR 2560.503-1(i)"
        note = "No extensions; two-level plans have 15/30 days per level. " + CITE_UNVERIFIED
        if urgent:
            return [Deadline(add_hours(when, 72), "Plan decides the urgent (expedited) appeal", INSURER, rule,
                             DECISION_SRC, "HIGH", note, False)]
        days, what = (60, "post-service") if post_service else (30, "pre-service")
        return [Deadline(add_days(day, days), f"Plan decides the {what} appeal", INSURER, rule,
                         DECISION_SRC, "HIGH", note, False)]
    if event is Event.FINAL_DENIAL_RECEIVED:
        note = ("4 months; if that day does not exist, the first day of the fifth month. "
                + ("Fully insured plans use the state's external review, whose deadline may differ."
                   if plan_type is not PlanType.SELF_FUNDED_ERISA else
                   "The federal process covers medical-judgment denials (medical necessity, experimental) "
                   "and rescissions."))
        return [Deadline(add_months_fifth_month_rule(day, 4), "Request external review", PATIENT,
                         "45 CFR 147.136(c)/(d)", EXTERNAL_SRC, "HIGH", note)]
    if event is Event.EXTERNAL_REVIEW_FILED:
        if urgent:
            return [Deadline(add_hours(when, 72), "Reviewer (IRO) decides the expedited external review",
                             INSURER, "45 CFR 147.136(c)/(d)", "type2.wiki; bu.edu", "HIGH",
                             "It may tell you by phone first; the written notice within 48 h is unconfirmed.")]
        return [Deadline(add_days(day, 45), "Reviewer (IRO) decides the external review", INSURER,
                         "45 CFR 147.136(c)/(d)", "apellica.com; denialappeal.pages.dev; type2.wiki", "HIGH",
                         "The decision binds the plan.")]
    raise NoRules(f"No rule for {event.label.lower()} on this plan type.")


def _medicare_level(level: int) -> tuple:
    if level not in MEDICARE_LEVELS:
        raise NoRules("Medicare appeal levels are 1 to 5.")
    return MEDICARE_LEVELS[level]


def _medicare(plan_type, event, when, *, urgent, post_service, level, notice_dated) -> list[Deadline]:
    day = _day(when)
    note = "Notices are presumed received 5 days after their date."
    if event in (Event.DENIAL_RECEIVED, Event.FINAL_DENIAL_RECEIVED):
        what, file_days, _, aic, source = _medicare_level(level)
        extra = f" Amount in controversy at least {aic}." if aic else ""
        return [Deadline(add_days(day, file_days), f"File level {level}: {what}", PATIENT,
                         f"Original Medicare appeals, level {level}", source, "HIGH", note + extra)]
    if event is Event.APPEAL_FILED:
        what, _, decide_days, _, source = _medicare_level(level)
        if decide_days is None:
            raise NoRules("A federal court has no decision deadline.")
        extra = " (generally)" if level == 3 else ""
        return [Deadline(add_days(day, decide_days), f"Decision on level {level}: {what}{extra}", INSURER,
                         f"Original Medicare appeals, level {level}", source, "HIGH")]
    raise NoRules(f"No rule for {event.label.lower()} on Original Medicare: use the appeal levels.")


def _medicare_advantage(plan_type, event, when, *, urgent, post_service, level, notice_dated) -> list[Deadline]:
    day = _day(when)
    rule, source = "42 CFR 422.590", "cms.gov PartCRecon; medicare.gov"
    if event is Event.DENIAL_RECEIVED and level <= 1:
        return [Deadline(add_days(day, 60), "Ask the plan for reconsideration", PATIENT,
                         "CMS Part C reconsideration (cms.gov PartCRecon)", source, "MED",
                         "The CMS page says 60 days; one source says 65. Use 60 and check your notice.")]
    if event is Event.APPEAL_FILED and level <= 2:
        if urgent:
            return [Deadline(add_hours(when, 72), "Plan decides the expedited reconsideration", INSURER,
                             rule, source, "HIGH", "An adverse decision goes to the IRE (Maximus) automatically.")]
        days, what = (60, "payment") if post_service else (30, "standard pre-service")
        return [Deadline(add_days(day, days), f"Plan decides the {what} reconsideration", INSURER, rule, source,
                         "HIGH", "Part B drugs: 7 days. An adverse decision goes to the IRE (Maximus) "
                                 "automatically.")]
    if level >= 3:  # after the IRE: ALJ, Council and court as in Original Medicare
        return _medicare(plan_type, event, when, urgent=urgent, post_service=post_service, level=level,
                         notice_dated=notice_dated)
    raise NoRules(f"No rule for {event.label.lower()} at this Medicare Advantage level.")


def _medicaid_mc(plan_type, event, when, *, urgent, post_service, level, notice_dated) -> list[Deadline]:
    day = _day(when)
    source = "NC G.S. 108D-13; AZ R9-34-209; wnylc.com; caresource.com"
    if event is Event.DENIAL_RECEIVED:
        return [
            Deadline(add_days(day, 60), "File the appeal with the managed-care plan (MCO)", PATIENT,
                     "42 CFR 438.402(c)", source, "HIGH",
                     "You must finish the plan's appeal before a state fair hearing."),
            Deadline(add_days(day, 10), "Ask to keep benefits during the appeal", PATIENT, "42 CFR 438 Subpart F",
                     source, "MED", "Within 10 days or before the change takes effect; the exact paragraph "
                                    "is not in ketcover's notes.", False),
        ]
    if event is Event.APPEAL_FILED:
        if urgent:
            return [Deadline(add_hours(when, 72), "Plan (MCO) resolves the expedited appeal", INSURER,
                             "42 CFR 438.408", source, "HIGH", "Extendable by 14 days.")]
        return [Deadline(add_days(day, 30), "Plan (MCO) resolves the appeal", INSURER, "42 CFR 438.408",
                         source, "HIGH", "Extendable by 14 days. If it misses this, the appeal is deemed exhausted.")]
    if event is Event.FINAL_DENIAL_RECEIVED:
        return [Deadline(add_days(day, 120), "Request a state fair hearing", PATIENT, "42 CFR 438.408(f)(2)",
                         "denialhelp.com", "MED", "Regulation text not retrieved; your state's rule may "
                                                  "set a different period: check the plan's notice.", False)]
    raise NoRules(f"No rule for {event.label.lower()} on Medicaid managed care.")


def _medicaid_ffs(plan_type, event, when, *, urgent, post_service, level, notice_dated) -> list[Deadline]:
    if event in (Event.DENIAL_RECEIVED, Event.FINAL_DENIAL_RECEIVED):
        mailed = notice_dated or _day(when)
        return [Deadline(add_days(mailed, 90), "Request a state fair hearing (latest possible date)", PATIENT,
                         "42 CFR 431.221(d)", "Montana ARM rule; KFF", "MED",
                         "Counted from the date the notice was mailed; states set a reasonable time of at most "
                         "90 days, so yours may be shorter. Regulation text not retrieved.", False)]
    raise NoRules(f"No rule for {event.label.lower()} on fee-for-service Medicaid.")


def countdown(deadline: Deadline, on: date) -> str:
    """'overdue 3 d' / 'today' / 'in 5 d'."""
    delta = (deadline.day - on).days
    if delta < 0:
        return f"overdue {-delta} d"
    return "today" if delta == 0 else f"in {delta} d"
