"""Letters: the template contract, the case facts letters are filled from, and text -> Document.

A ``LetterTemplate`` (contributed by a plugin through ``register_letter_templates``)
turns a ``LetterContext`` (a case, optionally one denial or PA record, and today's
date) into a ``Draft``: plain text the user can edit in the app, plus the list of
what is missing. Missing facts appear in the text as ``[missing: …]`` (never a
blank), and uncertain rules as ``[check this: …]``.

Draft text is light markup: ``# `` title, ``## `` section, ``> `` quoted lines,
``- `` list items, blank lines between paragraphs. ``letter_document`` turns it
into a ``Document`` that any exporter renders (PDF, DOCX, Markdown, text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from ..domain import clock
from .model import Bullets, Document, Heading, KeepTogether, KeyValues, Lines, Paragraph
from .names import patient_stamp
from .plain_text import document_text  # noqa: F401  (the txt exporter's renderer, here since letters had it)

MISSING_RE = re.compile(r"\[missing: ([^\]]+)\]")


@dataclass(frozen=True)
class LetterTemplate:
    id: str  # what users type: "internal-appeal"
    title: str
    description: str
    build: Callable[["LetterContext"], "Draft"]
    needs: str = ""  # "denial" | "prior_auth" | "": the kind of record the letter is about
    plugin: str = field(default="", compare=False)


@dataclass
class LetterContext:
    case: object
    record: object = None  # a Denial or PriorAuth the letter is about, if any
    today: date = field(default_factory=clock.today)


@dataclass
class Draft:
    template_id: str
    title: str
    text: str

    @property
    def missing(self) -> list[str]:
        return missing_in(self.text)


def missing_in(text: str) -> list[str]:
    return list(dict.fromkeys(MISSING_RE.findall(text)))


def validate_template(obj: object) -> LetterTemplate:
    if not isinstance(obj, LetterTemplate):
        raise TypeError(f"register() expects a LetterTemplate, got {type(obj).__name__}")
    if not obj.id or obj.id != obj.id.lower() or not obj.id.replace("-", "").isalnum():
        raise ValueError(f"letter template id {obj.id!r} must be lower-case letters, digits and dashes")
    if not callable(obj.build):
        raise TypeError(f"letter template {obj.id!r}: build must be callable")
    return obj


def missing(what: str) -> str:
    return f"[missing: {what}]"


def or_missing(value: object, what: str) -> str:
    text = str(value or "").strip()
    return text if text else missing(what)


# --- case facts -----------------------------------------------------------------------

def clinician(case) -> str:
    return or_missing(case.money.billing.clinician, "clinician name and credentials (Money tab, d)")


def letterhead(case) -> tuple[tuple[str, str], ...]:
    b = case.money.billing
    pairs = [("From", case.provider.clinic or case.patient.name)]
    if b.practice_address:
        pairs.append(("Address", b.practice_address))
    if b.phone:
        pairs.append(("Phone", b.phone))
    pairs += [("Patient", case.patient.name), ("Member ID", case.plan.member_id or "—")]
    return tuple(pairs)


def re_lines(case, record=None) -> list[str]:
    """The 'RE:' block every payer letter starts with."""
    p, plan = case.patient, case.plan
    lines = [f"- Patient: {p.name}",
             f"- Date of birth: {or_missing(p.date_of_birth, 'date of birth')}",
             f"- Member ID: {or_missing(plan.member_id, 'member ID')}; group: {plan.group_id or 'none'}",
             f"- Plan: {or_missing(plan.insurer, 'insurer')}"
             + (f" ({plan.plan_type.label})" if plan.plan_type else ""),
             f"- Diagnosis (ICD-10-CM): {diagnosis(case)}",
             f"- Requested service (CPT/HCPCS): {codes(case, record)}"]
    if record is not None and getattr(record, "reference", ""):
        lines.append(f"- Claim / reference number: {record.reference}")
    if record is not None and hasattr(record, "notice_date"):
        lines.append(f"- Date of denial notice: {or_missing(record.notice_date, 'date printed on the denial')}")
    if record is not None and getattr(record, "auth_number", ""):
        lines.append(f"- Authorization number: {record.auth_number}")
    return lines


def diagnosis(case) -> str:
    if not case.conditions:
        return missing("diagnosis code (edit the case, e)")
    return "; ".join(f"{c.icd10} {c.description}".strip() for c in case.conditions)


def codes(case, record=None) -> str:
    if record is not None and getattr(record, "codes", ""):
        return record.codes
    for pa in case.appeals.prior_auths:
        if pa.codes:
            return pa.codes
    seen = dict.fromkeys(line.code for entry in case.money.entries for line in entry.lines if line.code)
    return ", ".join(seen) if seen else missing("CPT/HCPCS codes (add a prior authorization or an invoice)")


def prior_treatment_lines(case) -> list[str]:
    from ..domain.journal import OUTCOME_LABELS

    if not case.journal.prior:
        return [f"- {missing('prior treatments: drug, dose, duration, outcome (Journal tab)')}"]
    lines = []
    for p in case.journal.prior:
        weeks = p.weeks()
        duration = p.period() + (f" ({weeks} weeks)" if weeks is not None else "")
        lines.append(f"- {p.name}: dose {p.dose or 'not recorded'}; {duration or 'dates not recorded'}; "
                     f"outcome: {OUTCOME_LABELS.get(p.outcome, p.outcome) or 'not recorded'}"
                     + (f" ({p.notes})" if p.notes else ""))
    return lines


def efficacy_lines(case) -> list[str]:
    from ..domain import measures
    from ..domain import instruments

    results = measures.efficacy_all(case.journal.measures, case.journal.session_days())
    if not results:
        return [f"- {missing('symptom scores (PHQ-9, GAD-7, PCL-5 …) on the Journal tab')}"]
    rule = instruments.RESPONSE_RULE
    return [f"- {e.line()}" for e in results] + [f"({rule.text} Source: {rule.source}.)"]


def call_lines(case, limit: int = 6) -> list[str]:
    """'On 2026-03-02 representative J. Smith, reference 12345, said: “…”.'"""
    lines = []
    for call in sorted(case.calls, key=lambda c: c.started_at):
        said = (call.promised or call.outcome).strip().strip('"“”')
        if not (call.reference or said):
            continue
        who = f"representative {call.rep_name}" if call.rep_name else "a representative"
        if call.department:
            who += f" ({call.department})"
        ref = f", reference {call.reference}" if call.reference else ", no reference number given"
        lines.append(f"- On {call.day.isoformat()} {who}{ref}, said: “{said or 'see call notes'}”.")
    return lines[-limit:] or ["- No calls with the plan are recorded."]


def deadline_lines(case, record) -> list[str]:
    """The rule and deadline that apply, with a check-this note where the notes are uncertain."""
    from ..domain import appeals as ap
    from ..domain import deadlines as dl

    if record is None:
        return []
    try:
        found = ap.denial_deadlines(case.plan.plan_type, record) if hasattr(record, "quoted") else \
            ap.pa_deadlines(case.plan.plan_type, record)
    except dl.NoRules as exc:
        return [f"[check this: {exc}]"]
    lines = []
    for d in found:
        lines.append(f"- {d.what}: by {d.due_text()} ({d.rule}).")
        if d.check_this:
            lines.append(f"  [{d.warning()}]")
    return lines


# --- text -> Document -------------------------------------------------------------------

CLOSINGS = ("sincerely", "respectfully", "yours truly", "with thanks", "thank you,")


def _is_closing(line: str) -> bool:
    return line.strip().casefold().rstrip(",").startswith(CLOSINGS) and len(line.strip()) < 40


def letter_blocks(text: str) -> list:
    """Draft text -> blocks: headings, paragraphs, quotes, bullet lists, and the signature block as
    Lines kept together (its line breaks and the space to sign survive in every format)."""
    blocks: list = []
    paragraph: list[str] = []
    bullets: list[str] = []
    lines = text.splitlines()

    def flush() -> None:
        if bullets:
            blocks.append(Bullets(tuple(bullets)))
            bullets.clear()
        if paragraph:
            short = len(paragraph) > 1 and all(len(p) <= 60 for p in paragraph)  # an address: keep its lines
            blocks.append(Lines(tuple(paragraph)) if short else Paragraph(" ".join(paragraph)))
            paragraph.clear()

    for n, raw in enumerate(lines):
        line = raw.rstrip()
        stripped = line.lstrip()
        if _is_closing(line):
            flush()
            tail = [t.rstrip() for t in lines[n:]]
            while tail and not tail[-1].strip():
                tail.pop()
            blocks.append(KeepTogether((Lines(tuple(t.strip() for t in tail)),)))
            break
        if not stripped:
            flush()
        elif line.startswith("## ") or line.startswith("# "):
            flush()
            level = 2 if line.startswith("## ") else 1
            blocks.append(Heading(line[level + 1:].strip(), level))
        elif line.startswith("> "):
            flush()
            blocks.append(Paragraph(line[2:], style="quote"))
        elif stripped.startswith("- "):
            if paragraph:
                flush()
            bullets.append(stripped[2:])
        elif stripped.lower().startswith("[check this"):
            flush()
            blocks.append(Paragraph(stripped, style="muted"))
        else:
            if bullets:
                flush()
            paragraph.append(line.strip())
    flush()
    return blocks


def letter_document(case, title: str, text: str, generated: datetime | None = None, record=None) -> Document:
    blocks = letter_blocks(text)
    missing_now = missing_in(text)
    if missing_now:
        blocks.append(KeyValues((("Still missing", "; ".join(missing_now)),)))
    stamp = (generated or clock.now()).replace(microsecond=0).isoformat()
    return Document(title=title, header=letterhead(case), blocks=blocks, generated=stamp, kind="letter",
                    stamp=patient_stamp(case, record), draft=bool(missing_now), subject=title)


# --- choosing the record and making a draft (CLI and TUI) -------------------------------

class LetterProblem(ValueError):
    """A letter cannot be made as asked; the message says what to do."""


def pick_record(case, template: LetterTemplate, record_id: str | None = None):
    """The denial / PA the letter is about: the one named, else the latest open one."""
    from ..domain import appeals as ap

    if record_id:
        try:
            record = ap.find(case.appeals, record_id)
        except KeyError:
            raise LetterProblem(f"case {case.id} has no prior authorization, claim or denial {record_id!r}") from None
        return record
    if template.needs == "denial":
        open_ones = [d for d in case.appeals.denials if d.open] or case.appeals.denials
        if not open_ones:
            raise LetterProblem(f"the {template.title.lower()} is about a denial, and case {case.id} has none: "
                                "record it first (Appeals tab, n)")
        return max(open_ones, key=lambda d: (d.received or d.notice_date or date.min))
    if template.needs == "prior_auth":
        return case.appeals.prior_auths[-1] if case.appeals.prior_auths else None
    return None


def find_template(templates: list, template_id: str) -> LetterTemplate:
    for template in templates:
        if template.id == template_id.lower():
            return template
    available = ", ".join(t.id for t in templates) or "none (are plugins disabled by KETCOVER_LOAD_PLUGINS?)"
    raise LetterProblem(f"unknown letter {template_id!r}; available: {available}")

