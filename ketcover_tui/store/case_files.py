"""A case's stored documents travel with it: into the trash and back, and inside a case export.

Deleting a case moves ``documents/<id>/`` to ``trash/documents/<id>-<stamp>/``
beside the trashed case file (same stamp); restoring moves it back. An export
carries every document's bytes (base64) next to the case; importing checks each
one (its checksum, and the vault's own checks) before anything is written,
stages them in a private temp folder and renames that into place only after the
case was created, so an import brings the case and all its files, or nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import shutil
import uuid
from pathlib import Path

from .atomic import UnreadableFile, write_atomic
from .errors import StoreError
from .paths import ensure_private_dir

IMPORT_LIMIT = 320 * 1024 * 1024  # an export with its documents (each at most 50 MB, base64 adds a third)


def trashed_documents(store, case_id: str, trashed_case: Path) -> Path:
    """Where a trashed case's documents go: named like its trashed file."""
    return store.trash_dir / "documents" / trashed_case.stem


def trash_documents(store, case_id: str, trashed_case: Path) -> None:
    folder = store.root / "documents" / case_id
    if folder.is_dir() and not folder.is_symlink():
        target = trashed_documents(store, case_id, trashed_case)
        ensure_private_dir(target.parent, store.modes.dir)
        os.rename(folder, target)


def restore_documents(store, case_id: str, trashed_case: Path) -> None:
    source = trashed_documents(store, case_id, trashed_case)
    target = store.root / "documents" / case_id
    if source.is_dir() and not target.exists():
        ensure_private_dir(target.parent, store.modes.dir)
        os.rename(source, target)


def export_files(store, case) -> dict[str, str]:
    """name -> base64 of every document of the case; StoreError if one is missing or changed."""
    from .attachments import DocumentVault

    vault, files = DocumentVault(store), {}
    for document in case.documents:
        try:
            files[document.name] = base64.b64encode(vault.read(case.id, document)).decode("ascii")
        except UnreadableFile as exc:
            raise StoreError(f"the case's document {document.name} {exc.reason}; nothing was exported "
                             "(remove it from the case's Documents tab, or put the file back)") from None
    return files


def checked_files(case, files: object) -> list[tuple[str, bytes]]:
    """The export's documents, each checked as when it was added; StoreError naming the first bad one."""
    from .attachments import check_bytes

    if files is None:
        files = {}
    if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        raise StoreError("\"files\" must map each document's name to its base64 content")
    names = {d.name for d in case.documents}
    if extra := sorted(set(files) - names):
        raise StoreError(f"the export holds a file the case does not list: {extra[0]!r}")
    out = []
    for document in case.documents:
        if document.name not in files:
            raise StoreError(f"the case lists the document {document.name!r} but the export does not hold it")
        try:
            data = base64.b64decode(files[document.name], validate=True)
        except (binascii.Error, ValueError):
            raise StoreError(f"the document {document.name!r} is not valid base64") from None
        if document.sha256 and hashlib.sha256(data).hexdigest() != document.sha256:
            raise StoreError(f"the document {document.name!r} is not the file the case recorded (checksum differs)")
        try:
            check_bytes(data, document.name, text=document.kind == "text")
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        out.append((document.name, data))
    return out


def stage(store, files: list[tuple[str, bytes]]) -> Path | None:
    """The files written to a private temp folder under ``documents/`` (None when there are none)."""
    if not files:
        return None
    root = ensure_private_dir(store.root / "documents", store.modes.dir)
    folder = root / f".import-{uuid.uuid4().hex[:12]}"
    ensure_private_dir(folder, store.modes.dir)
    try:
        for name, data in files:
            write_atomic(folder / name, data, mode=store.modes.file, overwrite=False)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def settle(store, staged: Path | None, case_id: str) -> None:
    """Move staged files to the new case's folder (which must not exist yet)."""
    if staged is not None:
        os.rename(staged, store.root / "documents" / case_id)


def discard(staged: Path | None) -> None:
    if staged is not None:
        shutil.rmtree(staged, ignore_errors=True)
