"""`ketcover export calls|superbill|journal|letter|deadlines|packet CASE …`: a case's documents as files.

Formats come from exporter plugins (the built-in ``exporters`` plugin gives pdf,
csv, md and json; ``letters`` adds docx and txt). Bad input prints one line on
stderr and exits 2; nothing is written then, and an existing file is never
overwritten. A superbill is checked first: every blocking problem is printed
on stderr and nothing is written. A letter (and the packet) is a final copy by
default in PDF and DOCX: while it still holds a "[missing: …]", a
"[check this: …]" or anything else that must not reach an insurer, nothing is
written and each is listed on stderr; ``--draft`` writes it marked DRAFT on
every page instead. Other formats (Markdown, text, plugin formats) are drafts unless ``--final`` is given,
and read back through ``--text`` unchanged. A letter's text is, in order: the
``--text`` file, the latest version kept with the case, the template's draft.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    UsageError,
    add_force_hidden,
    day,
    exporter_for,
    load_plugins,
    open_store,
    write_output,
)


def add_commands(commands, common) -> None:
    export = commands.add_parser("export", help="export a case's call log, journal, superbill, letters, packet",
                                 parents=[common])
    what = export.add_subparsers(dest="export_command", metavar="WHAT", required=True, parser_class=Parser)
    calls = what.add_parser("calls", help="the call log of one case", parents=[common],
                            description="Export one case's call log. The file is created new (never "
                                        "overwritten) and readable only by you.")
    superbill = what.add_parser(
        "superbill", help="a superbill (PDF) for out-of-network reimbursement", parents=[common],
        description="Build a superbill from the case's provider, journal sessions and invoices/receipts, check "
                    "every required field, and write it (PDF by default). Nothing is written while a blocking "
                    "problem remains; the problems are listed on stderr.")
    journal = what.add_parser(
        "journal", help="the treatment journal: sessions, scores and efficacy, prior treatments", parents=[common],
        description="Export one case's treatment journal. The file is created new (never overwritten) and "
                    "readable only by you.")
    for parser, formats in ((calls, "pdf (default), csv, md or json"), (superbill, "pdf (default), md or json"),
                            (journal, "pdf (default), md or json")):
        parser.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
        parser.add_argument("--format", "-f", default="pdf", metavar="FORMAT", help=f"{formats}; plugins may add more")
        parser.add_argument("--from", dest="start", type=day, metavar="DATE", help="first day to include (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", type=day, metavar="DATE", help="last day to include (YYYY-MM-DD)")
        parser.add_argument("-o", "--output", metavar="PATH",
                            help="file to create, or '-' for stdout (default: ketcover-WHAT-ID-DATE.EXT here)")
        parser.add_argument("--raw", action="store_true",
                            help="CSV: keep cells exactly as stored (by default a cell starting with = + - @ "
                                 "gets a leading ' so spreadsheets do not run it as a formula)")
    calls.set_defaults(func=cmd_export_calls)
    superbill.add_argument("--check", action="store_true", help="only check: list what is missing or invalid")
    superbill.set_defaults(func=cmd_export_superbill)
    journal.set_defaults(func=cmd_export_journal)
    _add_letter_commands(what, common)
    for parser in what.choices.values():
        add_force_hidden(parser)


def _add_letter_commands(what, common) -> None:
    letter = what.add_parser(
        "letter", help="a letter (appeal, medical necessity, …) filled from the case", parents=[common],
        description="Fill a letter template from the case and write it as PDF, DOCX, Markdown or text. "
                    "Letters: lmn, internal-appeal, expedited-appeal, appeal-follow-up, external-review, fair-hearing, "
                    "prior-auth, network-gap, "
                    "claim-file (plugins may add more).")
    letter.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
    letter.add_argument("template", metavar="TEMPLATE", help="letter template id, e.g. internal-appeal")
    letter.add_argument("--format", "-f", default="pdf", metavar="FORMAT", help="pdf (default), docx, md or txt")
    letter.add_argument("--record", metavar="ID", help="the denial or PA the letter is about (default: latest open)")
    letter.add_argument("--text", metavar="FILE", help="use this (edited) letter text instead of the template's")
    _add_copy_options(letter, "pdf and docx")
    letter.add_argument("-o", "--output", metavar="PATH", help="file to create, or '-' for stdout")
    letter.set_defaults(func=cmd_export_letter)
    calendar = what.add_parser(
        "deadlines", help="the case's open appeal deadlines as an iCalendar (.ics) file", parents=[common],
        description="Write every open deadline (with its rule and source) as calendar events.")
    calendar.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
    calendar.add_argument("-o", "--output", metavar="PATH", help="file to create, or '-' for stdout")
    calendar.set_defaults(func=cmd_export_deadlines)
    packet = what.add_parser(
        "packet", help="the appeal packet: one PDF with cover, contents, letters, evidence, attachments",
        parents=[common],
        description="Build one PDF for the insurer, numbered page 1 of N throughout, every page stamped with "
                    "the patient's name, date of birth and claim number: optionally a fax cover sheet or a mail "
                    "cover letter, a cover page with the contents, the letters (by default the internal appeal "
                    "and the letter of medical necessity it encloses), the efficacy summary, the score chart, "
                    "prior treatments, the call log, the payments, and the documents stored with the case "
                    "(--attach stores a PDF or image scan with the case first). A packet that still lacks "
                    "something is marked DRAFT and what is missing is listed on stderr.")
    packet.add_argument("case", metavar="CASE", help="case id (or a unique start of it)")
    packet.add_argument("--letter", action="append", metavar="TEMPLATE",
                        help="a letter to include, in order (repeatable; default: the denial's next request, "
                             "e.g. internal-appeal, then lmn)")
    packet.add_argument("--record", metavar="ID", help="the denial or PA the letter is about (default: latest open)")
    packet.add_argument("--text", metavar="FILE", help="use this (edited) text for the first letter")
    packet.add_argument("--cover", choices=("fax", "mail", "none"), default="none",
                        help="start with a fax cover sheet or a mail cover letter (default none)")
    packet.add_argument("--attach", metavar="FILE", action="append", default=[],
                        help="store this PDF/PNG/JPEG with the case and include it (repeatable)")
    packet.add_argument("--only", metavar="NAME", action="append", default=[],
                        help="include only these stored documents (repeatable; default: every stored document)")
    _add_copy_options(packet, "the packet")
    packet.add_argument("-o", "--output", metavar="PATH", help="file to create, or '-' for stdout")
    packet.set_defaults(func=cmd_export_packet)


def _add_copy_options(parser, default_final: str) -> None:
    copy = parser.add_mutually_exclusive_group()
    copy.add_argument("--final", dest="final", action="store_true", default=None,
                      help=f"a final copy, refused while anything is missing (the default for {default_final})")
    copy.add_argument("--draft", dest="final", action="store_false",
                      help="a draft, marked DRAFT on every page, gaps and all")


def _refused(what: str, problems: list[str]) -> int:
    print(f"ketcover: {what} not written: it is not a final copy yet. Settle these first (or export with "
          "--draft):", file=sys.stderr)
    for problem in problems:
        print(f"ketcover:   {problem}", file=sys.stderr)
    return EXIT_USAGE


def _read_text(path: str) -> str:
    from ..store.checked_read import LETTER_TEXT_LIMIT, UnreadableFile, read_checked

    source = Path(path).expanduser()
    try:
        return read_checked(source, LETTER_TEXT_LIMIT).decode("utf-8")
    except FileNotFoundError:
        raise UsageError(f"--text {path} does not exist") from None
    except UnreadableFile as exc:
        raise UsageError(f"cannot read --text {path}: {exc.reason}") from None
    except UnicodeDecodeError:
        raise UsageError(f"cannot read --text {path}: not UTF-8 text; save it as UTF-8") from None


def _case(args):
    if getattr(args, "start", None) and getattr(args, "end", None) and args.start > args.end:
        raise UsageError(f"--from {args.start} is after --to {args.end}; swap them")
    store = open_store(args)
    return store, store.load(store.resolve(args.case))


def _render(host, exporter, document) -> bytes | None:
    """The exporter's bytes; None (the failure printed) when the plugin failed.

    The document is signed with the OS user's name; characters the PDF fonts cannot draw are reported first.
    """
    from ..documents.fonts import unsupported_characters
    from ..plugin_host import ExportFailed
    from ..store.case_store import current_user_name

    document.author = document.author or current_user_name()
    if exporter.id == "pdf":
        for problem in unsupported_characters(document):
            print(f"ketcover: note: {problem.line()}", file=sys.stderr)
    try:
        return host.render_export(exporter, document)
    except ExportFailed as exc:
        print(f"ketcover: {exc}", file=sys.stderr)
        return None


# --- calls, superbill, journal --------------------------------------------------------------

def cmd_export_calls(args) -> int:
    from ..documents.calls import call_log_document
    from ..documents.names import file_name

    store, case = _case(args)
    host = load_plugins(args)
    exporter = exporter_for(host, args.format)
    document = call_log_document(case, args.start, args.end)
    document.raw_cells = args.raw
    if (data := _render(host, exporter, document)) is None:
        return EXIT_FAILED
    count = len(document.records())
    return write_output(args, data, file_name("calls", case.id, exporter.extension),
                        f"Exported {count} call{'s' if count != 1 else ''} of case {case.id}",
                        store=store, case_id=case.id, what="calls", format=exporter.id)


def cmd_export_superbill(args) -> int:
    from ..documents.names import file_name
    from ..documents.superbill import superbill_document
    from ..domain import superbill

    store, case = _case(args)
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
    host = load_plugins(args)
    exporter = exporter_for(host, args.format)
    document = superbill_document(sb)
    document.raw_cells = args.raw
    if (data := _render(host, exporter, document)) is None:
        return EXIT_FAILED
    dates = len(sb.dates())
    return write_output(args, data, file_name("superbill", case.id, exporter.extension),
                        f"Superbill of case {case.id} ({len(sb.lines)} lines, {dates} "
                        f"date{'s' if dates != 1 else ''} of service) written",
                        store=store, case_id=case.id, what="superbill", format=exporter.id)


def cmd_export_journal(args) -> int:
    from ..documents.journal import journal_document
    from ..documents.names import file_name

    store, case = _case(args)
    host = load_plugins(args)
    exporter = exporter_for(host, args.format)
    document = journal_document(case, args.start, args.end)
    document.raw_cells = args.raw
    if (data := _render(host, exporter, document)) is None:
        return EXIT_FAILED
    count = len(document.records())
    return write_output(args, data, file_name("journal", case.id, exporter.extension),
                        f"Journal of case {case.id} ({count} session{'s' if count != 1 else ''}) written",
                        store=store, case_id=case.id, what="journal", format=exporter.id)


# --- letters, the deadline calendar, the packet ---------------------------------------------

def _letter(args, host, case, template_id: str, *, use_text: bool = True):
    """(template, record, title, text, signer): from --text, else the latest kept version, else the draft.

    UsageError for a bad template, record or --text, or a template that will not write this letter today.
    """
    from ..documents.letters import (LetterContext, LetterProblem, find_template, letter_key, make_draft, pick_record,
                                     title_of)
    from ..domain.letter_log import find_letter

    try:
        template = find_template(host.letter_templates(), template_id)
        record = pick_record(case, template, args.record)
        if args.text and use_text:
            text = _read_text(args.text)
            return template, record, title_of(text, template.title), text, template.signer
        saved = find_letter(case.appeals, template.id, letter_key(template, record))
        if saved is not None and saved.latest is not None:
            return template, record, saved.title, saved.latest.text, saved.signer
        draft = make_draft(host, template, LetterContext(case, record))
    except LetterProblem as exc:
        raise UsageError(str(exc)) from None
    if draft.note:
        print(f"ketcover: note: {draft.note}", file=sys.stderr)
    return template, record, draft.title, draft.text, draft.signer


def cmd_export_letter(args) -> int:
    from ..documents.letters import NotFinal, letter_document, missing_in
    from ..documents.names import file_name
    from ..plugin_host import ExportFailed

    store, case = _case(args)
    host = load_plugins(args)
    exporter = exporter_for(host, args.format)
    try:
        template, record, title, text, signer = _letter(args, host, case, args.template)
    except ExportFailed as exc:
        print(f"ketcover: {exc}", file=sys.stderr)
        return EXIT_FAILED
    final = args.final if args.final is not None else exporter.id in ("pdf", "docx")  # what goes to an insurer
    try:
        document = letter_document(case, title, text, record=record, final=final, signer=signer)
    except NotFinal as exc:
        return _refused(f"the {title.lower()}", exc.problems)
    for gap in missing_in(text) if not final else ():
        print(f"ketcover: note: missing in the letter: {gap}", file=sys.stderr)
    if (data := _render(host, exporter, document)) is None:
        return EXIT_FAILED
    kind = "final copy" if final else "draft"
    return write_output(args, data, file_name(template.id, case.id, exporter.extension),
                        f"{title} for case {case.id} ({kind}) written",
                        store=store, case_id=case.id, what=template.id, format=exporter.id)


def cmd_export_deadlines(args) -> int:
    from ..documents.ics import calendar_text
    from ..documents.names import file_name

    store, case = _case(args)
    data = calendar_text(case).encode("utf-8")
    count = data.count(b"BEGIN:VEVENT")
    return write_output(args, data, file_name("deadlines", case.id, "ics"),
                        f"{count} deadline{'s' if count != 1 else ''} of case {case.id} written",
                        store=store, case_id=case.id, what="deadlines", format="ics")


def _attachments(args, store, case) -> tuple[list, list]:
    """(attachment blocks, files offered with --attach): offered files are checked now, stored only
    once the packet is written, so a refused packet stores nothing."""
    from ..documents.packet import attachment_block
    from ..store.packet_sources import check_document, read_document, stored_documents

    try:
        offered = [check_document(Path(source)) for source in args.attach]
    except ValueError as exc:
        raise UsageError(f"{exc}; nothing was attached or written") from None
    documents, problems = stored_documents(store, case)
    for line in problems:
        print(f"ketcover: warning: left out of the packet: {line}", file=sys.stderr)
    if args.only:
        names = {p.name for p in documents} | {item.record.name for item in offered}
        if unknown := [name for name in args.only if name not in names]:
            raise UsageError(f"case {case.id} has no stored document {unknown[0]!r}; stored: "
                             f"{', '.join(sorted(names)) or 'none'}")
        documents = [p for p in documents if p.name in args.only]
    try:
        labels = {d.name: d.label for d in case.documents}
        blocks = [attachment_block(p.name, read_document(p), label=labels.get(p.name, "")) for p in documents]
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return blocks + [attachment_block(item.record.name, item.data) for item in offered], offered


def cmd_export_packet(args) -> int:
    import io

    from pypdf import PdfReader

    from ..documents.letters import LetterProblem, NotFinal, find_template, pick_record
    from ..documents.names import file_name
    from ..documents.packet import PacketLetter, default_letters, packet_document, packet_letter
    from ..plugin_host import ExportFailed

    store, case = _case(args)
    host = load_plugins(args)
    pdf = exporter_for(host, "pdf")
    chosen = args.letter or default_letters(case)
    if repeated := sorted({t for t in chosen if chosen.count(t) > 1}):
        raise UsageError(f"--letter {repeated[0]} is given twice; name each letter once")
    letters = []
    try:
        first = find_template(host.letter_templates(), chosen[0])
        record = pick_record(case, first, args.record)
        for n, template_id in enumerate(chosen):
            if n == 0 and args.text:
                template, _record, title, text, signer = _letter(args, host, case, template_id)
                letters.append(PacketLetter(template.id, title, text, signer))
                continue
            template = find_template(host.letter_templates(), template_id)
            about = record if template.needs in ("", first.needs) and record is not None else \
                pick_record(case, template)
            letters.append(packet_letter(host, case, template_id, about))
    except (ExportFailed, LetterProblem) as exc:
        raise UsageError(str(exc)) from None
    final = args.final is not False
    attachments, offered = _attachments(args, store, case)
    try:
        packet = packet_document(case, letters, attachments, record=record,
                                 cover="" if args.cover == "none" else args.cover, final=final)
    except NotFinal as exc:
        return _refused("the appeal packet", exc.problems)
    for gap in packet.missing:
        print(f"ketcover: note: {gap}", file=sys.stderr)  # each says what is missing
    if (data := _render(host, pdf, packet.document)) is None:
        return EXIT_FAILED
    pages = len(PdfReader(io.BytesIO(data)).pages)
    draft = "; marked DRAFT on every page" if packet.document.draft else ""
    code = write_output(args, data, file_name("packet", case.id, "pdf"),
                        f"Appeal packet of case {case.id} ({pages} pages, {len(packet.sections)} sections) "
                        f"written{draft}", store=store, case_id=case.id, what="packet", format="pdf")
    from ..store import current_user_name
    from ..store.packet_sources import commit_documents

    for record in commit_documents(store, case.id, offered, by=current_user_name()):
        print(f"Attached {record.describe()} to case {case.id}", file=sys.stderr)
    return code
