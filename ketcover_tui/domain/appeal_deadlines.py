"""From the Appeals tab's records to their deadlines: what is due, which date wins, what is late.

A record's latest step decides which rule applies; its dates become the
engine's ``Facts``. A deadline printed on the notice (entered by the user) is
shown next to the rule's date for the same step, and the earlier of the two
wins: the later one is kept, marked ``superseded``, for the detail view only.
Works on any object with the record fields (duck-typed), so it does not import
the record module.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from . import deadlines as dl
from .deadline_model import INSURER, PATIENT, Deadline, Event, Facts, NoRules
from .fields import one_line
from .letter_log import step_status
from .vocab import PlanType

NOTICE_RULE = "the date printed on your notice"
NOTICE_SOURCE = "your notice, as you entered it"


def denial_stage(denial) -> Event | None:
    """The latest step taken on a denial: what the next deadlines follow from."""
    if denial.external_review_filed or denial.external_review_received:
        return Event.EXTERNAL_REVIEW_FILED
    if denial.final_denial_received or denial.final_notice_date:
        return Event.FINAL_DENIAL_RECEIVED
    if denial.appeal_filed or denial.appeal_received:
        return Event.APPEAL_FILED
    if denial.received or denial.notice_date:
        return Event.DENIAL_RECEIVED
    return None


def denial_facts(denial, event: Event) -> Facts:
    common = dict(urgent=denial.urgent, post_service=denial.post_service, level=denial.level)
    if event is Event.DENIAL_RECEIVED:
        return Facts(notice_dated=denial.notice_date, received=denial.received, proof=denial.receipt_proof,
                     reduces=denial.reduces_services, effective=denial.effective_date, **common)
    if event is Event.FINAL_DENIAL_RECEIVED:
        return Facts(notice_dated=denial.final_notice_date, received=denial.final_denial_received,
                     proof=denial.final_receipt_proof, **common)
    if event is Event.APPEAL_FILED:
        return Facts(sent=denial.appeal_filed, plan_received=denial.appeal_received,
                     plan_proof=denial.appeal_received_evidence, **common)
    return Facts(sent=denial.external_review_filed, plan_received=denial.external_review_received,
                 plan_proof=denial.external_review_received_evidence, **common)


def _printed_deadline(denial, event: Event) -> date | None:
    if event is Event.DENIAL_RECEIVED:
        return denial.notice_deadline
    if event is Event.FINAL_DENIAL_RECEIVED:
        return denial.final_notice_deadline
    return None


def _with_notice(found: list[Deadline], printed: date | None, event: Event) -> list[Deadline]:
    """Add the notice's own deadline next to the rule's for the same step; mark the later one superseded."""
    if printed is None:
        return found
    filing = next((d for d in found if d.who == PATIENT and d.step != "keep_benefits"), None)
    what = (filing.what if filing else "File the appeal" if event is Event.DENIAL_RECEIVED else "Take the next step")
    notice = Deadline(printed, what, PATIENT, NOTICE_RULE, NOTICE_SOURCE, "as printed", from_notice=True,
                      step=filing.step if filing else "notice", counts_from="the notice", as_of=printed.isoformat())
    if filing is None:
        return found + [notice]
    if printed < filing.day:
        found = [replace(d, superseded=f"the date printed on your notice ({printed}) is earlier") if d is filing
                 else d for d in found]
        return found + [notice]
    return found + [replace(notice, superseded=f"the rule's date ({filing.due_text()}) is earlier: file by then")]


def denial_deadlines_all(plan_type: PlanType | None, denial) -> tuple[list[Deadline], str]:
    """Every deadline for an open denial, superseded ones included, and the no-rule message ('' if none)."""
    if not denial.open:
        return [], ""
    event = denial_stage(denial)
    if event is None:
        return [], ""
    problem = ""
    try:
        found = dl.compute(plan_type, event, denial_facts(denial, event))
    except NoRules as exc:
        found, problem = [], str(exc)
    return _with_notice(found, _printed_deadline(denial, event), event), problem


def _live(pair: tuple[list[Deadline], str]) -> list[Deadline]:
    found, problem = pair
    live = [d for d in found if not d.superseded]
    if not live and problem:
        raise NoRules(problem)
    return live


def denial_deadlines(plan_type: PlanType | None, denial) -> list[Deadline]:
    """What is due next on an open denial (the winning dates). Raises NoRules when there is nothing to show."""
    return _live(denial_deadlines_all(plan_type, denial))


def _request_deadlines(plan_type, event: Event, sent, received, evidence, **options) -> tuple[list[Deadline], str]:
    try:
        return dl.compute(plan_type, event, sent=sent, plan_received=received, plan_proof=evidence, **options), ""
    except NoRules as exc:
        return [], str(exc)


def pa_deadlines_all(plan_type: PlanType | None, pa) -> tuple[list[Deadline], str]:
    if pa.decision or (pa.submitted is None and pa.received_by_plan is None):
        return [], ""
    return _request_deadlines(plan_type, Event.PA_SUBMITTED, pa.submitted, pa.received_by_plan, pa.receipt_evidence,
                              urgent=pa.urgent, concurrent=pa.concurrent)


def pa_deadlines(plan_type: PlanType | None, pa) -> list[Deadline]:
    return _live(pa_deadlines_all(plan_type, pa))


OPEN_CLAIM = ("", "pending")


def claim_deadlines_all(plan_type: PlanType | None, claim) -> tuple[list[Deadline], str]:
    if claim.status not in OPEN_CLAIM or (claim.submitted is None and claim.received_by_plan is None):
        return [], ""
    return _request_deadlines(plan_type, Event.CLAIM_SUBMITTED, claim.submitted, claim.received_by_plan,
                              claim.receipt_evidence)


def claim_deadlines(plan_type: PlanType | None, claim) -> list[Deadline]:
    return _live(claim_deadlines_all(plan_type, claim))


def record_deadlines_all(plan_type: PlanType | None, record) -> tuple[list[Deadline], str]:
    """Any record's deadlines (superseded included) and its no-rule message."""
    if hasattr(record, "quoted"):
        return denial_deadlines_all(plan_type, record)
    if hasattr(record, "auth_number"):
        return pa_deadlines_all(plan_type, record)
    return claim_deadlines_all(plan_type, record)


def open_deadlines(plan_type: PlanType | None, appeals) -> tuple[list[tuple], list[str]]:
    """Every winning deadline as (Deadline, record), earliest first, plus messages for records without rules.

    Past deadlines stay in the list (a missed one is still evidence, and an overdue
    plan decision is the patient's argument); claims without a rule add no message.
    """
    found: list[tuple] = []
    problems: list[str] = []
    for record in [*appeals.prior_auths, *appeals.claims, *appeals.denials]:
        deadlines, problem = record_deadlines_all(plan_type, record)
        found += [(d, record) for d in deadlines if not d.superseded]
        if problem and hasattr(record, "quoted") and problem not in problems:
            problems.append(problem)
    found.sort(key=lambda pair: (pair[0].day, pair[0].due_text()))
    return found, problems


def is_overdue(deadline: Deadline, on: date) -> bool:
    """A plan (or reviewer) decision whose deadline has passed with no decision recorded."""
    return deadline.who == INSURER and deadline.day < on


def is_missed(deadline: Deadline, on: date) -> bool:
    """A step the patient had to take by a day that has passed."""
    return deadline.who == PATIENT and deadline.day < on


def index_label(deadline: Deadline) -> str:
    return one_line(("⚠ " if deadline.check_this else "") + deadline.what, 48)


def deadline_index(plan_type: PlanType | None, appeals) -> tuple[tuple[str, str, str], ...]:
    """Open deadlines as (due YYYY-MM-DD, record id, short label) for the case index / Due panel.

    A plan's decision on a letter that was sent says so first: 'sent 12-01, received 12-03 · Plan decides …'.
    """
    found, _ = open_deadlines(plan_type, appeals)
    items = []
    for d, record in found:
        status = step_status(appeals, record, short=True) if d.who == INSURER else ""
        label = one_line(f"{status} · {index_label(d)}", 48) if status else index_label(d)
        items.append((d.day.isoformat(), record.id, label))
    return tuple(items)  # all of them: the Due list shows everything that is due
