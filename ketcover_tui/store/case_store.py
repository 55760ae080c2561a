"""The case store: one TinyDB file per case under ``cases/``, plus ``index.json``.

Writes never grow with the number of cases: saving touches one case file only.
The index of case summaries is a cache checked against each file's (inode,
mtime, size) when the list is loaded; missing or stale entries are rebuilt from
the case files, so it can always be deleted safely.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..domain.identifiers import is_case_id

if TYPE_CHECKING:
    from ..domain.case import Case
from .atomic import UnreadableFile
from .case_index import CaseIndex, _stamp
from .trash import CaseTrash, trash_stamp
from .errors import CaseNotFound, DataFolderError, StoreError, first_problems  # noqa: F401
from .migrations import CASE_SCHEMA, CASE_TABLE, META_TABLE, upgrade_case_file
from .paths import ensure_private_dir, modes_for

EXPORT_FORMAT = "ketcover-case"
LOCK_TIMEOUT_S = 15


def case_files():
    from . import case_files as module

    return module


def _model():
    """The full case model, imported on first use: listing cases at start-up needs only summaries."""
    from ..domain import case

    return case


def _codec():
    """The case to and from a JSON-ready dict, imported on first use like the model."""
    from ..domain import case_json

    return case_json


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


def _file_identity(path: Path) -> tuple:
    """Changes with every write by anyone (each write renames a new file into place)."""
    info = path.stat()
    return info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size


class CaseStore(CaseIndex, CaseTrash):
    def __init__(self, root: Path):
        try:
            self.root = ensure_private_dir(Path(root))
            self.modes = modes_for(self.root)  # private (0700/0600) or team (2770/0660)
            self.cases_dir = ensure_private_dir(self.root / "cases", self.modes.dir)
            self.trash_dir = ensure_private_dir(self.root / "trash", self.modes.dir)
            self.locks_dir = ensure_private_dir(self.root / ".locks", self.modes.dir)
        except OSError as exc:
            raise DataFolderError(f"cannot use {root} as the data folder ({exc.strerror or exc}); "
                                  "give --data-dir a folder you may write to") from None
        self.index_path = self.root / "index.json"
        self._last_write: dict[str, tuple[tuple, dict]] = {}  # case id -> (file identity, the dict written)
        self.problems: list[UnreadableFile] = []  # files found unreadable by the last summaries()
        self.warnings: list[str] = []  # e.g. an index that could not be rewritten (used in memory)

    # --- paths and locks ------------------------------------------------------------

    def case_path(self, case_id: str) -> Path:
        if not is_case_id(case_id):
            raise CaseNotFound(f"no case with id {case_id[:70]!r}")
        return self.cases_dir / f"{case_id}.json"

    def _lock(self, name: str):
        from filelock import FileLock  # only writers need it: keeps start-up light

        return FileLock(str(self.locks_dir / f"{name}.lock"), timeout=LOCK_TIMEOUT_S, mode=self.modes.file)

    def _locked(self, name: str):
        from filelock import Timeout

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
        return self._read_case_file(path)

    def _read_case_file(self, path: Path) -> Case:
        """The case in a case file anywhere (the trash, a backup being restored); UnreadableFile if not."""
        from .case_file import AtomicJSONStorage, TinyDB

        return self._case_from_db(TinyDB(path, storage=AtomicJSONStorage, upgrade=upgrade_case_file), path)

    @staticmethod
    def _case_from_db(db, path: Path) -> Case:
        return CaseStore._case_and_dict(db, path)[0]

    @staticmethod
    def _case_and_dict(db, path: Path) -> tuple[Case, dict]:
        """The case in a file, and the dict it was read from (the case as stored)."""
        raw = db.table(CASE_TABLE).get(doc_id=1)
        if raw is None:
            raise UnreadableFile(path, "holds no case record")
        stored = dict(raw)
        try:
            return _codec().case_from_dict(stored), stored
        except _model().InvalidCase as exc:
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

    def resolve(self, ref: str) -> str:
        """A case id from an exact id or a unique id prefix (for the CLI)."""
        if is_case_id(ref) and self.case_path(ref).exists():
            return ref
        matches = [p.stem for p in self.cases_dir.glob(f"{ref}*.json")] if is_case_id(ref) else []
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
            now = _model().now_iso()
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
            case.id = _model().new_case_id()

    def update(self, case_id: str, change: Callable[[Case], None], *, base: dict | None = None,
               force: bool = False) -> Case:
        """Lock the case, re-read it, apply ``change``, and write it back atomically.

        Because the change is re-applied to what is on disk now, two people editing
        different parts of one case at once both keep their work. ``base`` is the case
        (as a dict) that the editing form showed: records changed by the change are then
        merged field by field with what others saved since, and a field both changed
        raises RecordConflict (nothing is written) unless ``force``.
        """
        path = self.case_path(case_id)
        lock = self._locked(case_id)
        try:
            if not path.exists():
                raise CaseNotFound(f"case {case_id} no longer exists (deleted in another session?)")
            from .case_file import AtomicJSONStorage, Document, OneWriteMiddleware, TinyDB

            storage = OneWriteMiddleware(AtomicJSONStorage)
            if (written := self._last_write.get(case_id)) and written[0] == _file_identity(path):
                # Unchanged since this store wrote it: what it wrote stands in for reading and parsing
                # the file again (a big case's save would otherwise spend half its time there).
                storage.cache = {META_TABLE: {"1": {"schema": CASE_SCHEMA}}, CASE_TABLE: {"1": written[1]}}
            db = TinyDB(path, storage=storage, upgrade=upgrade_case_file, file_mode=self.modes.file)
            codec = _codec()
            case, before = self._case_and_dict(db, path)  # before: the case as stored, for stamps and merge
            theirs_by, theirs_at = case.updated_by, case.updated
            change(case)
            case.id = case_id
            after = codec.case_to_dict(case)
            if base is not None:
                from ..domain.record_merge import RecordConflict, merge_records

                merged, conflicts = merge_records(base, before, after)
                if conflicts and not force:
                    raise RecordConflict(conflicts, by=theirs_by, at=theirs_at)
                if merged:
                    case = codec.case_from_dict(after)
            from ..domain.record_stamps import stamp_changes

            case.revision += 1
            case.updated = _model().now_iso()
            case.updated_by = current_user_name()
            case.record_stamps = stamp_changes(before, after, case.record_stamps, by=case.updated_by,
                                               at=case.updated, revision=case.revision)
            after.update(revision=case.revision, updated=case.updated, updated_by=case.updated_by,
                         record_stamps=case.record_stamps)
            db.table(META_TABLE).upsert(Document({"schema": CASE_SCHEMA}, doc_id=1))
            db.table(CASE_TABLE).upsert(Document(after, doc_id=1))
            db.close()  # the one write
            self._last_write = {case_id: (_file_identity(path), after)}  # one case kept: memory stays small
            return case
        finally:
            lock.release()

    def _write_case(self, path: Path, case: Case) -> None:
        from .case_file import AtomicJSONStorage, Document, OneWriteMiddleware, TinyDB

        db = TinyDB(path, storage=OneWriteMiddleware(AtomicJSONStorage), upgrade=upgrade_case_file,
                        file_mode=self.modes.file)
        db.table(META_TABLE).upsert(Document({"schema": CASE_SCHEMA}, doc_id=1))
        db.table(CASE_TABLE).upsert(Document(_codec().case_to_dict(case), doc_id=1))
        db.close()

    def delete(self, case_id: str) -> Path:
        """Move the case file to ``trash/`` (``restore`` brings it back), and sweep its temp files."""
        path = self.case_path(case_id)
        lock = self._locked(case_id)
        try:
            if not path.exists():
                raise CaseNotFound(f"case {case_id} no longer exists")
            target = self.trash_dir / f"{case_id}-{trash_stamp()}.json"
            os.rename(path, target)  # the same file system: atomic, and the permissions stay
            case_files().trash_documents(self, case_id, target)  # its documents go with it
            self.sweep_temp_files(case_id=case_id)  # a killed writer's copies would keep the patient's data
            return target
        finally:
            lock.release()

    # --- whole-case documents (backup, hand-over) ---------------------------------

    def export_document(self, case_id: str) -> dict:
        """The case as JSON, with its documents' bytes under "files" (StoreError if one cannot be read)."""
        case = self.load(case_id)
        document = {"format": EXPORT_FORMAT, "schema": CASE_SCHEMA, "exported": _model().now_iso(),
                    "case": _codec().case_to_dict(case)}
        if case.documents:
            document["files"] = case_files().export_files(self, case)
        return document

    def import_document(self, document: object, *, as_new: bool = False) -> Case:
        """Validate a whole exported case and save it; nothing is written if anything is wrong."""
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise StoreError(f"not a ketcover case export (expected \"format\": \"{EXPORT_FORMAT}\")")
        schema = document.get("schema")
        if not isinstance(schema, int) or schema > CASE_SCHEMA:
            raise StoreError(f"this export has schema {schema!r}; this ketcover reads up to "
                             f"{CASE_SCHEMA}: upgrade ketcover")
        from ..domain.case_check import import_day, strict_case

        try:
            case = strict_case(document.get("case"), today=import_day(document.get("exported")))
        except _model().InvalidCase as exc:
            raise StoreError(f"the case in this file is invalid: {first_problems(exc.errors)}") from None
        files = case_files().checked_files(case, document.get("files"))
        if as_new:
            case.id = _model().new_case_id()
        elif self.case_path(case.id).exists():
            raise StoreError(f"a case with id {case.id} already exists here; "
                             "use --as-new to import it as a copy")
        if files and (self.root / "documents" / case.id).exists():
            raise StoreError(f"documents of another case {case.id} are still stored here; use --as-new")
        staged = case_files().stage(self, files)  # all files, or none, before the case is written
        try:
            made = self.create(case, stamp=False)
        except BaseException:
            case_files().discard(staged)
            raise
        try:
            case_files().settle(self, staged, made.id)
        except OSError:
            case_files().discard(staged)
            self.delete(made.id)  # nothing half-imported stays in the list (the trash keeps it)
            raise StoreError("the case's documents could not be stored; nothing was imported") from None
        return made
