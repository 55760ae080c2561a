"""The call log as a neutral Document: evidence of every conversation with the insurer."""

from __future__ import annotations

from datetime import date, datetime

from ..domain import clock
from ..domain.calls import RECORD_FIELDS, CallEntry, call_record, duration_words, in_range
from .model import Document, Field, Paragraph, Record
from .names import file_name, patient_stamp


def call_title(call: CallEntry) -> str:
    parts = [call.when(), call.started_at[19:] or ""]
    title = " ".join(p for p in parts if p)
    if call.duration_s is not None:
        title += f" · {duration_words(call.duration_s)}"
    if call.department:
        title += f" · {call.department}"
    return title


def call_log_document(case, start: date | None = None, end: date | None = None,
                      generated: datetime | None = None) -> Document:
    """The case's calls (optionally from ``start`` to ``end``, inclusive) as a Document."""
    calls = in_range(case.calls, start, end)
    generated = generated or clock.utc_now()
    header = [("Insurer", case.plan.insurer or "—"), ("Member id", case.plan.member_id or "—")]
    if case.plan.group_id:
        header.append(("Group id", case.plan.group_id))
    if start or end:
        header.append(("Calls", f"{start.isoformat() if start else 'first'} to {end.isoformat() if end else 'last'}"))
    blocks: list = []
    count = f"{len(calls)} call{'s' if len(calls) != 1 else ''}"
    blocks.append(Paragraph(f"{count} recorded. Times are the caller's local time with its UTC offset. "
                            "Promises are quoted as written down during the call.", style="muted"))
    if not calls:
        blocks.append(Paragraph("No calls were recorded in this period."))
    for call in calls:
        fields = tuple(Field(key, label, value) for key, label, value in call_record(call))
        blocks.append(Record("call", call_title(call), fields))
    return Document(
        title=f"Call log · {case.patient.name}",
        header=tuple(header),
        blocks=blocks,
        generated=generated.strftime("%Y-%m-%d %H:%M UTC"),
        kind="call-log",
        columns=tuple(key for key, _ in RECORD_FIELDS),
        stamp=patient_stamp(case),
        subject="Every call with the insurer: who, when, what was said or promised",
    )


def default_file_name(case_id: str, extension: str, on: date | None = None) -> str:
    return file_name("calls", case_id, extension, on)
