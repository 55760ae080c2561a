"""Documents attached to a case (denial scans, records): stored privately beside the case files."""

from __future__ import annotations

import io
from pathlib import Path

from .atomic import write_atomic

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
ATTACHABLE = {".pdf"} | IMAGE_SUFFIXES


def attachments_dir(data_root: Path, case_id: str) -> Path:
    return Path(data_root) / "attachments" / case_id


def list_attachments(data_root: Path, case_id: str) -> list[Path]:
    folder = attachments_dir(data_root, case_id)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in ATTACHABLE and not p.name.startswith("."))


def store_attachment(data_root: Path, case_id: str, source: Path) -> Path:
    """Copy a PDF or image into the case's attachment folder (private, never overwriting). ValueError if unusable."""
    source = Path(source).expanduser()
    if source.suffix.lower() not in ATTACHABLE:
        raise ValueError(f"{source.name}: attach a PDF, PNG or JPEG file")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {source}: {exc.strerror or exc}") from None
    if source.suffix.lower() == ".pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            PdfReader(io.BytesIO(data)).pages[0]
        except (PdfReadError, IndexError, ValueError, OSError):
            raise ValueError(f"{source.name} is not a readable PDF") from None
    folder = attachments_dir(data_root, case_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target, n = folder / source.name, 2
    while target.exists():
        if target.read_bytes() == data:
            return target  # already stored
        target, n = folder / f"{source.stem}-{n}{source.suffix}", n + 1
    write_atomic(target, data, mode=0o600, overwrite=False)
    return target
