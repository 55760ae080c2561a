"""Plugin run failures, remembered in the data folder (``plugins/failures.json``).

A failure of a plugin's code while the app or a command ran it (a funding
source that raised, a letter template that hung) is written here, so that
``ketcover plugins`` and the Plugins screen show it later, in another process.
Each entry: plugin, distribution, version, when, what, error (first line). Only
the newest ``KEEP`` are kept. The file has the data folder's mode (it sits next
to the cases); one that cannot be read counts as empty and is never overwritten.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .atomic import UnreadableFile, read_json, write_atomic
from .paths import ensure_private_dir, modes_for

KEEP = 50
MAX_BYTES = 256 * 1024
FIELDS = ("plugin", "distribution", "version", "when", "what", "error")


class PluginFailureLog:
    """``read() -> list[dict]``, ``add(entry)``, ``forget()``: what ``PluginHost(run_log=...)`` expects."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.folder = self.root / "plugins"
        self.path = self.folder / "failures.json"

    def read(self) -> list[dict]:
        return self._load()[0]

    def _load(self) -> tuple[list[dict], bool]:
        """(entries, whether the file is absent or readable): a damaged file is left alone."""
        try:
            info = os.lstat(self.path)
        except FileNotFoundError:
            return [], True
        except OSError:
            return [], False
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return [], False
        try:
            data = read_json(self.path)
        except UnreadableFile:
            return [], False
        entries = data.get("failures") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            return [], False
        return [{k: str(e.get(k, "")) for k in FIELDS} for e in entries if isinstance(e, dict)], True

    def add(self, entry: dict) -> None:
        with self._lock():
            entries, readable = self._load()
            if readable:  # never overwrite a file we could not read
                self._write((entries + [{k: str(entry.get(k, ""))[:300] for k in FIELDS}])[-KEEP:])

    def forget(self) -> int:
        """Remove every remembered failure; how many there were."""
        with self._lock():
            entries, readable = self._load()
            if entries and readable:
                self._write([])
            return len(entries)

    def _write(self, entries: list[dict]) -> None:
        modes = modes_for(ensure_private_dir(self.root))
        ensure_private_dir(self.folder, modes.dir)
        payload = json.dumps({"failures": entries}, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(self.path, payload, mode=modes.file)

    def _lock(self):
        from filelock import FileLock  # only writers need it

        modes = modes_for(ensure_private_dir(self.root))
        locks = ensure_private_dir(self.root / ".locks", modes.dir)
        return FileLock(str(locks / "plugin-failures.lock"), timeout=5, mode=modes.file)
