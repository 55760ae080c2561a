"""`ketcover backup FILE` and `ketcover restore FILE --data-dir EMPTY_DIR`: the whole data folder, all or nothing."""

from __future__ import annotations

from pathlib import Path

from .common import EXIT_OK, UsageError, add_force_hidden, open_store


def add_commands(commands, common) -> None:
    backup = commands.add_parser("backup", help="write the whole data folder as one archive (0600)",
                                 parents=[common])
    backup.add_argument("file", metavar="FILE", help="the archive to create (never overwritten)")
    add_force_hidden(backup)
    backup.set_defaults(func=cmd_backup)
    restore = commands.add_parser("restore", help="restore a backup into a new or empty data folder",
                                  parents=[common])
    restore.add_argument("file", metavar="FILE", help="an archive made by 'ketcover backup'")
    restore.set_defaults(func=cmd_restore)


def cmd_backup(args) -> int:
    from ..store.backup import BackupError, write_backup
    from ..store.exports import hidden_target_problem

    if not args.force_hidden and (problem := hidden_target_problem(Path(args.file))):
        raise UsageError(f"{problem} is refused; choose another name, or add --force-hidden if you mean it")
    store = open_store(args)
    try:
        count = write_backup(store, Path(args.file))
    except BackupError as exc:
        raise UsageError(str(exc)) from None
    print(f"Backed up {count} files of {store.root} to {Path(args.file).expanduser()}")
    return EXIT_OK


def cmd_restore(args) -> int:
    from ..store.backup import BackupError, restore_backup

    target = getattr(args, "data_dir", None)
    if not target:
        raise UsageError("give the folder to restore into with --data-dir EMPTY_DIR (a new or empty folder)")
    try:
        cases = restore_backup(Path(args.file), Path(target))
    except BackupError as exc:
        raise UsageError(str(exc)) from None
    print(f"Restored {cases} cases into {Path(target).expanduser()}")
    return EXIT_OK
