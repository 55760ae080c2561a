"""File names for exports: what it is, the case id and the date; never the patient's name."""

from __future__ import annotations

from datetime import date

from ..domain import clock


def file_name(what: str, case_id: str, extension: str, on: date | None = None) -> str:
    """``ketcover-WHAT-CASEID-DATE.EXT``. No patient name: file names show up in listings others can see."""
    return f"ketcover-{what}-{case_id}-{(on or clock.today()).isoformat()}.{extension}"


def generated_stamp(when=None) -> str:
    """The "Generated …" line of a document: UTC, to the minute."""
    return (when or clock.utc_now()).strftime("%Y-%m-%d %H:%M UTC")
