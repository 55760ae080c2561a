"""The treatment journal: each session as it happened, prior treatments, and symptom scores.

Insurers decide on documented sessions (start and stop times, dose in mg and
mg/kg, route, before/after state, side effects) and on the treatments that
failed before, which letters of medical necessity must list. The patient's
weight lives on the journal, so mg/kg follows from the dose. The session and
prior-treatment forms are read in ``journal_forms``.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from .fields import date_or_none, decimal_or_none, decimal_text
from .measures import MeasureEntry, efficacy_all, entries_from_list, entry_to_dict

DRUGS = (("ketamine", "Ketamine (racemic)"), ("esketamine", "Esketamine (Spravato)"))
ROUTES = (("iv", "IV"), ("im", "IM"), ("intranasal", "Intranasal"))
RATINGS = (("mood", "Mood"), ("anxiety", "Anxiety"), ("pain", "Pain"), ("energy", "Energy"))
SIDE_EFFECTS = (("nausea", "Nausea"), ("dissociation", "Dissociation"), ("headache", "Headache"),
                ("raised_bp", "Raised blood pressure"), ("dizziness", "Dizziness"), ("other", "Other"))
OUTCOMES = (("failed", "Failed"), ("not_tolerated", "Not tolerated"), ("partial", "Partial response"))
TREATMENT_KINDS = (("drug", "Drug"), ("therapy", "Therapy"))

DRUG_LABELS, ROUTE_LABELS = dict(DRUGS), dict(ROUTES)
SIDE_EFFECT_LABELS, OUTCOME_LABELS = dict(SIDE_EFFECTS), dict(OUTCOMES)


@dataclass
class Session:
    on: date
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    start: time | None = None
    stop: time | None = None
    drug: str = "ketamine"
    route: str = "iv"
    dose_mg: Decimal | None = None
    provider: str = ""  # who gave it (clinician)
    before: dict[str, int] = field(default_factory=dict)  # RATINGS key -> 0..10
    after: dict[str, int] = field(default_factory=dict)
    side_effects: list[str] = field(default_factory=list)  # SIDE_EFFECTS keys
    side_effect_notes: str = ""
    notes: str = ""

    @property
    def duration_min(self) -> int | None:
        if self.start is None or self.stop is None:
            return None
        return (self.stop.hour * 60 + self.stop.minute) - (self.start.hour * 60 + self.start.minute)

    @property
    def drug_label(self) -> str:
        return DRUG_LABELS.get(self.drug, self.drug)

    @property
    def route_label(self) -> str:
        return ROUTE_LABELS.get(self.route, self.route)

    def times(self) -> str:
        if self.start is None:
            return ""
        stop = f"–{self.stop:%H:%M}" if self.stop else ""
        return f"{self.start:%H:%M}{stop}"

    def side_effect_words(self) -> str:
        words = [SIDE_EFFECT_LABELS.get(k, k).lower() for k in self.side_effects if k != "other"]
        if self.side_effect_notes or "other" in self.side_effects:
            words.append(self.side_effect_notes or "other")
        return ", ".join(words)


@dataclass
class PriorTreatment:
    name: str  # drug or therapy, e.g. "Sertraline" or "CBT"
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    kind: str = "drug"
    dose: str = ""  # as written, e.g. "200 mg daily"
    start: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD: people often know only the month
    end: str = ""
    outcome: str = ""  # failed / not_tolerated / partial
    notes: str = ""

    def period(self) -> str:
        if not self.start and not self.end:
            return ""
        return f"{self.start or '?'} to {self.end or 'now'}"

    def weeks(self) -> int | None:
        """Whole weeks between start and end when both are full dates."""
        if len(self.start) == 10 and len(self.end) == 10:
            return (date.fromisoformat(self.end) - date.fromisoformat(self.start)).days // 7
        return None

    def line(self) -> str:
        parts = [self.name]
        if self.dose:
            parts.append(self.dose)
        if self.period():
            weeks = self.weeks()
            parts.append(self.period() + (f" ({weeks} weeks)" if weeks is not None else ""))
        if self.outcome:
            parts.append(OUTCOME_LABELS.get(self.outcome, self.outcome).lower())
        return " · ".join(parts)


@dataclass
class Journal:
    weight_kg: Decimal | None = None
    sessions: list[Session] = field(default_factory=list)
    prior: list[PriorTreatment] = field(default_factory=list)
    measures: list[MeasureEntry] = field(default_factory=list)

    def is_empty(self) -> bool:
        return self == Journal()

    def session(self, session_id: str) -> Session:
        for s in self.sessions:
            if s.id == session_id:
                return s
        raise KeyError(session_id)

    def session_days(self) -> list[date]:
        return [s.on for s in self.sessions]

    def sort(self) -> None:
        self.sessions.sort(key=lambda s: (s.on, s.start or time.min))


def mg_per_kg(dose_mg: Decimal | None, weight_kg: Decimal | None) -> Decimal | None:
    if dose_mg is None or not weight_kg:
        return None
    return (dose_mg / weight_kg).quantize(Decimal("0.01"), ROUND_HALF_UP)


def dose_text(session: Session, weight_kg: Decimal | None) -> str:
    """'35 mg (0.50 mg/kg)' / '56 mg' / ''."""
    if session.dose_mg is None:
        return ""
    text = f"{plain_number(session.dose_mg)} mg"
    per_kg = mg_per_kg(session.dose_mg, weight_kg)
    return f"{text} ({per_kg} mg/kg)" if per_kg is not None else text


def plain_number(value: Decimal) -> str:
    """Decimal without trailing zeros and never in exponent form: 35.0 -> '35', 0.50 -> '0.5'."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- changes (each applied inside CaseStore.update) -----------------------------------------

def record_session(journal: Journal, session: Session, weight_kg: Decimal | None) -> None:
    """Add or replace a session; a weight typed on the form becomes the case's weight."""
    if weight_kg is not None:
        journal.weight_kg = weight_kg
    journal.sessions = [s for s in journal.sessions if s.id != session.id] + [session]
    journal.sort()


def delete_session(journal: Journal, session_id: str) -> Session:
    """Remove a session; measures taken at it stay (unlinked): scores are evidence on their own."""
    session = journal.session(session_id)
    journal.sessions.remove(session)
    for entry in journal.measures:
        if entry.session_id == session_id:
            entry.session_id = ""
    return session


def record_measure(journal: Journal, entry: MeasureEntry) -> None:
    journal.measures = [m for m in journal.measures if m.id != entry.id] + [entry]


def find_measure(journal: Journal, entry_id: str) -> MeasureEntry:
    for entry in journal.measures:
        if entry.id == entry_id:
            return entry
    raise KeyError(entry_id)


def find_prior(journal: Journal, prior_id: str) -> PriorTreatment:
    for prior in journal.prior:
        if prior.id == prior_id:
            return prior
    raise KeyError(prior_id)


def session_short(s: Session) -> str:
    """'2026-03-02 09:30–10:10 IV 35 mg': fits a 50-column choice."""
    dose = f" {plain_number(s.dose_mg)} mg" if s.dose_mg is not None else ""
    drug = "esketamine " if s.drug == "esketamine" else ""
    return f"{s.on} {s.times()} {drug}{s.route_label}{dose}".replace("  ", " ")


def session_label(s: Session, weight_kg: Decimal | None = None) -> str:
    """'2026-03-02 09:30–10:10 · Ketamine (racemic) IV 35 mg (0.5 mg/kg)'."""
    parts = [f"{s.on} {s.times()}".strip(), f"{s.drug_label} {s.route_label}"]
    if dose := dose_text(s, weight_kg):
        parts[-1] += f" {dose}"
    return " · ".join(parts)


# --- to and from JSON ------------------------------------------------------------------------

def journal_to_dict(j: Journal) -> dict:
    return {
        "weight_kg": decimal_text(j.weight_kg),
        "sessions": [{
            "id": s.id, "on": s.on.isoformat(), "start": s.start.strftime("%H:%M") if s.start else None,
            "stop": s.stop.strftime("%H:%M") if s.stop else None, "drug": s.drug, "route": s.route,
            "dose_mg": decimal_text(s.dose_mg), "provider": s.provider, "before": dict(s.before),
            "after": dict(s.after), "side_effects": list(s.side_effects),
            "side_effect_notes": s.side_effect_notes, "notes": s.notes,
        } for s in j.sessions],
        "prior": [{"id": p.id, "name": p.name, "kind": p.kind, "dose": p.dose, "start": p.start, "end": p.end,
                   "outcome": p.outcome, "notes": p.notes} for p in j.prior],
        "measures": [entry_to_dict(e) for e in j.measures],
    }


def _time_or_none(raw: object, what: str) -> time | None:
    if raw in (None, ""):
        return None
    try:
        return datetime.strptime(str(raw), "%H:%M").time()
    except ValueError:
        raise ValueError(f"{what}: {raw!r} is not a time (HH:MM)") from None


def _ratings(raw: object, what: str) -> dict[str, int]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"{what}: expected an object of rating -> 0..10")
    return {k: v for k, v in raw.items() if k in dict(RATINGS) and isinstance(v, int) and 0 <= v <= 10}


def journal_from_dict(data: object) -> Journal:
    """Raises ValueError naming the first bad value (the case is then reported unreadable)."""
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    raw_sessions, raw_prior = data.get("sessions") or [], data.get("prior") or []
    for name, raw in (("sessions", raw_sessions), ("prior", raw_prior)):
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            raise ValueError(f"{name}: expected a list of objects")
    sessions = []
    for n, item in enumerate(raw_sessions, start=1):
        on = date_or_none(item.get("on"), what=f"session {n} date")
        if on is None:
            raise ValueError(f"session {n}: no date")
        effects = item.get("side_effects") or []
        sessions.append(Session(
            on=on, id=str(item.get("id") or uuid.uuid4().hex[:8]),
            start=_time_or_none(item.get("start"), f"session {n} start"),
            stop=_time_or_none(item.get("stop"), f"session {n} stop"),
            drug=str(item.get("drug") or "ketamine"), route=str(item.get("route") or "iv"),
            dose_mg=decimal_or_none(item.get("dose_mg"), what=f"session {n} dose_mg"),
            provider=str(item.get("provider") or ""),
            before=_ratings(item.get("before"), f"session {n} before"),
            after=_ratings(item.get("after"), f"session {n} after"),
            side_effects=[str(k) for k in effects] if isinstance(effects, list) else [],
            side_effect_notes=str(item.get("side_effect_notes") or ""), notes=str(item.get("notes") or "")))
    prior = [PriorTreatment(
        name=str(p.get("name") or ""), id=str(p.get("id") or uuid.uuid4().hex[:8]),
        kind=p.get("kind") if p.get("kind") in dict(TREATMENT_KINDS) else "drug", dose=str(p.get("dose") or ""),
        start=str(p.get("start") or ""), end=str(p.get("end") or ""),
        outcome=p.get("outcome") if p.get("outcome") in OUTCOME_LABELS else "", notes=str(p.get("notes") or ""),
    ) for p in raw_prior]
    journal = Journal(weight_kg=decimal_or_none(data.get("weight_kg"), what="weight_kg"), sessions=sessions,
                      prior=prior, measures=entries_from_list(data.get("measures") or []))
    journal.sort()
    return journal


def overview_lines(j: Journal) -> list[str]:
    """The journal in a few lines for the case overview and `ketcover cases show` ([] when empty)."""
    if not j.sessions and not j.measures and not j.prior:
        return []
    days = j.session_days()
    span = f", {min(days)} to {max(days)}" if days else ""
    failed = sum(1 for p in j.prior if p.outcome in ("failed", "not_tolerated"))
    lines = [f"  {len(j.sessions)} session{'s' if len(j.sessions) != 1 else ''}{span} · {len(j.prior)} prior "
             f"treatment{'s' if len(j.prior) != 1 else ''} ({failed} failed or not tolerated)"]
    lines += [f"  {e.line()}" for e in efficacy_all(j.measures, days)]
    return lines
