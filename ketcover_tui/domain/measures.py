"""Symptom measures: PHQ-9, GAD-7, PCL-5 and a 0–10 pain rating, scored item by item.

Each instrument carries its official item wording, answer scale, severity bands
and where those come from (the reference notes, §4). An entry stores the item
answers, never just a total, so a score can always be re-checked. Efficacy
(baseline, latest, change, response, remission) is computed here for the
journal, letters and exports.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from . import clock
from .fields import InvalidFields, date_or_none, parse_day

NOTES = "ketcover reference notes"
AS_OF = "2026-11-26"

PHQ_FOOTER = ("Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an "
              "educational grant from Pfizer Inc. No permission required to reproduce, translate, display or "
              "distribute.")
PCL_FOOTER = "PCL-5: developed by the VA National Center for PTSD; public domain."


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    title: str
    stem: str  # the question every item answers
    items: tuple[str, ...]
    options: tuple[tuple[int, str], ...]  # (value, label); labels may be "" between the anchors
    bands: tuple[Band, ...]
    source: str
    footer: str = ""
    difficulty: bool = False  # the unscored "how difficult" question of the PHQ-9 / GAD-7
    as_of: str = AS_OF

    @property
    def max_item(self) -> int:
        return self.options[-1][0]

    @property
    def max_score(self) -> int:
        return self.max_item * len(self.items)

    def option_label(self, value: int) -> str:
        return dict(self.options).get(value, "")

    def legend(self) -> str:
        """'0 Not at all · 1 Several days · …' (only labelled values)."""
        return " · ".join(f"{value} {label}" for value, label in self.options if label)


FREQUENCY = ((0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day"))
DIFFICULTY = ((0, "Not difficult at all"), (1, "Somewhat difficult"), (2, "Very difficult"),
              (3, "Extremely difficult"))
DIFFICULTY_QUESTION = ("If you checked off any problems, how difficult have these problems made it for you to do "
                       "your work, take care of things at home, or get along with other people?")

PHQ9 = Instrument(
    id="phq9", name="PHQ-9", title="Patient Health Questionnaire (PHQ-9)",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
        "or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    options=FREQUENCY,
    bands=(Band(0, 4, "minimal"), Band(5, 9, "mild"), Band(10, 14, "moderate"),
           Band(15, 19, "moderately severe"), Band(20, 27, "severe")),
    source=f"{NOTES} §4 (PHQ-9); Kroenke 2001 JGIM 16:606",
    footer=PHQ_FOOTER, difficulty=True,
)

GAD7 = Instrument(
    id="gad7", name="GAD-7", title="Generalized Anxiety Disorder scale (GAD-7)",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ),
    options=FREQUENCY,
    bands=(Band(0, 4, "minimal"), Band(5, 9, "mild"), Band(10, 14, "moderate"), Band(15, 21, "severe")),
    source=f"{NOTES} §4 (GAD-7); Spitzer 2006 Arch Intern Med 166:1092",
    footer=PHQ_FOOTER, difficulty=True,
)

PCL5 = Instrument(
    id="pcl5", name="PCL-5", title="PTSD Checklist for DSM-5 (PCL-5)",
    stem="In the past month, how much were you bothered by:",
    items=(
        "Repeated, disturbing, and unwanted memories of the stressful experience?",
        "Repeated, disturbing dreams of the stressful experience?",
        "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you "
        "were actually back there reliving it)?",
        "Feeling very upset when something reminded you of the stressful experience?",
        "Having strong physical reactions when something reminded you of the stressful experience (for "
        "example, heart pounding, trouble breathing, sweating)?",
        "Avoiding memories, thoughts, or feelings related to the stressful experience?",
        "Avoiding external reminders of the stressful experience (for example, people, places, conversations, "
        "activities, objects, or situations)?",
        "Trouble remembering important parts of the stressful experience?",
        "Having strong negative beliefs about yourself, other people, or the world (for example, having "
        "thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the "
        "world is completely dangerous)?",
        "Blaming yourself or someone else for the stressful experience or what happened after it?",
        "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
        "Loss of interest in activities that you used to enjoy?",
        "Feeling distant or cut off from other people?",
        "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving "
        "feelings for people close to you)?",
        "Irritable behavior, angry outbursts, or acting aggressively?",
        "Taking too many risks or doing things that could cause you harm?",
        "Being “superalert” or watchful or on guard?",
        "Feeling jumpy or easily startled?",
        "Having difficulty concentrating?",
        "Trouble falling or staying asleep?",
    ),
    options=((0, "Not at all"), (1, "A little bit"), (2, "Moderately"), (3, "Quite a bit"), (4, "Extremely")),
    # No official severity bands (reference notes §4): only the provisional-PTSD cut-point range 31–33.
    bands=(Band(0, 30, "below the provisional PTSD cut-point (31–33)"),
           Band(31, 32, "within the provisional PTSD cut-point range (31–33)"),
           Band(33, 80, "at or above the provisional PTSD cut-point (31–33)")),
    source=f"{NOTES} §4 (PCL-5); comorbidityguidelines.org.au; VA National Center for PTSD",
    footer=PCL_FOOTER,
)

PAIN = Instrument(
    id="pain", name="Pain", title="Pain rating (numeric rating scale, 0–10)",
    stem="How bad is the pain, from 0 to 10?",
    items=("Pain: 0 = no pain, 10 = worst pain imaginable",),
    options=tuple((n, {0: "No pain", 10: "Worst pain imaginable"}.get(n, "")) for n in range(11)),
    bands=(Band(0, 0, "no pain"), Band(1, 3, "mild"), Band(4, 6, "moderate"), Band(7, 10, "severe")),
    source=f"{NOTES} §4 (Pain NRS); IMMPACT, Dworkin 2008 J Pain 9:105",
)

INSTRUMENTS: dict[str, Instrument] = {i.id: i for i in (PHQ9, GAD7, PCL5, PAIN)}

# PCL-5 DSM-5 clusters (1-based item numbers) and how many items rated 2+ each needs.
PCL5_CLUSTERS = (("B", range(1, 6), 1), ("C", range(6, 8), 1), ("D", range(8, 15), 2), ("E", range(15, 21), 2))


@dataclass(frozen=True)
class SourcedText:
    text: str
    source: str
    as_of: str = AS_OF


CRISIS = SourcedText(
    "Item 9 is above “Not at all”: thoughts of death or self-harm need follow-up today with the clinician. "
    "If you are thinking about harming yourself, call or text 988 (988 Suicide & Crisis Lifeline), any time.",
    f"{NOTES} §4 (PHQ-9 item 9)",
)
RESPONSE_RULE = SourcedText(
    "Response = a drop of 50% or more from the baseline score. Remission (PHQ-9) = a score below 5; "
    "NQF 0710 / CMS159 count it for a baseline above 9.",
    f"{NOTES} §4 (Response and remission); psychiatryonline.org 10.1176/appi.ps.201900295; ecqi CMS159",
)
PCL5_CHANGE = SourcedText("A 10–20 point drop on the PCL-5 is clinically meaningful; 5–10 points is reliable.",
                          f"{NOTES} §4 (PCL-5)")
PAIN_CHANGE = SourcedText("A 30% fall in pain is moderately important, 50% or more substantial (IMMPACT).",
                          f"{NOTES} §4 (Pain NRS); J Pain 2008;9:105")


# --- entries -------------------------------------------------------------------------------

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


def band_label(instrument: Instrument, score: int) -> str:
    for band in instrument.bands:
        if band.low <= score <= band.high:
            return band.label
    raise ValueError(f"{instrument.name} score {score} is outside 0–{instrument.max_score}")


def pcl5_dsm_rule(items: tuple[int, ...]) -> bool:
    """Provisional PTSD by the DSM-5 rule: items rated 2+ in at least 1 B, 1 C, 2 D and 2 E."""
    return all(sum(1 for n in numbers if items[n - 1] >= 2) >= needed for _, numbers, needed in PCL5_CLUSTERS)


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


def short_band(instrument: Instrument, score: int) -> str:
    """Band words short enough for one line ('moderately severe', 'PTSD cut-point+')."""
    if instrument.id == "pcl5":
        return "≥ cut-point" if score >= 31 else "< cut-point"
    return band_label(instrument, score)


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
