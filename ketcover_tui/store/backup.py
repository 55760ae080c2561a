"""The whole data folder as one archive, and back: all or nothing.

``write_backup`` reads every file of the folder (each case file while holding
that case's lock, so no half-saved state goes in) into a gzip'd tar written
privately (0600) as a new file. A manifest inside lists every file with its
SHA-256. ``restore_backup`` checks the whole archive first (only regular files
at plain relative paths, sizes, checksums, every case file readable) in a temp
folder beside the target, and only then moves it into place: the target is
either the full restored folder or untouched.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from .atomic import MAX_DATA_FILE, UnreadableFile, read_limited, write_atomic
from .errors import StoreError
from .paths import FILE_MODE, ensure_private_dir

BACKUP_FORMAT = "ketcover-backup"
MANIFEST = "ketcover-backup.json"
FOLDERS = ("cases", "trash", "documents", "drafts")  # what a backup holds, besides the top-level files
TOP_FILES = ("demo-folder.txt",)
MAX_MEMBERS = 200_000


class BackupError(StoreError):
    """The backup could not be written or restored; the message says why and what to do."""


def _members(store) -> list[tuple[str, Path]]:
    """(archive name, file) for every file a backup holds."""
    root = store.root
    found = [(name, root / name) for name in TOP_FILES if (root / name).is_file()]
    for folder in FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                if name.startswith(".") and name.endswith(".tmp"):
                    continue  # a write in progress (or a killed writer's leftover)
                path = Path(dirpath) / name
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


def write_backup(store, target: Path) -> int:
    """Write the data folder to ``target`` (a new file); returns the number of files archived."""
    from ..domain import clock

    target = Path(target).expanduser()
    if target.exists():
        raise BackupError(f"{target} already exists; choose another name (nothing was overwritten)")
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    contents: list[tuple[str, bytes]] = []
    for name, path in _members(store):
        case_id = path.stem if name.startswith("cases/") else None
        lock = store._locked(case_id) if case_id and path.suffix == ".json" else None
        try:
            data = read_limited(path)
        except UnreadableFile as exc:
            raise BackupError(f"cannot back up {path}: {exc.reason}; nothing was written") from None
        finally:
            if lock is not None:
                lock.release()
        if data is not None:
            contents.append((name, data))
    manifest = {"format": BACKUP_FORMAT, "created": clock.now_iso(),
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in contents}}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in [(MANIFEST, json.dumps(manifest, indent=1).encode("utf-8")), *contents]:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o600, 0
            archive.addfile(info, io.BytesIO(data))
    try:
        write_atomic(target, buffer.getvalue(), mode=FILE_MODE, overwrite=False)
    except FileExistsError:
        raise BackupError(f"{target} already exists; choose another name (nothing was overwritten)") from None
    return len(contents)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (not path.is_absolute() and ".." not in path.parts and path.parts
            and (name == MANIFEST or name in TOP_FILES or path.parts[0] in FOLDERS)
            and all(part and not part.startswith("/") for part in path.parts))


def read_backup(source: Path) -> dict[str, bytes]:
    """Every file of a backup by name, checked against its manifest; BackupError if anything is off."""
    source = Path(source).expanduser()
    try:
        raw = read_limited(source, limit=64 * MAX_DATA_FILE)
    except UnreadableFile as exc:
        raise BackupError(f"{source}: {exc.reason}") from None
    if raw is None:
        raise BackupError(f"{source} does not exist")
    files: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as archive:
            for count, member in enumerate(archive):
                if count > MAX_MEMBERS:
                    raise BackupError(f"{source} holds too many files for a ketcover backup")
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(f"{source} holds {member.name[:80]!r}, which no ketcover backup has; "
                                      "nothing was restored")
                if member.size > MAX_DATA_FILE:
                    raise BackupError(f"{source}: {member.name} is too large; nothing was restored")
                handle = archive.extractfile(member)
                files[member.name] = handle.read() if handle else b""
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise BackupError(f"{source} is not a ketcover backup ({type(exc).__name__}); nothing was restored") from None
    try:
        manifest = json.loads(files.pop(MANIFEST, b"").decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise BackupError(f"{source} is not a ketcover backup (no manifest); nothing was restored")
    listed = manifest.get("files")
    if not isinstance(listed, dict) or set(listed) != set(files) or any(
            hashlib.sha256(data).hexdigest() != listed[name] for name, data in files.items()):
        raise BackupError(f"{source} is damaged (its files do not match its manifest); nothing was restored")
    return files


def restore_backup(source: Path, target: Path) -> int:
    """Restore a backup into ``target`` (missing or empty); returns the number of cases restored."""
    from .case_store import CaseStore

    target = Path(target).expanduser()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} is not an empty folder; restore into a new or empty one "
                          "(nothing was changed)")
    files = read_backup(source)
    ensure_private_dir(target.parent) if not target.parent.exists() else None
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    try:
        os.chmod(staging, 0o700)
        for name, data in files.items():
            path = staging / name
            ensure_private_dir(path.parent)
            write_atomic(path, data, mode=FILE_MODE, overwrite=False)
        store = CaseStore(staging)
        cases = 0
        for path in sorted(store.cases_dir.glob("*.json")):
            try:
                store._read_case_file(path)
            except UnreadableFile as exc:
                raise BackupError(f"the backup's {path.relative_to(staging)} cannot be read ({exc.reason}); "
                                  "nothing was restored") from None
            cases += 1
        store.summaries()  # the index, as the first start would build it
        if target.exists():
            target.rmdir()
        os.rename(staging, target)
        return cases
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
