"""`ketcover export superbill CASE …` and `ketcover export journal CASE …`.

A superbill is checked first: every blocking problem (a missing NPI, a bad tax
id, J3490 without an NDC, a line without a charge…) is printed on stderr, one
per line, and nothing is written (exit 2). ``--check`` only prints the check.
Files are created new (never overwritten) and readable only by their owner.
"""

from __future__ import annotations

import sys
from pathlib import Path


def add_journal_export_commands(what, common) -> None:
    from .export_cli import _day

    superbill = what.add_parser(
        "superbill", help="a superbill (PDF) for out-of-network reimbursement", parents=[common],
        description="Build a superbill from the case's provider, journal sessions and invoices/receipts, check "
                    "every required field, and write it (PDF by default). Nothing is written while a blocking "
                    "problem remains; the problems are listed on stderr.")
    journal = what.add_parser(
        "journal", help="the treatment journal: sessions, scores and efficacy, prior treatments", parents=[common],
        description="Export one case's treatment journal. The file is created new (never overwritten) and "
                    "readable only by you.")
    for parser, default in ((superbill, "pdf"), (journal, "pdf")):
        parser.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
        parser.add_argument("--format", "-f", default=default, metavar="FORMAT",
                            help="pdf (default), md or json; plugins may add more")
        parser.add_argument("--from", dest="start", type=_day, metavar="DATE",
                            help="first date of service to include (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", type=_day, metavar="DATE",
                            help="last date of service to include (YYYY-MM-DD)")
        parser.add_argument("-o", "--output", metavar="PATH",
                            help="file to create, or '-' for stdout (default: ketcover-WHAT-ID-DATE.EXT here)")
    superbill.add_argument("--check", action="store_true", help="only check: list what is missing or invalid")
    superbill.set_defaults(func=cmd_export_superbill)
    journal.set_defaults(func=cmd_export_journal)


def _prepare(args):
    from .cli import UsageError, open_store
    from .plugin_host import PluginHost

    if args.start and args.end and args.start > args.end:
        raise UsageError(f"--from {args.start} is after --to {args.end}; swap them")
    store = open_store(args)
    case = store.load(store.resolve(args.case))
    return case, PluginHost


def _write(args, host, exporter, document, case, what: str, done: str) -> int:
    from .cli import EXIT_OK, UsageError
    from .exports import ExportError, unused_path, write_export
    from .journal_exports import file_name
    from .plugin_host import ExportFailed

    try:
        data = host.render_export(exporter, document)
    except ExportFailed as exc:
        print(f"ketcover: {exc}", file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    target = (Path(args.output).expanduser() if args.output
              else unused_path(Path.cwd(), file_name(what, case.id, exporter.extension)))
    try:
        path = write_export(target, data)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    print(f"{done} to {path}")
    return EXIT_OK


def _exporter(host, fmt: str):
    from .cli import UsageError

    for line in host.failure_lines():
        print(line, file=sys.stderr)
    exporters = {e.id: e for e in host.exporters()}
    exporter = exporters.get(fmt.lower())
    if exporter is None:
        available = ", ".join(exporters) or "none (are plugins disabled by KETCOVER_LOAD_PLUGINS?)"
        raise UsageError(f"unknown format {fmt!r}; available: {available}")
    return exporter


def cmd_export_superbill(args) -> int:
    from .cli import EXIT_OK, EXIT_USAGE
    from .domain import superbill
    from .journal_exports import superbill_document

    case, PluginHost = _prepare(args)
    sb = superbill.build(case, args.start, args.end)
    problems = superbill.check(sb, case)
    blocking = [p for p in problems if p.blocking]
    if args.check:
        for problem in problems:
            print(problem.line())
        if not problems:
            print(f"Ready: {len(sb.lines)} service lines on {len(sb.dates())} dates of service, nothing missing.")
        return EXIT_USAGE if blocking else EXIT_OK
    if blocking:
        print(f"ketcover: superbill not written: {len(blocking)} thing{'s' if len(blocking) != 1 else ''} "
              "to fix first:", file=sys.stderr)
        for problem in blocking:
            print(f"ketcover:   {problem.where}: {problem.message}", file=sys.stderr)
        return EXIT_USAGE
    for problem in problems:  # warnings: worth knowing, not blocking
        print(f"ketcover: note: {problem.where}: {problem.message}", file=sys.stderr)
    host = PluginHost().load()
    exporter = _exporter(host, args.format)
    dates = len(sb.dates())
    return _write(args, host, exporter, superbill_document(sb), case, "superbill",
                  f"Superbill of case {case.id} ({len(sb.lines)} lines, {dates} date{'s' if dates != 1 else ''} "
                  f"of service) written")


def cmd_export_journal(args) -> int:
    from .journal_exports import journal_document

    case, PluginHost = _prepare(args)
    host = PluginHost().load()
    exporter = _exporter(host, args.format)
    document = journal_document(case, args.start, args.end)
    count = len(document.records())
    return _write(args, host, exporter, document, case, "journal",
                  f"Journal of case {case.id} ({count} session{'s' if count != 1 else ''}) written")
