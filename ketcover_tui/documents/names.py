"""File names for exports: what it is, the case id and the date; never the patient's name."""

from __future__ import annotations

from datetime import date

from ..domain import clock


def file_name(what: str, case_id: str, extension: str, on: date | None = None) -> str:
    """``ketcover-WHAT-CASEID-DATE.EXT``. No patient name: file names show up in listings others can see."""
    return f"ketcover-{what}-{case_id}-{(on or clock.today()).isoformat()}.{extension}"


def generated_stamp(when=None) -> str:
    """The "Generated …" line of a document: UTC, to the minute."""
    return (when or clock.utc_now()).strftime("%Y-%m-%d %H:%M UTC")


def claim_reference(case, record=None) -> str:
    """The claim / reference number a document is about: the record's, else the latest open denial's."""
    if record is not None and getattr(record, "reference", ""):
        return record.reference
    if record is not None and getattr(record, "claim_number", ""):
        return record.claim_number
    open_denials = [d for d in case.appeals.denials if d.open and d.reference]
    return open_denials[-1].reference if open_denials else ""


def patient_stamp(case, record=None) -> tuple[tuple[str, str], ...]:
    """The line on every page: patient name, date of birth, claim/reference number (else the member id)."""
    p = case.patient
    pairs = [("Patient", p.name), ("Date of birth", p.date_of_birth.isoformat() if p.date_of_birth else "—")]
    reference = claim_reference(case, record)
    if reference:
        pairs.append(("Claim / reference", reference))
    else:
        pairs.append(("Member id", case.plan.member_id or "—"))
    return tuple(pairs)
