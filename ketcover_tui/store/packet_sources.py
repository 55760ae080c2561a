"""Where a packet's attachments come from, in one place: the case's document vault.

Every caller (``ketcover export packet --attach``, the app's packet dialog) lists,
adds and reads attachments only through these functions. A second source, the
inbox folder, goes here as another listing function next to ``stored_documents``,
and the dialog shows what this module lists.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import UnreadableFile, read_limited
from .attachments import MAX_BYTES, CheckedFile, DocumentVault, check_document

__all__ = ["CheckedFile", "add_document", "check_document", "commit_documents", "read_document",
           "stored_documents"]


def stored_documents(store, case) -> tuple[list[Path], list[str]]:
    """The case's stored documents that still read and check as when added, and a line per one that does not."""
    return DocumentVault(store).usable(case)


def add_document(store, case_id: str, source: Path, *, by: str = "") -> Path:
    """Check a PDF or image and store it with the case now (the app's 'add a file'); ValueError says why not."""
    vault = DocumentVault(store)
    record = vault.add(case_id, check_document(Path(source)), by=by)
    return vault.folder(case_id) / record.name


def commit_documents(store, case_id: str, checked: list[CheckedFile], *, by: str = "") -> list:
    """Store files checked earlier (``check_document``), once the command that offered them succeeded."""
    vault = DocumentVault(store)
    return [vault.add(case_id, item, by=by) for item in checked]


def read_document(path: Path) -> bytes:
    """A stored document's bytes: a regular file of at most the vault's limit, else ValueError."""
    try:
        data = read_limited(Path(path), MAX_BYTES)
    except UnreadableFile as exc:
        raise ValueError(f"cannot read {Path(path).name}: {exc.reason}") from None
    if data is None:
        raise ValueError(f"{Path(path).name} is missing from the case's documents folder")
    return data
