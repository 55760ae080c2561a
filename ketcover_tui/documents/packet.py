"""The appeal packet: one PDF for the insurer.

Cover sheet with a table of contents (packet page numbers), the letter, the
efficacy summary, a score chart drawn in the PDF, the prior-treatments table,
the call log, a payments summary, and the case's attached documents (denial
scans, records; PDF or images) merged in. Sections are rendered by the PDF
exporter plugin, so every name prints in the embedded Unicode font; fpdf2 and
pypdf are imported only here, when a packet is made.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..domain import clock
from ..domain.fields import format_money
from .model import Document, KeyValues, Paragraph, Table


@dataclass(frozen=True)
class TocEntry:
    title: str
    first_page: int  # 1-based, in the packet
    pages: int


def _header(case) -> tuple[tuple[str, str], ...]:
    return (("Patient", case.patient.name), ("Insurer", case.plan.insurer or "—"),
            ("Member id", case.plan.member_id or "—"))


def section_documents(case, letter_title: str, letter_text: str) -> list[tuple[str, Document | None]]:
    """(title, Document) per section; None marks the chart, drawn separately."""
    from ..domain import money as mn
    from ..domain.journal import OUTCOME_LABELS
    from .calls import call_log_document
    from .journal import efficacy_blocks
    from .letters import letter_document

    stamp = clock.now().isoformat()
    efficacy = Document("Efficacy summary", _header(case), efficacy_blocks(case), stamp)
    prior_rows = tuple((p.name, p.dose or "—", p.period() or "—", OUTCOME_LABELS.get(p.outcome, p.outcome) or "—",
                        p.notes or "") for p in case.journal.prior)
    prior = Document("Prior treatments", _header(case),
                     [Table(("Treatment", "Dose", "Dates", "Outcome", "Notes"), prior_rows)] if prior_rows else
                     [Paragraph("No prior treatments recorded.", style="muted")], stamp)
    t = mn.totals(case.money)
    claims = tuple((c.claim_number or "—", c.submitted.isoformat() if c.submitted else "—", format_money(c.billed),
                    format_money(c.allowed), format_money(c.paid), c.status or "submitted")
                   for c in case.appeals.claims)
    payments_blocks = [KeyValues((("Billed by the clinic", format_money(t.billed)),
                                  ("Paid by the patient", format_money(t.paid_by_you)),
                                  ("Allowed by the plan (EOBs)", format_money(t.allowed)),
                                  ("Paid by the plan (EOBs)", format_money(t.paid_by_plan)),
                                  ("Reimbursed to the patient", format_money(t.reimbursed))))]
    if claims:
        payments_blocks.append(Table(("Claim", "Submitted", "Billed", "Allowed", "Paid", "Status"), claims))
    payments = Document("Payments summary", _header(case), payments_blocks, stamp)
    return [(letter_title, letter_document(case, letter_title, letter_text)),
            ("Efficacy summary", efficacy), ("Symptom score chart", None), ("Prior treatments", prior),
            ("Call log", call_log_document(case)), ("Payments summary", payments)]


def _pdf():
    from fpdf import FPDF

    from .fonts import FAMILY, add_fonts

    pdf = FPDF(orientation="portrait", unit="mm", format="letter")
    pdf.set_margins(15, 15, 15)
    add_fonts(pdf)
    return pdf, FAMILY


def chart_pdf(case) -> bytes:
    """Each instrument's scores over time, as % of the scale's maximum, drawn with lines (one page)."""
    from ..domain import instruments

    pdf, family = _pdf()
    pdf.add_page()
    pdf.set_font(family, "B", 14)
    pdf.cell(0, 8, "Symptom score chart", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    pdf.multi_cell(0, 4.5, f"{case.patient.name} · scores as a percentage of each scale's maximum "
                           "(lower is better); dots are the recorded scores.", new_x="LMARGIN", new_y="NEXT")
    series = {}
    for entry in case.journal.measures:
        series.setdefault(entry.instrument, []).append(entry)
    left, top, width, height = 25.0, pdf.get_y() + 6, 165.0, 90.0
    pdf.set_draw_color(120, 120, 120)
    pdf.line(left, top, left, top + height)
    pdf.line(left, top + height, left + width, top + height)
    for pct in (0, 25, 50, 75, 100):
        y = top + height - height * pct / 100
        pdf.set_xy(left - 12, y - 2)
        pdf.cell(10, 4, f"{pct}%", align="R")
    if not series:
        pdf.set_xy(left + 5, top + height / 2)
        pdf.cell(0, 5, "No symptom scores recorded.")
        return bytes(pdf.output())
    days = [e.on for entries in series.values() for e in entries]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    colours = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14)]
    pdf.set_xy(left, top + height + 2)
    pdf.cell(60, 4, first.isoformat())
    pdf.set_xy(left + width - 40, top + height + 2)
    pdf.cell(40, 4, last.isoformat(), align="R")
    legend_y = top + height + 9
    for n, (instrument_id, entries) in enumerate(sorted(series.items())):
        spec = instruments.INSTRUMENTS[instrument_id]
        colour = colours[n % len(colours)]
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        pdf.set_line_width(0.6)
        points = [(left + width * (e.on - first).days / span,
                   top + height - height * e.score / max(spec.max_score, 1))
                  for e in sorted(entries, key=lambda e: e.on)]
        for a, b in zip(points, points[1:]):
            pdf.line(*a, *b)
        for x, y in points:
            pdf.ellipse(x - 1, y - 1, 2, 2, style="F")
        pdf.set_xy(left, legend_y + 5 * n)
        pdf.set_text_color(*colour)
        scores = ", ".join(str(e.score) for e in sorted(entries, key=lambda e: e.on))
        pdf.cell(0, 4, f"{spec.name} (0–{spec.max_score}): {scores}")
    pdf.set_text_color(20, 20, 20)
    return bytes(pdf.output())


def attachment_pdf(path: Path) -> bytes:
    """A PDF attachment as is; an image scan as a one-page PDF."""
    if path.suffix.lower() == ".pdf":
        return path.read_bytes()
    pdf, family = _pdf()
    pdf.add_page()
    pdf.set_font(family, "", 9)
    pdf.cell(0, 5, path.name, new_x="LMARGIN", new_y="NEXT")
    pdf.image(str(path), x=15, y=25, w=pdf.w - 30, keep_aspect_ratio=True, h=pdf.h - 45)
    return bytes(pdf.output())


def cover_pdf(case, toc: list[TocEntry], letter_title: str) -> bytes:
    pdf, family = _pdf()
    pdf.add_page()
    pdf.set_font(family, "B", 18)
    pdf.cell(0, 10, f"Appeal packet: {letter_title}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    denial = next((d for d in reversed(case.appeals.denials) if d.open), None)
    facts = [("Patient", case.patient.name),
             ("Date of birth", case.patient.date_of_birth.isoformat() if case.patient.date_of_birth else "—"),
             ("Insurer", case.plan.insurer or "—"), ("Member id", case.plan.member_id or "—"),
             ("Group id", case.plan.group_id or "—")]
    if denial is not None:
        facts += [("Claim / reference", denial.reference or "—"),
                  ("Denial notice", denial.notice_date.isoformat() if denial.notice_date else "—")]
    facts.append(("Prepared", clock.today().isoformat()))
    for label, value in facts:
        pdf.set_font(family, "B", 11)
        pdf.cell(45, 6, label)
        pdf.set_font(family, "", 11)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(family, "B", 13)
    pdf.cell(0, 8, "Contents", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    for n, entry in enumerate(toc, 1):
        pages = f"page {entry.first_page}" + (f"–{entry.first_page + entry.pages - 1}" if entry.pages > 1 else "")
        pdf.cell(140, 6, f"{n}. {entry.title}")
        pdf.cell(0, 6, pages, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def build_packet(case, letter_title: str, letter_text: str, attachments: list[Path], render_pdf) -> tuple[bytes, list[TocEntry]]:
    """The packet's bytes and its table of contents. ``render_pdf(document) -> bytes`` is the PDF exporter."""
    from pypdf import PdfReader, PdfWriter

    parts: list[tuple[str, bytes]] = []
    for title, document in section_documents(case, letter_title, letter_text):
        parts.append((title, chart_pdf(case) if document is None else render_pdf(document)))
    for path in attachments:
        parts.append((f"Attachment: {path.name}", attachment_pdf(path)))
    readers = [(title, PdfReader(io.BytesIO(data))) for title, data in parts]
    toc, page = [], 2  # the cover is page 1 (the contents fit on it)
    for title, reader in readers:
        toc.append(TocEntry(title, page, len(reader.pages)))
        page += len(reader.pages)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover_pdf(case, toc, letter_title))))
    for (title, reader), entry in zip(readers, toc):
        writer.append(reader, import_outline=False)
        writer.add_outline_item(title, entry.first_page - 1)
    writer.add_metadata({"/Title": f"Appeal packet · {case.patient.name}", "/Creator": "ketcover"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), toc
