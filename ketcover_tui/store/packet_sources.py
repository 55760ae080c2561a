"""Where a packet's attachments come from, in one place: the case's document vault and the inbox folder.

Every caller (``ketcover export packet --attach``, the app's packet dialog) lists,
adds and reads attachments only through these functions. The app adds files
only from the inbox folder (``store/inbox.py``: by name, no links, size-limited),
never from a path typed in; the command line reads the paths it is given.
"""

from __future__ import annotations

from pathlib import Path

from .atomic import UnreadableFile, read_limited
from .attachments import MAX_BYTES, CheckedFile, DocumentVault, check_bytes, check_document
from .inbox import InboxFile, inbox_dir, inbox_files, read_inbox_file

__all__ = ["CheckedFile", "add_document", "add_inbox_document", "check_document", "commit_documents",
           "inbox_documents", "read_document", "stored_documents"]


def stored_documents(store, case) -> tuple[list[Path], list[str]]:
    """The case's stored documents that still read and check as when added, and a line per one that does not."""
    return DocumentVault(store).usable(case)


def add_document(store, case_id: str, source: Path, *, by: str = "") -> Path:
    """Check a PDF or image and store it with the case now (the app's 'add a file'); ValueError says why not."""
    vault = DocumentVault(store)
    record = vault.add(case_id, check_document(Path(source)), by=by)
    return vault.folder(case_id) / record.name


def inbox_documents(store) -> tuple[Path, list[InboxFile]]:
    """The inbox folder and the files in it that can be offered (regular files, no links, no hidden ones)."""
    folder = inbox_dir(store.root)
    return folder, inbox_files(folder)


def add_inbox_document(store, case_id: str, name: str, *, by: str = "") -> Path:
    """Check inbox file ``name`` (a PDF or image) and store it with the case; ValueError says why not."""
    folder = inbox_dir(store.root)
    try:
        data = read_inbox_file(folder, name, MAX_BYTES)
    except UnreadableFile as exc:
        raise ValueError(f"{name} {exc.reason}") from None
    vault = DocumentVault(store)
    record = vault.add(case_id, check_bytes(data, name), by=by)
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
