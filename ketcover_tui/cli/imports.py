"""`ketcover import case|eob|denial|sbc …`: bring outside files into cases, each through the same review step.

Every sub-command reads its file(s) into an ``ImportPlan`` (``import_flow``),
which shows what would change and writes only when the user (or ``--yes``)
agrees. Readers of outside formats live in ``ketcover_tui.intake`` and load
their libraries (fhir.resources, pyx12) only when an import runs.
"""

from __future__ import annotations

from pathlib import Path

from .common import Parser, UsageError, day, open_store, read_export_file
from .import_documents import add_kinds as add_document_kinds
from .import_flow import Change, ImportPlan, Progress, add_review_options, plain, review


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
    eob = kinds.add_parser("eob", help="EOBs into a case's Money tab: FHIR ExplanationOfBenefit (JSON, Bundle, "
                                       "NDJSON) or X12 835 remittance files", parents=[common])
    eob.add_argument("targets", metavar="CASE FILE", nargs="+",
                     help="the case id then one or more files; with --match, only the file(s)")
    eob.add_argument("--match", action="store_true",
                     help="a clinic file covering many patients: each claim goes to the case with its member id "
                          "and name; unmatched claims are listed, never guessed")
    eob.add_argument("--notice-date", type=day, metavar="DATE",
                     help="denied lines become Appeals denials: the date printed on the EOB or notice")
    eob.add_argument("--received", type=day, metavar="DATE",
                     help="with --notice-date: the day it reached the patient (never the check or payment date)")
    add_review_options(eob)
    eob.set_defaults(func=cmd_import_eob)
    add_document_kinds(kinds, common)  # denial letters and SBCs: cli/import_documents.py


def cmd_import_case(args) -> int:
    from ..domain.case import InvalidCase
    from ..domain.case_check import import_day, strict_case
    from ..store import StoreError
    from ..store.case_store import EXPORT_FORMAT

    path = Path(args.file).expanduser()
    document = read_export_file(args.file)
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



def cmd_import_eob(args) -> int:
    from ..intake.eob_match import Person, belongs, match

    if (args.notice_date is None) != (args.received is None):
        raise UsageError("give both --notice-date (printed on the EOB or notice) and --received (the day it "
                         "reached the patient), or neither")
    if args.match:
        case_ref, files = None, args.targets
    elif len(args.targets) < 2:
        raise UsageError("give the case id and at least one file (or --match FILE for a clinic's file)")
    else:
        case_ref, files = args.targets[0], args.targets[1:]
    store = open_store(args)
    people = [Person(s.id, s.patient, store.load(s.id).plan.member_id) for s in store.summaries()] \
        if args.match else []
    if case_ref is not None:
        case = store.load(store.resolve(case_ref))
        people = [Person(case.id, case.patient.name, case.plan.member_id)]
    changes: list[Change] = []
    notes: list[str] = []
    work: list[tuple[str, list, object, str]] = []  # (case id, claims, EOB file, extract name)
    for path in files:
        eob_file = read_eob_file(Path(path))
        if args.match:
            found = match(eob_file.claims, people)
            notes += [f"{c.source}: unmatched ({why}): {plain(c.patient_name) or '(no name)'}"
                      for c, why in found.unmatched]
            by_case = found.by_case
        else:
            mine, by_case = [], {people[0].case_id: []}
            for claim in eob_file.claims:
                if why := belongs(claim, people[0]):
                    notes.append(f"{claim.source}: not imported: {why} (a clinic's file? use --match)")
                else:
                    mine.append(claim)
            by_case[people[0].case_id] = mine
        for case_id, claims in by_case.items():
            if claims:
                work.append((case_id, claims, eob_file, Path(path).name))
    extracts, working = {}, {}  # one copy per case, so a second file is planned on what the first would do
    for n, (case_id, claims, eob_file, name) in enumerate(work):
        if case_id not in working:
            working[case_id] = store.load(case_id)  # a fresh copy read from the file: changing it writes nothing
        found, extracts[n] = _eob_changes(working[case_id], claims, eob_file, name, args, notes)
        changes += found
    if not work and not notes:
        notes.append("no claims to import")

    def apply() -> str:
        from ..intake.eob_changes import merge_claims
        from ..store.attachments import DocumentVault

        vault = DocumentVault(store)
        done = 0
        for n, (case_id, claims, _eob_file, name) in enumerate(work):
            store.update(case_id, lambda c, claims=claims, name=name: merge_claims(
                c, claims, file_name=name, notice_date=args.notice_date, received=args.received))
            if extracts[n] is not None:
                vault.add(case_id, extracts[n])
            done += 1
        pending = sum(1 for c in changes if c.action != "keep")
        return f"Imported: {pending} change(s) in {done} case(s)."

    label = ", ".join(Path(f).name for f in files)
    return review(args, ImportPlan(what=f"EOBs from {label}", changes=changes, apply=apply, notes=notes))


def read_eob_file(path: Path):
    """The file's claims (FHIR or 835, by content); UsageError in one line for anything else."""
    from ..intake.eob_file import read_eob
    from ..intake.source import IntakeError, open_checked

    try:
        with open_checked(path) as stream:
            progress = Progress(f"Reading {path.name}", "claims")
            result = read_eob(stream, path.name, progress)
            progress.done()
            return result
    except IntakeError as exc:
        raise UsageError(f"{plain(exc)}; nothing was imported") from None


def _eob_changes(case, claims: list, eob_file, name: str, args, notes: list[str]):
    """What importing ``claims`` into ``case`` (a copy) would do, worked out on it; and the extract to keep."""
    from dataclasses import replace

    from ..intake.eob_changes import merge_claims
    from ..store.attachments import check_data

    case_id = case.id
    merged = merge_claims(case, claims, file_name=name, notice_date=args.notice_date, received=args.received)
    notes += [f"case {case_id}: {n}" for n in merged.notes]
    changes = [Change(case_id, o.area, o.action, o.summary, o.details, o.source) for o in merged.outcomes]
    checked = None
    if merged.accepted and eob_file.extractor is not None:
        kind = "x12" if eob_file.format == "x12-835" else "fhir"
        try:
            checked = check_data(eob_file.extractor(merged.accepted), f"eob-{Path(name).stem}", kind)
            checked = replace(checked, record=replace(checked.record, label="EOB"))  # listed as what it is
        except ValueError as exc:
            notes.append(f"case {case_id}: the extract is not kept: {exc}")
        if checked is not None:
            stored = any(d.sha256 == checked.record.sha256 for d in case.documents)
            changes.append(Change(case_id, "Documents", "keep" if stored else "add",
                                  f"{checked.record.name}: {len(merged.accepted)} claim(s) of {name}, only this "
                                  "patient's", {"claims": len(merged.accepted), "size": checked.record.size}, name))
    return changes, checked
