"""The first page of a packet that travels by fax (a cover sheet) or by mail (a cover letter).

Where it goes comes from ``routing.appeal_destination`` (the denial notice, else
the insurer directory where it serves this kind of plan), with its source. What is not known is written as ``[missing: …]``,
listed, and makes the packet a DRAFT: a cover never guesses a fax number.
The total page count is the whole packet's, cover included (``TOTAL_PAGES``).
"""

from __future__ import annotations

from ..domain import clock
from .letters import missing
from .model import TOTAL_PAGES, Bullets, KeepTogether, KeyValues, Lines, Paragraph, Section
from .names import claim_reference
from .routing import appeal_destination

CONFIDENTIAL = ("Confidential: this transmission contains protected health information about the patient named "
                "above, meant only for the appeals department it is addressed to. If you received it by mistake, "
                "please tell the sender and destroy every page.")


def _regarding(record) -> str:
    if record is not None and getattr(record, "notice_date", None):
        return f"Appeal of the denial dated {record.notice_date.isoformat()}"
    return "Appeal of a denial of coverage"


def cover_blocks(case, record, how: str, enclosed: list[str]) -> tuple[list, list[str]]:
    """(blocks, what is missing) for a ``how`` = "fax" cover sheet or "mail" cover letter."""
    where = appeal_destination(case, record)
    needs = where.missing(how)
    insurer = where.insurer or missing("insurer")
    reference = claim_reference(case, record) or "none given"
    if how == "fax":
        fax = where.fax or missing(needs[-1] if needs else "the plan's appeals fax number")
        blocks = [
            Section("Fax cover sheet"),
            KeyValues((("To", f"{insurer}, appeals department"), ("Fax", fax),
                       ("From", case.patient.name), ("Date", clock.today().isoformat()),
                       ("Pages", f"{TOTAL_PAGES}, including this cover sheet"),
                       ("Member id", case.plan.member_id or missing("member id")),
                       ("Claim / reference", reference), ("Regarding", _regarding(record)))),
            KeepTogether((Paragraph("Enclosed"), Bullets(tuple(enclosed)))),
            Paragraph(CONFIDENTIAL, style="muted"),
        ]
        if where.fax:
            blocks.insert(2, Paragraph(f"Fax number from {where.fax_source}, as of {where.fax_as_of}.", style="muted"))
        return blocks, needs
    address = where.address_block(missing(needs[-1] if needs else "the plan's appeals mailing address"))
    signature = ("Sincerely,", "", "", "______________________________", case.patient.name,
                 f"Member ID {case.plan.member_id or missing('member ID')}", "Date: ______________")
    blocks = [
        Section("Cover letter"),
        Lines((clock.today().isoformat(), "", *address)),
        *([Paragraph(" ".join(where.lines()), style="muted")] if where.address else []),
        KeyValues((("Member", case.patient.name), ("Member id", case.plan.member_id or missing("member id")),
                   ("Claim / reference", reference), ("Regarding", _regarding(record)))),
        Paragraph(f"Please find enclosed my appeal and the evidence for it, {TOTAL_PAGES} pages in all including "
                  "this letter:"),
        Bullets(tuple(enclosed)),
        Paragraph("Please confirm in writing that you received it, and tell me if you need anything else to "
                  "decide the appeal."),
        KeepTogether((Lines(signature),)),
    ]
    return blocks, needs
