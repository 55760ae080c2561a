"""What a reading would change in the case: a denial record, or Plan-tab facts, through the forms' own rules.

A denial letter's fields become the text the denial form takes and go through
``domain.appeals.from_form``, so an import is refused exactly where typing the
same values would be. SBC facts go through ``domain.benefits.parse_fact`` and
are marked "from SBC p. N". Fields the user leaves out (``skip``) stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from ..domain import appeals
from ..domain.appeal_records import Denial
from ..domain.benefits import FACT_BY_KEY, Benefits, Exclusion, format_fact, parse_fact
from ..domain.fields import InvalidFields
from ..domain.input_rules import text_problems
from ..domain.summary import fold
from .denial_letter import DenialReading
from .found import Found
from .sbc import SbcReading

# denial letter field -> the denial form's field it fills (others go into the notes)
DENIAL_FIELDS = {"notice_date": "notice_date", "notice_deadline": "notice_deadline", "reason": "reason",
                 "urgent": "urgent", "appeals_fax": "appeals_fax", "appeals_address": "appeals_address"}
NOTE_FIELDS = ("claim_number", "reference", "auth_number", "member_id", "service", "code", "diagnosis",
               "deadline_sentence")


@dataclass(frozen=True)
class Proposal:
    key: str  # the field, as --skip names it
    label: str
    old: str
    new: str
    quote: str  # the document's words beside it
    cite: str  # "p. 1, line 3"
    item: object = None  # the Found or SbcRow it came from (the app ticks items, not keys)


def denial_proposals(reading: DenialReading, skip: set[str]) -> list[Proposal]:
    """Every field found, in the letter's order, except those skipped."""
    return [Proposal(f.key, f.label, "", _shown(f), f.quote, f.cite(), f) for f in reading.fields
            if f.key not in skip]


def _shown(found: Found) -> str:
    return found.value.replace("\n", " / ")


def denial_record(reading: DenialReading, skip: set[str], *, received: str = "") -> Denial:
    """The denial the accepted fields make; InvalidFields (from the form's rules) says what to fix."""
    kept = [f for f in reading.fields if f.key not in skip]
    values = appeals.values_of(Denial())
    values["received"] = received
    for found in kept:
        if found.key in DENIAL_FIELDS:
            values[DENIAL_FIELDS[found.key]] = found.value
        elif found.key == "service_timing":
            values["post_service"] = "yes" if found.value == "post" else "no"
    quotes = [f.quote for f in kept if f.key == "quoted"]
    values["quoted"] = "\n".join(quotes)
    number = next((f.value for key in ("claim_number", "reference", "auth_number") for f in kept if f.key == key), "")
    values["reference"] = number
    notes = [f"{f.label}: {f.value}" + (f" ({f.cite()})" if f.key == "deadline_sentence" else "")
             for f in kept if f.key in NOTE_FIELDS]
    values["notes"] = "From the denial letter:\n" + "\n".join(notes) if notes else ""
    if problems := text_problems(values):  # the text rules every way in meets
        raise InvalidFields(problems)
    return appeals.from_form("denial", values)


_NOT_ID = re.compile(r"[^0-9A-Z]")


def other_member(reading: DenialReading, case) -> str:
    """A warning when the letter's member id is not the case's (another patient's letter?); else ""."""
    printed = next((f.value for f in reading.fields if f.key == "member_id"), "")
    ours = case.plan.member_id

    def key(text: str) -> str:  # W1002-00300 and w100200300 are the same id
        return _NOT_ID.sub("", text.upper())

    if not printed or not ours or key(printed) == key(ours):
        return ""
    return (f"⚠ The letter's member id {printed} is not this case's ({ours}): make sure it is this patient's "
            "letter before saving it")


_GENERIC_WORDS = {"health", "healthcare", "insurance", "company", "plan", "plans", "group", "life", "care",
                  "the", "of", "and", "inc", "co", "corp", "mutual", "services", "benefit", "benefits"}


def other_insurer(text: str, case) -> str:
    """A warning when an SBC's first pages never name the case's insurer (another plan's SBC?); else "".
    The insurer's distinctive words are looked for ("Blue Cross Blue Shield of Massachusetts" → blue,
    cross, shield, massachusetts): any one of them printed is enough."""
    insurer = case.plan.insurer.strip()
    words = [w for w in re.findall(r"[^\W\d_]{3,}", fold(insurer)) if w not in _GENERIC_WORDS]
    if not words:
        return ""
    head = fold(text[:6000])
    if any(re.search(rf"\b{re.escape(w)}\b", head) for w in words):
        return ""
    return (f"⚠ This SBC does not name {insurer}, the case's insurer: make sure it is this patient's plan "
            "before saving it")


def same_denial(case, denial: Denial) -> Denial | None:
    """A denial already on the case from the same notice (same date and claim or reference number)."""
    return next((d for d in case.appeals.denials if d.notice_date == denial.notice_date and d.reference
                 and d.reference == denial.reference), None)


def taken_lines(reading: DenialReading | SbcReading, skip: set[str]) -> tuple[str, ...]:
    """What the Documents tab shows as taken from the file, one short line per field."""
    found = reading.fields if isinstance(reading, DenialReading) else \
        reading.facts + reading.exclusions + reading.prior_auth_notes
    lines = [f"{f.label}: {_shown(f)[:80]} ({f.cite()})" for f in found if f.key not in skip]
    if isinstance(reading, SbcReading) and "rows" not in skip:
        lines += [f"{row.title}: {row.network} / {row.out_network} ({row.where})" for row in reading.rows]
    return tuple(lines)


def sbc_proposals(benefits: Benefits, reading: SbcReading, skip: set[str]) -> list[Proposal]:
    """The SBC's facts against the Plan tab: only those that differ (or are new), exclusions and rows."""
    out = []
    for found in reading.facts:
        if found.key in skip:
            continue
        new = format_fact(_with(benefits, found), found.key)
        old = format_fact(benefits, found.key)
        if old != new:
            out.append(Proposal(found.key, found.label, old, new, found.quote, found.cite(), found))
    if "exclusions" not in skip:
        known = {e.text for e in benefits.exclusions}
        out += [Proposal("exclusions", "Excluded service", "", f.value, f.quote, f.cite(), f)
                for f in reading.exclusions if f.value not in known]
    if "rows" not in skip:
        have = {(r.key, r.network, r.out_network, r.note) for r in benefits.sbc_rows}
        for row in reading.rows:
            if (row.key, row.network, row.out_network, row.note) not in have:
                shown = f"in network {row.network}; out of network {row.out_network or '—'}"
                printed = " ".join(x for x in (row.service, row.network, row.out_network, row.note) if x)
                out.append(Proposal("rows", row.title, "", shown, printed, f"{row.where}, line {row.line}", row))
    return out


def only(reading: DenialReading | SbcReading, items: list) -> DenialReading | SbcReading:
    """The reading cut down to the items the user ticked."""
    keep = {id(item) for item in items}
    if isinstance(reading, DenialReading):
        return DenialReading([f for f in reading.fields if id(f) in keep])
    return SbcReading(facts=[f for f in reading.facts if id(f) in keep], rows=[r for r in reading.rows if id(r) in keep],
                      exclusions=[f for f in reading.exclusions if id(f) in keep],
                      prior_auth_notes=[f for f in reading.prior_auth_notes if id(f) in keep])


def _with(benefits: Benefits, found: Found) -> Benefits:
    return replace(benefits, **{found.key: parse_fact(found.key, found.value)})


def apply_sbc(benefits: Benefits, reading: SbcReading, skip: set[str], *, document: str = "") -> Benefits:
    """A copy of ``benefits`` with the accepted facts, each marked "from SBC p. N" (a call's confirmation of
    an old value no longer holds), exclusions quoted with their page, and the cost rows."""
    new = Benefits(**{f.name: getattr(benefits, f.name) for f in fields(Benefits)})
    new.exclusions, new.confirmed = list(benefits.exclusions), dict(benefits.confirmed)
    new.fact_sources, new.sbc_rows = dict(benefits.fact_sources), list(benefits.sbc_rows)
    for found in reading.facts:
        if found.key in skip or found.key not in FACT_BY_KEY:
            continue
        value = parse_fact(found.key, found.value)
        if getattr(new, found.key) != value:
            setattr(new, found.key, value)
            new.confirmed.pop(found.key, None)
        new.fact_sources[found.key] = f"from SBC p. {found.page}"
    if "exclusions" not in skip:
        known = {e.text for e in new.exclusions}
        new.exclusions += [Exclusion(f.value, f"SBC p. {f.page}, \"Services Your Plan Generally Does NOT Cover\"")
                           for f in reading.exclusions if f.value not in known]
    if "rows" not in skip and reading.rows:
        replaced = {row.key for row in reading.rows}
        new.sbc_rows = [r for r in new.sbc_rows if r.key not in replaced] + list(reading.rows)
    if document and not new.sbc_source:
        new.sbc_source = document
    return new
