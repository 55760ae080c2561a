"""Documents built from the treatment journal and the money ledger: the superbill and the journal itself.

Both are neutral ``Document``s, so every exporter plugin renders them (the PDF
is what insurers get). ``efficacy_blocks`` is the efficacy summary letters can
include: baseline, latest, change, response/remission, number of sessions.
"""

from __future__ import annotations

from datetime import date, datetime

from .documents import Document, Field, Heading, KeyValues, Paragraph, Record, Table
from .domain import coding, measures
from .domain import clock
from .domain.fields import format_money
from .domain.journal import RATINGS, Session, dose_text
from .domain.superbill import SOURCES, Superbill


def _generated(when: datetime | None) -> str:
    return (when or clock.utc_now()).strftime("%Y-%m-%d %H:%M UTC")


def file_name(what: str, case_id: str, extension: str, on: date | None = None) -> str:
    """No patient name in it: file names show up in listings other people can see."""
    return f"ketcover-{what}-{case_id}-{(on or clock.today()).isoformat()}.{extension}"


# --- superbill -------------------------------------------------------------------------------------

def superbill_document(sb: Superbill, generated: datetime | None = None) -> Document:
    patient = dict(sb.patient)
    header = (("Patient", patient["Name"]), ("Date of birth", patient["Date of birth"] or "—"),
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
                     line.pointers or "—", format_money(line.charge)) for line in sb.lines)),
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
    blocks += [
        Heading("Provider signature", 2),
        Paragraph("Signature: ____________________________________________      Date: ____________________"),
        Paragraph(SOURCES, style="muted"),
    ]
    return Document(title=f"Superbill · {patient['Name']}", header=header, blocks=blocks,
                    generated=_generated(generated), kind="superbill")


# --- efficacy and the journal --------------------------------------------------------------------

def efficacy_blocks(case) -> list:
    """Baseline, latest, change, response and remission per measure, with the rule's source."""
    results = measures.efficacy_all(case.journal.measures, case.journal.session_days())
    if not results:
        return [Paragraph("No symptom measures recorded yet.", style="muted")]
    rows = []
    for e in results:
        pct = e.change_percent
        rows.append((e.instrument.name, f"{e.baseline.score} ({e.baseline.band}), {e.baseline.on}",
                     f"{e.latest.score} ({e.latest.band}), {e.latest.on}" if e.followed_up else "—",
                     (f"{pct:+}%" if pct is not None else f"{e.change:+d} points") if e.followed_up else "—",
                     {True: "yes", False: "no", None: "—"}[e.response],
                     {True: "yes", False: "no", None: "—"}[e.remission], str(e.sessions)))
    rule = measures.RESPONSE_RULE
    return [Table(("Measure", "Baseline", "Latest", "Change", "Response", "Remission", "Sessions"), tuple(rows)),
            Paragraph(f"{rule.text} Source: {rule.source} (as of {rule.as_of}).", style="muted")]


def session_record(s: Session, weight_kg, linked_scores: list[str]) -> Record:
    minutes = s.duration_min
    ratings = []
    for key, label in RATINGS:
        if key in s.before or key in s.after:
            ratings.append(f"{label} {s.before.get(key, '—')} → {s.after.get(key, '—')}")
    fields = (
        Field("date", "Date", str(s.on)), Field("start", "Start", s.start.strftime("%H:%M") if s.start else ""),
        Field("stop", "Stop", s.stop.strftime("%H:%M") if s.stop else ""),
        Field("duration", "Duration", f"{minutes} min" if minutes is not None else ""),
        Field("drug", "Drug", s.drug_label), Field("route", "Route", s.route_label),
        Field("dose", "Dose", dose_text(s, weight_kg)), Field("provider", "Provider", s.provider),
        Field("ratings", "Before → after (0–10)", "; ".join(ratings)),
        Field("side_effects", "Side effects", s.side_effect_words() or "none recorded"),
        Field("scores", "Scores", "; ".join(linked_scores)), Field("notes", "Notes", s.notes),
    )
    title = f"{s.on} {s.times()} · {s.drug_label} {s.route_label}".replace("  ", " ")
    return Record("session", title, fields)


def journal_document(case, start: date | None = None, end: date | None = None,
                     generated: datetime | None = None) -> Document:
    """Sessions, symptom scores with their efficacy summary, and prior treatments."""
    j = case.journal

    def inside(day: date) -> bool:
        return (start is None or day >= start) and (end is None or day <= end)

    sessions = [s for s in j.sessions if inside(s.on)]
    scores = [m for m in j.measures if inside(m.on)]
    header = [("Patient", case.patient.name), ("Date of birth", str(case.patient.date_of_birth or "—")),
              ("Member id", case.plan.member_id or "—")]
    if j.weight_kg:
        header.append(("Weight", f"{j.weight_kg} kg"))
    blocks: list = [Heading("Efficacy summary", 2), *efficacy_blocks(case)]
    if j.prior:
        blocks += [Heading("Prior treatments", 2),
                   Table(("Treatment", "Dose", "From", "To", "Outcome", "Notes"),
                         tuple((p.name, p.dose or "—", p.start or "—", p.end or "—",
                                {"failed": "Failed", "not_tolerated": "Not tolerated",
                                 "partial": "Partial response"}.get(p.outcome, "—"), p.notes or "")
                               for p in j.prior))]
    if scores:
        ordered = sorted(scores, key=lambda m: (m.on, m.instrument))
        blocks += [Heading("Symptom measures", 2),
                   Table(("Date", "Measure", "Score", "Band", "Items"),
                         tuple((str(m.on), m.spec.name, f"{m.score}/{m.spec.max_score}", m.band,
                                " ".join(str(v) for v in m.items)) for m in ordered))]
        used = {m.instrument for m in scores}
        footers = sorted({measures.INSTRUMENTS[i].footer for i in used if measures.INSTRUMENTS[i].footer})
        blocks += [Paragraph(f, style="muted") for f in footers]
    blocks.append(Heading(f"Sessions ({len(sessions)})", 2))
    if not sessions:
        blocks.append(Paragraph("No sessions recorded in this period."))
    for s in sessions:
        linked = [m.headline() for m in j.measures if m.session_id == s.id]
        blocks.append(session_record(s, j.weight_kg, linked))
    return Document(title=f"Treatment journal · {case.patient.name}", header=tuple(header), blocks=blocks,
                    generated=_generated(generated), kind="journal",
                    columns=tuple(f.key for f in session_record(Session(on=date.min), None, []).fields))
