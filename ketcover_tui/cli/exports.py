"""`ketcover exports list|clean`: what is in the exports folder, and removing old files from it.

The exports folder holds health data that has left the app (call logs, letters,
packets); ``list`` shows each file with the case record of who wrote it and
when, and ``clean --older-than DAYS`` removes files last changed more than DAYS
days ago, so the folder does not fill with old copies. The records on the cases
stay: they say what left the app, not what is still there.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

from .common import EXIT_OK, Parser, UsageError, open_store, print_table


def add_commands(commands, common) -> None:
    exports = commands.add_parser("exports", help="list or clean the exports folder", parents=[common])
    actions = exports.add_subparsers(dest="exports_command", metavar="ACTION", required=True, parser_class=Parser)
    listing = actions.add_parser("list", help="the files in the exports folder, with who exported each",
                                 parents=[common])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_exports_list)
    clean = actions.add_parser("clean", help="remove exported files older than DAYS days", parents=[common])
    clean.add_argument("--older-than", dest="days", type=_days, required=True, metavar="DAYS",
                       help="remove files last changed more than DAYS days ago")
    clean.set_defaults(func=cmd_exports_clean)


def _days(text: str) -> int:
    import argparse

    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}")
    return int(text)


def _folder(args):
    from ..store.exports import export_dir

    store = open_store(args)
    return store, export_dir(store.root)


def _records(store) -> dict[str, tuple[str, object]]:
    """Absolute file path -> (case id, its latest export record)."""
    from ..store import UnreadableFile

    found = {}
    for summary in store.summaries():
        try:
            case = store.load(summary.id)
        except (UnreadableFile, OSError):
            continue  # reported by 'cases list'; a listing never stops for it
        for record in case.exports:
            found[record.file] = (case.id, record)
    return found


def cmd_exports_list(args) -> int:
    from ..domain.input_rules import escaped
    from ..store.exports import exported_files

    store, folder = _folder(args)
    files = exported_files(folder)
    records = _records(store) if files else {}
    rows = []
    for entry in files:
        info = entry.stat(follow_symlinks=False)
        case_id, record = records.get(os.path.join(folder, entry.name), ("", None))
        rows.append({"file": escaped(entry.name), "size": info.st_size,
                     "modified": datetime.fromtimestamp(info.st_mtime).astimezone().isoformat(timespec="seconds"),
                     "case": case_id, "what": record.what if record else "", "by": record.by if record else "",
                     "exported": record.at if record else ""})
    if args.json:
        print(json.dumps({"folder": str(folder), "files": rows}, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Exports folder: {folder} ({len(rows)} file{'s' if len(rows) != 1 else ''})")
    if rows:
        print_table(("FILE", "SIZE", "MODIFIED", "CASE", "WHAT", "BY"),
                    [(r["file"], f"{r['size']:,}", r["modified"][:16].replace("T", " "), r["case"] or "-",
                      r["what"] or "(not recorded)", r["by"] or "-") for r in rows])
    return EXIT_OK


def cmd_exports_clean(args) -> int:
    from ..domain import clock
    from ..domain.input_rules import escaped
    from ..store.exports import exported_files

    _store, folder = _folder(args)
    cutoff = (clock.utc_now() - timedelta(days=args.days)).timestamp()
    removed = 0
    for entry in exported_files(folder):
        if entry.stat(follow_symlinks=False).st_mtime < cutoff:
            try:
                os.unlink(os.path.join(folder, entry.name))
            except FileNotFoundError:
                continue  # removed meanwhile
            except OSError as exc:
                raise UsageError(f"cannot remove {escaped(entry.name)} from {folder}: {exc.strerror}") from None
            print(f"Removed {escaped(entry.name)}")
            removed += 1
    print(f"Removed {removed} file{'s' if removed != 1 else ''} older than {args.days} day"
          f"{'s' if args.days != 1 else ''} from {folder}")
    return EXIT_OK
