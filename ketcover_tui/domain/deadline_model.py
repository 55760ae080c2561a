"""What a deadline is, and the date arithmetic the rules share.

Kept apart from the rules (``rules_*.py``) so that each plan family's rules can
import it without importing one another; ``deadlines.py`` puts them together.

Every clock counts from one date, and the rules differ in which one (notes
§8.1): the receipt of a notice, the date printed on it, the date it was
mailed, or the day the plan received a request. ``Anchor`` is that date, with
the words that say which it is and, when a date had to be assumed, why the
user should check it (the ⚠).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

PATIENT = "patient"
INSURER = "insurer"

NOTES = "ketcover reference notes"
REGULATION_AS_OF = "2026-12-02"  # notes §8: re-checked against regulation text on this day
NOTES_AS_OF = "2026-11-26"  # notes §2: secondary sources, read on this day
REG_TEXT = f"{NOTES} §8.1 (regulation text)"

STATE_SET_LABEL = "at most — your state or your notice may allow more"
CITE_UNVERIFIED = ("the cite is from general knowledge of the regulation, not ketcover's notes: check it on eCFR "
                   "before quoting it")


class Event(str, Enum):
    PA_SUBMITTED = "pa_submitted"
    CLAIM_SUBMITTED = "claim_submitted"
    DENIAL_RECEIVED = "denial_received"
    APPEAL_FILED = "appeal_filed"
    FINAL_DENIAL_RECEIVED = "final_denial_received"
    EXTERNAL_REVIEW_FILED = "external_review_filed"

    @property
    def label(self) -> str:
        return EVENT_LABELS[self]

    @property
    def is_request(self) -> bool:
        """Something sent to the plan (its decision clock runs), not a notice received."""
        return self in (Event.PA_SUBMITTED, Event.CLAIM_SUBMITTED, Event.APPEAL_FILED, Event.EXTERNAL_REVIEW_FILED)


EVENT_LABELS = {
    Event.PA_SUBMITTED: "Prior authorization submitted",
    Event.CLAIM_SUBMITTED: "Claim submitted",
    Event.DENIAL_RECEIVED: "Denial notice received",
    Event.APPEAL_FILED: "Appeal filed",
    Event.FINAL_DENIAL_RECEIVED: "Final internal denial received",
    Event.EXTERNAL_REVIEW_FILED: "External review filed",
}


class NoRules(ValueError):
    """The plan type (or event) has no rules in ketcover's notes; the message says what to do."""


@dataclass(frozen=True)
class Deadline:
    """One computed date. ``due`` is a datetime for hour-based rules (72 h), else a date.

    ``check_this`` (the ⚠) is reserved for a date that may really be wrong: an
    assumed or missing date, a state that may set a shorter time, a value the
    notes rate below HIGH. ``confidence`` says how the rule was verified: HIGH
    only where the regulation text was read (notes §8).
    """

    due: date | datetime
    what: str
    who: str  # PATIENT or INSURER
    rule: str  # the regulation section
    source: str  # where the notes found it
    confidence: str  # HIGH / MED / LOW
    note: str = ""
    cite_verified: bool = True
    uncertain: str = ""  # why the date needs checking ('' = it does not)
    counts_from: str = ""  # which date the clock counts from, in words
    state_set: str = ""  # STATE_SET_LABEL where the state sets the window and this is its shortest
    on_or_before: bool = False  # the real deadline may be earlier (only a later date was known)
    from_notice: bool = False  # the date printed on the notice, as entered by the user
    step: str = ""  # e.g. "internal_appeal": pairs a rule's date with the notice's date for that step
    as_of: str = REGULATION_AS_OF
    superseded: str = ""  # why an earlier date for the same step wins ('' = this one is in force)

    @property
    def check_this(self) -> bool:
        return bool(self.uncertain)

    @property
    def day(self) -> date:
        return self.due.date() if isinstance(self.due, datetime) else self.due

    def due_text(self) -> str:
        text = self.due.strftime("%Y-%m-%d %H:%M") if isinstance(self.due, datetime) else self.due.isoformat()
        return f"on or before {text}" if self.on_or_before else text

    def warning(self) -> str:
        """The 'check this' line shown in the UI and in exported letters ('' when not needed)."""
        parts = [self.uncertain] if self.uncertain else []
        if not self.cite_verified:
            parts.append(CITE_UNVERIFIED)
        return ("Check this: " + "; ".join(parts) + ".") if parts else ""

    def cite_line(self) -> str:
        """'42 CFR 405.942(a) · source … · HIGH, as of …' for detail views and calendars."""
        if self.from_notice:
            return f"{self.rule} · {self.source}"
        return f"{self.rule} · {self.source} · {self.confidence}, as of {self.as_of}"


# --- calendar arithmetic ----------------------------------------------------------

def as_day(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def add_days(start: date | datetime, days: int) -> date:
    return as_day(start) + timedelta(days=days)


def add_hours(start: date | datetime, hours: int) -> datetime:
    """Hour rules count from a moment; a bare date counts from its midnight (the earliest reading)."""
    moment = start if isinstance(start, datetime) else datetime.combine(start, time())
    return moment + timedelta(hours=hours)


def add_months_fifth_month_rule(start: date | datetime, months: int) -> date:
    """Same day ``months`` later; if that day does not exist, the first day of the month after.

    The external-review rule (45 CFR 147.136(d)(2)(i)): received Oct 31 -> Feb 31 does not
    exist -> Mar 1 ("the first day of the fifth month").
    """
    start = as_day(start)
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if start.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, start.day)
    return date(year + month // 12, month % 12 + 1, 1)


# --- what a clock counts from ----------------------------------------------------

PRESUMPTION_DAYS = 5


@dataclass(frozen=True)
class Anchor:
    day: date | datetime
    counts_from: str
    uncertain: str = ""
    on_or_before: bool = False


def presumed_received(notice_dated: date) -> date:
    """Medicare notices are presumed received 5 calendar days after their date."""
    return notice_dated + timedelta(days=PRESUMPTION_DAYS)


def receipt_presumed(notice_dated: date | None, received: date | None, proof: str) -> Anchor:
    """Receipt, presumed 5 days after the notice's date unless there is evidence (Medicare, MA).

    A later receipt counts only with proof (postmark, portal timestamp): 42 CFR
    405.942(a)(1), 422.582(b)(1). A recorded earlier receipt is used as it is (it
    only makes the deadline earlier).
    """
    if notice_dated is None:
        if received is None:
            raise NoRules("Enter the date printed on the notice (or the day it arrived).")
        return Anchor(received, f"the day it arrived ({received})",
                      "the notice's date is missing: a receipt more than 5 days after it counts only with "
                      "proof, so enter the notice's date")
    presumed = presumed_received(notice_dated)
    if received is None:
        return Anchor(presumed, f"receipt presumed 5 days after the notice's date {notice_dated} ({presumed})")
    if received <= presumed:
        return Anchor(received, f"the day it arrived ({received})")
    if proof.strip():
        return Anchor(received, f"the day it arrived ({received}), shown by: {proof.strip()}")
    return Anchor(presumed, f"receipt presumed 5 days after the notice's date {notice_dated} ({presumed})",
                  f"you recorded it arriving {received}, later than the presumed {presumed}: that counts only "
                  "with proof (postmarked envelope, portal timestamp); record the proof to use the later date")


def receipt_actual(notice_dated: date | None, received: date | None) -> Anchor:
    """Receipt of the notice (ERISA/ACA). Without it, the notice's date: the earliest reading."""
    if received is not None:
        return Anchor(received, f"receipt of the notice ({received})")
    if notice_dated is None:
        raise NoRules("Enter the day the notice arrived (or at least the date printed on it).")
    return Anchor(notice_dated, f"the notice's date ({notice_dated}), because the day it arrived is missing",
                  "the receipt date is missing, so this counts from the notice's date: the real deadline is "
                  "this day or later; enter the day it arrived")


def notice_day(notice_dated: date | None, received: date | None, what: str = "the date on the notice") -> Anchor:
    """Rules that count from the notice's own date (Medicaid). With only the receipt: 'on or before'."""
    if notice_dated is not None:
        return Anchor(notice_dated, f"{what} ({notice_dated})")
    if received is None:
        raise NoRules("Enter the date printed on the notice.")
    return Anchor(received, f"the day it arrived ({received}), because {what} is missing",
                  f"this rule counts from {what}, which is missing: the real deadline is on or before this "
                  "date, earlier by the days the notice spent in the mail; enter the notice's date",
                  on_or_before=True)


def plan_receipt(sent: date | datetime | None, received: date | datetime | None, proof: str,
                 who: str = "the plan") -> Anchor:
    """When the plan received a request: decision clocks start there (recorded with evidence, else ⚠)."""
    if received is not None and proof.strip():
        return Anchor(received, f"the day {who} received it ({as_day(received)}), shown by: {proof.strip()}")
    if received is not None:
        return Anchor(received, f"the day {who} received it ({as_day(received)}), no evidence recorded",
                      f"no evidence is recorded that {who} received it that day (fax confirmation, delivery "
                      "tracking, portal receipt): record it")
    if sent is None:
        raise NoRules("Enter the day the request was sent.")
    return Anchor(sent, f"the day it was sent ({as_day(sent)}), assumed to be the day {who} received it",
                  f"assumed: {who} received it the day it was sent; if it went by mail it arrived later; record "
                  "when it arrived and how you know (fax confirmation, delivery tracking, portal receipt)")


# --- what the rules are given ----------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """The dates and answers a rule may need; each rule reads only its own.

    Notice events read ``notice_dated``, ``received`` and ``proof`` (of a later
    receipt); request events read ``sent``, ``plan_received`` and ``plan_proof``.
    """

    notice_dated: date | None = None
    received: date | None = None
    proof: str = ""
    sent: date | datetime | None = None
    plan_received: date | datetime | None = None
    plan_proof: str = ""
    urgent: bool = False
    post_service: bool = False
    concurrent: bool = False  # a request to extend an ongoing course of urgent care
    level: int = 1  # Medicare: the appeal level being filed or decided (1–5)
    reduces: bool = False  # Medicaid: ends, suspends or reduces services already authorized
    effective: date | None = None  # Medicaid: the date that change takes effect


def make(anchor: Anchor, due: date | datetime, what: str, who: str, rule: str, source: str, confidence: str,
         note: str = "", *, step: str, cite_verified: bool = True, uncertain: str = "", state_set: str = "",
         as_of: str = REGULATION_AS_OF) -> Deadline:
    """A Deadline counted from ``anchor``: its words, its ⚠ and its 'on or before' carry over."""
    reasons = "; ".join(part for part in (anchor.uncertain, uncertain) if part)
    return Deadline(due, what, who, rule, source, confidence, note, cite_verified, reasons, anchor.counts_from,
                    state_set, anchor.on_or_before, False, step, as_of)
