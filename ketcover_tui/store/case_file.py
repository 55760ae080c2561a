"""The TinyDB storage of case files, on the crash-safe writes of ``atomic``.

TinyDB's own JSONStorage truncates and rewrites the file in place, so a crash
mid-write leaves half a file. Here every write goes to a temp file in the same
folder, is fsynced, then renamed over the old one: readers see the old file or
the new one, never a mix. Imported only when a case file is opened (TinyDB is
not needed to paint the case list).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from tinydb import TinyDB  # noqa: F401  (re-exported for the store)
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage
from tinydb.table import Document  # noqa: F401

from .atomic import UnreadableFile, json_bytes, read_json, write_atomic
from .paths import FILE_MODE


class AtomicJSONStorage(Storage):
    """TinyDB storage: whole-file JSON, read fresh each time, written atomically.

    ``upgrade`` turns whatever is on disk into the current schema (migrations),
    so TinyDB only ever sees current data.
    """

    def __init__(self, path: str | Path, upgrade: Callable[[dict, Path], dict] | None = None,
                 file_mode: int = FILE_MODE):
        self.path = Path(path)
        self.upgrade = upgrade
        self.file_mode = file_mode

    def read(self) -> dict | None:
        data = read_json(self.path)
        if data is None:
            return None
        if not isinstance(data, dict):
            raise UnreadableFile(self.path, "not a ketcover data file (expected a JSON object)")
        return self.upgrade(data, self.path) if self.upgrade else data

    def write(self, data: dict) -> None:
        write_atomic(self.path, json_bytes(data), mode=self.file_mode)

    def close(self) -> None:
        pass


class OneWriteMiddleware(CachingMiddleware):
    """Read the file once, apply every change in memory, write once on close."""

    WRITE_CACHE_SIZE = 1_000_000
