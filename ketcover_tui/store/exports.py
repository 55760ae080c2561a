"""Writing an export safely: a new private file, never over an old one, and only where we chose.

A file is written through a temp file and linked into place: an export never
leaves a half-written file behind, never replaces an existing file, and is
readable by its owner only (0600, or 0660 in a team folder: health data).

The app writes only into the **exports folder** (``<data dir>/exports/`` or
``$KETCOVER_EXPORT_DIR``): the user picks a file name, never a path, so a login
whose only program is the app (an SSH ForceCommand) cannot write ``~/.bashrc``,
``~/.ssh/authorized_keys`` or a ``.pth`` file. The command line, whose user
already has a shell, writes where ``-o`` says, but refuses those same targets
unless asked with ``--force-hidden`` (``hidden_target_problem``).
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from ..domain.input_rules import escaped
from .atomic import _fsync_dir, write_atomic
from .paths import FILE_MODE, ensure_private_dir, modes_for

EXPORT_MODE = FILE_MODE
ENV_EXPORT_DIR = "KETCOVER_EXPORT_DIR"
NAME_BYTES = 255  # what a Linux file system allows in one name


class ExportError(Exception):
    """A problem the user can fix (the message says what); nothing was written."""


def export_dir(data_root: Path, env: dict | None = None) -> Path:
    """The exports folder (created with the data folder's modes: 0700, or 2770 in a team folder)."""
    env = os.environ if env is None else env
    data_root = Path(data_root)
    folder = Path(env[ENV_EXPORT_DIR]).expanduser() if env.get(ENV_EXPORT_DIR) else data_root / "exports"
    ensure_private_dir(data_root)
    return ensure_private_dir(folder, modes_for(data_root).dir)


def name_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a file name in the exports folder (what to fix), or None."""
    if not name:
        return "Type a file name to save to."
    if "/" in name or "\\" in name:
        return "Type a name without '/': every export goes into the exports folder."
    if name in (".", "..") or name.startswith("."):
        return "A name may not start with '.' (a hidden file); start with a letter."
    if not name.isprintable() or escaped(name) != name:
        return f"The name holds a control character ({escaped(name)}); type it without."
    if name.lower().endswith(".pth"):
        return "A .pth name is refused (Python runs .pth files); use another ending."
    if len(name.encode("utf-8")) > NAME_BYTES:
        return f"The name is too long (at most {NAME_BYTES} bytes); shorten it."
    return None


def hidden_target_problem(path: Path) -> str | None:
    """Why the command line refuses ``path`` without --force-hidden: a dot-file, inside .ssh, a .pth file."""
    path = Path(path).expanduser()
    resolved = Path(os.path.realpath(path.parent)) / path.name
    if path.name.startswith("."):
        return f"{escaped(str(path))}: a file name starting with '.' (a hidden file)"
    if any(part == ".ssh" for part in (*path.parts, *resolved.parts)):
        return f"{escaped(str(path))}: a file inside a .ssh folder"
    if path.name.lower().endswith(".pth"):
        return f"{escaped(str(path))}: a .pth file (Python runs it at start-up)"
    return None


def unused_path(folder: Path, name: str) -> Path:
    """``folder/name``, or name-2, name-3… if taken (for suggested names only)."""
    path = folder / name
    stem, dot, ext = name.rpartition(".")
    n = 2
    while os.path.lexists(path):
        path = folder / f"{stem}-{n}{dot}{ext}"
        n += 1
    return path


def write_export(path: Path, data: bytes, *, mode: int = EXPORT_MODE) -> Path:
    """The command line's ``-o PATH``: create ``path`` with ``data``; ExportError if it exists or the folder is
    wrong; OSError (a full disk, no permission) as raised."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise ExportError(f"folder {path.parent} does not exist; create it or choose another")
    if os.path.lexists(path):
        raise ExportError(f"{path} already exists; choose another name (nothing was overwritten)")
    try:
        write_atomic(path, data, mode=mode, overwrite=False)
    except FileExistsError:
        raise ExportError(f"{path} already exists; choose another name (nothing was overwritten)") from None
    return path  # any other OSError (a full disk, a read-only folder) goes up as it is: the CLI words it


def write_in_folder(folder: Path, name: str, data: bytes, *, mode: int = EXPORT_MODE, replace: bool = False) -> Path:
    """Create ``folder/name`` (a checked name, no path) with ``data``; never follows a link, never overwrites.

    The folder is opened once without following a symlink and the file is made
    inside that open folder, so neither the folder nor the name can be swapped
    for a link to somewhere else while writing. ``replace=True`` (``screenshots
    --force``) replaces an existing regular file, never a link.
    """
    if problem := name_problem(name):
        raise ExportError(problem)
    flags = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        dir_fd = os.open(folder, flags)
    except OSError as exc:
        raise ExportError(f"the exports folder {folder} cannot be used ({exc.strerror or exc}; a link is "
                          "refused); nothing was written") from None
    temp = f".{secrets.token_hex(8)}.tmp"
    try:
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), mode & 0o777,
                         dir_fd=dir_fd)
            try:
                os.fchmod(fd, mode)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            if replace and not _is_link(name, dir_fd):
                os.replace(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
            else:
                os.link(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
        except FileExistsError:
            raise ExportError(f"{folder / name} already exists; choose another name (nothing was overwritten)") \
                from None
        except OSError as exc:
            raise ExportError(f"could not write {folder / name}: {exc.strerror or exc}; nothing was written") \
                from None
        finally:
            try:
                os.unlink(temp, dir_fd=dir_fd)
            except FileNotFoundError:
                pass
        _fsync_dir(folder)
    finally:
        os.close(dir_fd)
    return folder / name


def _is_link(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False


def exported_files(folder: Path) -> list[os.DirEntry]:
    """The regular files in the exports folder (no links, no temp files), oldest first."""
    try:
        with os.scandir(folder) as entries:
            found = [e for e in entries if not e.name.startswith(".") and not e.is_symlink()
                     and stat.S_ISREG(e.stat(follow_symlinks=False).st_mode)]
    except FileNotFoundError:
        return []
    return sorted(found, key=lambda e: (e.stat(follow_symlinks=False).st_mtime_ns, e.name))


def record_export(store, case_id: str, what: str, file: str, *, format: str = "", size: int = 0,
                  via: str = "app"):
    """Record on the case that ``what`` was written to ``file`` (who: the OS account; when: now); the case."""
    from ..domain import clock
    from ..domain.export_log import new_export
    from .case_store import current_user_name

    record = new_export(what, escaped(str(file)), format=format, size=size, at=clock.now_iso(),
                        by=current_user_name(), via=via)
    return store.update(case_id, lambda case: case.exports.append(record))


def export_for_case(store, case_id: str, name: str, data: bytes, *, what: str, format: str = "") -> tuple:
    """The app's one way out: ``name`` in the exports folder, recorded on the case: (the path, the saved case).

    ExportError says what to fix.
    When the record cannot be saved (a held lock, a full disk), the file is removed again: nothing leaves
    the app unrecorded.
    """
    folder = export_dir(store.root)
    path = write_in_folder(folder, name, data, mode=store.modes.file)
    try:
        case = record_export(store, case_id, what, str(path), format=format, size=len(data))
    except Exception as exc:  # noqa: BLE001  (whatever stopped the save, the file must not stay unrecorded)
        path.unlink(missing_ok=True)
        raise ExportError(f"the export could not be recorded on the case ({type(exc).__name__}); "
                          "nothing was written") from None
    return path, case
