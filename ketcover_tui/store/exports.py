"""Writing an export safely: rendered in memory, then a new private file, never over an old one.

A file is written through a temp file and linked into place: an export never
leaves a half-written file behind, never replaces an existing file, and is
readable by its owner only (0600: health data).
"""

from __future__ import annotations

from pathlib import Path

from .atomic import write_atomic

EXPORT_MODE = 0o600


class ExportError(Exception):
    """A problem the user can fix (the message says what); nothing was written."""


def default_export_folder() -> Path:
    """Where the app suggests saving: ~/Documents if there is one, else the home folder."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def unused_path(folder: Path, name: str) -> Path:
    """``folder/name``, or name-2, name-3… if taken (for suggested names only)."""
    path = folder / name
    stem, dot, ext = name.rpartition(".")
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{dot}{ext}"
        n += 1
    return path


def write_export(path: Path, data: bytes) -> Path:
    """Create ``path`` with ``data``; raise ExportError if it exists or the folder is wrong."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise ExportError(f"folder {path.parent} does not exist; create it or choose another")
    if path.exists():
        raise ExportError(f"{path} already exists; choose another name (nothing was overwritten)")
    try:
        write_atomic(path, data, mode=EXPORT_MODE, overwrite=False)
    except FileExistsError:
        raise ExportError(f"{path} already exists; choose another name (nothing was overwritten)") from None
    except PermissionError:
        raise ExportError(f"no permission to write in {path.parent}; choose another folder") from None
    except OSError as exc:
        raise ExportError(f"could not write {path}: {exc.strerror or exc}; nothing was written") from None
    return path
