"""Where the data lives, and who may read it (health information).

A personal data folder is private: folders 0700, files 0600. A team folder is
one an administrator made group-shared with the setgid bit (``chmod 2770``, see
the README's deployment guide): then folders are 2770 and files 0660, so every
member of that group can work on the cases and nobody else can read them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True)
class Modes:
    dir: int
    file: int


PRIVATE = Modes(dir=DIR_MODE, file=FILE_MODE)
TEAM = Modes(dir=0o2770, file=0o660)


def modes_for(root: Path) -> Modes:
    """TEAM for a setgid, group-accessible folder; PRIVATE otherwise."""
    mode = root.stat().st_mode
    return TEAM if mode & stat.S_ISGID and mode & 0o070 else PRIVATE


def resolve_data_dir(explicit: str | os.PathLike | None = None, *, demo: bool = False) -> Path:
    """--data-dir, else $KETCOVER_HOME, else the platform's user data folder.

    Demo data goes into a ``demo`` folder inside the default location so it never
    mixes with real cases.
    """
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get("KETCOVER_HOME"):
        base = Path(env).expanduser()
    else:
        from platformdirs import user_data_path

        base = user_data_path("ketcover", appauthor=False)
    return base / "demo" if demo and not explicit else base


def ensure_private_dir(path: Path, mode: int = DIR_MODE) -> Path:
    """Create ``path`` (and parents) if needed; every folder we create gets ``mode`` (0700), parents too.

    (``mkdir(parents=True)`` would make the parents 0755: ``documents/`` once was.)
    """
    if path.is_dir():
        return path
    missing, folder = [], Path(path)
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=mode & 0o777)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs, left as it is
        os.chmod(folder, mode)  # mkdir's mode is filtered by the umask
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    return path
