"""Journal forms: a session or a prior treatment as the form shows it, and the typed text read back.

Weights in kg or lb, doses in mg or mg/kg (checked against each other),
24-hour times, 0–10 ratings and partial dates (YYYY, YYYY-MM) are parsed
here; a bad form raises ``InvalidFields`` naming every bad field.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import clock
from .fields import InvalidFields, parse_day
from .journal import (
    DRUG_LABELS,
    OUTCOME_LABELS,
    RATINGS,
    ROUTE_LABELS,
    SIDE_EFFECT_LABELS,
    SIDE_EFFECTS,
    TREATMENT_KINDS,
    PriorTreatment,
    Session,
    mg_per_kg,
    plain_number,
)

LB_IN_KG = Decimal("0.45359237")  # exact, by definition

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


def dose_from_per_kg(per_kg: Decimal, weight_kg: Decimal) -> Decimal:
    """The dose in mg that a dose per kg gives at a weight (to 0.1 mg, as it is saved)."""
    return (per_kg * weight_kg).quantize(Decimal("0.1"), ROUND_HALF_UP)


def live_dose(dose_mg: str, per_kg: str, weight: str) -> str:
    """The dose line a session form shows as you type: mg and mg/kg, whichever was typed. '' if neither reads."""
    try:
        kg = parse_weight(weight)
        mg = parse_dose(dose_mg, "Dose", "mg", Decimal(2000))
        per = parse_dose(per_kg, "Dose per kg", "mg/kg", Decimal(10))
    except ValueError:
        return ""
    if not kg:
        return "Enter the weight to turn mg/kg into mg" if per and not mg else ""
    if mg:
        return f"{mg} mg = {mg_per_kg(mg, kg)} mg/kg at {kg} kg"
    if per:
        return f"{per} mg/kg = {plain_number(dose_from_per_kg(per, kg))} mg at {kg} kg"
    return ""


def session_values(s: Session | None, weight_kg: Decimal | None) -> dict[str, str]:
    """A session as the form shows it (a new one when ``s`` is None)."""
    values = {name: "" for name in SESSION_FIELDS}
    values["weight"] = plain_number(weight_kg) if weight_kg else ""
    if s is None:
        return values | {"drug": "ketamine", "route": "iv"}
    values |= {
        "on": s.on.isoformat(), "start": s.start.strftime("%H:%M") if s.start else "",
        "stop": s.stop.strftime("%H:%M") if s.stop else "", "drug": s.drug, "route": s.route,
        "dose_mg": plain_number(s.dose_mg) if s.dose_mg is not None else "",
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
            dose = dose_from_per_kg(per_kg, weight)
        elif abs(mg_per_kg(dose, weight) - per_kg) > Decimal("0.01"):
            errors["dose_per_kg"] = (f"{plain_number(dose)} mg at {weight} kg is {mg_per_kg(dose, weight)} mg/kg, not "
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
