"""The inbox folder: the one place the app reads outside files from (documents to attach or import).

A user behind an SSH ForceCommand must not be able to pull other files of the
host into a case, so the app never opens a path the user types: it lists the
regular files in ``<data dir>/inbox/`` (or ``$KETCOVER_INBOX_DIR``) and reads
the one chosen, by name, without following symlinks, up to a size limit. The
command line, whose user already has a shell, reads paths as given.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .checked_read import UnreadableFile, read_checked
from .paths import ensure_private_dir, modes_for

ENV_INBOX = "KETCOVER_INBOX_DIR"


@dataclass(frozen=True)
class InboxFile:
    name: str
    size: int
    modified_ns: int


def inbox_dir(data_root: Path, env: dict | None = None) -> Path:
    """The inbox folder (created with the data folder's modes: 0700, or 2770 in a team folder)."""
    env = os.environ if env is None else env
    data_root = Path(data_root)
    folder = Path(env[ENV_INBOX]).expanduser() if env.get(ENV_INBOX) else data_root / "inbox"
    return ensure_private_dir(folder, modes_for(data_root).dir)


def _safe_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and "\0" not in name \
        and not name.startswith(".") and name.isprintable()


def inbox_files(folder: Path) -> list[InboxFile]:
    """The regular files in the inbox (no symlinks, no hidden files, no folders), newest first."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not _safe_name(entry.name) or entry.is_symlink():
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue  # gone meanwhile
                if stat.S_ISREG(info.st_mode):
                    found.append(InboxFile(entry.name, info.st_size, info.st_mtime_ns))
    except FileNotFoundError:
        return []
    return sorted(found, key=lambda f: (-f.modified_ns, f.name))


def read_inbox_file(folder: Path, name: str, limit: int) -> bytes:
    """The bytes of inbox file ``name``: a regular file directly in the inbox, at most ``limit`` bytes.

    UnreadableFile (with what to do) for anything else: a path, a symlink, a FIFO or device, a file too big.
    """
    path = Path(folder) / name
    if not _safe_name(name):
        raise UnreadableFile(path, "is not a file name in the inbox folder")
    try:
        return read_checked(path, limit, follow_symlinks=False)
    except FileNotFoundError:
        raise UnreadableFile(path, "is not in the inbox folder (any more)") from None
