"""Exports shared by the app and the CLI: the call log as a Document, and writing files safely.

A file is rendered completely in memory first, then written through a temp file
and linked into place: an export never leaves a half-written file behind, never
replaces an existing file, and is readable by its owner only (0600: health data).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from .documents import Document, Field, Paragraph, Record
from .domain import clock
from .domain.calls import RECORD_FIELDS, CallEntry, call_record, duration_words, in_range
from .store.atomic import write_atomic

EXPORT_MODE = 0o600


class ExportError(Exception):
    """A problem the user can fix (the message says what); nothing was written."""


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
    header = [("Patient", case.patient.name), ("Insurer", case.plan.insurer or "—"),
              ("Member id", case.plan.member_id or "—")]
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
    )


def default_file_name(case_id: str, extension: str, on: date | None = None) -> str:
    """No patient name in it: file names show up in listings other people can see."""
    return f"ketcover-calls-{case_id}-{(on or clock.today()).isoformat()}.{extension}"


def default_export_folder() -> Path:
    """Where the app suggests saving: ~/Documents if there is one, else the home folder."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def unused_path(folder: Path, name: str) -> Path:
    """``folder/name``, or name-2, name-3… if taken (for suggested names only)."""
    path = folder / name
    stem, dot, ext = name.rpartition(".")
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{dot}{ext}"
        n += 1
    return path


def write_export(path: Path, data: bytes) -> Path:
    """Create ``path`` with ``data``; raise ExportError if it exists or the folder is wrong."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise ExportError(f"folder {path.parent} does not exist; create it or choose another")
    if path.exists():
        raise ExportError(f"{path} already exists; choose another name (nothing was overwritten)")
    try:
        write_atomic(path, data, mode=EXPORT_MODE, overwrite=False)
    except FileExistsError:
        raise ExportError(f"{path} already exists; choose another name (nothing was overwritten)") from None
    except PermissionError:
        raise ExportError(f"no permission to write in {path.parent}; choose another folder") from None
    except OSError as exc:
        raise ExportError(f"could not write {path}: {exc.strerror or exc}; nothing was written") from None
    return path
