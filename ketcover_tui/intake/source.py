"""Reading a file someone hands us: a regular file, at most 200 MB, read as a stream; and what it really is.

The command line reads paths as given (its user has a shell), but still only
regular files (never a FIFO, a device or a folder) and never more than the limit.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

MAX_IMPORT_BYTES = 200 * 1024 * 1024


class IntakeError(ValueError):
    """A file that is not what it claims, or cannot be read: one line saying what to fix."""


def open_checked(path: Path, limit: int = MAX_IMPORT_BYTES) -> BinaryIO:
    """A binary stream of a regular file of at most ``limit`` bytes (IntakeError otherwise); the caller closes it."""
    path = Path(path).expanduser()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise IntakeError(f"{path} does not exist") from None
    except OSError as exc:
        raise IntakeError(f"cannot read {path}: {exc.strerror or exc}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise IntakeError(f"{path} is not a regular file")
    if info.st_size > limit:
        os.close(fd)
        raise IntakeError(f"{path} is larger than {limit // (1024 * 1024)} MB; split it into smaller files")
    return io.BufferedReader(_Limited(os.fdopen(fd, "rb", buffering=0), limit, path), 1 << 16)


class _Limited(io.RawIOBase):
    """Refuses to read past the limit even if the file grows while it is read."""

    def __init__(self, raw, limit: int, path: Path):
        self.raw, self.left, self.path = raw, limit, path

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        self.left -= n or 0
        if self.left < 0:
            raise IntakeError(f"{self.path} grew past the size limit while it was read")
        return n

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.raw.close()
        super().close()


def sniff(head: bytes) -> str:
    """What the first bytes say the file is: "zip", "pdf", "x12", "json", "ndjson" or "unknown"."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"%PDF-"):
        return "pdf"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"ISA"):
        return "x12"
    if text.startswith(b"{"):
        first_line = text.split(b"\n", 1)[0].strip()
        if b"\n" in text and first_line.endswith(b"}") and _is_json_object(first_line):
            return "ndjson"
        return "json"
    return "unknown"


def _is_json_object(line: bytes) -> bool:
    import json

    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
