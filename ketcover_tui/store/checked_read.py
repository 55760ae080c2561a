"""Opening a file the user named: a regular file only, with a size limit per kind, checked before reading.

``cases import /dev/zero`` or a FIFO must fail at once with a message, not read
without end or block. Every read of user input goes through ``open_checked``
(a stream that also stops at the limit if the file grows while it is read) or
``read_checked`` (the whole, small file). The inbox and the store's own reads
use it too, so the checks live in one place.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

MB = 1024 * 1024
CASE_DOCUMENT_LIMIT = 20 * MB  # one case document (its attached documents travel beside it, counted separately)
LETTER_TEXT_LIMIT = 1 * MB  # the text of one letter
ATTACHMENT_LIMIT = 50 * MB  # one attachment or document
IMPORT_STREAM_LIMIT = 200 * MB  # an EOB / X12 835 / NDJSON import, read as a stream


class UnreadableFile(Exception):
    """A file that exists but cannot or may not be read. It is never overwritten."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"cannot read {path}: {reason}")


def _too_big(limit: int) -> str:
    return f"larger than {limit // MB} MB" if limit >= MB else f"larger than {limit:,} bytes"


class _Bounded:
    """A read-only binary stream that raises UnreadableFile once more than ``limit`` bytes were read."""

    def __init__(self, handle: BinaryIO, path: Path, limit: int):
        self._handle, self._path, self._limit, self._read = handle, path, limit, 0

    def read(self, size: int = -1) -> bytes:
        room = self._limit + 1 - self._read  # one byte past the limit tells "too big" from "exactly the limit"
        data = self._handle.read(max(1, room if size is None or size < 0 else min(size, room)))
        self._read += len(data)
        if self._read > self._limit:
            raise UnreadableFile(self._path, _too_big(self._limit))
        return data

    def readline(self, size: int = -1) -> bytes:
        line = self._handle.readline(self._limit + 1 - self._read if size is None or size < 0 else size)
        self._read += len(line)
        if self._read > self._limit:
            raise UnreadableFile(self._path, _too_big(self._limit))
        return line

    def __iter__(self):
        while line := self.readline():
            yield line

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._handle.close()

    @property
    def closed(self) -> bool:
        return self._handle.closed

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_checked(path: Path | str, limit: int, *, follow_symlinks: bool = True) -> _Bounded:
    """A stream of ``path``'s bytes: a regular file of at most ``limit`` bytes, else UnreadableFile.

    FileNotFoundError passes through (callers word it). Opened non-blocking, so a
    FIFO never hangs; checked with fstat on the open file, so nothing is swapped in between.
    """
    path = Path(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise UnreadableFile(path, exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, "not a regular file (a folder, FIFO or device)")
        if info.st_size > limit:
            raise UnreadableFile(path, _too_big(limit))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return _Bounded(os.fdopen(fd, "rb"), path, limit)


def read_checked(path: Path | str, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """All of ``path``'s bytes (see ``open_checked``); OSError while reading becomes UnreadableFile."""
    with open_checked(path, limit, follow_symlinks=follow_symlinks) as stream:
        try:
            chunks = []
            while chunk := stream.read(MB):
                chunks.append(chunk)
            return b"".join(chunks)
        except OSError as exc:
            raise UnreadableFile(path, exc.strerror or str(exc)) from None
