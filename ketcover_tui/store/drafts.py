"""Drafts: what someone is typing in a long form (a call in progress), saved as they type.

If the terminal dies, the SSH link drops or someone presses ctrl+q mid-call, the
draft is offered back the next time that person opens the same form. Drafts are
per OS user (a colleague never gets yours) and private to that user (0600).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .atomic import UnreadableFile, read_json, write_atomic
from .paths import DIR_MODE, FILE_MODE, ensure_private_dir

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


class Drafts:
    def __init__(self, root: Path, user: str, dir_mode: int = DIR_MODE):
        self.folder = Path(root) / "drafts"
        self.user = _SAFE.sub("_", user or "user")
        self.dir_mode = dir_mode

    def _path(self, name: str) -> Path:
        return self.folder / f"{self.user}--{_SAFE.sub('_', name)}.json"

    def save(self, name: str, data: dict) -> None:
        ensure_private_dir(self.folder, self.dir_mode)
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        write_atomic(self._path(name), payload, mode=FILE_MODE)

    def load(self, name: str) -> dict | None:
        """The saved draft, or None (also for a damaged draft file, which is then removed)."""
        path = self._path(name)
        try:
            data = read_json(path)
        except UnreadableFile:
            self.discard(name)
            return None
        return data if isinstance(data, dict) and usable_draft(data) else None

    def discard(self, name: str) -> None:
        """Remove the draft; one that cannot be removed (a read-only folder) is left, never an error."""
        try:
            self._path(name).unlink()
        except OSError:
            pass


def usable_draft(data: dict) -> bool:
    """A draft goes back into a form only if its typed values meet the input rules (text, no control codes)."""
    from ..domain.input_rules import NOTE_LIMIT, text_error

    values = data.get("values")
    return isinstance(values, dict) and all(
        isinstance(k, str) and isinstance(v, str) and text_error(v, multiline=True, limit=NOTE_LIMIT) is None
        for k, v in values.items())
