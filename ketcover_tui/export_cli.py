"""`ketcover export calls CASE --format pdf|csv|md|json [--from DATE] [--to DATE] [-o PATH]`.

Formats come from exporter plugins (the built-in ``exporters`` plugin gives pdf,
csv, md and json). Bad input prints one line on stderr and exits 2; nothing is
written then, and an existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date written YYYY-MM-DD, got {text!r}") from None


def add_export_commands(commands, common, parser_class) -> None:
    export = commands.add_parser("export", help="export a case's call log as PDF, CSV, Markdown or JSON",
                                 parents=[common])
    what = export.add_subparsers(dest="export_command", metavar="WHAT", required=True, parser_class=parser_class)
    calls = what.add_parser("calls", help="the call log of one case", parents=[common],
                            description="Export one case's call log. The file is created new (never "
                                        "overwritten) and readable only by you.")
    calls.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
    calls.add_argument("--format", "-f", default="pdf", metavar="FORMAT",
                       help="pdf (default), csv, md or json; plugins may add more")
    calls.add_argument("--from", dest="start", type=_day, metavar="DATE", help="first day to include (YYYY-MM-DD)")
    calls.add_argument("--to", dest="end", type=_day, metavar="DATE", help="last day to include (YYYY-MM-DD)")
    calls.add_argument("-o", "--output", metavar="PATH",
                       help="file to create, or '-' for stdout (default: ketcover-calls-ID-DATE.EXT here)")
    calls.set_defaults(func=cmd_export_calls)

    from .journal_cli import add_journal_export_commands  # superbill, journal

    add_journal_export_commands(what, common)

    from .letter_cli import add_letter_export_commands  # letter, deadlines (.ics), packet

    add_letter_export_commands(what, common)


def cmd_export_calls(args) -> int:
    # UsageError is handled here as well as in cli.main: under `python -m ketcover_tui.cli`
    # the running module is __main__, whose UsageError is another class than this import.
    from .cli import EXIT_USAGE, UsageError, fail

    try:
        return _export_calls(args)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)


def _export_calls(args) -> int:
    from .cli import EXIT_OK, UsageError, open_store
    from .exports import ExportError, call_log_document, default_file_name, unused_path, write_export
    from .plugin_host import ExportFailed, PluginHost

    if args.start and args.end and args.start > args.end:
        raise UsageError(f"--from {args.start} is after --to {args.end}; swap them")
    store = open_store(args)
    case_id = store.resolve(args.case)
    host = PluginHost().load()
    exporters = {e.id: e for e in host.exporters()}
    for line in host.failure_lines():
        print(line, file=sys.stderr)
    exporter = exporters.get(args.format.lower())
    if exporter is None:
        available = ", ".join(exporters) or "none (are plugins disabled by KETCOVER_LOAD_PLUGINS?)"
        raise UsageError(f"unknown format {args.format!r}; available: {available}")
    case = store.load(case_id)
    document = call_log_document(case, args.start, args.end)
    try:
        data = host.render_export(exporter, document)
    except ExportFailed as exc:
        print(f"ketcover: {exc}", file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    if args.output:
        target = Path(args.output).expanduser()
    else:
        target = unused_path(Path.cwd(), default_file_name(case.id, exporter.extension))
    try:
        path = write_export(target, data)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    count = len(document.records())
    print(f"Exported {count} call{'s' if count != 1 else ''} of case {case.id} to {path}")
    return EXIT_OK
