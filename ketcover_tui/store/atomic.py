"""Crash-safe file writes (temp file, fsync, rename) and reading files with a size limit.

Readers see the old file or the new one, never a mix. The TinyDB storage of case
files is built on these in ``case_file``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


from .checked_read import UnreadableFile, read_checked
from .paths import FILE_MODE

__all__ = ["UnreadableFile", "read_limited", "read_json", "write_atomic"]



def write_atomic(path: Path, data: bytes, *, mode: int = FILE_MODE, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` via temp file + fsync + rename.

    With ``overwrite=False`` an existing file is left alone and FileExistsError raised
    (the final step is a hard link, which fails atomically if the name is taken).
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp_name, path)
        else:
            os.link(tmp_name, path)
            os.unlink(tmp_name)
        _fsync_dir(path.parent)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


def json_bytes(data: object) -> bytes:
    """Compact UTF-8 JSON, as ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` writes it.

    orjson writes it several times faster (a big case's save spent a third of its time here);
    what orjson refuses (an integer beyond 64 bits, a key that is not a string) goes to json.
    """
    import orjson

    try:
        return orjson.dumps(data)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders can't be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


MAX_DATA_FILE = 64 * 1024 * 1024  # a case with 5,000 records is a few MB


def read_limited(path: Path, limit: int = MAX_DATA_FILE) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes; None if it does not exist.

    Anything else (a folder, a FIFO, a device such as /dev/zero behind a symlink,
    a symlink loop, a file too big) is an UnreadableFile: it never blocks or reads
    without end (``checked_read``).
    """
    try:
        return read_checked(path, limit)
    except FileNotFoundError:
        return None


def read_json(path: Path, limit: int = MAX_DATA_FILE) -> Any:
    """Parse a JSON file; None if it does not exist; UnreadableFile if it is damaged."""
    raw = read_limited(path, limit)
    if raw is None:
        return None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise UnreadableFile(path, f"not valid JSON ({str(exc)[:200]})") from None
    except RecursionError:
        raise UnreadableFile(path, "nested too deeply") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")
