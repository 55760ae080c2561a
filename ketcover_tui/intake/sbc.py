"""Read a Summary of Benefits and Coverage: the federal template's questions, cost table and exclusions.

The template (45 CFR 147.200; 2021 edition) asks fixed questions ("What is the
overall deductible?", "What is the out-of-pocket limit for this plan?"), then a
table of common medical events with what the member pays in and out of network,
then "Services Your Plan Generally Does NOT Cover". pypdf gives a table's cells
one after another, often wrapped over several lines, so the text is searched as
one string with any whitespace between words, and each value keeps the page
and line it starts on. Anything not found stays out: nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.sbc_facts import ROW_KEYS, SbcRow
from .found import Found, found_at, joined
from .source_text import SourceText

W = r"\s+"
QUESTION_DEDUCTIBLE = rf"What{W}is{W}the{W}overall{W}deductible\?"
QUESTION_OOP = rf"What{W}is{W}the{W}out-of-pocket{W}limit{W}for{W}this{W}plan\?"
NEXT_QUESTION = rf"(?:Are{W}there|What{W}is|Will{W}you|Do{W}you|Common{W}Medical)"
_MONEY = r"\$\s*([\d,]+(?:\.\d{2})?)"
_TIER = r"(individual|person|self|member|single|family)"
AMOUNT_TIER = re.compile(rf"{_MONEY}\s*(?:/|per|for{W}an?|each)?\s*{_TIER}|{_TIER}\s*:?\s*{_MONEY}", re.I)
OUT_NETWORK = re.compile(r"out[-\s]of[-\s]network|non[-\s]network|non[-\s]participating|out\s+of\s+network", re.I)
IN_NETWORK = re.compile(r"\b(?:in[-\s])?network|participating|preferred", re.I)
COST = re.compile(rf"\$\s*[\d,]+(?:\.\d{{2}})?{W}?copay(?:\s*/\s*[a-z]+(?:{W}visit)?)?|\d{{1,3}}\s*%{W}coinsurance|"
                  rf"No{W}charge|Not{W}covered", re.I)
PERIOD = re.compile(rf"Coverage{W}Period:?\s*(\d{{1,2}}/\d{{1,2}}/\d{{4}})\s*-\s*(\d{{1,2}}/\d{{1,2}}/\d{{4}})", re.I)
PRIOR_AUTH = re.compile(r"pre-?authori[sz]ation|prior\s+authori[sz]ation|pre-?certification", re.I)
KETAMINE = re.compile(r"ketamine|esketamine|spravato|infusion", re.I)
EXCLUDED_HEAD = re.compile(rf"Services{W}Your{W}Plan{W}Generally{W}Does{W}NOT{W}Cover(?:\s*\([^)]*\))?", re.I)
EXCLUDED_END = re.compile(rf"Other{W}Covered{W}Services|Your{W}Rights{W}to{W}Continue", re.I)

# service rows that matter for ketamine care: key -> (the event it sits under, the row's words)
ROWS = {
    "specialist": (rf"office{W}or{W}clinic", rf"Specialist{W}visit"),
    "outpatient_facility": (rf"outpatient{W}surgery", rf"Facility{W}fee"),
    "outpatient_physician": (rf"outpatient{W}surgery", rf"Physician\s*/\s*surgeon{W}fees?"),
    "mental_health_outpatient": (rf"mental{W}health", rf"Outpatient{W}services"),
    "rx_generic": (rf"drugs{W}to{W}treat", rf"Generic{W}drugs"),
    "rx_preferred": (rf"drugs{W}to{W}treat", rf"(?<!Non-)(?<!Non\s)Preferred{W}brand{W}drugs"),
    "rx_non_preferred": (rf"drugs{W}to{W}treat", rf"Non-?\s*preferred{W}brand{W}drugs"),
    "rx_specialty": (rf"drugs{W}to{W}treat", rf"Specialty{W}drugs"),
}
ROW_END = re.compile(rf"^(?:If{W}you{W}(?:visit|have|need|are)|Primary{W}care{W}visit|Preventive{W}care|"
                     rf"Diagnostic{W}test|Imaging|Emergency{W}room|Inpatient{W}services|Common{W}Medical{W}Event|"
                     rf"Excluded{W}Services|Home{W}health|" + "|".join(f"(?:{r})" for _, r in ROWS.values()) + ")", re.I | re.M)


@dataclass
class SbcReading:
    facts: list[Found] = field(default_factory=list)  # Plan-tab facts, keyed like domain.benefits.FACTS
    rows: list[SbcRow] = field(default_factory=list)  # cost sharing per service, with notes
    exclusions: list[Found] = field(default_factory=list)  # each excluded service, quoted, with its page
    prior_auth_notes: list[Found] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.facts or self.rows or self.exclusions)


def looks_like_sbc(source: SourceText) -> bool:
    return bool(re.search(rf"Summary{W}of{W}Benefits{W}and{W}Coverage", source.text[:5000], re.I)
                or re.search(QUESTION_DEDUCTIBLE, source.text, re.I))


def read_sbc(source: SourceText) -> SbcReading:
    reading = SbcReading()
    reading.facts += _period(source)
    reading.facts += _accumulators(source, QUESTION_DEDUCTIBLE, "ded", "Deductible")
    reading.facts += _accumulators(source, QUESTION_OOP, "oop", "Out-of-pocket max")
    reading.rows = _rows(source)
    reading.prior_auth_notes = [_note_found(source, row) for row in reading.rows if PRIOR_AUTH.search(row.note)]
    if any(KETAMINE.search(f.quote) for f in reading.prior_auth_notes):
        note = next(f for f in reading.prior_auth_notes if KETAMINE.search(f.quote))
        reading.facts.append(Found("prior_auth_required", "Prior authorization required", "yes", note.quote,
                                   note.page, note.line))
    reading.exclusions = _exclusions(source)
    return reading


def _period(source: SourceText) -> list[Found]:
    match = PERIOD.search(source.text)
    if not match:
        return []
    out = []
    for n, key, label in ((1, "plan_year_start", "Plan year starts"), (2, "plan_year_end", "Plan year ends")):
        month, day, year = match[n].split("/")
        out.append(found_at(source, key, label, f"{year}-{int(month):02}-{int(day):02}", match.start(), match.end()))
    return out


def _section(source: SourceText, question: str) -> tuple[int, int] | None:
    head = re.search(question, source.text, re.I)
    if not head:
        return None
    rest = re.compile(NEXT_QUESTION, re.I).search(source.text, head.end())
    return head.end(), rest.start() if rest else min(len(source.text), head.end() + 600)


def _accumulators(source: SourceText, question: str, prefix: str, name: str) -> list[Found]:
    """Amounts in the answer, each clause's network from its own words ("for out-of-network providers")."""
    bounds = _section(source, question)
    if bounds is None:
        return []
    start, end = bounds
    found: dict[str, Found] = {}
    for clause in re.finditer(r"[^;.]+(?:\.\d+[^;.]*)*", source.text[start:end]):
        text = clause.group()
        network = "out" if OUT_NETWORK.search(text) else "in" if IN_NETWORK.search(text) else ""
        if not network:
            continue  # an amount whose network the SBC does not say: left for the user
        for amount in AMOUNT_TIER.finditer(text):
            tier = (amount[2] or amount[3]).lower()
            key = f"{prefix}_{network}_{'fam' if tier == 'family' else 'ind'}"
            value = (amount[1] or amount[4]).replace(",", "")
            net_label = "in-network" if network == "in" else "out-of-network"
            label = f"{name}, {net_label}, {'family' if tier == 'family' else 'individual'}"
            found.setdefault(key, found_at(source, key, label, value, start + clause.start(), start + clause.end()))
    return list(found.values())


def _rows(source: SourceText) -> list[SbcRow]:
    rows = []
    for key, (event, words) in ROWS.items():
        event_match = re.search(event, source.text, re.I)
        if not event_match:
            continue
        label = re.compile(f"^{words}", re.I | re.M).search(source.text, event_match.end())
        if not label:
            continue
        stop = ROW_END.search(source.text, label.end())
        end = stop.start() if stop else min(len(source.text), label.end() + 800)
        if row := _row(source, key, label.start(), label.end(), end):
            rows.append(row)
    return rows


def _row(source: SourceText, key: str, start: int, label_end: int, end: int) -> SbcRow | None:
    text = source.text[label_end:end]
    costs = list(COST.finditer(text))
    if not costs:
        return None
    cells = [costs[0].start()]  # where each "what you pay" cell starts
    for previous, cost in zip(costs, costs[1:]):
        gap = text[previous.end():cost.start()].rstrip(" ")
        if gap.endswith("\n") and not gap.rstrip().endswith((";", ",", " and", " or")) and len(cells) < 2:
            cells.append(cost.start())
    network = text[cells[0]:cells[1]] if len(cells) > 1 else _cell_end(text, cells[0])
    out = _cell_end(text, cells[1]) if len(cells) > 1 else ""
    note_start = cells[-1] + len(out or network)
    where = source.where(start)
    return SbcRow(key=key, service=joined(source.text[start:label_end]), network=joined(network),
                  out_network=joined(out), note=joined(text[note_start:]), where=f"SBC p. {where.page}",
                  line=where.number)


def _cell_end(text: str, start: int) -> str:
    """A cell from its first cost: its line, and the next lines that continue it ("(retail)", "visit")."""
    lines = text[start:].split("\n")
    cell = [lines[0]]
    for line in lines[1:]:
        if line[:1].islower() or line.startswith(("(", "/", "copay", "coinsurance")):
            cell.append(line)
        else:
            break
    return "\n".join(cell)


def _note_found(source: SourceText, row: SbcRow) -> Found:
    page = int(row.where.removeprefix("SBC p. "))
    return Found(f"prior_auth:{row.key}", f"Prior authorization: {ROW_KEYS[row.key]}", row.note, row.note, page,
                 row.line)


def _exclusions(source: SourceText) -> list[Found]:
    head = EXCLUDED_HEAD.search(source.text)
    if not head:
        return []
    stop = EXCLUDED_END.search(source.text, head.end())
    end = stop.start() if stop else min(len(source.text), head.end() + 4000)
    out = []
    for item in re.finditer(r"[•●▪■\uf0b7]\s*([^•●▪■\uf0b7]+)", source.text[head.end():end]):
        text = joined(item[1])
        if text:
            at = source.where(head.end() + item.start(1))
            out.append(Found("exclusion", "Excluded service", text, text, at.page, at.number))
    return out
