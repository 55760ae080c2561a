"""A case's open appeal deadlines as an iCalendar (RFC 5545) file, for any calendar app.

Date rules become all-day events; hour rules (72 h) become timed events in
local "floating" time. Each event's description carries the rule, its source
and, where the notes are uncertain, the check-this warning.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ..domain import appeals as ap
from ..domain import clock


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


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


def calendar_text(case, now: datetime | None = None) -> str:
    found, _problems = ap.open_deadlines(case.plan.plan_type, case.appeals)
    stamp = (now or clock.utc_now()).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ketcover//appeal deadlines//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_escape('ketcover · ' + case.patient.name)}"]
    for n, (d, record) in enumerate(found):
        lines += ["BEGIN:VEVENT", f"UID:{case.id}-{record.id}-{n}@ketcover", f"DTSTAMP:{stamp}"]
        if isinstance(d.due, datetime):
            lines += [f"DTSTART:{d.due.strftime('%Y%m%dT%H%M%S')}",
                      f"DTEND:{(d.due + timedelta(minutes=30)).strftime('%Y%m%dT%H%M%S')}"]
        else:
            day: date = d.due
            lines += [f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                      f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}"]
        summary = f"{'⚠ ' if d.check_this else ''}{d.what} · {case.patient.name}"
        description = (f"Who: {d.who}\nRule: {d.rule}\nSource: {d.source} (confidence {d.confidence})\n"
                       f"About: {record.headline()}" + (f"\n{d.warning()}" if d.check_this else
                                                        (f"\n{d.note}" if d.note else "")))
        lines += [f"SUMMARY:{_escape(summary)}", f"DESCRIPTION:{_escape(description)}"]
        if d.who == "patient":  # a reminder a week before what the patient must file
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_escape(d.what)}", "TRIGGER:-P7D",
                      "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
