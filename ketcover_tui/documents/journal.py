"""The treatment journal as a neutral Document, and the efficacy summary letters and the packet reuse.

``efficacy_blocks`` is the efficacy summary: baseline, latest, change,
response/remission, number of sessions.
"""

from __future__ import annotations

from datetime import date, datetime

from ..domain import measures
from ..domain import instruments
from ..domain.journal import RATINGS, Session, dose_text
from .model import Document, Field, Heading, KeyValues, Paragraph, Record, RecordTable, Table
from .names import generated_stamp, patient_stamp

SESSION_COLUMNS = ("date", "drug", "route", "dose", "duration", "ratings", "side_effects")


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
    rule = instruments.RESPONSE_RULE
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
    header = [("Insurer", case.plan.insurer or "—"), ("Member id", case.plan.member_id or "—")]
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
        footers = sorted({instruments.INSTRUMENTS[i].footer for i in used if instruments.INSTRUMENTS[i].footer})
        blocks += [Paragraph(f, style="muted") for f in footers]
    blocks.append(Heading(f"Sessions ({len(sessions)})", 2))
    if not sessions:
        blocks.append(Paragraph("No sessions recorded in this period."))
    records = tuple(session_record(s, j.weight_kg, [m.headline() for m in j.measures if m.session_id == s.id])
                    for s in sessions)
    if records:  # one compact row per session; CSV and JSON still get every field
        blocks.append(RecordTable(records, SESSION_COLUMNS, widths=(1.0, 1.15, 0.7, 1.6, 0.75, 1.6, 1.4)))
    noted = [(r.title, r.as_dict()) for r in records if r.as_dict().get("notes") or r.as_dict().get("scores")]
    if noted:
        blocks += [Heading("Session notes and scores", 3),
                   KeyValues(tuple((d["date"], "; ".join(x for x in (d.get("scores"), d.get("notes")) if x))
                                   for _, d in noted))]
    return Document(title=f"Treatment journal · {case.patient.name}", header=tuple(header), blocks=blocks,
                    generated=generated_stamp(generated), kind="journal", stamp=patient_stamp(case),
                    columns=tuple(f.key for f in session_record(Session(on=date.min), None, []).fields))
