"""The appeal packet: one Document for the insurer, rendered like every other document.

Optionally a fax cover sheet or a mail cover letter first (``packet_cover``); then
a cover page with the case's facts and the contents; each letter (the appeal and
the letter of medical necessity it encloses); the efficacy summary; the score
chart with the scale score history; prior treatments; the call log; the payments
table; and the attachments the user chose (denial scans, records), merged in as
stamped pages. Every page carries the patient stamp and "Page X of Y" over the
whole packet (the PDF exporter does that for any document with a stamp).

The caller reads the attachments (``Attachment`` blocks with their bytes): this
module never touches files. A packet that still lacks something (a fact in a
letter, an enclosure the letter names, the fax number a fax cover needs) is
marked DRAFT, and ``Packet.missing`` says what to add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..domain import clock
from ..domain import money as mn
from ..domain.fields import format_money
from .letters import (LetterContext, NotFinal, final_problems, find_template, letter_blocks, letter_key, letterhead,
                      letterhead_gaps, make_draft, missing_in, normalized)
from .model import (Attachment, Chart, Contents, Document, Heading, KeepTogether, KeyValues, Paragraph, Section,
                    Series, Table)
from .names import claim_reference, generated_stamp, patient_stamp

# What letters name in their enclosures -> what in the packet encloses it.
ENCLOSURES = {
    "letter of medical necessity": "lmn",
    "scale score history": "scores",
    "prior treatment log": "prior",
    "efficacy summary": "efficacy",
    "call log": "calls",
    "chart notes": "records",
    "the denial notice": "denial",
    "the final internal denial": "denial",
    "the notice of resolution": "denial",
}
# What an attached document must be marked as (Docs tab) to be the enclosure a letter names;
# an attachment not marked as anything may be either.
ENCLOSED_AS = {"records": "records", "denial": "denial letter"}


@dataclass(frozen=True)
class PacketLetter:
    template_id: str
    title: str
    text: str
    signer: str = "patient"


def default_letters(case, record=None) -> list[str]:
    """The letters a packet starts with for where the denial stands: its next request, then the LMN it encloses."""
    from ..domain import deadlines as dl
    from ..domain.appeal_deadlines import denial_stage
    from ..domain.deadline_model import Event

    denial = record if hasattr(record, "quoted") else next(
        (d for d in reversed(case.appeals.denials) if d.open), None)
    family = dl.FAMILIES.get(case.plan.plan_type)
    first = "internal-appeal"
    if family == dl.MEDICAID_FFS:
        first = "fair-hearing"
    elif denial is not None and denial_stage(denial) is Event.FINAL_DENIAL_RECEIVED:
        first = {dl.GROUP: "external-review", dl.MEDICAID_MC: "fair-hearing"}.get(family, first)
    return [first, "lmn"]


def packet_letter(host, case, template_id: str, record, on=None) -> PacketLetter:
    """A letter for the packet: its latest version kept with the case, else the template's draft for today.

    LetterProblem when the template is unknown or will not write this letter for the case today.
    """
    from ..domain.letter_log import find_letter

    template = find_template(host.letter_templates(), template_id)
    key = letter_key(template, record)
    saved = find_letter(case.appeals, template.id, key)
    if saved is not None and saved.latest is not None:
        return PacketLetter(saved.template_id, saved.title, saved.latest.text, saved.signer)
    context = LetterContext(case, record) if on is None else LetterContext(case, record, on)
    draft = make_draft(host, template, context)
    again = find_letter(case.appeals, draft.template_id, key)
    if again is not None and again.latest is not None:  # e.g. the follow-up the appeal became, as edited
        return PacketLetter(again.template_id, again.title, again.latest.text, again.signer)
    return PacketLetter(draft.template_id, draft.title, draft.text, getattr(draft, "signer", template.signer))


@dataclass
class Packet:
    document: Document
    missing: list[str] = field(default_factory=list)

    @property
    def sections(self) -> list[str]:
        return [b.title for b in self.document.blocks if isinstance(b, (Section, Attachment)) and
                getattr(b, "level", 1) == 1]


def _case_facts(case, record) -> KeyValues:
    p, plan = case.patient, case.plan
    facts = [("Patient", p.name), ("Date of birth", p.date_of_birth.isoformat() if p.date_of_birth else "—"),
             ("Insurer", plan.insurer or "—"), ("Member id", plan.member_id or "—"), ("Group id", plan.group_id or "—")]
    if record is not None:
        facts.append(("Claim / reference", claim_reference(case, record) or "—"))
        if getattr(record, "notice_date", None):
            facts.append(("Denial notice", record.notice_date.isoformat()))
    facts.append(("Prepared", clock.today().isoformat()))
    return KeyValues(tuple(facts))


def score_chart(case) -> Chart:
    from ..domain import instruments

    series = []
    for instrument_id in sorted({m.instrument for m in case.journal.measures}):
        spec = instruments.INSTRUMENTS[instrument_id]
        entries = sorted((m for m in case.journal.measures if m.instrument == instrument_id), key=lambda m: m.on)
        series.append(Series(f"{spec.name} (0–{spec.max_score})", tuple((m.on.isoformat(), float(m.score))
                                                                         for m in entries), float(spec.max_score)))
    return Chart("Scores over time", tuple(series),
                 note="Each scale as a percentage of its maximum (lower is better); dots are the recorded scores.")


def score_history(case) -> list:
    ordered = sorted(case.journal.measures, key=lambda m: (m.on, m.instrument))
    if not ordered:
        return [Paragraph("No symptom scores recorded.", style="muted")]
    return [Table(("Date", "Measure", "Score", "Band"),
                  tuple((m.on.isoformat(), m.spec.name, f"{m.score}/{m.spec.max_score}", m.band) for m in ordered),
                  widths=(1, 1.2, 0.8, 1.6))]


def prior_blocks(case) -> list:
    from ..domain.journal import OUTCOME_LABELS

    rows = tuple((p.name, p.dose or "—", p.period() or "—", OUTCOME_LABELS.get(p.outcome, p.outcome) or "—",
                  p.notes or "") for p in case.journal.prior)
    if not rows:
        return [Paragraph("No prior treatments recorded.", style="muted")]
    return [Table(("Treatment", "Dose", "Dates", "Outcome", "Notes"), rows, widths=(1.3, 0.8, 1.3, 1, 1.6))]


def payments_blocks(case) -> list:
    """Every money document as a row, with the Money tab's totals: a table, so nothing overprints."""
    ledger = case.money
    t = mn.totals(ledger)
    counts = dict(t.counts)

    def money(value) -> str:
        return format_money(value) if value is not None else ""

    rows = []
    for e in sorted(ledger.entries, key=lambda e: (e.date_of_service, e.kind)):
        billed = e.billed if e.kind == "invoice" else None
        rows.append((e.date_of_service.isoformat(), e.kind_label, e.reference or "—", money(billed),
                     money(e.paid_patient), money(e.allowed), money(e.paid_plan), money(e.reimbursed)))
    billed_total = format_money(t.billed) if counts.get("invoice") else "no invoices"
    rows.append(("Total", f"{len(ledger.entries)} documents", "", billed_total, format_money(t.paid_by_you),
                 format_money(t.allowed), format_money(t.paid_by_plan), format_money(t.reimbursed)))
    blocks: list = [
        Table(("Date of service", "Document", "Reference", "Billed", "Paid by patient", "Allowed (EOB)",
               "Paid by plan", "Reimbursed"), tuple(rows), widths=(1, 0.95, 1.35, 0.9, 0.95, 0.9, 0.9, 1),
              align=("L", "L", "L", "R", "R", "R", "R", "R")),
        Paragraph("Billed comes from the clinic's invoices, paid by patient from receipts, and allowed, paid by "
                  "plan and reimbursed from the plan's EOBs; each amount is counted once. The totals are the "
                  "case's Money tab totals.", style="muted"),
    ]
    claims = tuple((c.claim_number or "—", c.submitted.isoformat() if c.submitted else "—", format_money(c.billed),
                    format_money(c.allowed), format_money(c.paid), c.status or "submitted")
                   for c in case.appeals.claims)
    if claims:
        blocks.append(KeepTogether((Paragraph("Claims"), Table(
            ("Claim", "Submitted", "Billed", "Allowed", "Paid", "Status"), claims,
            align=("L", "L", "R", "R", "R", "L")))))
    return blocks


def _enclosure_gaps(letters: list[PacketLetter], case, attachments) -> list[str]:
    """Enclosures a letter names that the packet does not hold (sending it so would say something untrue)."""
    present = {"lmn": any(letter.template_id == "lmn" for letter in letters), "scores": bool(case.journal.measures),
               "prior": bool(case.journal.prior),
               "efficacy": bool(case.journal.sessions or case.journal.measures), "calls": bool(case.calls)}
    present |= {part: any(a.label in ("", label) for a in attachments) for part, label in ENCLOSED_AS.items()}
    how = {"records": "attach the clinic's records (a document marked records)",
           "denial": "attach the notice (a document marked denial letter)",
           "lmn": "include the letter of medical necessity (--letter lmn)",
           "scores": "record the scores on the Journal tab", "prior": "record them on the Journal tab",
           "efficacy": "record the sessions and scores on the Journal tab", "calls": "log the calls"}
    named: dict[str, list[str]] = {}
    for letter in letters:
        _, _, tail = letter.text.partition("## Enclosures")
        listed = tail.split("\n## ")[0].casefold()
        for name, part in ENCLOSURES.items():
            if name in listed and not present[part]:
                named.setdefault(name, []).append(letter.title.lower())
    return [f"{name}, named as enclosed in the {' and the '.join(titles)}: {how[ENCLOSURES[name]]}"
            for name, titles in named.items()]


def packet_document(case, letters: list[PacketLetter], attachments: list[Attachment] = (), *, record=None,
                    cover: str = "", generated: datetime | None = None, final: bool = False, on=None) -> Packet:
    """The packet for ``case``: ``letters`` first (the appeal, then what it encloses), ``cover`` "fax"/"mail"/"".

    A final copy raises NotFinal while any letter, enclosure or cover still lacks something; a draft lists it
    in ``Packet.missing`` and is marked DRAFT on every page.
    """
    from .calls import call_log_document
    from .journal import efficacy_blocks
    from .packet_cover import cover_blocks

    missing: list[str] = []
    for letter in letters:
        problems = [f"missing: {gap}" for gap in letterhead_gaps(case, letter.signer)]
        problems += final_problems(letter.text, on)
        missing += [f"{problem} (in the {letter.title.lower()})" for problem in problems]
    missing += _enclosure_gaps(letters, case, attachments)
    blocks: list = []
    titles = [l.title for l in letters] + ["Efficacy summary", "Symptom scores", "Prior treatments", "Call log",
                                            "Payments"] + [a.title for a in attachments]
    if cover:
        more, needs = cover_blocks(case, record, cover, titles)
        blocks += more
        missing += needs
    if final and missing:
        raise NotFinal(missing)
    main = letters[0].title if letters else "Appeal"
    blocks += [Section(f"Appeal packet: {main}"), _case_facts(case, record), Contents()]
    for letter in letters:
        text = normalized(letter.text)
        body = letter_blocks(text)
        if body and isinstance(body[0], Heading) and body[0].text == letter.title:
            body = body[1:]  # the section heading says it already
        if not final and (gaps := list(dict.fromkeys(letterhead_gaps(case, letter.signer) + missing_in(text)))):
            body.append(KeyValues((("Still missing", "; ".join(gaps)),)))
        blocks += [Section(letter.title), KeyValues(letterhead(case, letter.signer)), *body]
    calls = call_log_document(case).blocks
    blocks += [Section("Efficacy summary"), *efficacy_blocks(case),
               Section("Symptom scores"), score_chart(case), *score_history(case),
               Section("Prior treatments"), *prior_blocks(case),
               Section("Call log"), *calls,
               Section("Payments"), *payments_blocks(case), *attachments]
    return Packet(Document(
        title=f"Appeal packet · {case.patient.name}", header=(("Insurer", case.plan.insurer or "—"),
                                                              ("Member id", case.plan.member_id or "—")),
        blocks=blocks, generated="" if final else generated_stamp(generated), kind="appeal-packet",
        stamp=patient_stamp(case, record), draft=not final, subject=f"{main} with its evidence",
    ), missing)


MEDIA_TYPES = ((b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def attachment_block(filename: str, data: bytes, title: str = "", label: str = "") -> Attachment:
    """An attachment for the packet, its type read from its first bytes (not its name); ValueError otherwise.
    ``label``: what the case's Docs tab says it is ("denial letter", "SBC"…)."""
    for magic, media_type in MEDIA_TYPES:
        if data.startswith(magic):
            return Attachment(title or f"Attachment: {filename}", filename, data, media_type, label)
    raise ValueError(f"{filename} is not a PDF, PNG or JPEG file")
