"""Where a packet's attachments come from, in one place: the case's stored documents.

Every caller (``ketcover export packet --attach``, the app's packet dialog) lists,
adds and reads attachments only through these three functions, so moving where
case documents are kept means changing this module alone. A second source, the
inbox folder, belongs to later work: it goes here as another listing function
next to ``stored_documents``, and the dialog shows what this module lists.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .attachments import list_attachments, store_attachment

MAX_BYTES = 50 * 1024 * 1024  # a scanned denial or a few chart notes, with room to spare


def stored_documents(data_root: Path, case_id: str) -> list[Path]:
    """The case's stored documents that can go into a packet (PDF, PNG, JPEG), by name."""
    return list_attachments(data_root, case_id)


def add_document(data_root: Path, case_id: str, source: Path) -> Path:
    """Store a PDF or image with the case (never overwriting); ValueError says what is wrong with it."""
    return store_attachment(data_root, case_id, Path(source))


def read_document(path: Path) -> bytes:
    """A stored document's bytes: a regular file of at most MAX_BYTES, else ValueError."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise ValueError(f"cannot read {Path(path).name}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{Path(path).name} is not a regular file")
        if info.st_size > MAX_BYTES:
            raise ValueError(f"{Path(path).name} is larger than {MAX_BYTES // (1024 * 1024)} MiB: attach a smaller "
                             "scan (or split it)")
        return handle.read(MAX_BYTES + 1)
