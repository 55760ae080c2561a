"""Where the data lives, and keeping it private (health information: 0700 / 0600)."""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


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


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; a folder we create is 0700."""
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path
