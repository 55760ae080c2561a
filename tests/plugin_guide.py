"""The example plugin of docs/plugins.md, taken out of the guide: every code block whose first line is
``# file: PATH`` is the whole of that file. Tests build the distribution from it, so the guide cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
_BLOCK = re.compile(r"^```(?:python|toml)\n# file: (\S+)\n(.*?)^```$", re.S | re.M)
MODULE, NAME, DIST = "ketcover_hardship", "hardship", "ketcover-hardship"


def guide_files() -> dict[str, str]:
    """Path -> text of every file the guide shows (the ``# file:`` line kept: it is a comment)."""
    return {path: f"# file: {path}\n{body}" for path, body in _BLOCK.findall(GUIDE.read_text(encoding="utf-8"))}


def write_guide_plugin(folder: Path) -> Path:
    """The guide's distribution, written into ``folder/ketcover-hardship``; returns that folder."""
    root = folder / DIST
    for path, text in guide_files().items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root
