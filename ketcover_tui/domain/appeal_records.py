"""The records of the Appeals tab: prior-authorization requests, claims and denials.

Data only, with the field specs that the form, the store and the exports share.
A denial records each step taken (appeal sent, received by the plan, final
decision, external review) with the dates the rules count from (notes §8.1):
the date printed on a notice, the day it arrived and the proof of a late
arrival, the day the plan received a request and the evidence of it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .fields import day_text, format_money

REASONS = {
    "medical_necessity": "Medical necessity",
    "experimental": "Experimental / investigational",
    "no_prior_auth": "Prior authorization missing",
    "not_covered": "Benefit not covered",
    "out_of_network": "Out of network",
    "step_therapy": "Step therapy",
    "timely_filing": "Timely filing",
    "coding_error": "Coding error",
    "other": "Other",
}
PA_DECISIONS = {"": "pending", "approved": "approved", "partial": "partly approved", "denied": "denied",
                "withdrawn": "withdrawn"}
CLAIM_STATUSES = {"": "submitted", "pending": "pending", "paid": "paid", "partial": "partly paid",
                  "denied": "denied", "appealed": "appealed"}
DENIAL_STATUSES = {"": "open", "won": "overturned (won)", "lost": "upheld, closed", "closed": "closed"}


def _new_id() -> str:
    return uuid.uuid4().hex[:8]


@dataclass
class PriorAuth:
    codes: str = ""  # CPT/HCPCS requested, e.g. "96365, J3490"
    submitted: date | None = None
    received_by_plan: date | None = None  # the plan's decision clock starts here
    receipt_evidence: str = ""  # fax confirmation, delivery tracking, portal receipt
    urgent: bool = False
    concurrent: bool = False  # a request to extend an ongoing course of urgent care
    decision_due: date | None = None  # what the plan said; the rule's date is computed too
    decision: str = ""  # key of PA_DECISIONS
    decided: date | None = None
    auth_number: str = ""
    units_approved: str = ""
    valid_until: date | None = None
    notes: str = ""
    id: str = field(default_factory=_new_id)

    def headline(self) -> str:
        return f"PA {self.codes or '(codes?)'} · {PA_DECISIONS.get(self.decision, self.decision)}"


@dataclass
class Claim:
    claim_number: str = ""
    submitted: date | None = None
    received_by_plan: date | None = None  # the plan's decision clock starts here
    receipt_evidence: str = ""
    service_dates: str = ""
    billed: Decimal | None = None
    allowed: Decimal | None = None
    paid: Decimal | None = None
    patient_owes: Decimal | None = None
    status: str = ""  # key of CLAIM_STATUSES
    eob_received: date | None = None
    notes: str = ""
    id: str = field(default_factory=_new_id)

    def headline(self) -> str:
        return (f"Claim {self.claim_number or '(no number)'} · {format_money(self.billed)} · "
                f"{CLAIM_STATUSES.get(self.status, self.status)}")


@dataclass
class Denial:
    notice_date: date | None = None  # printed on the notice (Medicaid counts from it)
    received: date | None = None  # the day it arrived (employer / ACA plans count from it)
    receipt_proof: str = ""  # postmark, portal timestamp: needed by Medicare for a late arrival
    notice_deadline: date | None = None  # the appeal deadline printed on the notice, if any
    reduces_services: bool = False  # Medicaid: ends, suspends or reduces services already authorized
    effective_date: date | None = None  # Medicaid: the day that change takes effect
    reason: str = "medical_necessity"  # key of REASONS
    quoted: str = ""  # the denial text, quoted exactly
    reference: str = ""  # claim or reference number
    urgent: bool = False
    post_service: bool = False
    # Appeal steps taken; the deadline engine works from these.
    appeal_filed: date | None = None
    appeal_received: date | None = None  # the day the plan received the appeal
    appeal_received_evidence: str = ""
    final_notice_date: date | None = None  # printed on the final decision (Medicaid: notice of resolution)
    final_denial_received: date | None = None
    final_receipt_proof: str = ""
    final_notice_deadline: date | None = None  # the next step's deadline printed on the final decision
    external_review_filed: date | None = None
    external_review_received: date | None = None  # the day the reviewer received the request
    external_review_received_evidence: str = ""
    level: int = 1  # Medicare: the appeal level being filed or decided (1–5)
    status: str = ""  # key of DENIAL_STATUSES; "" = open
    notes: str = ""
    id: str = field(default_factory=_new_id)
    appeals_fax: str = ""  # where the notice says to send an appeal (fax cover sheet, mail cover letter)
    appeals_address: str = ""

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)

    @property
    def open(self) -> bool:
        return self.status == ""

    def headline(self) -> str:
        when = day_text(self.received or self.notice_date) or "(date?)"
        return f"Denial {when} · {self.reason_label}" + (f" · {self.reference}" if self.reference else "")


@dataclass
class Appeals:
    prior_auths: list[PriorAuth] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    letters: list = field(default_factory=list)  # letter_log.Letter: versions kept, sendings recorded

    def is_empty(self) -> bool:
        return not (self.prior_auths or self.claims or self.denials or self.letters)


KINDS = {"prior_auth": PriorAuth, "claim": Claim, "denial": Denial}
LISTS = {"prior_auth": "prior_auths", "claim": "claims", "denial": "denials"}
KIND_LABELS = {"prior_auth": "Prior authorization", "claim": "Claim", "denial": "Denial"}

EVIDENCE_HELP = "fax confirmation, tracking, portal receipt (else ⚠)"
PROOF_HELP = "postmark or portal timestamp, if over notice + 5 d"

# Form/spec: kind -> [(field name, label, type, help)]. Types: text, long, day, money, bool, choice:<table>, level
SPECS: dict[str, list[tuple[str, str, str, str]]] = {
    "prior_auth": [
        ("codes", "Codes requested", "text", "CPT/HCPCS, e.g. 96365, J3490"),
        ("submitted", "Submitted", "day", "YYYY-MM-DD"),
        ("received_by_plan", "Plan received it", "day", "YYYY-MM-DD: the plan's decision clock counts from here"),
        ("receipt_evidence", "Evidence it was received", "text", EVIDENCE_HELP),
        ("urgent", "Urgent", "bool", "yes / no"),
        ("concurrent", "Extends urgent care already under way", "bool", "yes if it asks to continue a course of care"),
        ("decision_due", "Decision due (as told)", "day", "YYYY-MM-DD; the rule's date is computed too"),
        ("decision", "Decision", "choice:pa", "pending, approved, partial, denied, withdrawn"),
        ("decided", "Decided on", "day", "YYYY-MM-DD"),
        ("auth_number", "Authorization number", "text", ""),
        ("units_approved", "Units approved", "text", "e.g. 6 infusions"),
        ("valid_until", "Valid until", "day", "YYYY-MM-DD"),
        ("notes", "Notes", "long", ""),
    ],
    "claim": [
        ("claim_number", "Claim number", "text", ""),
        ("submitted", "Submitted", "day", "YYYY-MM-DD"),
        ("received_by_plan", "Plan received it", "day", "YYYY-MM-DD: the plan's decision clock counts from here"),
        ("receipt_evidence", "Evidence it was received", "text", EVIDENCE_HELP),
        ("service_dates", "Dates of service", "text", "e.g. 2026-02-02, 2026-02-04"),
        ("billed", "Billed", "money", "$"),
        ("allowed", "Allowed", "money", "$"),
        ("paid", "Paid by plan", "money", "$"),
        ("patient_owes", "Patient owes", "money", "$"),
        ("status", "Status", "choice:claim", "submitted, pending, paid, partial, denied, appealed"),
        ("eob_received", "EOB received", "day", "YYYY-MM-DD"),
        ("notes", "Notes", "long", ""),
    ],
    "denial": [
        ("notice_date", "Notice dated", "day", "Medicaid counts from it; Medicare presumes +5 days"),
        ("received", "Received", "day", "the day it arrived: employer and ACA plans count from it"),
        ("receipt_proof", "Proof of the day it arrived", "text", PROOF_HELP),
        ("notice_deadline", "Deadline printed on the notice", "day", "if printed: shown, and used if earlier"),
        ("reduces_services", "Cuts services already approved", "bool", "Medicaid: ends or cuts authorized care"),
        ("effective_date", "Change takes effect", "day", "Medicaid: the date printed for that change"),
        ("reason", "Reason", "choice:reason", ", ".join(REASONS)),
        ("quoted", "Denial text (quoted exactly)", "long", "copy the reason word for word"),
        ("reference", "Claim / reference number", "text", ""),
        ("urgent", "Urgent", "bool", "yes if waiting could seriously harm health"),
        ("post_service", "Post-service", "bool", "yes if the care was already given"),
        ("appeal_filed", "Appeal sent", "day", "YYYY-MM-DD"),
        ("appeal_received", "Plan received the appeal", "day", "the plan's decision clock counts from here"),
        ("appeal_received_evidence", "Evidence the plan received it", "text", EVIDENCE_HELP),
        ("final_notice_date", "Final decision dated", "day", "Medicaid fair hearings count from it"),
        ("final_denial_received", "Final decision received", "day", "external review counts from it"),
        ("final_receipt_proof", "Proof of the day it arrived", "text", PROOF_HELP),
        ("final_notice_deadline", "Deadline printed on the decision", "day", "if printed: shown, and used if earlier"),
        ("external_review_filed", "External review sent", "day", "YYYY-MM-DD"),
        ("external_review_received", "Reviewer received it", "day", "the reviewer's decision clock counts from here"),
        ("external_review_received_evidence", "Evidence it was received", "text", EVIDENCE_HELP),
        ("level", "Medicare appeal level", "level", "1–5 (Medicare only): the level being filed or decided"),
        ("status", "Status", "choice:denial", "open, won, lost, closed"),
        ("notes", "Notes", "long", ""),
        ("appeals_fax", "Appeals fax (on the notice)", "text", "where the notice says to fax an appeal"),
        ("appeals_address", "Appeals mailing address", "long", "as printed on the notice, one line each"),
    ],
}
CHOICES = {"pa": PA_DECISIONS, "claim": CLAIM_STATUSES, "reason": REASONS, "denial": DENIAL_STATUSES}
