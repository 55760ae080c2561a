"""`ketcover export letter|deadlines|packet CASE …`: letters, the deadline calendar, the appeal packet.

Bad input prints one line on stderr and exits 2; nothing is written then, and an
existing file is never overwritten. A letter with missing facts is still
written (the gaps read "[missing: …]" in it) and each gap is listed on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path


def add_letter_export_commands(what, common) -> None:
    letter = what.add_parser(
        "letter", help="a letter (appeal, medical necessity, …) filled from the case", parents=[common],
        description="Fill a letter template from the case and write it as PDF, DOCX, Markdown or text. "
                    "Letters: lmn, internal-appeal, expedited-appeal, external-review, prior-auth, network-gap, "
                    "claim-file (plugins may add more).")
    letter.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
    letter.add_argument("template", metavar="TEMPLATE", help="letter template id, e.g. internal-appeal")
    letter.add_argument("--format", "-f", default="pdf", metavar="FORMAT", help="pdf (default), docx, md or txt")
    letter.add_argument("--record", metavar="ID", help="the denial or PA the letter is about (default: latest open)")
    letter.add_argument("--text", metavar="FILE", help="use this (edited) letter text instead of the template's")
    letter.add_argument("-o", "--output", metavar="PATH", help="file to create, or '-' for stdout")
    letter.set_defaults(func=cmd_export_letter)
    calendar = what.add_parser(
        "deadlines", help="the case's open appeal deadlines as an iCalendar (.ics) file", parents=[common],
        description="Write every open deadline (with its rule and source) as calendar events.")
    calendar.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
    calendar.add_argument("-o", "--output", metavar="PATH", help="file to create, or '-' for stdout")
    calendar.set_defaults(func=cmd_export_deadlines)
    packet = what.add_parser(
        "packet", help="the appeal packet: one PDF with cover, contents, letter, evidence, attachments",
        parents=[common],
        description="Build one PDF for the insurer: a cover sheet and contents, the letter, the efficacy summary "
                    "and a score chart, prior treatments, the call log, a payments summary, and every document "
                    "attached to the case (--attach stores a PDF or image scan with the case first).")
    packet.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
    packet.add_argument("--letter", default="internal-appeal", metavar="TEMPLATE",
                        help="the letter to put first (default internal-appeal)")
    packet.add_argument("--record", metavar="ID", help="the denial or PA the letter is about (default: latest open)")
    packet.add_argument("--text", metavar="FILE", help="use this (edited) letter text instead of the template's")
    packet.add_argument("--attach", metavar="FILE", action="append", default=[],
                        help="store this PDF/PNG/JPEG with the case and include it (repeatable)")
    packet.add_argument("-o", "--output", metavar="PATH", help="file to create, or '-' for stdout")
    packet.set_defaults(func=cmd_export_packet)


def _write(args, data: bytes, default_name: str, done: str) -> int:
    from .cli import EXIT_OK, UsageError
    from .exports import ExportError, unused_path, write_export

    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    target = Path(args.output).expanduser() if args.output else unused_path(Path.cwd(), default_name)
    try:
        path = write_export(target, data)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    print(f"{done} to {path}")
    return EXIT_OK


def _letter_text(args, host, case, template_id: str) -> tuple[str, str, object]:
    """(title, text, template) from --text or the template; raises UsageError."""
    from .cli import UsageError
    from .letters import LetterContext, LetterProblem, find_template, pick_record
    from .plugin_host import ExportFailed

    try:
        template = find_template(host.letter_templates(), template_id)
        record = pick_record(case, template, args.record)
    except LetterProblem as exc:
        raise UsageError(str(exc)) from None
    if args.text:
        try:
            return template.title, Path(args.text).expanduser().read_text(encoding="utf-8"), template
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read --text {args.text}: {exc}") from None
    try:
        draft = host.build_letter(template, LetterContext(case, record))
    except ExportFailed as exc:
        raise UsageError(str(exc)) from None
    return draft.title, draft.text, template


def cmd_export_packet(args) -> int:
    from .cli import EXIT_USAGE, UsageError, fail, open_store
    from .journal_cli import _exporter
    from .letters import file_name, missing_in
    from .packet import build_packet, list_attachments, store_attachment
    from .plugin_host import ExportFailed, PluginHost

    try:
        store = open_store(args)
        case = store.load(store.resolve(args.case))
        host = PluginHost().load()
        pdf = _exporter(host, "pdf")
        title, text, _template = _letter_text(args, host, case, args.letter)
        for source in args.attach:
            try:
                stored = store_attachment(store.root, case.id, Path(source))
            except ValueError as exc:
                raise UsageError(str(exc)) from None
            print(f"Attached {stored.name} to case {case.id}", file=sys.stderr)
        for gap in missing_in(text):
            print(f"ketcover: note: missing in the letter: {gap}", file=sys.stderr)
        try:
            data, toc = build_packet(case, title, text, list_attachments(store.root, case.id),
                                     lambda document: host.render_export(pdf, document))
        except ExportFailed as exc:
            print(f"ketcover: {exc}", file=sys.stderr)
            return 1
        pages = toc[-1].first_page + toc[-1].pages - 1
        return _write(args, data, file_name("packet", case.id, "pdf"),
                      f"Appeal packet of case {case.id} ({pages} pages, {len(toc)} sections) written")
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)


def cmd_export_letter(args) -> int:
    from .cli import EXIT_USAGE, UsageError, fail, open_store
    from .journal_cli import _exporter
    from .letters import LetterContext, LetterProblem, file_name, find_template, letter_document, missing_in, \
        pick_record
    from .plugin_host import ExportFailed, PluginHost

    try:
        store = open_store(args)
        case = store.load(store.resolve(args.case))
        host = PluginHost().load()
        exporter = _exporter(host, args.format)
        try:
            template = find_template(host.letter_templates(), args.template)
            record = pick_record(case, template, args.record)
        except LetterProblem as exc:
            raise UsageError(str(exc)) from None
        if args.text:
            try:
                text = Path(args.text).expanduser().read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise UsageError(f"cannot read --text {args.text}: {exc}") from None
            title = template.title
        else:
            try:
                draft = host.build_letter(template, LetterContext(case, record))
            except ExportFailed as exc:
                print(f"ketcover: {exc}", file=sys.stderr)
                return 1
            text, title = draft.text, draft.title
        for gap in missing_in(text):
            print(f"ketcover: note: missing in the letter: {gap}", file=sys.stderr)
        try:
            data = host.render_export(exporter, letter_document(case, title, text))
        except ExportFailed as exc:
            print(f"ketcover: {exc}", file=sys.stderr)
            return 1
        return _write(args, data, file_name(template.id, case.id, exporter.extension),
                      f"{template.title} for case {case.id} written")
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)


def cmd_export_deadlines(args) -> int:
    from .cli import EXIT_USAGE, UsageError, fail, open_store
    from .ics import calendar_text
    from .letters import file_name

    try:
        store = open_store(args)
        case = store.load(store.resolve(args.case))
        data = calendar_text(case).encode("utf-8")
        count = data.count(b"BEGIN:VEVENT")
        return _write(args, data, file_name("deadlines", case.id, "ics"),
                      f"{count} deadline{'s' if count != 1 else ''} of case {case.id} written")
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
