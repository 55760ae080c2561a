"""A demo folder says so in a file of its own, so the date may be fixed there (and nowhere else)."""

from __future__ import annotations

from pathlib import Path

from .atomic import write_atomic
from .paths import ensure_private_dir, modes_for

DEMO_MARKER = "demo-folder.txt"
DEMO_MARKER_TEXT = ("This data folder holds ketcover demo data: made-up patients, never real ones.\n"
                    "Here (and only in folders like it) KETCOVER_TODAY may set the date the app uses.\n")


def is_demo_folder(root: Path) -> bool:
    """A folder made for demo data (``ketcover --demo``, ``ketcover demo``, screenshots)."""
    return (Path(root) / DEMO_MARKER).is_file()


def mark_demo_folder(root: Path) -> None:
    """Say in the folder itself that it holds demo data only."""
    root = ensure_private_dir(Path(root))
    if not is_demo_folder(root):
        write_atomic(root / DEMO_MARKER, DEMO_MARKER_TEXT.encode("utf-8"), mode=modes_for(root).file)
