"""The index of case summaries: a cache of one line per case, rebuilt from the case files when it cannot be used.

It is checked against each file's (inode, mtime, size) when the list is loaded;
missing or stale rows are rebuilt from the case files, so the index can always
be deleted safely. One bad file (unreadable, not a regular file, odd data) is
reported with its path and skipped; a file deleted mid-scan is simply not
listed; an index that cannot be rewritten (read-only or full disk) is used in
memory with a warning. Next to it, ``index-head.json`` holds the newest rows and
the count, tied to the index it was written with: the list paints its first
screen from it and reads the whole index just after.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from ..domain.identifiers import is_case_id
from ..domain.rules_version import RULES_VERSION
from ..domain.summary import CaseSummary
from .atomic import UnreadableFile, read_json, write_atomic
from .errors import CaseNotFound, StoreError

HEAD_ROWS = 60  # more than a tall terminal shows
HEAD_LIMIT = 1024 * 1024
INDEX_SCHEMA = 3  # 3: rows of [summary fields..., inode, mtime_ns, size]
# The index also records the deadline rules version its deadlines were computed with:
# when the engine changes, every row is rebuilt, so no case keeps an old rule's dates.


# CaseSummary's fields in order; an index written with other fields is rebuilt.
_FIELDS = CaseSummary._fields
_FIELDS_LIST = list(_FIELDS)
assert _FIELDS[0] == "id" and _FIELDS[6:] == ("follow_ups", "deadlines", "demo")  # as _usable_row reads them


def _usable_row(row: object) -> bool:
    """An index row of the right shape and types (anything else makes the index be rebuilt)."""
    if not isinstance(row, list) or len(row) != len(_FIELDS) + 3:
        return False
    # Checked at every start for every case: plain type checks, cheapest first.
    case_id, patient, insurer, plan_type, stage, updated, follow_ups, deadlines, demo, ino, mtime, size = row
    if not (type(case_id) is str and type(patient) is str and type(insurer) is str and type(plan_type) is str
            and type(stage) is str and type(updated) is str and type(demo) is bool and type(ino) is int
            and type(mtime) is int and type(size) is int and type(follow_ups) is list and type(deadlines) is list):
        return False
    for items in (follow_ups, deadlines):
        for item in items:
            if type(item) is not list or not all(type(x) is str for x in item):
                return False
    return case_id.isascii() and case_id.isalnum() and len(case_id) <= 64


def _stamp(info: os.stat_result) -> list[int]:
    # Every write renames a new file into place, so the inode alone changes per write;
    # mtime and size guard against inode reuse.
    return [info.st_ino, info.st_mtime_ns, info.st_size]


class CaseIndex:
    """The listing half of CaseStore (which provides paths, locks and ``load``)."""

    def cached_summaries(self) -> list[CaseSummary] | None:
        """The summaries as the index last saw them, without checking any case file.

        For painting the list at once; ``summaries()`` then checks the files.
        None when there is no usable index (first start, or after an upgrade).
        """
        index = self._read_index()
        if index is None:
            return None
        width = len(_FIELDS)
        self._cached_stamps = {case_id: row[width:] for case_id, row in index.items()}
        return [CaseSummary(*row[:width]) for row in index.values()]

    def changed_since_cache(self) -> bool:
        """Whether any case file was added, removed or rewritten since ``cached_summaries()``.

        Only stats the files: when nothing changed (the usual case) the list painted
        from the index stands and nothing more is read.
        """
        return self._scan_stamps() != getattr(self, "_cached_stamps", None)

    def _scan_stamps(self, problems: list[UnreadableFile] | None = None) -> dict[str, list[int]]:
        """Case id -> stamp of every regular case file; anything else named like one goes to ``problems``.

        A file that vanishes mid-scan (deleted by someone else) is simply not listed.
        """
        stamps: dict[str, list[int]] = {}
        try:
            entries = os.scandir(self.cases_dir)
        except OSError as exc:
            if problems is not None:
                problems.append(UnreadableFile(self.cases_dir, exc.strerror or str(exc)))
            return stamps
        with entries:
            for entry in entries:
                name = entry.name
                if not (name.endswith(".json") and is_case_id(name[:-5])):
                    continue
                try:
                    info = entry.stat()  # follows a symlink, as reading would
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    if problems is not None:
                        problems.append(UnreadableFile(Path(entry.path), exc.strerror or str(exc)))
                    continue
                if not stat.S_ISREG(info.st_mode):
                    if problems is not None:
                        problems.append(UnreadableFile(Path(entry.path), "not a regular file"))
                    continue
                stamps[name[:-5]] = _stamp(info)
        return stamps

    def summaries(self) -> list[CaseSummary]:
        """Every readable case's summary; unreadable files are listed in ``self.problems``."""
        problems: list[UnreadableFile] = []
        stamps = self._scan_stamps(problems)
        index = self._read_index() or {}
        width = len(_FIELDS)
        fresh: dict[str, list] = {}
        for case_id, stamp in stamps.items():
            row = index.get(case_id)
            if row is not None and row[width:] == stamp:
                fresh[case_id] = row
                continue
            if (summary := self._summarise(case_id, problems)) is not None:
                fresh[case_id] = [getattr(summary, name) for name in _FIELDS] + stamp
        self.problems, self.warnings = problems, []
        if fresh.keys() != index.keys() or any(fresh[k] is not index.get(k) for k in fresh):
            try:
                self._write_index(fresh)
            except (OSError, StoreError) as exc:  # read-only, full or another user's folder: listing still works
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.warnings.append(f"the case index {self.index_path} could not be updated ({reason}); "
                                     "the list was read from the case files instead")
        return [CaseSummary(*row[:width]) for row in fresh.values()]

    def _summarise(self, case_id: str, problems: list[UnreadableFile]) -> CaseSummary | None:
        """One case's summary; None (with the reason in ``problems``) if its file cannot give one."""
        path = self.case_path(case_id)
        try:
            return self.load(case_id).summary()
        except CaseNotFound:
            return None
        except UnreadableFile as exc:
            if path.exists():  # else it was deleted while we read: simply not listed
                problems.append(exc)
        except Exception as exc:  # noqa: BLE001  (one odd file must never stop the list)
            if path.exists():
                problems.append(UnreadableFile(path, f"cannot be summarised ({type(exc).__name__})"))
        return None

    def _read_index(self) -> dict[str, list] | None:
        """id -> [summary fields..., inode, mtime_ns, size]; None if missing, damaged or outdated.

        Rows are plain lists (a third of the parse time of objects): this runs at
        every start, and start-up must not grow with the number of cases.
        """
        try:
            data = read_json(self.index_path)
        except UnreadableFile:
            return None
        if not isinstance(data, dict) or data.get("schema") != INDEX_SCHEMA or data.get("fields") != _FIELDS_LIST:
            return None
        if data.get("rules") != RULES_VERSION:  # the deadline engine changed: every row's deadlines are stale
            return None
        rows = data.get("rows")
        if not isinstance(rows, list) or not all(_usable_row(row) for row in rows):
            return None  # rebuilt from the case files
        return {row[0]: row for row in rows}

    def _write_index(self, rows: dict[str, list]) -> None:
        """Replace the index in one atomic write (it is derived data: safe to rewrite)."""
        data = {"schema": INDEX_SCHEMA, "rules": RULES_VERSION, "fields": _FIELDS_LIST, "rows": list(rows.values())}
        lock = self._locked("index")
        try:
            write_atomic(self.index_path, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                         mode=self.modes.file)
            self._write_head(data["rows"])
        finally:
            lock.release()

    # --- the head: the first screenful, so the list paints before the whole index is read ---

    @property
    def head_path(self) -> Path:
        return self.index_path.with_name("index-head.json")

    def _write_head(self, rows: list[list]) -> None:
        """The newest rows (the list's first order) and the count, tied to the index just written."""
        width = len(_FIELDS)
        newest = sorted(rows, key=lambda row: row[5].casefold(), reverse=True)[:HEAD_ROWS]
        head = {"schema": INDEX_SCHEMA, "rules": RULES_VERSION, "fields": _FIELDS_LIST, "count": len(rows),
                "index": _stamp(os.stat(self.index_path)), "rows": [row[:width] for row in newest]}
        try:
            write_atomic(self.head_path, json.dumps(head, ensure_ascii=False).encode("utf-8"), mode=self.modes.file)
        except OSError:
            pass  # derived data: without it the list paints from the whole index

    def cached_head(self) -> tuple[int, list[CaseSummary]] | None:
        """(number of cases, the newest summaries) from the head, if it belongs to the index as it is now.

        The rows are those the list shows first (newest first); the whole index is
        read just after the first paint (``cached_summaries``).
        """
        try:
            head = read_json(self.head_path, limit=HEAD_LIMIT)
            index_stamp = _stamp(os.stat(self.index_path))
        except (UnreadableFile, OSError):
            return None
        if not isinstance(head, dict) or head.get("schema") != INDEX_SCHEMA or head.get("fields") != _FIELDS_LIST:
            return None
        rows, count = head.get("rows"), head.get("count")
        if head.get("rules") != RULES_VERSION or head.get("index") != index_stamp or type(count) is not int:
            return None
        if not isinstance(rows, list) or len(rows) > min(count, HEAD_ROWS):
            return None
        if not all(isinstance(row, list) and _usable_row(row + [0, 0, 0]) for row in rows):
            return None
        return count, [CaseSummary(*row) for row in rows]
