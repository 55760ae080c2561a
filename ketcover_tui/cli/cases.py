"""`ketcover cases list|show|export|import|trash|restore`: the cases of a data folder, for scripting and hand-over."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .common import EXIT_OK, Parser, UsageError, load_plugins, open_store, print_table, report_problems


def add_commands(commands, common) -> None:
    cases = commands.add_parser("cases", help="list, show, export and import cases", parents=[common])
    actions = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True, parser_class=Parser)
    listing = actions.add_parser("list", help="list every case", parents=[common])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_cases_list)
    show = actions.add_parser("show", help="show one case", parents=[common])
    show.add_argument("case", metavar="ID", help="case id (or a unique start of it)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=cmd_cases_show)
    export = actions.add_parser("export", help="write a whole case as one JSON file", parents=[common])
    export.add_argument("case", metavar="ID")
    export.add_argument("-o", "--output", metavar="FILE", required=True, help="file to create ('-' for stdout)")
    export.set_defaults(func=cmd_cases_export)
    importing = actions.add_parser("import", help="add a case from a JSON file made by 'export'", parents=[common])
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--as-new", action="store_true", help="import as a copy with a new id")
    importing.set_defaults(func=cmd_cases_import)
    trash = actions.add_parser("trash", help="list deleted cases (in the trash folder)", parents=[common])
    trash.set_defaults(func=cmd_cases_trash)
    restore = actions.add_parser("restore", help="bring a deleted case back from the trash", parents=[common])
    restore.add_argument("case", metavar="ID", help="case id (or a unique start of it), or a trash file name")
    restore.set_defaults(func=cmd_cases_restore)


def cmd_cases_list(args) -> int:
    store = open_store(args)
    summaries = sorted(store.summaries(), key=lambda s: s.updated, reverse=True)
    report_problems(store)
    if args.json:
        print(json.dumps([s._asdict() for s in summaries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not summaries:
        print(f"No cases in {store.root}. Add one in the app, or try 'ketcover demo'.")
        return EXIT_OK
    rows = [(s.id, s.patient + (" (demo)" if s.demo else ""), s.insurer, s.plan_type, s.stage, s.updated[:10])
            for s in summaries]
    print_table(("ID", "Patient", "Insurer", "Plan type", "Stage", "Updated"), rows)
    return EXIT_OK


def cmd_cases_show(args) -> int:
    from ..documents.case_text import overview_lines
    from ..domain.case_json import case_to_dict

    store = open_store(args)
    case = store.load(store.resolve(args.case))
    if args.json:
        print(json.dumps(case_to_dict(case), ensure_ascii=False, indent=2))
        return EXIT_OK
    host = load_plugins()
    print("\n".join(overview_lines(case, host.checklists())))
    return EXIT_OK


def cmd_cases_export(args) -> int:
    store = open_store(args)
    document = store.export_document(store.resolve(args.case))
    payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if args.output == "-":
        sys.stdout.buffer.write(payload)
        return EXIT_OK
    from ..store.atomic import write_atomic

    target = Path(args.output).expanduser()
    if target.exists():
        raise UsageError(f"{target} already exists; choose another name (nothing was overwritten)")
    if not target.parent.is_dir():
        raise UsageError(f"folder {target.parent} does not exist")
    try:
        write_atomic(target, payload, overwrite=False)
    except FileExistsError:
        raise UsageError(f"{target} already exists; choose another name (nothing was overwritten)") from None
    print(f"Exported case {document['case']['id']} to {target}")
    return EXIT_OK


def cmd_cases_import(args) -> int:
    from ..store import StoreError, UnreadableFile
    from ..store.atomic import read_json
    from ..store.case_files import IMPORT_LIMIT

    path = Path(args.file).expanduser()
    try:
        document = read_json(path, IMPORT_LIMIT)
    except UnreadableFile as exc:
        raise UsageError(f"{path}: {exc.reason}; nothing was imported") from None
    if document is None:
        raise UsageError(f"{path} does not exist")
    store = open_store(args)
    try:
        case = store.import_document(document, as_new=args.as_new)
    except StoreError as exc:
        raise UsageError(f"{path}: {exc}; nothing was imported") from None
    print(f"Imported case {case.id} ({case.patient.name})")
    return EXIT_OK


def cmd_cases_trash(args) -> int:
    store = open_store(args)
    entries = store.trashed()
    if not entries:
        print(f"The trash of {store.root} is empty.")
        return EXIT_OK
    rows = [(t.case_id, t.patient or "(unreadable)", t.deleted[:16].replace("T", " "), t.problem or t.path.name)
            for t in entries]
    print_table(("ID", "Patient", "Deleted (UTC)", "File"), rows)
    print("Restore one with: ketcover cases restore ID")
    return EXIT_OK


def cmd_cases_restore(args) -> int:
    store = open_store(args)
    entry = store.restore(args.case)
    print(f"Restored case {entry.case_id} ({entry.patient})")
    return EXIT_OK
