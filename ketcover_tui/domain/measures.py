"""Symptom measures: scores recorded item by item, and efficacy over time.

An entry stores the item answers of one instrument (see ``instruments``), never
just a total, so a score can always be re-checked. Efficacy (baseline, latest,
change, response, remission) is computed here for the journal, letters and
exports. Also the entry form and entries to and from JSON.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from . import clock
from .fields import InvalidFields, date_or_none, parse_day
from .instruments import INSTRUMENTS, Instrument, band_label, short_band


@dataclass
class MeasureEntry:
    instrument: str  # an INSTRUMENTS key
    on: date
    items: tuple[int, ...]
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    difficulty: int | None = None  # PHQ-9 / GAD-7 only, unscored
    session_id: str = ""  # the journal session it was taken at, if any
    note: str = ""

    @property
    def spec(self) -> Instrument:
        return INSTRUMENTS[self.instrument]

    @property
    def score(self) -> int:
        return sum(self.items)

    @property
    def band(self) -> str:
        return band_label(self.spec, self.score)

    @property
    def crisis(self) -> bool:
        """PHQ-9 item 9 answered above 0: show the crisis message (never blocks saving)."""
        return self.instrument == "phq9" and len(self.items) == 9 and self.items[8] > 0

    def headline(self) -> str:
        return f"{self.spec.name} {self.score}/{self.spec.max_score} · {self.band}"


def item_key(index: int) -> str:
    return f"item-{index + 1}"


def entry_from_form(instrument_id: str, values: dict[str, str], *, original: MeasureEntry | None = None,
                    today: date | None = None) -> MeasureEntry:
    """Validate an item-by-item form; raise InvalidFields naming every bad field.

    Every item must be answered: the published scoring has no rule for missing items.
    """
    instrument = INSTRUMENTS[instrument_id]
    errors: dict[str, str] = {}
    on = None
    try:
        on = parse_day(values.get("on") or "", label="Date")
        if on is None:
            errors["on"] = "Enter the date the measure was taken, YYYY-MM-DD"
        elif on > (today or clock.today()):
            errors["on"] = "That date is in the future: check it"
    except ValueError as exc:
        errors["on"] = str(exc)
    items: list[int] = []
    for n in range(len(instrument.items)):
        raw = (values.get(item_key(n)) or "").strip()
        if raw.isdigit() and 0 <= int(raw) <= instrument.max_item:
            items.append(int(raw))
        else:
            what = "Answer this item" if not raw else f"{raw!r} is not an answer"
            errors[item_key(n)] = f"{what}: type a number from 0 to {instrument.max_item}"
    difficulty = None
    raw = (values.get("difficulty") or "").strip()
    if instrument.difficulty and raw:
        if raw.isdigit() and 0 <= int(raw) <= 3:
            difficulty = int(raw)
        else:
            errors["difficulty"] = "Type 0, 1, 2 or 3 (or leave it empty)"
    if errors:
        raise InvalidFields(errors)
    entry = MeasureEntry(instrument=instrument_id, on=on, items=tuple(items), difficulty=difficulty,
                         session_id=(values.get("session_id") or "").strip(), note=(values.get("note") or "").strip())
    if original:
        entry.id = original.id
    return entry


def entry_values(entry: MeasureEntry) -> dict[str, str]:
    values = {"on": entry.on.isoformat(), "session_id": entry.session_id, "note": entry.note,
              "difficulty": "" if entry.difficulty is None else str(entry.difficulty)}
    values |= {item_key(n): str(v) for n, v in enumerate(entry.items)}
    return values


# --- progress ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Efficacy:
    """Baseline (first score) against latest (most recent) for one instrument."""

    instrument: Instrument
    baseline: MeasureEntry
    latest: MeasureEntry
    count: int
    sessions: int  # journal sessions from the baseline date to the latest date

    @property
    def change(self) -> int:
        return self.latest.score - self.baseline.score

    @property
    def change_percent(self) -> Decimal | None:
        """Signed change from baseline in whole percent (negative = better); None for a 0 baseline."""
        if self.baseline.score == 0:
            return None
        return (Decimal(self.change * 100) / self.baseline.score).quantize(Decimal(1), ROUND_HALF_UP)

    @property
    def followed_up(self) -> bool:
        return self.count >= 2

    @property
    def response(self) -> bool | None:
        """A drop of at least 50% from baseline (exactly half counts); None without a follow-up score."""
        if not self.followed_up or self.baseline.score == 0:
            return None
        return 2 * self.latest.score <= self.baseline.score

    @property
    def remission(self) -> bool | None:
        """PHQ-9 below 5 on the latest follow-up score; other instruments have no remission rule here."""
        if self.instrument.id != "phq9" or not self.followed_up:
            return None
        return self.latest.score < 5

    def line(self) -> str:
        """'PHQ-9 21 severe → 6 mild, −71% · response yes · remission no · 5 scores, 6 sessions'."""
        i = self.instrument
        text = f"{i.name} {self.baseline.score} {short_band(i, self.baseline.score)}"
        if not self.followed_up:
            return f"{text} (baseline {self.baseline.on}; no follow-up score yet)"
        pct = self.change_percent
        change = f"{'+' if self.change > 0 else '−' if self.change < 0 else '±'}{abs(pct)}%" if pct is not None else \
            f"{self.change:+d} points"
        text += f" → {self.latest.score} {short_band(i, self.latest.score)}, {change}"
        if self.response is not None:
            text += f" · response {'yes' if self.response else 'no'}"
        if self.remission is not None:
            text += f" · remission {'yes' if self.remission else 'no'}"
        return text + f" · {self.count} scores, {self.sessions} session{'s' if self.sessions != 1 else ''}"


def ordered(entries: list[MeasureEntry], instrument_id: str) -> list[MeasureEntry]:
    """One instrument's entries, oldest first (same day: in the order they were recorded)."""
    chosen = [e for e in entries if e.instrument == instrument_id]
    return [e for _, _, e in sorted((e.on, n, e) for n, e in enumerate(chosen))]


def efficacy(entries: list[MeasureEntry], instrument_id: str, session_days: list[date]) -> Efficacy | None:
    series = ordered(entries, instrument_id)
    if not series:
        return None
    baseline, latest = series[0], series[-1]
    sessions = sum(1 for day in session_days if baseline.on <= day <= latest.on)
    return Efficacy(INSTRUMENTS[instrument_id], baseline, latest, len(series), sessions)


def efficacy_all(entries: list[MeasureEntry], session_days: list[date]) -> list[Efficacy]:
    """Efficacy for every instrument that has at least one score, in the instruments' order."""
    return [e for i in INSTRUMENTS if (e := efficacy(entries, i, session_days)) is not None]


# --- to and from JSON ----------------------------------------------------------------------

def entry_to_dict(e: MeasureEntry) -> dict:
    return {"id": e.id, "instrument": e.instrument, "on": e.on.isoformat(), "items": list(e.items),
            "difficulty": e.difficulty, "session_id": e.session_id, "note": e.note}


def entries_from_list(data: object) -> list[MeasureEntry]:
    """Raises ValueError naming the first bad entry (the case is then reported unreadable)."""
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("measures: expected a list of objects")
    entries = []
    for n, item in enumerate(data, start=1):
        instrument = INSTRUMENTS.get(str(item.get("instrument")))
        if instrument is None:
            raise ValueError(f"measure {n}: unknown instrument {item.get('instrument')!r}")
        items = item.get("items")
        if (not isinstance(items, list) or len(items) != len(instrument.items)
                or not all(isinstance(v, int) and 0 <= v <= instrument.max_item for v in items)):
            raise ValueError(f"measure {n}: {instrument.name} needs {len(instrument.items)} answers "
                             f"from 0 to {instrument.max_item}")
        on = date_or_none(item.get("on"), what=f"measure {n} date")
        if on is None:
            raise ValueError(f"measure {n}: no date")
        difficulty = item.get("difficulty")
        entries.append(MeasureEntry(
            instrument=instrument.id, on=on, items=tuple(items), id=str(item.get("id") or uuid.uuid4().hex[:8]),
            difficulty=difficulty if isinstance(difficulty, int) and 0 <= difficulty <= 3 else None,
            session_id=str(item.get("session_id") or ""), note=str(item.get("note") or "")))
    return entries
