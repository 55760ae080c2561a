"""A small file cache for funding sources (e.g. clinical-trial searches), inside the data folder.

One JSON file per key under ``cache/funding/<source id>/``, written atomically
with the data folder's file mode. It is derived data: a damaged file is treated
as a miss and replaced on the next successful fetch.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .atomic import UnreadableFile, read_json, write_atomic
from ..domain import clock
from .paths import DIR_MODE, FILE_MODE, ensure_private_dir


class FileCache:
    """Implements ``ketcover_tui.domain.funding.ResultCache``.

    ``root`` is the data folder; ``parts`` are the sub-folders below it. Each
    missing level is created with ``dir_mode`` when the cache is first written.
    """

    def __init__(self, root: Path, *parts: str, file_mode: int = FILE_MODE, dir_mode: int = DIR_MODE):
        self.root = Path(root)
        self.parts = parts
        self.folder = self.root.joinpath(*parts)
        self.file_mode, self.dir_mode = file_mode, dir_mode

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"{digest}.json"

    def get(self, key: str) -> tuple[str, Any] | None:
        try:
            entry = read_json(self._path(key))
        except UnreadableFile:
            return None
        if not isinstance(entry, dict) or entry.get("key") != key or "data" not in entry:
            return None
        return str(entry.get("fetched_at") or ""), entry["data"]

    def put(self, key: str, data: Any) -> str:
        fetched_at = clock.now_iso()
        folder = ensure_private_dir(self.root, self.dir_mode)
        for part in self.parts:  # one level at a time, so every level gets dir_mode
            folder = ensure_private_dir(folder / part, self.dir_mode)
        payload = json.dumps({"key": key, "fetched_at": fetched_at, "data": data}, ensure_ascii=False)
        write_atomic(self._path(key), payload.encode("utf-8"), mode=self.file_mode)
        return fetched_at


def cache_for(store, source_id: str) -> FileCache:
    """The cache of one funding source in a CaseStore's data folder (created on first write)."""
    modes = getattr(store, "modes", None)
    return FileCache(store.root, "cache", "funding", source_id,
                     file_mode=modes.file if modes else FILE_MODE, dir_mode=modes.dir if modes else DIR_MODE)
