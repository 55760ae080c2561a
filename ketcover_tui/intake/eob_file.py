"""An EOB file of either kind, told apart by its content: FHIR (JSON or NDJSON) or an X12 835."""

from __future__ import annotations

from typing import Callable

from .eob_model import EobFile
from .source import IntakeError, sniff


def read_eob(stream, name: str, progress: Callable[[int], None] | None = None) -> EobFile:
    """Every claim in ``stream`` (binary, with ``peek``); IntakeError in one sentence for anything else."""
    kind = sniff(stream.peek(4096)[:4096])
    if kind == "x12":
        from .x12_835 import read_835

        return read_835(stream, name, progress).file
    if kind in ("json", "ndjson"):
        from .fhir_eob import read_fhir

        return read_fhir(stream, name, kind, progress)
    what = {"zip": "a ZIP archive", "pdf": "a PDF"}.get(kind, "neither JSON nor X12")
    raise IntakeError(f"{name} is {what}, not an EOB file (FHIR JSON or NDJSON, or an X12 835)")
