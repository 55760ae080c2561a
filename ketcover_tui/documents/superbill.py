"""The superbill as a neutral Document: what an out-of-network claim needs (reference notes §3.3).

``domain.superbill`` builds and checks the superbill; this turns it into a
Document every exporter renders (the PDF is what insurers get).
"""

from __future__ import annotations

from datetime import datetime

from ..domain import coding
from ..domain.fields import format_money
from ..domain.superbill import ATTESTATION, SOURCES, Superbill
from .model import Document, Heading, KeepTogether, KeyValues, Lines, Paragraph, Table
from .names import generated_stamp


def superbill_document(sb: Superbill, generated: datetime | None = None) -> Document:
    patient, provider = dict(sb.patient), dict(sb.provider)
    header = (("Insurer", patient["Insurer"] or "—"), ("Member id", patient["Member id"] or "—"))
    stamp = (("Patient", patient["Name"]), ("Date of birth", patient["Date of birth"] or "—"),
             ("Member id", patient["Member id"] or "—"))
    dates = sb.dates()
    listed = ", ".join(str(d) for d in dates) or "—"
    blocks: list = [
        Paragraph(f"Itemized statement for out-of-network reimbursement. Dates of service: {listed}.",
                  style="muted"),
        Heading("Patient", 2), KeyValues(tuple((k, v or "—") for k, v in sb.patient)),
        Heading("Provider", 2), KeyValues(tuple((k, v or "—") for k, v in sb.provider)),
        Heading("Diagnoses (ICD-10-CM)", 2),
        KeyValues(tuple((d.pointer, f"{d.code}  {d.description}".strip()) for d in sb.diagnoses if d.pointer)),
        Heading("Services", 2),
        Table(("Date of service", "POS", "CPT/HCPCS", "Modifiers", "Units", "Dx pointer", "Charge"),
              tuple((str(line.on), line.pos, line.code, " ".join(line.modifiers) or "—", str(line.units),
                     line.pointers or "—", format_money(line.charge)) for line in sb.lines),
              widths=(1.3, 0.6, 1, 1, 0.6, 1, 1.1), align=("L", "L", "L", "L", "R", "L", "R")),
        KeyValues((("Total charges", format_money(sb.total_charges)),
                   ("Amount paid", format_money(sb.amount_paid)),
                   ("Balance due", format_money(sb.balance)))),
    ]
    codes = sorted({line.code for line in sb.lines})
    if codes:
        blocks += [Heading("Codes", 3), KeyValues(tuple((code, coding.describe(code) or "—") for code in codes))]
    drug_lines = [line for line in sb.lines if line.code == "J3490"]
    if drug_lines:
        blocks += [Heading("Drug billed with J3490 (name, dose, NDC)", 3),
                   KeyValues(tuple((str(line.on), line.drug or "—") for line in drug_lines))]
    if sb.payments:
        blocks.append(Heading("Payments", 3))
        blocks.append(Table(("Date paid", "Amount paid", "Receipt"),
                            tuple((str(p.on), format_money(p.amount), p.reference or "—") for p in sb.payments)))
        if sb.balance <= 0:
            blocks.append(Paragraph("Paid in full."))
    places = sorted({line.pos for line in sb.lines if line.pos})
    if places:
        blocks.append(Paragraph("Place of service: " + "; ".join(
            f"{code} = {coding.PLACES_OF_SERVICE.get(code, 'see the CMS list')}" for code in places), style="muted"))
    printed = sb.signer or provider["Rendering provider"] or "—"
    npi = provider["NPI (Type 1)"]
    blocks += [
        KeepTogether((Heading("Provider signature", 2), Paragraph(ATTESTATION), Lines((
            "", "Signature: ____________________________________________      Date: ____________________",
            f"Printed name: {printed}" + (f" · NPI {npi}" if npi else ""))))),
        Paragraph(SOURCES, style="muted"),
    ]
    return Document(title=f"Superbill · {patient['Name']}", header=header, blocks=blocks,
                    generated=generated_stamp(generated), kind="superbill", stamp=stamp,
                    subject="Itemized statement for out-of-network reimbursement")


