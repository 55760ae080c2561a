"""A call log entry to and from the JSON-ready dict of the case file (and import/export)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

from .calls import Answer, CallEntry
from .fields import date_or_none


def call_to_dict(call: CallEntry) -> dict:
    return {
        "id": call.id, "started_at": call.started_at, "duration_s": call.duration_s, "number": call.number,
        "department": call.department, "rep_name": call.rep_name, "rep_id": call.rep_id,
        "reference": call.reference,
        "answers": [{"question": a.question, "answer": a.answer, "fact": a.fact} for a in call.answers],
        "promised": call.promised, "outcome": call.outcome,
        "follow_up_due": call.follow_up_due.isoformat() if call.follow_up_due else None,
        "follow_up_done": call.follow_up_done, "notes": call.notes, "script": call.script,
        "plan_changes": list(call.plan_changes),
    }


def _text(value: object) -> str:
    return value if type(value) is str else str(value or "")


_CALL_TEXTS = ("number", "department", "rep_name", "rep_id", "reference", "promised", "outcome",
               "follow_up_done", "notes", "script")


def calls_from_list(data: object) -> list[CallEntry]:
    """Raises ValueError naming the first bad entry (the case is then reported unreadable).

    Written for speed (it runs on every save, and a big case holds thousands of
    calls): text that is already text is taken as it is, anything else goes through
    str(); each start time is parsed once, for the check and the order (as a number:
    aware datetimes with many offset objects compare slowly).
    """
    if not isinstance(data, list) or not all(type(item) is dict for item in data):
        raise ValueError("expected a list of call objects")
    from_iso, day_from_iso = datetime.fromisoformat, date.fromisoformat
    calls, starts = [], []
    for n, item in enumerate(data, start=1):
        get = item.get
        started = _text(get("started_at"))
        try:
            when = from_iso(started)
        except ValueError:
            raise ValueError(f"call {n}: started_at {started!r} is not an ISO date and time") from None
        starts.append((when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp())
        duration = get("duration_s")
        raw_answers = get("answers") or []
        answers = []
        for a in raw_answers if isinstance(raw_answers, list) else (None,):
            if type(a) is not dict:
                raise ValueError(f"call {n}: answers must be a list of objects")
            q, r, f = a.get("question"), a.get("answer"), a.get("fact")
            answers.append(Answer(q if type(q) is str else _text(q), r if type(r) is str else _text(r),
                                  f if type(f) is str else _text(f)))
        texts = {name: value if type(value := get(name)) is str else _text(value) for name in _CALL_TEXTS}
        due = get("follow_up_due")
        if due is None or due == "":
            due_day = None
        elif type(due) is str and len(due) == 10:
            try:
                due_day = day_from_iso(due)
            except ValueError:
                due_day = date_or_none(due, what=f"call {n} follow_up_due")  # raises, naming the call
        else:
            due_day = date_or_none(due, what=f"call {n} follow_up_due")
        changes = get("plan_changes") or []
        calls.append(CallEntry(
            id=_text(get("id")) or uuid.uuid4().hex[:8], started_at=started,
            duration_s=duration if isinstance(duration, int) and duration >= 0 else None,
            answers=answers, follow_up_due=due_day,
            plan_changes=[line if type(line) is str else str(line) for line in changes],
            **texts,
        ))
    if all(a <= b for a, b in zip(starts, starts[1:])):
        return calls  # as stored: already in order
    order = sorted(range(len(calls)), key=starts.__getitem__)  # stable, like sorting by CallEntry.started
    return [calls[i] for i in order]
