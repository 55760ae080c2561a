"""EOB claims into one case's Money and Appeals tabs: what would change, and the same change applied.

``merge_claims`` changes the case it is given and says what it did; the command
runs it on a copy to show the plan, then again inside the store's update (on
the case as saved by then), so what is written is what was shown, re-checked.

- An EOB is an entry of kind "eob" keyed by the payer's claim number
  (``reference``): the same claim again is kept as it is; a corrected claim
  (same number, other amounts) updates the entry; a reversal (835 CLP02=22,
  negative amounts) is added to the original's amounts, so a taken-back
  payment adjusts the original and never adds a second record.
- Entries are built through the Money form's own rules (``entry_from_form``),
  so an EOB that would be refused when typed is refused here too, with why.
- Lines are linked to the journal's sessions on their dates of service.
- A claim with denied lines (a denying CARC, nothing paid) becomes an Appeals
  denial only when the user gives the notice and receipt dates; the payment or
  check date is never used for either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..domain import appeals as appeal_forms
from ..domain.fields import InvalidFields, format_money, money_text
from ..domain.input_rules import text_error
from ..domain.money import AMOUNTS, MoneyEntry, ServiceLine
from ..domain.money_forms import entry_from_form, entry_values
from .carc import denial_reason, description
from .eob_model import EobClaim

EOB_AMOUNTS = [name for name, _ in AMOUNTS["eob"]]
ZERO = Decimal("0.00")


@dataclass
class Outcome:
    area: str  # Money / Appeals
    action: str  # add / update / adjust / keep
    summary: str
    source: str
    details: dict = field(default_factory=dict)


@dataclass
class Merged:
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    accepted: list[EobClaim] = field(default_factory=list)  # the claims now on the case (added, updated or kept)


def merge_claims(case, claims: list[EobClaim], *, file_name: str, notice_date: date | None = None,
                 received: date | None = None, today: date | None = None) -> Merged:
    """Apply ``claims`` to ``case`` (its money ledger and appeals) and describe each step."""
    merged = Merged()
    index = {e.reference: e for e in case.money.entries if e.kind == "eob" and e.reference}
    sessions = {s.id for s in case.journal.sessions}
    for claim in claims:
        try:
            _merge_one(case, claim, file_name, merged, today, index, sessions)
        except ValueError as exc:
            merged.notes.append(f"{claim.source}: not imported: {exc}")
            continue
        merged.accepted.append(claim)
        _denial(case, claim, notice_date, received, merged)
    case.money.sort()
    return merged


def _merge_one(case, claim: EobClaim, file_name: str, merged: Merged, today, index: dict, sessions: set) -> None:
    if not claim.claim_number:
        raise ValueError("no payer claim number, so a second import could not be recognised")
    original = index.get(claim.claim_number)
    if claim.reversal:
        if original is None:
            raise ValueError(f"a reversal of claim {claim.claim_number}, which has no EOB here to adjust")
        marker = f"Reversal {claim.payment_ref or claim.processed or claim.source}"
        if marker in original.notes:
            merged.outcomes.append(Outcome("Money", "keep", f"reversal of {_headline(original)} already applied",
                                           claim.source))
            return
        entry = _checked(_reversed(original, claim, marker), sessions, original, today)
        merged.outcomes.append(Outcome("Money", "adjust", f"reversal: {_headline(entry)}", claim.source,
                                       _diff(original, entry)))
        _record(case.money, index, entry)
        return
    new = _entry_for(claim, case, file_name)
    if original is not None:
        new.id, new.notes = original.id, original.notes or new.notes
        new.session_ids = list(dict.fromkeys([*original.session_ids, *new.session_ids]))
    entry = _checked(new, sessions, original, today)
    if original is not None and not _diff(original, entry):
        merged.outcomes.append(Outcome("Money", "keep", f"{_headline(original)} already recorded", claim.source))
        return
    action = "update" if original is not None else "add"
    details = _diff(original, entry) if original is not None else _facts(entry)
    merged.outcomes.append(Outcome("Money", action, _headline(entry), claim.source, details))
    _record(case.money, index, entry)


def _record(ledger, index: dict, entry: MoneyEntry) -> None:
    """Put ``entry`` in the ledger in place of the one with its id (sorted once, at the end)."""
    old = index.get(entry.reference)
    if old is not None and old.id == entry.id:
        ledger.entries[next(i for i, e in enumerate(ledger.entries) if e is old)] = entry
    else:
        ledger.entries.append(entry)
    index[entry.reference] = entry


def _entry_for(claim: EobClaim, case, file_name: str) -> MoneyEntry:
    if claim.date_of_service is None:
        raise ValueError("no date of service")
    lines = [ServiceLine(code=line.code, modifiers=line.modifiers, units=line.units, charge=line.billed,
                         on=line.on if line.on and line.on != claim.date_of_service else None)
             for line in claim.lines]
    allowed = _allowed(claim)
    days = set(claim.days())
    notes = f"Imported from {file_name} ({claim.source})"
    if claim.payer:
        notes += f"; payer {claim.payer}"
    if claim.payment_ref:
        notes += f"; check/EFT {claim.payment_ref}"
    return MoneyEntry(kind="eob", date_of_service=claim.date_of_service, on=claim.processed, payee=claim.provider,
                      reference=claim.claim_number, lines=lines, billed=claim.billed, allowed=allowed,
                      paid_plan=claim.paid, patient_share=claim.patient_share, deductible=claim.deductible,
                      network=claim.network, notes=notes,
                      session_ids=[s.id for s in case.journal.sessions if s.on in days])


def _allowed(claim: EobClaim) -> Decimal | None:
    """As stated, else by X12 balancing: paid + patient responsibility (the charge less CO/OA/PI write-downs)."""
    if claim.allowed is not None or claim.paid is None or not claim.lines:
        return claim.allowed
    return claim.paid + sum((a.amount for a in claim.all_adjustments() if a.group == "PR"), ZERO)


def _reversed(original: MoneyEntry, claim: EobClaim, marker: str) -> MoneyEntry:
    """The original with the reversal's (negative) amounts added, line by line and in total."""
    changes = {"billed": claim.billed, "allowed": _allowed(claim), "paid_plan": claim.paid,
               "patient_share": claim.patient_share, "deductible": claim.deductible}
    values = {}
    for name in EOB_AMOUNTS:
        before, delta = getattr(original, name), changes.get(name)
        values[name] = before if delta is None or before is None else max(ZERO, before + delta)
    lines = []
    for line in original.lines:
        taken = sum((x.billed or ZERO for x in claim.lines if x.code == line.code and x.billed is not None
                     and (x.on is None or x.on == (line.on or original.date_of_service))), ZERO)
        charge = None if line.charge is None else max(ZERO, line.charge + taken)
        lines.append(ServiceLine(line.code, line.modifiers, line.units, charge, line.pointers, line.on))
    entry = MoneyEntry(kind="eob", date_of_service=original.date_of_service, id=original.id, on=original.on,
                       payee=original.payee, reference=original.reference, lines=lines, network=original.network,
                       session_ids=list(original.session_ids),
                       notes=f"{original.notes}; {marker} on {claim.processed or '(date not given)'}".lstrip("; "),
                       **values)
    return entry


def _checked(entry: MoneyEntry, sessions: set[str], original, today) -> MoneyEntry:
    """The entry as the Money form would accept it (its rules, its messages), else ValueError."""
    for name in ("payee", "reference", "notes"):
        if message := text_error(getattr(entry, name), multiline=name == "notes"):
            raise ValueError(f"{name} {message}")
    try:
        return entry_from_form("eob", entry_values(entry), session_ids=sessions | set(entry.session_ids),
                               original=original or entry, today=today)
    except InvalidFields as exc:
        raise ValueError("; ".join(f"{k}: {v}" for k, v in list(exc.errors.items())[:2])) from None


def denied_adjustments(claim: EobClaim) -> list:
    """(line or None, adjustment) for each denying CARC on what was not paid; none for a reversal."""
    if claim.reversal:
        return []
    denied = [(line, a) for line in claim.lines for a in line.adjustments
              if denial_reason(a.reason) and not line.paid]
    return denied + [(None, a) for a in claim.adjustments if denial_reason(a.reason) and not claim.paid]


def _denial(case, claim: EobClaim, notice_date, received, merged: Merged) -> None:
    denied = denied_adjustments(claim)
    if not denied:
        return
    codes = list(dict.fromkeys(f"{a.group}-{a.reason}" for _, a in denied))
    services = list(dict.fromkeys(line.code for line, _ in denied if line is not None))
    days = ", ".join(d.isoformat() for d in claim.days())
    quoted = (f"Claim {claim.claim_number}: {', '.join(services) or 'the claim'} on {days} denied with "
              f"claim adjustment reason code {', '.join(codes)}")
    reason = denial_reason(denied[0][1].reason) or "other"
    if any(d.reference == claim.claim_number for d in case.appeals.denials):
        merged.outcomes.append(Outcome("Appeals", "keep", f"denial of claim {claim.claim_number} already recorded",
                                       claim.source))
        return
    if notice_date is None or received is None:
        merged.notes.append(f"{claim.source}: {quoted} ({description(denied[0][1].reason)}). To record it as a "
                            "denial, run again with --notice-date and --received: the date printed on the EOB or "
                            "notice and the day it reached you (never the check or payment date)")
        return
    # An EOB carries codes, not the notice's words: "quoted" (what letters quote as the plan's own
    # words) stays empty until the user types them from the notice; what the EOB says goes to notes.
    values = {"notice_date": notice_date.isoformat(), "received": received.isoformat(), "reason": reason,
              "quoted": "", "reference": claim.claim_number, "post_service": "yes",
              "notes": f"From the EOB, {claim.source}: {quoted}; {description(denied[0][1].reason)}. "
                       "Type the notice's own words of the reason into Quoted."}
    try:
        denial = appeal_forms.from_form("denial", values)
    except InvalidFields as exc:
        merged.notes.append(f"{claim.source}: denial not recorded: "
                            + "; ".join(f"{k}: {v}" for k, v in list(exc.errors.items())[:2]))
        return
    appeal_forms.upsert(case.appeals, denial)
    merged.outcomes.append(Outcome("Appeals", "add", f"denial {quoted}", claim.source,
                                   {"reason": reason, "notice_date": values["notice_date"],
                                    "received": values["received"], "reference": claim.claim_number}))


def _headline(entry: MoneyEntry) -> str:
    codes = " ".join(dict.fromkeys(line.code for line in entry.lines))
    return (f"EOB {entry.date_of_service} {codes} billed {format_money(entry.billed)}, "
            f"{entry.headline_amount()} (claim {entry.reference})")


def _facts(entry: MoneyEntry) -> dict:
    facts = {"date_of_service": entry.date_of_service.isoformat(), "claim": entry.reference,
             "lines": [line.text() for line in entry.lines], "sessions": list(entry.session_ids)}
    return facts | {name: money_text(getattr(entry, name)) for name in EOB_AMOUNTS if getattr(entry, name) is not None}


def _diff(before: MoneyEntry | None, after: MoneyEntry) -> dict:
    if before is None:
        return _facts(after)
    old, new = entry_values(before), entry_values(after)
    return {name: [old[name], new[name]] for name in new if old.get(name) != new[name] and name != "notes"}
