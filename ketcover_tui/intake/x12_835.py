"""X12 835 (5010 X221A1) remittance files, parsed and validated by pyx12, into ``EobClaim`` records.

pyx12 walks the file against its 835 map and reports every syntax and code
error; a file with any error is refused whole (with the first errors named),
so a truncated file or one with the wrong segment terminators never becomes
half an import. We only read what the map already placed: CLP (claim), NM1*QC /
NM1*IL (patient, member id), SVC + DTM*472 + CAS + AMT*B6 (service lines),
TRN (check / EFT), BPR16 (payment date), N1*PR / N1*PE (payer, payee).

``extract`` cuts a file down to chosen claims (one patient's), as a valid 835
of its own: the header, those claims, recounted trailers; no other patient's
claims, no provider-level PLB adjustments, no TS3/TS2 totals.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Callable

from .eob_model import Adjustment, EobClaim, EobFile, EobLine
from .source import IntakeError

_ENVELOPE = ("ISA", "GS", "ST", "SE", "GE", "IEA")


@dataclass
class _Transaction:
    """The raw segments of one ST…SE, kept for extracts."""

    # Segments as text: pyx12's segment objects are many small objects each, and keeping 20,000 of them makes
    # Python's garbage collector walk them again and again (a third slower on a 2,000-claim file).
    header: list[str] = field(default_factory=list)  # ST … up to the first LX (BPR, TRN, N1 loops)
    claims: list[tuple[str, list[str]]] = field(default_factory=list)  # (the LX before it, its 2100 segments)


@dataclass
class Remittance:
    """A parsed 835: the claims, plus what an extract needs."""

    file: EobFile
    isa: str = ""
    gs: str = ""
    terms: tuple[str, str, str] = ("~", "*", ":")
    transactions: list[_Transaction] = field(default_factory=list)
    claim_at: list[tuple[int, int]] = field(default_factory=list)  # extract_index -> (transaction, claim)


def read_835(stream, name: str, progress: Callable[[int], None] | None = None) -> Remittance:
    """Parse and validate ``stream`` (binary); IntakeError naming the problems if pyx12 finds any."""
    import pyx12.error_handler
    import pyx12.errors
    import pyx12.params
    import pyx12.x12context

    _quiet_pyx12()
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    errh = pyx12.error_handler.err_handler()
    remit = Remittance(EobFile(name=name, format="x12-835", claims=[]))
    builder = _Builder(remit, progress)
    try:
        with pyx12.x12context.X12ContextReader(pyx12.params.params(), errh, text) as reader:
            remit.terms = (reader.seg_term or "~", reader.ele_term or "*", reader.subele_term or ":")
            for node in reader.iter_segments():
                where = node.x12_map_node
                builder.add(node.seg_data, where.parent.id if where is not None and where.parent is not None else "")
    except (pyx12.errors.X12Error, pyx12.errors.EngineError) as exc:
        raise IntakeError(f"{name} is not a readable X12 file: {str(exc)[:200]}") from None
    except (IndexError, ValueError, AttributeError, TypeError) as exc:
        raise IntakeError(f"{name} is not a readable X12 835 file ({type(exc).__name__})") from None
    if builder.count <= 2:
        builder.problems.append(f"its segments do not end in {remit.terms[0]!r}, the segment terminator its ISA "
                                "header declares (wrong segment terminators)")
    elif not builder.complete:
        builder.problems.append("the file ends before its trailer (SE/GE/IEA): it is truncated")
    problems = builder.problems + error_lines(errh)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise IntakeError(f"{name} is not a valid X12 835: " + "; ".join(problems[:3]) + more)
    if not remit.file.claims:
        raise IntakeError(f"{name} holds no claims (CLP)")
    remit.file.extractor = lambda claims: extract(remit, claims)
    return remit


def _quiet_pyx12() -> None:
    """pyx12 logs each error with the data it found; health data never goes to a log."""
    logger = logging.getLogger("pyx12")
    logger.propagate = False
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())


def error_lines(errh) -> list[str]:
    """Every error in pyx12's error tree, as 'line N: text'."""
    import json

    import pyx12.errh_json

    out = io.StringIO()
    errh.accept(pyx12.errh_json.errh_json_visitor(out))
    found: list[str] = []

    def walk(node, line):
        if isinstance(node, dict):
            line = node.get("cur_line", line)
            for err in node.get("errors") or ():
                found.append(f"line {line}: {str(err.get('err_str', ''))[:120]}")
            for value in node.values():
                if isinstance(value, (list, dict)):
                    walk(value, line)
        elif isinstance(node, list):
            for item in node:
                walk(item, line)

    walk(json.loads(out.getvalue() or "{}"), None)
    return found


class _Builder:
    """Turns pyx12's placed segments into claims, keeping the raw segments for extracts."""

    def __init__(self, remit: Remittance, progress):
        self.remit, self.progress = remit, progress
        self.problems: list[str] = []
        self.claim: EobClaim | None = None
        self.line: EobLine | None = None
        self.segments: list[str] | None = None
        self.lx = ""
        self.payer = self.payee = self.trace = ""
        self.paid_on: date | None = None
        self.closed = True
        self.seen_iea = False
        self.count = 0

    def raw(self, seg) -> str:
        seg_term, ele_term, subele_term = self.remit.terms
        return seg.format(seg_term, ele_term, subele_term)

    def add(self, seg, loop: str) -> None:
        """One segment as pyx12 placed it: ``loop`` is its loop's id in the 835 map (HEADER, 1000A, 2100, 2110…)."""
        sid = seg.get_seg_id()
        value = _getter(seg)
        self.count += 1
        if sid == "ISA":
            self.remit.isa = self.remit.isa or self.raw(seg)
            self.seen_iea = False
        elif sid == "GS":
            self.remit.gs = self.remit.gs or self.raw(seg)
            if value("GS01") != "HP":
                self.problems.append(f"a {value('GS01')} functional group, not an 835 (HP)")
        elif sid == "ST":
            self._finish()
            if value("ST01") != "835":
                self.problems.append(f"transaction set {value('ST01')}, not an 835")
            self.remit.transactions.append(_Transaction(header=[self.raw(seg)]))
            self.closed = False
            self.payer = self.payee = self.trace = ""
        elif sid == "SE":
            self._finish()
            self.closed = True
        elif sid == "IEA":
            self.seen_iea = True
        elif sid in ("GE",):
            pass
        elif loop in ("2100", "2110"):
            self._claim_segment(seg, sid, value, loop)
        elif sid == "LX":
            self._finish()
            self.lx = self.raw(seg)
        elif loop in ("HEADER", "1000A", "1000B") and self.remit.transactions:
            self.remit.transactions[-1].header.append(self.raw(seg))
            if sid == "TRN":
                self.trace = value("TRN02") or ""
            elif sid == "BPR":
                self.paid_on = _day(value("BPR16"))
            elif sid == "N1" and value("N101") == "PR":
                self.payer = value("N102") or ""
            elif sid == "N1" and value("N101") == "PE":
                self.payee = value("N102") or ""
        else:
            self._finish()  # TS3, TS2, PLB: provider-level, never in an extract

    def _claim_segment(self, seg, sid: str, value, loop: str) -> None:
        if sid == "CLP":
            self._finish()
            status = value("CLP02") or ""
            self.claim = EobClaim(
                claim_number=value("CLP07") or "", status=status, patient_control=value("CLP01") or "",
                source=f"CLP {len(self.remit.file.claims) + 1} ({value('CLP01')})",
                billed=_money(value("CLP03")), paid=_money(value("CLP04")), patient_share=_money(value("CLP05")),
                payer=self.payer, provider=self.payee, processed=self.paid_on, payment_ref=self.trace)
            self.claim.reversal = status == "22" or any(a is not None and a < 0 for a in
                                                        (self.claim.billed, self.claim.paid))
            self.segments, self.line = [], None
        if self.claim is None or self.segments is None:
            return
        self.segments.append(self.raw(seg))
        claim, line = self.claim, self.line
        if sid == "NM1" and value("NM101") in ("QC", "IL"):
            if value("NM101") == "QC" or not claim.patient_name:
                claim.patient_name = ", ".join(p for p in (value("NM103"), value("NM104")) if p)
            if value("NM109") and (value("NM101") == "IL" or not claim.member_id):
                claim.member_id = value("NM109") or ""
        elif sid == "DTM" and loop == "2100" and value("DTM01") in ("232", "472"):
            claim.date_of_service = claim.date_of_service or _day(value("DTM02"))
        elif sid == "SVC":
            code = seg.elements[0] if seg.elements else None
            parts = [code[i].get_value() for i in range(len(code))] if code is not None else []
            units = value("SVC05")
            self.line = EobLine(code=parts[1] if len(parts) > 1 else "", modifiers=tuple(p for p in parts[2:6] if p),
                                units=int(Decimal(units)) if units and _number(units) else 1,
                                billed=_money(value("SVC02")), paid=_money(value("SVC03")))
            claim.lines.append(self.line)
        elif sid == "DTM" and line is not None and value("DTM01") in ("472", "150"):
            line.on = _day(value("DTM02"))
        elif sid == "AMT" and line is not None and value("AMT01") == "B6":
            line.allowed = _money(value("AMT02"))
        elif sid == "CAS":
            group = value("CAS01") or ""
            for n in range(2, 19, 3):
                reason, amount = value(f"CAS{n:02d}"), _money(value(f"CAS{n + 1:02d}"))
                if reason and amount is not None:
                    (line.adjustments if line is not None else claim.adjustments).append(
                        Adjustment(group, reason, amount))

    def _finish(self) -> None:
        claim = self.claim
        if claim is None:
            return
        allowed = [line.allowed for line in claim.lines]
        if allowed and all(a is not None for a in allowed):
            claim.allowed = sum(allowed, Decimal(0))
        deductible = [a.amount for a in claim.all_adjustments() if a.group == "PR" and a.reason == "1"]
        claim.deductible = sum(deductible, Decimal(0)) if deductible else None
        claim.date_of_service = claim.date_of_service or min(claim.days(), default=None)
        transaction = self.remit.transactions[-1]
        claim.extract_index = len(self.remit.claim_at)
        self.remit.claim_at.append((len(self.remit.transactions) - 1, len(transaction.claims)))
        transaction.claims.append((self.lx, self.segments or []))
        self.remit.file.claims.append(claim)
        self.claim, self.segments, self.line = None, None, None
        if self.progress:
            self.progress(len(self.remit.file.claims))

    @property
    def complete(self) -> bool:
        return self.closed and self.seen_iea


def extract(remit: Remittance, claims: list[EobClaim]) -> bytes:
    """A valid 835 holding only ``claims`` (all from ``remit``): what one case's vault keeps."""
    seg_term, ele_term, _ = remit.terms
    wanted: dict[int, list[int]] = {}
    for claim in claims:
        t, c = remit.claim_at[claim.extract_index]
        wanted.setdefault(t, []).append(c)
    out = [remit.isa, remit.gs]
    for t, picked in sorted(wanted.items()):
        transaction = remit.transactions[t]
        paid = sum((claim.paid or Decimal(0) for claim in claims if remit.claim_at[claim.extract_index][0] == t),
                   Decimal(0))
        body = [_with_total(s, paid, ele_term) if s.startswith(f"BPR{ele_term}") else s for s in transaction.header]
        last_lx = None
        for c in sorted(picked):
            lx, segments = transaction.claims[c]
            if lx and lx is not last_lx:
                body.append(lx)
                last_lx = lx
            body += segments
        control = body[0].split(ele_term)[2].rstrip(seg_term + "\r\n")
        body.append(f"SE{ele_term}{len(body) + 1}{ele_term}{control}{seg_term}")
        out += body
    gs_control = remit.gs.split(ele_term)[6]
    isa_control = remit.isa.split(ele_term)[13]
    out += [f"GE{ele_term}{len(wanted)}{ele_term}{gs_control}{seg_term}",
            f"IEA{ele_term}1{ele_term}{isa_control}{seg_term}"]
    return "\n".join(s.rstrip("\r\n") for s in out).encode("utf-8") + b"\n"


def _with_total(bpr: str, total: Decimal, ele_term: str) -> str:
    parts = bpr.split(ele_term)
    parts[2] = f"{total:.2f}"
    return ele_term.join(parts)


def _getter(seg) -> Callable[[str], str | None]:
    """seg.get_value for plain "XXXnn" designators, without pyx12's general path parsing (the slow part)."""
    elements = seg.elements

    def value(ref: str) -> str | None:
        i = int(ref[-2:]) - 1
        return elements[i].format() if i < len(elements) else None

    return value


def _number(text: str) -> bool:
    try:
        Decimal(text)
        return True
    except InvalidOperation:
        return False


def _money(text: str | None) -> Decimal | None:
    if not text or not _number(text):
        return None
    return Decimal(text).quantize(Decimal("0.01"))


def _day(text: str | None) -> date | None:
    if not text or len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
