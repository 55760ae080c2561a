"""`ketcover import denial CASE FILE` and `ketcover import sbc CASE FILE`: read a letter or an SBC into a case.

Part of the ``import`` group (registered by ``imports.add_commands``). The file
is read by ``ketcover_tui.intake``; every field found is shown beside the
document's words with its page and line, then the shared review step
(``import_flow``) asks before anything is written. The file is kept in the
case's document vault in the same save as what was taken from it. ``--skip``
leaves a field out (the app ticks fields instead).
"""

from __future__ import annotations

from pathlib import Path

from .common import UsageError, day, open_store
from .import_flow import Change, ImportPlan, add_review_options, review


def add_kinds(kinds, common) -> None:
    denial = kinds.add_parser("denial", help="read a denial letter (PDF or text) into a case's Appeals tab",
                              parents=[common])
    denial.add_argument("case", metavar="CASE")
    denial.add_argument("file", metavar="FILE")
    denial.add_argument("--received", type=day, metavar="YYYY-MM-DD",
                        help="the day the letter arrived (employer and ACA plans count the appeal window from it)")
    _skip_option(denial, "e.g. --skip appeals_fax --skip reason")
    add_review_options(denial)
    denial.set_defaults(func=cmd_import_denial)
    sbc = kinds.add_parser("sbc", help="read a Summary of Benefits and Coverage (PDF) into a case's Plan tab",
                           parents=[common])
    sbc.add_argument("case", metavar="CASE")
    sbc.add_argument("file", metavar="FILE")
    _skip_option(sbc, "a fact's key, 'exclusions' or 'rows', e.g. --skip oop_out_fam")
    add_review_options(sbc)
    sbc.set_defaults(func=cmd_import_sbc)


def _skip_option(parser, example: str) -> None:
    parser.add_argument("--skip", action="append", default=[], metavar="FIELD",
                        help=f"leave this field out (repeatable; the review lists the names): {example}")


def _read(path: Path):
    """(the file's bytes, its text by page and line); UsageError (exit 2, nothing written) if it is no document."""
    from ..intake.source_text import MAX_BYTES, NotReadable, read_source
    from ..store import UnreadableFile
    from ..store.atomic import read_limited

    try:
        data = read_limited(path, MAX_BYTES)
    except UnreadableFile as exc:
        raise UsageError(f"{path}: {exc.reason}; nothing was imported") from None
    if data is None:
        raise UsageError(f"{path} does not exist")
    try:
        return data, read_source(data, path.name)
    except NotReadable as exc:
        raise UsageError(f"{exc}; nothing was imported") from None


def _checked(data: bytes, path: Path, label: str, dated: str, taken: tuple, filled: tuple):
    from dataclasses import replace

    from ..store.attachments import check_bytes

    try:
        checked = check_bytes(data, path.name, text=True)
    except ValueError as exc:
        raise UsageError(f"{exc}; nothing was imported") from None
    return replace(checked, record=replace(checked.record, label=label, dated=dated, taken=taken, filled=filled))


def _field_changes(case_id: str, area: str, proposals) -> list[Change]:
    return [Change(case_id, area, "update" if p.old not in ("", "—", "not known") else "add",
                   f"{p.label}: {p.new}" + (f" (was {p.old})" if p.old not in ("", "—", "not known") else "")
                   + f" ← “{_short(p.quote)}”", {"field": p.key, "value": p.new, "was": p.old, "quote": p.quote},
                   p.cite) for p in proposals]


def _short(quote: str, limit: int = 160) -> str:
    """The quote as printed; a long one is cut with "…" here (--json and the case keep it whole)."""
    return quote if len(quote) <= limit else quote[:limit - 1] + "…"


def cmd_import_denial(args) -> int:
    from ..domain.fields import InvalidFields
    from ..intake.denial_letter import read_denial
    from ..intake.proposals import denial_proposals, denial_record, other_member, same_denial, taken_lines
    from ..store import current_user_name

    path = Path(args.file).expanduser()
    data, source = _read(path)
    from ..intake.sbc import looks_like_sbc

    if looks_like_sbc(source):
        raise UsageError(f"{path.name} reads as a Summary of Benefits and Coverage: use 'ketcover import sbc'; "
                         "nothing was imported")
    reading = read_denial(source)
    skip = set(args.skip)
    if not reading.fields:
        raise UsageError(f"{path.name}: nothing a denial letter carries was found in its text "
                         "(no notice date, numbers or reason); nothing was imported")
    store = open_store(args)
    case = store.load(store.resolve(args.case))
    try:
        denial = denial_record(reading, skip, received=args.received.isoformat() if args.received else "")
    except InvalidFields as exc:
        problems = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
        raise UsageError(f"{path.name}: {problems} (add --received, or --skip the field); nothing was imported") \
            from None
    if same_denial(case, denial):
        raise UsageError(f"{path.name}: the denial of {denial.notice_date} ({denial.reference}) is already on the "
                         "case's Appeals tab; nothing was imported")
    proposals = denial_proposals(reading, skip)
    dated = denial.notice_date.isoformat() if denial.notice_date else ""
    checked = _checked(data, path, "denial letter", dated, taken_lines(reading, skip), (f"denial:{denial.id}",))
    changes = [Change(case.id, "Appeals", "add", f"a denial from {path.name}", {"denial": denial.id})]
    changes += _field_changes(case.id, "Appeals", proposals)
    changes.append(Change(case.id, "Documents", "add", f"{checked.record.name}: kept with the case "
                                                       f"({source.pages} page{'s' if source.pages != 1 else ''})"))
    found = {p.key for p in proposals}
    notes = [f"Not found in the letter (left empty): {', '.join(missing)}" for missing in
             [[k for k in ("notice_date", "claim_number", "reason", "notice_deadline", "appeals_address")
               if k not in found and k not in skip]] if missing]
    if warning := other_member(reading, case):
        notes.append(warning)
    if not args.received:
        notes.append("The day the letter arrived is not set: add --received YYYY-MM-DD (employer and ACA plans "
                     "count the appeal window from it)")
    if denial.notice_deadline:
        notes.append(f"The deadline printed on the letter ({denial.notice_deadline.isoformat()}) is kept as the "
                     "notice's own deadline; the Appeals tab shows it beside the rule's date, and the earlier wins")

    def apply() -> str:
        from ..store.attachments import DocumentVault

        def add_denial(kept_case, _record) -> None:
            kept_case.appeals.denials.append(denial)

        record = DocumentVault(store).add(case.id, checked, by=current_user_name(), also=add_denial)
        return f"Added a denial to case {case.id} and kept {record.name} with it"

    return review(args, ImportPlan(f"A denial letter from {path.name}", changes, apply, notes))


def cmd_import_sbc(args) -> int:
    from ..intake.proposals import apply_sbc, other_insurer, sbc_proposals, taken_lines
    from ..intake.sbc import looks_like_sbc, read_sbc
    from ..store import current_user_name

    path = Path(args.file).expanduser()
    data, source = _read(path)
    if not looks_like_sbc(source):
        raise UsageError(f"{path.name} does not read as a Summary of Benefits and Coverage (no \"Summary of "
                         "Benefits and Coverage\" title or deductible question); nothing was imported")
    reading = read_sbc(source)
    skip = set(args.skip)
    store = open_store(args)
    case = store.load(store.resolve(args.case))
    proposals = sbc_proposals(case.benefits, reading, skip)
    checked = _checked(data, path, "SBC", "", taken_lines(reading, skip), ("plan",))
    changes = _field_changes(case.id, "Plan", proposals)
    changes.append(Change(case.id, "Documents", "add", f"{checked.record.name}: kept with the case "
                                                       f"({source.pages} pages)"))
    notes = [] if reading.facts else ["No deductible or out-of-pocket amounts were found: type them on the Plan tab"]
    if warning := other_insurer(source.text, case):
        notes.insert(0, warning)

    def apply() -> str:
        from ..store.attachments import DocumentVault

        def set_plan(kept_case, _record) -> None:
            kept_case.benefits = apply_sbc(kept_case.benefits, reading, skip, document=f"SBC ({path.name})")

        record = DocumentVault(store).add(case.id, checked, by=current_user_name(), also=set_plan)
        return f"Updated the plan of case {case.id} from the SBC and kept {record.name} with it"

    return review(args, ImportPlan(f"An SBC from {path.name}", changes, apply, notes))
