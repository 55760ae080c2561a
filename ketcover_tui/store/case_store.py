"""The case store: one TinyDB file per case under ``cases/``, plus ``index.json``.

Writes never grow with the number of cases: saving touches one case file only.
The index of case summaries is a cache checked against each file's (inode,
mtime, size) when the list is loaded; missing or stale entries are rebuilt from
the case files, so it can always be deleted safely.
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document

from ..domain.case import Case, CaseSummary, InvalidCase, case_from_dict, case_to_dict, new_case_id, now_iso
from .atomic import AtomicJSONStorage, OneWriteMiddleware, UnreadableFile, write_atomic
from .migrations import CASE_SCHEMA, CASE_TABLE, META_TABLE, upgrade_case_file
from .paths import ensure_private_dir, modes_for

INDEX_SCHEMA = 1
EXPORT_FORMAT = "ketcover-case"
LOCK_TIMEOUT_S = 15


class StoreError(Exception):
    """A problem the user can act on; the message says what to do."""


class CaseNotFound(StoreError):
    pass


def current_user_name() -> str:
    """The OS account doing the change (not $USER, which anyone can set)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):  # Windows, or a uid with no passwd entry
        try:
            return getpass.getuser()
        except Exception:
            return ""


def _stamp(stat: os.stat_result) -> list[int]:
    # Every write renames a new file into place, so the inode alone changes per write;
    # mtime and size guard against inode reuse.
    return [stat.st_ino, stat.st_mtime_ns, stat.st_size]


class CaseStore:
    def __init__(self, root: Path):
        self.root = ensure_private_dir(Path(root))
        self.modes = modes_for(self.root)  # private (0700/0600) or team (2770/0660)
        self.cases_dir = ensure_private_dir(self.root / "cases", self.modes.dir)
        self.trash_dir = ensure_private_dir(self.root / "trash", self.modes.dir)
        self.locks_dir = ensure_private_dir(self.root / ".locks", self.modes.dir)
        self.index_path = self.root / "index.json"
        self.problems: list[UnreadableFile] = []  # files found unreadable by the last summaries()

    # --- paths and locks ------------------------------------------------------------

    def case_path(self, case_id: str) -> Path:
        if not case_id.isalnum():
            raise CaseNotFound(f"no case with id {case_id!r}")
        return self.cases_dir / f"{case_id}.json"

    def _lock(self, name: str) -> FileLock:
        return FileLock(str(self.locks_dir / f"{name}.lock"), timeout=LOCK_TIMEOUT_S, mode=self.modes.file)

    def _locked(self, name: str):
        lock = self._lock(name)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(f"another ketcover session has held {name} for {LOCK_TIMEOUT_S} s; "
                             "try again in a moment") from None
        return lock

    # --- reading ------------------------------------------------------------------

    def load(self, case_id: str) -> Case:
        path = self.case_path(case_id)
        if not path.exists():
            raise CaseNotFound(f"no case with id {case_id!r} in {self.cases_dir}")
        db = TinyDB(path, storage=AtomicJSONStorage, upgrade=upgrade_case_file)
        return self._case_from_db(db, path)

    @staticmethod
    def _case_from_db(db: TinyDB, path: Path) -> Case:
        raw = db.table(CASE_TABLE).get(doc_id=1)
        if raw is None:
            raise UnreadableFile(path, "holds no case record")
        try:
            return case_from_dict(dict(raw))
        except InvalidCase as exc:
            raise UnreadableFile(path, f"invalid case data ({exc})") from None

    def stamp(self, case_id: str) -> list[int] | None:
        """Changes whenever the case file is rewritten (by anyone); None once it is gone."""
        try:
            return _stamp(self.case_path(case_id).stat())
        except FileNotFoundError:
            return None

    def folder_stamp(self) -> int:
        """Changes when a case is added, saved or deleted (each save renames a file in)."""
        return self.cases_dir.stat().st_mtime_ns

    def summaries(self) -> list[CaseSummary]:
        """Every readable case's summary; unreadable files are listed in ``self.problems``."""
        stamps: dict[str, list[int]] = {}
        with os.scandir(self.cases_dir) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(".json") and not name.startswith(".") and name[:-5].isalnum():
                    stamps[name[:-5]] = _stamp(entry.stat())
        index = self._read_index()
        fresh: dict[str, dict] = {}
        problems: list[UnreadableFile] = []
        for case_id, stamp in stamps.items():
            entry = index.get(case_id)
            if entry is not None and entry.get("stamp") == stamp:
                fresh[case_id] = entry
                continue
            try:
                summary = self.load(case_id).summary()
            except (UnreadableFile, CaseNotFound) as exc:
                if isinstance(exc, UnreadableFile):
                    problems.append(exc)
                continue
            fresh[case_id] = {**summary.__dict__, "stamp": stamp}
        self.problems = problems
        if fresh.keys() != index.keys() or any(fresh[k] is not index.get(k) for k in fresh):
            self._write_index(fresh)
        return [CaseSummary(**{k: v for k, v in e.items() if k != "stamp"}) for e in fresh.values()]

    def _read_index(self) -> dict[str, dict]:
        """The cached summaries, or {} when missing, damaged or from another schema (then rebuilt)."""
        try:
            db = TinyDB(self.index_path, storage=AtomicJSONStorage)
            meta = db.table(META_TABLE).get(doc_id=1)
            if not meta or meta.get("schema") != INDEX_SCHEMA:
                return {}
            return {doc["id"]: doc for doc in db.table("cases").all() if "id" in doc}
        except (UnreadableFile, KeyError, TypeError, AttributeError, ValueError):
            return {}

    def _write_index(self, entries: dict[str, dict]) -> None:
        """Replace the index in one atomic write (it is derived data: safe to rewrite)."""
        data = {
            META_TABLE: {"1": {"schema": INDEX_SCHEMA}},
            "cases": {str(n): dict(entry) for n, entry in enumerate(entries.values(), start=1)},
        }
        lock = self._locked("index")
        try:
            write_atomic(self.index_path, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                         mode=self.modes.file)
        finally:
            lock.release()

    def resolve(self, ref: str) -> str:
        """A case id from an exact id or a unique id prefix (for the CLI)."""
        if ref.isalnum() and self.case_path(ref).exists():
            return ref
        matches = [p.stem for p in self.cases_dir.glob(f"{ref}*.json")] if ref.isalnum() else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CaseNotFound(f"{ref!r} matches {len(matches)} cases; type more of the id")
        raise CaseNotFound(f"no case with id {ref!r}; 'ketcover cases list' shows the ids")

    # --- writing ------------------------------------------------------------------

    def create(self, case: Case, *, stamp: bool = True) -> Case:
        """Save a new case (a fresh id is drawn if the id is taken).

        ``stamp=False`` keeps the case's own timestamps (demo data, imports).
        """
        if stamp or not case.updated:
            now = now_iso()
            case.created = case.created or now
            case.updated = now
            case.updated_by = current_user_name()
        while True:
            path = self.case_path(case.id)
            lock = self._locked(case.id)
            try:
                if not path.exists():
                    self._write_case(path, case)
                    return case
            finally:
                lock.release()
            case.id = new_case_id()

    def update(self, case_id: str, change: Callable[[Case], None]) -> Case:
        """Lock the case, re-read it, apply ``change``, and write it back atomically.

        Because the change is re-applied to what is on disk now, two people editing
        different parts of one case at once both keep their work.
        """
        path = self.case_path(case_id)
        lock = self._locked(case_id)
        try:
            if not path.exists():
                raise CaseNotFound(f"case {case_id} no longer exists (deleted in another session?)")
            db = TinyDB(path, storage=OneWriteMiddleware(AtomicJSONStorage), upgrade=upgrade_case_file,
                        file_mode=self.modes.file)
            case = self._case_from_db(db, path)
            change(case)
            case.id = case_id
            case.updated = now_iso()
            case.updated_by = current_user_name()
            db.table(META_TABLE).upsert(Document({"schema": CASE_SCHEMA}, doc_id=1))
            db.table(CASE_TABLE).upsert(Document(case_to_dict(case), doc_id=1))
            db.close()  # the one write
            return case
        finally:
            lock.release()

    def _write_case(self, path: Path, case: Case) -> None:
        db = TinyDB(path, storage=OneWriteMiddleware(AtomicJSONStorage), upgrade=upgrade_case_file,
                        file_mode=self.modes.file)
        db.table(META_TABLE).upsert(Document({"schema": CASE_SCHEMA}, doc_id=1))
        db.table(CASE_TABLE).upsert(Document(case_to_dict(case), doc_id=1))
        db.close()

    def delete(self, case_id: str) -> Path:
        """Move the case file to ``trash/`` (recoverable by moving it back)."""
        path = self.case_path(case_id)
        lock = self._locked(case_id)
        try:
            if not path.exists():
                raise CaseNotFound(f"case {case_id} no longer exists")
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
            target = self.trash_dir / f"{case_id}-{stamp}.json"
            shutil.move(str(path), target)
            return target
        finally:
            lock.release()

    # --- whole-case documents (backup, hand-over) ---------------------------------

    def export_document(self, case_id: str) -> dict:
        return {"format": EXPORT_FORMAT, "schema": CASE_SCHEMA, "exported": now_iso(),
                "case": case_to_dict(self.load(case_id))}

    def import_document(self, document: object, *, as_new: bool = False) -> Case:
        """Validate a whole exported case and save it; nothing is written if anything is wrong."""
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise StoreError(f"not a ketcover case export (expected \"format\": \"{EXPORT_FORMAT}\")")
        schema = document.get("schema")
        if not isinstance(schema, int) or schema > CASE_SCHEMA:
            raise StoreError(f"this export has schema {schema!r}; this ketcover reads up to "
                             f"{CASE_SCHEMA}: upgrade ketcover")
        try:
            case = case_from_dict(document.get("case"))
        except InvalidCase as exc:
            raise StoreError(f"the case in this file is invalid: {exc}") from None
        if as_new:
            case.id = new_case_id()
        elif self.case_path(case.id).exists():
            raise StoreError(f"a case with id {case.id} already exists here; "
                             "use --as-new to import it as a copy")
        return self.create(case, stamp=False)
