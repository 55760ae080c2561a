"""What left the app: every export of a case, recorded on the case (who, when, what, which file).

A team answers for the health data it hands out; this list says which document
of the case was written to which file (or to standard output), by which OS
account, when, from the app or the command line. ``ketcover exports list``
reads it back next to the files in the exports folder.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

STDOUT = "-"
VIA = ("app", "command line")


@dataclass(frozen=True)
class ExportRecord:
    id: str
    what: str  # "calls", "journal", "superbill", "letter lmn", "packet", "deadlines", "case", "screenshot"
    file: str  # the absolute path written, or "-" for standard output
    format: str = ""  # "pdf", "csv", "md", …
    size: int = 0  # bytes
    at: str = ""  # ISO timestamp (UTC)
    by: str = ""  # OS user name
    via: str = "app"  # one of VIA

    def line(self) -> str:
        where = "standard output" if self.file == STDOUT else self.file
        when = self.at[:16].replace("T", " ") + " UTC" if len(self.at) >= 16 else self.at
        fmt = f" ({self.format.upper()})" if self.format else ""
        return f"{when} · {self.what}{fmt} → {where} · by {self.by or '?'} ({self.via})"


def new_export(what: str, file: str, *, format: str = "", size: int = 0, at: str, by: str,
               via: str = "app") -> ExportRecord:
    return ExportRecord(id=uuid.uuid4().hex[:8], what=what, file=file, format=format, size=size, at=at, by=by,
                        via=via if via in VIA else "app")


def export_to_dict(r: ExportRecord) -> dict:
    return {"id": r.id, "what": r.what, "file": r.file, "format": r.format, "size": r.size, "at": r.at,
            "by": r.by, "via": r.via}


def exports_from_list(data: object) -> list[ExportRecord]:
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("expected a list of export objects")
    records = []
    for n, item in enumerate(data, start=1):
        texts = {key: item.get(key, "") for key in ("id", "what", "file", "format", "at", "by", "via")}
        size = item.get("size", 0)
        if not all(isinstance(v, str) for v in texts.values()) or not texts["what"] or not texts["file"]:
            raise ValueError(f"export {n}: expected what and file as text")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise ValueError(f"export {n}: size must be a whole number of bytes")
        records.append(ExportRecord(size=size, **texts))
    return records
