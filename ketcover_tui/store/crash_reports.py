"""Crash reports: the traceback goes to a private file in the data folder, never to the terminal.

Textual's and Python's default crash output prints the exception's message and
(Textual) every local variable: a patient's name, date of birth, member id and
calls would land in the terminal's scrollback, a tmux log or an SSH session
recording. Here the report (the frames, without local values) is written to
``<data dir>/crash-reports/`` as a 0600 file (the folder 0700, or the data
folder's team mode), and the terminal gets one line naming that file.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

from ..domain import clock
from .paths import FILE_MODE, ensure_private_dir, modes_for

FOLDER = "crash-reports"


def root_error(error: BaseException) -> BaseException:
    """The exception a wrapper (Textual's WorkerFailed) carries, else ``error`` itself."""
    inner = getattr(error, "error", None)
    return inner if isinstance(inner, BaseException) else error


def crash_report_text(error: BaseException) -> str:
    """The traceback of ``error`` (its chain too), without local values; the message stays in the file only."""
    from .. import __version__

    error = root_error(error)
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    return f"ketcover {__version__} crash report\n\n" + "".join(lines)


def write_crash_report(data_root: Path | None, error: BaseException) -> Path | None:
    """Write the report of ``error``; its path, or None if no private place could be written."""
    text = crash_report_text(error)
    stamp = clock.utc_now().strftime("%Y%m%dT%H%M%SZ")
    for root in ([Path(data_root)] if data_root else []) + [Path.home() / ".ketcover-crash"]:
        try:
            mode = modes_for(root).dir if root.is_dir() else 0o700
            folder = ensure_private_dir(root / FOLDER, mode)
            for n in range(100):
                path = folder / (f"crash-{stamp}-{os.getpid()}" + (f"-{n}" if n else "") + ".txt")
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                                 FILE_MODE)
                except FileExistsError:
                    continue
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    os.fchmod(handle.fileno(), FILE_MODE)
                    handle.write(text)
                return path
        except OSError:
            continue
    return None


def crash_line(path: Path | None, error: BaseException) -> str:
    """The one line the terminal shows: what kind of error and where the report is (never its message)."""
    where = f"report: {path}" if path else "no report could be written (the data folder is not writable)"
    return f"ketcover stopped on an unexpected error ({type(root_error(error)).__name__}); {where}"
