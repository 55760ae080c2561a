"""The parts every letter is made of: the head (date, addressee, RE block), the evidence, enclosures, signature.

The addressee comes from ``routing.appeal_destination`` (the denial notice, else
the insurer directory where it serves this kind of plan), else it is missing:
never a guessed or head-office address. Enclosures are named the way the
packet names what it holds, so the packet encloses what a letter lists.
"""

from __future__ import annotations

from ketcover_tui.documents import letter_facts as lf
from ketcover_tui.documents.letter_facts import missing
from ketcover_tui.documents.letters import Draft
from ketcover_tui.documents.routing import appeal_destination

APPEALS_ADDRESS = missing("the plan's appeals mailing address, as printed on the denial notice")
PA_ADDRESS = missing("the plan's prior-authorization address or fax, as printed on its prior-authorization form")
STATE_REVIEW = missing("where the state's external review requests go, as printed on the final denial")
HEARING_OFFICE = missing("where fair hearing requests go, as printed on the plan's notice of resolution")


def addressee(case, record, to: str = "appeals") -> list[str]:
    """The address block: 'appeals' (the plan's appeals department), 'prior_auth', 'state_review', 'hearing'."""
    insurer = case.plan.insurer or missing("the insurer's name")
    if to == "appeals" and hasattr(record, "quoted"):
        return appeal_destination(case, record).address_block(APPEALS_ADDRESS)
    if to == "appeals" and case.appeals.denials:
        return appeal_destination(case).address_block(APPEALS_ADDRESS)
    if to == "state_review":
        return [STATE_REVIEW]
    if to == "hearing":
        return [HEARING_OFFICE]
    return [insurer, PA_ADDRESS if to == "prior_auth" or not case.appeals.denials else APPEALS_ADDRESS]


def head(ctx, title: str, subject: str, salutation: str, to: str = "appeals") -> list[str]:
    case, record = ctx.case, ctx.record
    return [f"# {title}", "", ctx.today.isoformat(), "", *addressee(case, record, to), "", f"RE: {subject}",
            *lf.re_lines(case, record), "", salutation, ""]


def subject_of(record, what: str) -> str:
    reference = getattr(record, "reference", "") or ""
    dated = getattr(record, "notice_date", None)
    parts = [what] + ([f"reference {reference}"] if reference else []) + ([f"notice dated {dated}"] if dated else [])
    return ", ".join(parts)


def evidence(case, *, failed_heading: bool = True) -> list[str]:
    """Treatments before, treatment so far, response: every fact dated."""
    lines = ["## Treatments that failed" if failed_heading and lf.failed_trials(case) else "## Treatments tried before",
             *lf.prior_treatment_lines(case), ""]
    if sessions := lf.session_lines(case):
        lines += ["## Treatment so far", *sessions, ""]
    response = lf.efficacy_lines(case)
    lines += ["## Response to treatment",
              *(response or [f"- {missing('validated scale scores (PHQ-9, GAD-7, PCL-5, pain 0–10) with dates')}"]), ""]
    return lines


def risk(case, lmn_enclosed: bool) -> list[str]:
    """The risk of not treating: PHQ-9 item 9 answers, else the letter of medical necessity's account."""
    lines = lf.risk_lines(case)
    if lines:
        return ["## The risk of not treating", *lines, ""]
    if lmn_enclosed:
        return ["## The risk of not treating",
                "The enclosed letter of medical necessity describes what delaying or stopping this treatment would "
                "mean for the patient.", ""]
    return ["## The risk of not treating", missing("what delaying or stopping this treatment would mean for the "
                                                   "patient, in the treating clinician's words"), ""]


def calls(case) -> list[str]:
    lines = lf.call_lines(case)
    return ["## What the plan told us", *lines, ""] if lines else []


def enclosures(case, *names: str, lmn: bool = True) -> list[str]:
    """The enclosures list, named as the packet names its parts (``packet.ENCLOSURES``)."""
    items = []
    if lmn:
        items.append(f"Letter of medical necessity from {lf.clinician(case)}")
    items += list(names)
    if case.journal.prior:
        items.append("Prior treatment log")
    if case.journal.sessions or case.journal.measures:
        items.append("Efficacy summary")
    if case.journal.measures:
        items.append("Scale score history")
    if lf.call_lines(case):
        items.append("Call log")
    return ["## Enclosures", *(f"- {item}" for item in items), ""]


def signature(case, signer: str) -> list[str]:
    if signer == "clinician":
        b = case.money.billing
        lines = ["Sincerely,", "", "", "______________________________", lf.clinician(case),
                 f"NPI {lf.or_missing(b.rendering_npi or case.provider.npi, 'the clinician NPI')}",
                 lf.or_missing(case.provider.clinic, "the clinic's name")]
        return lines + ([b.phone] if b.phone else [])
    return ["Sincerely,", "", "", "______________________________", case.patient.name,
            f"Member ID {lf.or_missing(case.plan.member_id, 'member ID')}"]


def draft(template_id: str, title: str, lines: list[str], *, signer: str = "patient", files: str = "",
          note: str = "") -> Draft:
    return Draft(template_id, title, "\n".join(lines).rstrip() + "\n", note=note, signer=signer, files=files)


def refuse(template_id: str, title: str, why: str) -> Draft:
    return Draft(template_id, title, "", refused=why)
