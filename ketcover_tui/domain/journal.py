"""The treatment journal: each session as it happened, prior treatments, and symptom scores.

Insurers decide on documented sessions (start and stop times, dose in mg and
mg/kg, route, before/after state, side effects) and on the treatments that
failed before, which letters of medical necessity must list. The patient's
weight lives on the journal, so mg/kg follows from the dose.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import clock
from .fields import InvalidFields, date_or_none, decimal_or_none, decimal_text, parse_day
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
LB_IN_KG = Decimal("0.45359237")  # exact, by definition


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
    text = f"{_plain(session.dose_mg)} mg"
    per_kg = mg_per_kg(session.dose_mg, weight_kg)
    return f"{text} ({per_kg} mg/kg)" if per_kg is not None else text


def _plain(value: Decimal) -> str:
    """Decimal without trailing zeros and never in exponent form: 35.0 -> '35', 0.50 -> '0.5'."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- parsing what people type ------------------------------------------------------------

_NUMBER_RE = re.compile(r"^(\d{1,4}(?:\.\d{1,3})?)\s*([a-z/]*)$")


def parse_weight(text: str) -> Decimal | None:
    """'70' / '70 kg' / '154 lb' -> kilograms (Decimal, 0.1 kg); '' -> None."""
    raw = text.strip().lower().replace(",", ".")
    if not raw:
        return None
    match = _NUMBER_RE.match(raw)
    unit = match.group(2) if match else None
    if not match or unit not in ("", "kg", "lb", "lbs"):
        raise ValueError("Weight: write kilograms like 70 or 70 kg, or pounds like 154 lb")
    value = Decimal(match.group(1))
    kg = value * LB_IN_KG if unit.startswith("lb") else value
    if not Decimal(2) <= kg <= Decimal(400):
        raise ValueError("Weight: that is not a plausible body weight; check the number and the unit (kg or lb)")
    return kg.quantize(Decimal("0.1"), ROUND_HALF_UP)


def parse_dose(text: str, label: str, unit: str, limit: Decimal) -> Decimal | None:
    raw = text.strip().lower().replace(",", ".")
    if raw.endswith(unit):
        raw = raw[: -len(unit)].strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{label}: write a number, like {'35' if unit == 'mg' else '0.5'}") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{label} must be more than 0")
    if value > limit:
        raise ValueError(f"{label} looks too large: check the number and the unit ({unit})")
    return value


def parse_time(text: str, label: str) -> time | None:
    raw = text.strip()
    if not raw:
        return None
    match = re.fullmatch(r"(\d{1,2})[:.h]?(\d{2})", raw)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{label}: write a 24-hour time like 09:30 or 14:05")
    return time(int(match.group(1)), int(match.group(2)))


def parse_rating(text: str) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    if raw.isdigit() and 0 <= int(raw) <= 10:
        return int(raw)
    raise ValueError("Write a whole number from 0 to 10 (or leave it empty)")


def rating_key(when: str, name: str) -> str:
    return f"{when}_{name}"


SESSION_FIELDS = ("on", "start", "stop", "drug", "route", "dose_mg", "dose_per_kg", "weight", "provider",
                  "side_effects", "side_effect_notes", "notes",
                  *(rating_key(w, n) for w in ("before", "after") for n, _ in RATINGS))


def session_values(s: Session | None, weight_kg: Decimal | None) -> dict[str, str]:
    """A session as the form shows it (a new one when ``s`` is None)."""
    values = {name: "" for name in SESSION_FIELDS}
    values["weight"] = _plain(weight_kg) if weight_kg else ""
    if s is None:
        return values | {"drug": "ketamine", "route": "iv"}
    values |= {
        "on": s.on.isoformat(), "start": s.start.strftime("%H:%M") if s.start else "",
        "stop": s.stop.strftime("%H:%M") if s.stop else "", "drug": s.drug, "route": s.route,
        "dose_mg": _plain(s.dose_mg) if s.dose_mg is not None else "",
        "dose_per_kg": str(mg_per_kg(s.dose_mg, weight_kg) or ""), "provider": s.provider,
        "side_effects": ",".join(s.side_effects), "side_effect_notes": s.side_effect_notes, "notes": s.notes,
    }
    for when, ratings in (("before", s.before), ("after", s.after)):
        for name, _ in RATINGS:
            values[rating_key(when, name)] = str(ratings[name]) if name in ratings else ""
    return values


def session_from_form(values: dict[str, str], *, original: Session | None = None,
                      today: date | None = None) -> tuple[Session, Decimal | None]:
    """Validate the session form; returns (session, weight in kg). Raises InvalidFields naming every bad field.

    The dose may be typed in mg, in mg/kg (with a weight), or both (they must agree
    to within 0.01 mg/kg).
    """
    v = {name: (values.get(name) or "").strip() for name in SESSION_FIELDS}
    errors: dict[str, str] = {}
    on = None
    try:
        on = parse_day(v["on"], label="Date")
        if on is None:
            errors["on"] = "Enter the date of the session, YYYY-MM-DD"
        elif on > (today or clock.today()):
            errors["on"] = "That date is in the future: the journal records sessions that happened"
    except ValueError as exc:
        errors["on"] = str(exc)
    start = stop = None
    for key, label in (("start", "Start"), ("stop", "Stop")):
        try:
            value = parse_time(v[key], label)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        start, stop = (value, stop) if key == "start" else (start, value)
    if "start" not in errors and "stop" not in errors:
        if (start is None) != (stop is None):
            missing = "stop" if stop is None else "start"
            errors[missing] = f"Enter the {missing} time too: insurers need both to accept the duration"
        elif start and stop and stop <= start:
            errors["stop"] = "The stop time is not after the start time: check both (24-hour clock)"
    if v["drug"] not in DRUG_LABELS:
        errors["drug"] = "Choose the drug from the list"
    if v["route"] not in ROUTE_LABELS:
        errors["route"] = "Choose the route from the list"
    elif v["drug"] == "esketamine" and v["route"] != "intranasal":
        errors["route"] = "Esketamine (Spravato) is a nasal spray: choose Intranasal"
    parsed: dict[str, Decimal | None] = {}
    for key, parse in (("weight", parse_weight),
                       ("dose_mg", lambda t: parse_dose(t, "Dose", "mg", Decimal(2000))),
                       ("dose_per_kg", lambda t: parse_dose(t, "Dose per kg", "mg/kg", Decimal(10)))):
        try:
            parsed[key] = parse(v[key])
        except ValueError as exc:
            errors[key] = str(exc)
    weight, dose, per_kg = parsed.get("weight"), parsed.get("dose_mg"), parsed.get("dose_per_kg")
    if per_kg is not None and not {"weight", "dose_mg"} & errors.keys():
        if weight is None:
            errors["weight"] = "Enter the weight to turn mg/kg into mg (or type the dose in mg)"
        elif dose is None:
            dose = (per_kg * weight).quantize(Decimal("0.1"), ROUND_HALF_UP)
        elif abs(mg_per_kg(dose, weight) - per_kg) > Decimal("0.01"):
            errors["dose_per_kg"] = (f"{_plain(dose)} mg at {weight} kg is {mg_per_kg(dose, weight)} mg/kg, not "
                                     f"{per_kg}: correct one of them or clear mg/kg")
    ratings: dict[str, dict[str, int]] = {"before": {}, "after": {}}
    for when in ratings:
        for name, _ in RATINGS:
            key = rating_key(when, name)
            try:
                value = parse_rating(v[key])
            except ValueError as exc:
                errors[key] = str(exc)
                continue
            if value is not None:
                ratings[when][name] = value
    effects = [k for k in v["side_effects"].split(",") if k]
    if unknown := [k for k in effects if k not in SIDE_EFFECT_LABELS]:
        errors["side_effects"] = f"Unknown side effect {unknown[0]!r}"
    if "other" in effects and not v["side_effect_notes"]:
        errors["side_effect_notes"] = "You ticked Other: say which side effect"
    if errors:
        raise InvalidFields(errors)
    session = Session(on=on, start=start, stop=stop, drug=v["drug"], route=v["route"], dose_mg=dose,
                      provider=v["provider"], before=ratings["before"], after=ratings["after"],
                      side_effects=[k for k, _ in SIDE_EFFECTS if k in effects],
                      side_effect_notes=v["side_effect_notes"], notes=(values.get("notes") or "").strip())
    if original:
        session.id = original.id
    return session, weight


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PRIOR_FIELDS = ("name", "kind", "dose", "start", "end", "outcome", "notes")


def _partial_date(text: str, label: str) -> str:
    raw = text.strip()
    if not raw:
        return ""
    if not _PARTIAL_DATE.match(raw):
        raise ValueError(f"{label}: write YYYY, YYYY-MM or YYYY-MM-DD, like 2024-05")
    try:
        date.fromisoformat(raw + "-01-01"[len(raw) - 4:] if len(raw) < 10 else raw)
    except ValueError:
        raise ValueError(f"{label}: {raw} is not a real date") from None
    return raw


def prior_values(p: PriorTreatment | None) -> dict[str, str]:
    if p is None:
        return {name: "" for name in PRIOR_FIELDS} | {"kind": "drug"}
    return {"name": p.name, "kind": p.kind, "dose": p.dose, "start": p.start, "end": p.end,
            "outcome": p.outcome, "notes": p.notes}


def prior_from_form(values: dict[str, str], *, original: PriorTreatment | None = None) -> PriorTreatment:
    v = {name: (values.get(name) or "").strip() for name in PRIOR_FIELDS}
    errors: dict[str, str] = {}
    if not v["name"]:
        errors["name"] = "Enter the drug or therapy, like Sertraline or CBT"
    if v["kind"] not in dict(TREATMENT_KINDS):
        errors["kind"] = "Choose drug or therapy"
    if v["outcome"] and v["outcome"] not in OUTCOME_LABELS:
        errors["outcome"] = "Choose an outcome from the list"
    dates = {}
    for key, label in (("start", "Start"), ("end", "End")):
        try:
            dates[key] = _partial_date(v[key], label)
        except ValueError as exc:
            errors[key] = str(exc)
    if dates.get("start") and dates.get("end"):
        common = min(len(dates["start"]), len(dates["end"]))
        if dates["end"][:common] < dates["start"][:common]:
            errors["end"] = "The end is before the start: check both"
    if errors:
        raise InvalidFields(errors)
    prior = PriorTreatment(name=v["name"], kind=v["kind"], dose=v["dose"], start=dates["start"], end=dates["end"],
                           outcome=v["outcome"], notes=v["notes"])
    if original:
        prior.id = original.id
    return prior


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
    dose = f" {_plain(s.dose_mg)} mg" if s.dose_mg is not None else ""
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
