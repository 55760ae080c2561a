"""The call log: every conversation with an insurer or clinic, kept as evidence.

An entry records when, how long, who was called and who answered, the reference
number, the questions asked and the answers given, what was promised (verbatim
where possible), the outcome and a follow-up due date. Answers to questions that
are plan facts update the case's plan, and the entry keeps a line for each change.
"""

from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from .clock import now as now_local, today
from .benefits import Benefits, Confirmation, parse_fact
from .benefit_changes import FactChange, apply_answers
from .fields import InvalidFields, date_or_none, one_line, parse_day




@dataclass
class Answer:
    question: str
    answer: str = ""
    fact: str = field(default="", compare=False)  # the plan fact this answer sets, if any


@dataclass
class CallEntry:
    started_at: str  # ISO 8601 with the caller's UTC offset, e.g. 2026-03-02T10:15:00-05:00
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    duration_s: int | None = None
    number: str = ""  # number dialled
    department: str = ""
    rep_name: str = ""
    rep_id: str = ""
    reference: str = ""
    answers: list[Answer] = field(default_factory=list)
    promised: str = ""  # what they promised, verbatim where possible
    outcome: str = ""
    follow_up_due: date | None = None
    follow_up_done: str = ""  # YYYY-MM-DD when marked done; "" while open
    notes: str = ""
    script: str = ""  # title of the call script used, if any
    plan_changes: list[str] = field(default_factory=list)

    @property
    def started(self) -> datetime:
        when = datetime.fromisoformat(self.started_at)
        return when if when.tzinfo else when.replace(tzinfo=timezone.utc)

    @property
    def day(self) -> date:
        return self.started.date()

    @property
    def follow_up_open(self) -> bool:
        return self.follow_up_due is not None and not self.follow_up_done

    def when(self) -> str:
        """'2026-03-02 10:15' (the caller's local time, as recorded)."""
        return self.started_at[:16].replace("T", " ")

    def headline(self) -> str:
        """One line for lists: who was reached and what came of it."""
        who = self.department or self.number or "Call"
        if self.rep_name:
            who += f" · {self.rep_name}"
        what = self.outcome or self.promised
        return f"{who}: {what}" if what else who


# --- durations and start times ------------------------------------------------------------

_DURATION_RE = re.compile(r"^(?:(\d+):)?(\d{1,3}):(\d{2})$")
_MINUTES_RE = re.compile(r"^(\d{1,3})\s*(m|min|mins|minutes)?$")


def parse_duration(text: str) -> int | None:
    """'12' (minutes), '12m', '12:30' (m:ss) or '1:02:03' (h:mm:ss) -> seconds; '' -> None."""
    raw = text.strip().lower()
    if not raw:
        return None
    if match := _MINUTES_RE.match(raw):
        return int(match.group(1)) * 60
    if (match := _DURATION_RE.match(raw)) and int(match.group(3)) < 60:
        hours, minutes, seconds = int(match.group(1) or 0), int(match.group(2)), int(match.group(3))
        if match.group(1) is None or minutes < 60:
            return hours * 3600 + minutes * 60 + seconds
    raise ValueError("Duration: write minutes (like 12) or minutes:seconds (like 12:30)")


def duration_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration_words(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes else f"{seconds} s"


def parse_started(text: str, *, tz_from: datetime | None = None) -> str:
    """'2026-03-02 10:15' -> ISO with the local UTC offset (or ``tz_from``'s offset)."""
    raw = text.strip().replace("T", " ")
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError("Started: write the date and time as YYYY-MM-DD HH:MM, like 2026-03-02 10:15") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=(tz_from or now_local()).tzinfo) if tz_from else when.astimezone()
    return when.replace(microsecond=0).isoformat()


_NUMBER_RE = re.compile(r"^[0-9A-Za-z +\-().#*,;/]*$")


# --- the call form ------------------------------------------------------------------------

FORM_FIELDS = ("started_at", "duration", "number", "department", "rep_name", "rep_id", "reference",
               "promised", "outcome", "follow_up_due", "notes")


def form_values(entry: CallEntry) -> dict[str, str]:
    return {
        "started_at": entry.when(), "duration": duration_text(entry.duration_s), "number": entry.number,
        "department": entry.department, "rep_name": entry.rep_name, "rep_id": entry.rep_id,
        "reference": entry.reference, "promised": entry.promised, "outcome": entry.outcome,
        "follow_up_due": entry.follow_up_due.isoformat() if entry.follow_up_due else "", "notes": entry.notes,
    }


def answer_key(index: int) -> str:
    return f"answer-{index}"


def call_from_form(values: dict[str, str], answers: list[Answer], *, original: CallEntry | None = None,
                   on: date | None = None) -> CallEntry:
    """Validate the call form; raise InvalidFields naming every bad field (answers as answer-N).

    ``original`` keeps the id, the follow-up state and the plan-change lines of an
    edited entry. ``on`` is "today" for relative follow-up dates like +7.
    """
    v = {name: (values.get(name) or "") for name in FORM_FIELDS}
    errors: dict[str, str] = {}
    started_at = original.started_at if original else ""
    try:
        started_at = parse_started(v["started_at"], tz_from=original.started if original else None)
    except ValueError as exc:
        errors["started_at"] = str(exc)
    duration = None
    try:
        duration = parse_duration(v["duration"])
    except ValueError as exc:
        errors["duration"] = str(exc)
    number = v["number"].strip()
    if not _NUMBER_RE.match(number) or len(number) > 40:
        errors["number"] = "Write the number as dialled, like 1-800-555-0142 ext 3"
    due = None
    try:
        due = parse_day(v["follow_up_due"], label="Follow-up due", today=on or today(), relative=True)
    except ValueError as exc:
        errors["follow_up_due"] = str(exc)
    for index, answer in enumerate(answers):
        if answer.fact and answer.answer.strip():
            try:
                parse_fact(answer.fact, answer.answer)
            except ValueError as exc:
                errors[answer_key(index)] = str(exc)
    if errors:
        raise InvalidFields(errors)
    entry = CallEntry(
        started_at=started_at, duration_s=duration, number=number,
        department=v["department"].strip(), rep_name=v["rep_name"].strip(), rep_id=v["rep_id"].strip(),
        reference=v["reference"].strip(), answers=[copy.copy(a) for a in answers],
        promised=v["promised"].strip(), outcome=v["outcome"].strip(), follow_up_due=due,
        notes=v["notes"].strip(),
    )
    if original:
        entry.id = original.id
        entry.script = original.script
        entry.plan_changes = list(original.plan_changes)
        entry.follow_up_done = original.follow_up_done if due == original.follow_up_due else ""
    return entry


def fact_answers(entry: CallEntry, previous: CallEntry | None = None) -> dict[str, str]:
    """Plan-fact answers given on this call (when editing: only those that changed)."""
    before = {a.fact: a.answer.strip() for a in previous.answers if a.fact} if previous else {}
    return {a.fact: a.answer for a in entry.answers
            if a.fact and a.answer.strip() and before.get(a.fact) != a.answer.strip()}


def preview_plan_changes(benefits: Benefits, entry_answers: list[Answer]) -> list[FactChange]:
    """What saving these answers would change on the plan (answers that don't parse are skipped)."""
    trial = copy.deepcopy(benefits)
    changes = []
    for answer in entry_answers:
        if answer.fact and answer.answer.strip():
            try:
                changes += apply_answers(trial, {answer.fact: answer.answer}, Confirmation(""))
            except ValueError:
                continue
    return changes


def record_call(case, entry: CallEntry, previous: CallEntry | None = None) -> list[FactChange]:
    """Add (or replace) ``entry`` on the case and apply its plan-fact answers to the plan.

    Each changed fact is marked "confirmed on call <reference>"; the entry keeps a
    line per change, so the log itself shows what the call changed.
    """
    confirmation = Confirmation(entry.id, entry.reference, entry.day.isoformat())
    changes = apply_answers(case.benefits, fact_answers(entry, previous), confirmation)
    entry.plan_changes = entry.plan_changes + [c.line() for c in changes]
    for key, conf in list(case.benefits.confirmed.items()):  # keep references in step with edits
        if conf.call_id == entry.id:
            case.benefits.confirmed[key] = confirmation
    case.calls = [c for c in case.calls if c.id != entry.id] + [entry]
    case.calls.sort(key=lambda c: c.started)
    return changes


def find_call(case, call_id: str) -> CallEntry:
    for call in case.calls:
        if call.id == call_id:
            return call
    raise KeyError(call_id)


def mark_follow_up(case, call_id: str, done: bool, *, on: date | None = None) -> CallEntry:
    call = find_call(case, call_id)
    call.follow_up_done = (on or today()).isoformat() if done else ""
    return call


def delete_call(case, call_id: str) -> CallEntry:
    call = find_call(case, call_id)
    case.calls = [c for c in case.calls if c.id != call_id]
    for key, conf in list(case.benefits.confirmed.items()):
        if conf.call_id == call_id:
            del case.benefits.confirmed[key]
    return call


# --- follow-ups, search, ranges ------------------------------------------------------------

def follow_up_index(calls: list[CallEntry]) -> tuple[tuple[str, str, str], ...]:
    """Open follow-ups as (due YYYY-MM-DD, call id, short label): what the case index keeps."""
    items = sorted((c.follow_up_due.isoformat(), c.id, one_line(c.headline(), 48))
                   for c in calls if c.follow_up_open)
    return tuple(items)  # all of them: the Due list shows everything that is due


def search_text(call: CallEntry) -> str:
    parts = [call.when(), call.number, call.department, call.rep_name, call.rep_id, call.reference,
             call.promised, call.outcome, call.notes, call.script, *call.plan_changes,
             call.follow_up_due.isoformat() if call.follow_up_due else ""]
    for answer in call.answers:
        parts += [answer.question, answer.answer]
    return "\t".join(parts).casefold()


def search(calls: list[CallEntry], needle: str) -> list[CallEntry]:
    needle = needle.strip().casefold()
    if not needle:
        return list(calls)
    words = needle.split()
    return [c for c in calls if all(word in text for text in (search_text(c),) for word in words)]


def in_range(calls: list[CallEntry], start: date | None, end: date | None) -> list[CallEntry]:
    return [c for c in calls if (start is None or c.day >= start) and (end is None or c.day <= end)]


# --- records: one flat row per call, for CSV / JSON exports and reading them back -----------

RECORD_FIELDS = (
    ("id", "Call id"), ("started_at", "Started"), ("duration", "Duration"), ("number", "Number dialled"),
    ("department", "Department"), ("rep_name", "Representative"), ("rep_id", "Rep id"),
    ("reference", "Reference number"), ("script", "Script"), ("promised", "Promised (verbatim)"),
    ("outcome", "Outcome"), ("follow_up_due", "Follow-up due"), ("follow_up_done", "Follow-up done"),
    ("plan_changes", "Plan updated"), ("notes", "Notes"),
)


def call_record(call: CallEntry) -> list[tuple[str, str, str]]:
    """(key, label, value) for every field, all values text; answers as q1/a1, q2/a2…"""
    values = {
        "id": call.id, "started_at": call.started_at, "duration": duration_text(call.duration_s),
        "number": call.number, "department": call.department, "rep_name": call.rep_name,
        "rep_id": call.rep_id, "reference": call.reference, "script": call.script,
        "promised": call.promised, "outcome": call.outcome,
        "follow_up_due": call.follow_up_due.isoformat() if call.follow_up_due else "",
        "follow_up_done": call.follow_up_done, "plan_changes": "\n".join(call.plan_changes),
        "notes": call.notes,
    }
    record = [(key, label, values[key]) for key, label in RECORD_FIELDS]
    for n, answer in enumerate(call.answers, start=1):
        record += [(f"q{n}", f"Q{n}", answer.question), (f"a{n}", f"A{n}", answer.answer)]
    return record


def call_from_record(row: dict[str, str]) -> CallEntry:
    """Rebuild an entry from a flat record (an exported CSV row or JSON record)."""
    answers = []
    n = 1
    while f"q{n}" in row:
        if row[f"q{n}"] or row.get(f"a{n}"):
            answers.append(Answer(row[f"q{n}"], row.get(f"a{n}") or ""))
        n += 1
    changes = row.get("plan_changes") or ""
    return CallEntry(
        id=row["id"], started_at=row["started_at"], duration_s=parse_duration(row.get("duration") or ""),
        number=row.get("number") or "", department=row.get("department") or "",
        rep_name=row.get("rep_name") or "", rep_id=row.get("rep_id") or "", reference=row.get("reference") or "",
        script=row.get("script") or "", promised=row.get("promised") or "", outcome=row.get("outcome") or "",
        follow_up_due=date_or_none(row.get("follow_up_due"), what="follow_up_due"),
        follow_up_done=row.get("follow_up_done") or "", notes=row.get("notes") or "",
        plan_changes=changes.split("\n") if changes else [], answers=answers,
    )




def days_overdue(due: date, on: date | None = None) -> int:
    return ((on or today()) - due).days


def default_follow_up(on: date | None = None) -> date:
    return (on or today()) + timedelta(days=7)
