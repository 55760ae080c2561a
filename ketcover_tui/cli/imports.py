"""`ketcover import case …`: bring outside files into cases, each through the same review step.

Every sub-command reads its file(s) into an ``ImportPlan`` (``import_flow``),
which shows what would change and writes only when the user (or ``--yes``)
agrees. Readers of outside formats live in ``ketcover_tui.intake`` and load
their libraries (fhir.resources, pyx12) only when an import runs.
"""

from __future__ import annotations

from pathlib import Path

from .common import Parser, UsageError, open_store
from .import_documents import add_kinds as add_document_kinds
from .import_flow import Change, ImportPlan, add_review_options, review


def add_commands(commands, common) -> None:
    group = commands.add_parser("import", help="bring files into cases: a case export, EOBs (FHIR, X12 835)",
                                parents=[common])
    kinds = group.add_subparsers(dest="import_command", metavar="KIND", required=True, parser_class=Parser)
    case = kinds.add_parser("case", help="add a case from a JSON file made by 'cases export' (as 'cases import')",
                            parents=[common])
    case.add_argument("file", metavar="FILE")
    case.add_argument("--as-new", action="store_true", help="import as a copy with a new id")
    add_review_options(case)
    case.set_defaults(func=cmd_import_case)
    add_document_kinds(kinds, common)  # denial letters and SBCs: cli/import_documents.py


def cmd_import_case(args) -> int:
    from ..domain.case_check import import_day, strict_case
    from ..domain.case import InvalidCase
    from ..store import StoreError, UnreadableFile
    from ..store.atomic import read_json
    from ..store.case_store import EXPORT_FORMAT

    path = Path(args.file).expanduser()
    try:
        document = read_json(path)
    except UnreadableFile as exc:
        raise UsageError(f"{path}: {exc.reason}; nothing was imported") from None
    if document is None:
        raise UsageError(f"{path} does not exist")
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise UsageError(f"{path} is not a ketcover case export; nothing was imported")
    try:
        case = strict_case(document.get("case"), today=import_day(document.get("exported")))
    except InvalidCase as exc:
        first = "; ".join(f"{k}: {v}" for k, v in list(exc.errors.items())[:3])
        raise UsageError(f"{path}: the case in this file is invalid: {first}; nothing was imported") from None
    store = open_store(args)
    exists = store.case_path(case.id).exists()
    if exists and not args.as_new:
        raise UsageError(f"{path}: a case with id {case.id} already exists here; use --as-new to import it as a copy")
    target = "a new id" if args.as_new else case.id

    def apply() -> str:
        try:
            made = store.import_document(document, as_new=args.as_new)
        except StoreError as exc:
            raise UsageError(f"{path}: {exc}; nothing was imported") from None
        return f"Imported case {made.id} ({made.patient.name})"

    counts = {"calls": len(case.calls), "money entries": len(case.money.entries)}
    change = Change(case_id=target, area="Documents", action="add", source=path.name,
                    summary=f"new case for {case.patient.name}: "
                            + ", ".join(f"{n} {what}" for what, n in counts.items()),
                    details={"patient": case.patient.name, "id": case.id, **counts})
    return review(args, ImportPlan(what=f"A case from {path.name}", changes=[change], apply=apply))

