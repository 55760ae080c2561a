"""What to tell the user when a save cannot be done: what happened, and what to do."""

from __future__ import annotations

import errno

from ..domain.case import InvalidCase
from ..domain.fields import InvalidFields
from ..store import CaseNotFound, StoreError, UnreadableFile
from ..store.case_store import first_problems

KEPT = "Nothing was changed; what you typed is kept."


def save_problem(exc: Exception) -> tuple[str, str]:
    """(title, message) for an exception from a save; anything not expected is raised again."""
    if isinstance(exc, CaseNotFound):
        return "Not saved", f"{exc}. {KEPT} Press esc to leave the form."
    if isinstance(exc, (StoreError, UnreadableFile)):
        return "Not saved", f"{exc}. {KEPT} Try ctrl+s again in a moment."
    if isinstance(exc, (InvalidFields, InvalidCase)):
        return "Not saved", f"{first_problems(exc.errors)}. {KEPT}"
    if isinstance(exc, OSError):
        return "Not saved", f"{disk_problem(exc)}. {KEPT} Fix that, then press ctrl+s again."
    raise exc


def disk_problem(exc: OSError) -> str:
    """An OSError in words (no path of anyone's health data beyond our own folder)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "The disk is full (or your quota is used up): free some space"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"ketcover may not write to {exc.filename or 'the data folder'} (read-only or another user's)"
    return f"The data folder could not be written ({exc.strerror or exc})"
