"""Before a letter is drafted: what the case's dates and status say applies today.

Asked of the deadline engine (``appeal_position``) and nothing else: is the
filing window open or passed (and what is left), was the appeal already filed
(a follow-up, never a second appeal), is the plan's decision overdue (counted
from when the plan received the appeal), is the internal appeal over. Every
date a letter states comes from here, written by the ``*_sentence`` helpers,
which never write "by on or before" and never state an uncertain date as
certain: an uncertain one carries a ``[check this: …]`` that a final copy
refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from ..domain import deadlines as dl
from ..domain.appeal_deadlines import denial_stage
from ..domain.appeal_position import AppealPosition, appeal_position
from ..domain.deadline_model import Event, Facts, NoRules

NEW = "new"  # nothing filed yet, the window open
LATE = "late"  # nothing filed, the window passed
PENDING = "pending"  # filed, the decision not yet due
OVERDUE = "overdue"  # filed, the decision late
AFTER_FINAL = "after_final"  # the plan's internal decision is final: the next step
REVIEW = "review"  # external review (or the next level) requested
CLOSED = "closed"


@dataclass(frozen=True)
class Situation:
    kind: str
    position: AppealPosition
    stage: Event | None = None

    @property
    def window(self):
        return self.position.window

    @property
    def decision(self):
        return self.position.decision


def situation(plan_type, record, on: date) -> Situation:
    """Where a denial (or prior authorization) stands on day ``on``, as a letter must know it."""
    position = appeal_position(plan_type, record, on)
    if hasattr(record, "quoted"):
        if not record.open:
            return Situation(CLOSED, position)
        stage = denial_stage(record)
        if stage is Event.APPEAL_FILED:
            return Situation(OVERDUE if position.decision_overdue else PENDING, position, stage)
        if stage is Event.FINAL_DENIAL_RECEIVED:
            return Situation(LATE if position.window_passed else AFTER_FINAL, position, stage)
        if stage is Event.EXTERNAL_REVIEW_FILED:
            return Situation(REVIEW, position, stage)
        return Situation(LATE if position.window_passed else NEW, position, stage)
    if getattr(record, "decision", ""):
        return Situation(CLOSED, position)
    if getattr(record, "submitted", None) or getattr(record, "received_by_plan", None):
        return Situation(OVERDUE if position.decision_overdue else PENDING, position, Event.PA_SUBMITTED)
    return Situation(NEW, position)


def section_cite(deadline) -> str:
    """The rule's cite (without the engine's explanations in brackets), cut back to its section when the
    paragraph is not verified: a letter never cites a guess."""
    rule = re.sub(r"\s+\([a-z][^()]*\s[^()]*\)", "", deadline.rule)  # "(the state's external review)", not "(b)"
    if deadline.cite_verified:
        return rule
    return "; ".join(dict.fromkeys(re.sub(r"(\d)\(.*$", r"\1", part.strip()) for part in rule.split(";")))


def day_words(deadline) -> str:
    """'on 2027-05-24' / 'on or before 2027-05-24' / 'at 2026-12-05 14:00'."""
    if isinstance(deadline.due, datetime):
        return f"at {deadline.due:%Y-%m-%d %H:%M}"
    return f"on or before {deadline.day}" if deadline.on_or_before else f"on {deadline.day}"


def check(deadline) -> str:
    """' [check this: …]' for a date that may really be wrong ('' when it is sure)."""
    return f" [check this: {deadline.uncertain}]" if deadline.check_this else ""


def timeliness_sentence(sit: Situation, subject: str = "It") -> str:
    """Why the request is on time (never claimed when the window has passed)."""
    window = sit.window
    if window is None or sit.position.window_passed:
        return ""
    if window.from_notice:
        return f"{subject} is made before the deadline printed on the notice, {window.day}."
    return (f"{subject} is made within the time the rules allow ({section_cite(window)}): that time ends "
            f"{day_words(window)}.{check(window)}")


def late_sentence(sit: Situation, what: str) -> str:
    window = sit.window
    cite = f" ({section_cite(window)})" if not window.from_notice else " (the date printed on the notice)"
    return (f"The time to file this {what} ended {day_words(window)}{cite}. I ask that it be accepted and decided "
            "all the same, for this reason: [missing: why it is late (for example serious illness, or being told "
            "the wrong deadline), with the evidence]")


def decision_clock(plan_type, event: Event, on: date, **facts) -> tuple[str, object]:
    """('within 30 days of receiving it', Deadline) for a request sent today; ('', None) without a rule."""
    try:
        found = dl.compute(plan_type, event, Facts(sent=on, plan_received=on, plan_proof="-", **facts))
    except NoRules:
        return "", None
    decision = next((d for d in found if d.who == dl.INSURER), None)
    if decision is None:
        return "", None
    if isinstance(decision.due, datetime):
        hours = int((decision.due - datetime.combine(on, datetime.min.time())).total_seconds() // 3600)
        return f"within {hours} hours of receiving it", decision
    return f"within {(decision.day - on).days} days of receiving it", decision


def decision_sentence(plan_type, event: Event, on: date, what: str, who: str = "the plan", **facts) -> str:
    """The response deadline for a request not yet received: 'Under …, the plan must decide … within N days…'."""
    span, decision = decision_clock(plan_type, event, on, **facts)
    if decision is None:
        return ""
    if decision.check_this:
        return f"I ask {who} to decide this {what} within the time {section_cite(decision)} allows."
    return f"Under {section_cite(decision)}, {who} must decide this {what} {span}."


def due_sentence(sit: Situation, what: str) -> str:
    """For a request already with the plan: when it arrived and when the decision was due (or is due)."""
    decision = sit.decision
    if decision is None:
        return ""
    verb = "was due" if sit.kind == OVERDUE else "is due"
    return f"Its decision on the {what} {verb} {day_words(decision)} ({section_cite(decision)}).{check(decision)}"
