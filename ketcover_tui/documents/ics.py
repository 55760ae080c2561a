"""A case's appeal deadlines as an iCalendar (RFC 5545) file, for any calendar app.

Date rules become all-day events; hour rules (72 h) become timed events in
local "floating" time. Each event's description carries the rule, its source,
what the clock counts from and, where the date is uncertain, the check-this
warning. Deadlines already past stay in the file as events marked missed
(a patient's step) or overdue (the plan's decision), without a reminder: a
calendar is also a record. A calendar with no deadline still holds one
component (RFC 5545 §3.6 asks for at least one): a ketcover note saying so.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ..domain import appeals as ap
from ..domain import clock
from ..domain.appeal_deadlines import is_missed, is_overdue
from ..domain.deadlines import overdue_meaning


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "")
            .replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after one space (RFC 5545 §3.1)."""
    out, current = [], ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def _description(case, d, record, state: str) -> str:
    lines = [f"Who: {d.who}", f"Rule: {d.rule}", f"Source: {d.source} (confidence {d.confidence}, as of {d.as_of})",
             f"Counts from: {d.counts_from}", f"About: {record.headline()}"]
    if d.state_set:
        lines.append(f"Window set by the state: {d.state_set}")
    if state == "missed":
        lines.append("This date has passed. See the case for what is left (good cause, regulator).")
    if state == "overdue":
        meaning, cite = overdue_meaning(case.plan.plan_type)
        if meaning:
            lines.append(f"Overdue: {meaning}" + (f" ({cite})" if cite else ""))
    if d.warning():
        lines.append(d.warning())
    elif d.note:
        lines.append(d.note)
    return "\n".join(lines)


def calendar_text(case, now: datetime | None = None, on: date | None = None) -> str:
    found, _problems = ap.open_deadlines(case.plan.plan_type, case.appeals)
    moment = now or clock.utc_now()
    today = on or clock.today()
    stamp = moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ketcover//appeal deadlines//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape('ketcover · ' + case.patient.name)}"]
    for n, (d, record) in enumerate(found):
        state = "missed" if is_missed(d, today) else "overdue" if is_overdue(d, today) else ""
        lines += ["BEGIN:VEVENT", f"UID:{case.id}-{record.id}-{d.step or n}-{n}@ketcover", f"DTSTAMP:{stamp}"]
        if isinstance(d.due, datetime):
            lines += [f"DTSTART:{d.due.strftime('%Y%m%dT%H%M%S')}",
                      f"DTEND:{(d.due + timedelta(minutes=30)).strftime('%Y%m%dT%H%M%S')}"]
        else:
            lines += [f"DTSTART;VALUE=DATE:{d.due.strftime('%Y%m%d')}",
                      f"DTEND;VALUE=DATE:{(d.due + timedelta(days=1)).strftime('%Y%m%d')}"]
        mark = {"missed": "Missed: ", "overdue": "Overdue: "}.get(state, "")
        summary = f"{mark}{'⚠ ' if d.check_this else ''}{'on or before · ' if d.on_or_before else ''}{d.what}"
        lines += [f"SUMMARY:{_escape(summary + ' · ' + case.patient.name)}",
                  f"DESCRIPTION:{_escape(_description(case, d, record, state))}"]
        if state:
            lines.append(f"CATEGORIES:{state.upper()}")
        elif d.who == "patient":  # a reminder a week before what the patient must still file
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_escape(d.what)}", "TRIGGER:-P7D",
                      "END:VALARM"]
        lines.append("END:VEVENT")
    if not found:
        lines += ["BEGIN:X-KETCOVER-NOTE",
                  f"DESCRIPTION:{_escape(f'No appeal deadlines on this case on {today.isoformat()}.')}",
                  "END:X-KETCOVER-NOTE"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
