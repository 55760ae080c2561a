"""Deleted cases and leftovers: the trash folder, restoring from it, and sweeping stale temp files.

A deleted case moves to ``trash/<id>-<UTC stamp>.json``; ``restore`` moves it
back as ``cases/<id>.json`` (never over a case of the same id). Every write goes
through a temp file (``.<name>.<random>.tmp``) renamed into place; a writer
killed mid-write leaves its temp file behind, a full copy of the case. The
sweep removes those once they are a few minutes old and no writer holds the
case's lock, on start and after a delete.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..domain.identifiers import is_case_id
from .atomic import UnreadableFile
from .errors import CaseNotFound, StoreError

STALE_AFTER_S = 300  # a temp file older than this is no write in progress
_TRASHED = re.compile(r"^(?P<id>[A-Za-z0-9]{1,64})-(?P<stamp>\d{8}T\d{12})\.json$")
_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]+\.tmp$")


@dataclass(frozen=True)
class TrashedCase:
    path: Path
    case_id: str
    deleted: str  # ISO timestamp (UTC), from the file's name
    patient: str  # "" when the file cannot be read
    problem: str = ""  # why it cannot be restored as it is

    @property
    def label(self) -> str:
        return f"{self.deleted[:16].replace('T', ' ')}  {self.patient or '(unreadable)'}  {self.case_id}"


def trash_stamp() -> str:
    """A unique, sortable name part: the real time (not the app's clock), to the microsecond."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")


def _deleted_at(stamp: str) -> str:
    return datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=timezone.utc).isoformat()


class CaseTrash:
    """The trash half of CaseStore (which provides paths, locks and reading)."""

    def trashed(self) -> list[TrashedCase]:
        """Every case in the trash, newest first; an unreadable one is listed with its problem."""
        found = []
        try:
            names = os.listdir(self.trash_dir)
        except OSError:
            return []
        for name in names:
            if not (match := _TRASHED.match(name)):
                continue
            path = self.trash_dir / name
            patient, problem = "", ""
            try:
                patient = self._read_case_file(path).patient.name
            except UnreadableFile as exc:
                problem = exc.reason
            found.append(TrashedCase(path, match["id"], _deleted_at(match["stamp"]), patient, problem))
        return sorted(found, key=lambda t: t.deleted, reverse=True)

    def restore(self, ref: str) -> TrashedCase:
        """Move a trashed case back (by id or unique id prefix: its newest copy; or by file name)."""
        entries = self.trashed()
        chosen = [t for t in entries if t.path.name == ref] or [t for t in entries if t.case_id == ref]
        if not chosen:
            prefixed = {t.case_id for t in entries if t.case_id.startswith(ref)} if is_case_id(ref) else set()
            if len(prefixed) > 1:
                raise CaseNotFound(f"{ref!r} matches {len(prefixed)} trashed cases; type more of the id")
            chosen = [t for t in entries if t.case_id in prefixed]
        if not chosen:
            raise CaseNotFound(f"no case {ref!r} in the trash; 'ketcover cases trash' lists them")
        entry = chosen[0]  # newest first
        if entry.problem:
            raise StoreError(f"{entry.path} cannot be restored: {entry.problem} (the file was left as it is)")
        target = self.case_path(entry.case_id)
        lock = self._locked(entry.case_id)
        try:
            try:
                os.link(entry.path, target)  # fails, changing nothing, if a case with this id exists
            except FileExistsError:
                raise StoreError(f"a case with id {entry.case_id} exists already; "
                                 "delete or export it first (nothing was restored)") from None
            os.unlink(entry.path)
            from .case_files import restore_documents

            restore_documents(self, entry.case_id, entry.path)  # its documents come back with it
        finally:
            lock.release()
        return entry

    def sweep_temp_files(self, *, older_than_s: float = STALE_AFTER_S, case_id: str | None = None) -> int:
        """Remove temp files left by killed writers; returns how many. Never raises.

        With ``case_id`` (called while holding that case's lock, after a delete) every
        temp file of that case goes, whatever its age: no writer can be at work on it.
        """
        removed = 0
        now = time.time()
        for folder in (self.cases_dir, self.root, self.trash_dir):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                match = _TEMP.match(entry.name)
                if not match:
                    continue
                owner = match["name"].removesuffix(".json")
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    if case_id is not None:
                        if owner != case_id:
                            continue
                    elif now - entry.stat(follow_symlinks=False).st_mtime < older_than_s or self._held(owner):
                        continue
                    os.unlink(entry.path)
                    removed += 1
                except OSError:
                    continue
        return removed

    def _held(self, name: str) -> bool:
        """Whether a writer holds the lock of ``name`` (a case id or "index") right now."""
        from filelock import Timeout

        if not (is_case_id(name) or name == "index"):
            return False
        lock = self._lock(name)
        try:
            lock.acquire(timeout=0)
        except (Timeout, OSError):
            return True
        lock.release()
        return False
