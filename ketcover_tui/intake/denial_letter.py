"""Read a denial letter: its numbers, the reasons in its own words, the appeal's address and deadline.

Rules over the text, never a guess: each field is found by the words letters
label it with ("Claim Number:", "Date of notice", "Send your appeal to"), on
the same line or the next (a two-column table gives label and value as
separate lines). The reason is the sentences that state it, quoted exactly;
its category comes from rules over those sentences, mapped to ketcover's
denial reasons and through them to ``denial_language.json``. What is not found
is left out, for the user to type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain import coding, denial_guidance
from ..domain.appeal_records import REASONS
from .dates import DATE, parse_printed
from .found import Found, found_at, joined, sentences
from .source_text import SourceText

S = r"[ \t]*\n?[ \t]*"  # a label's value on the same line or the next
ID = r"([A-Z0-9][A-Z0-9-]{3,30})"
LABELS = {
    "claim_number": ("Claim number", rf"Claim{S}(?:number|no\.?|#|ID)\s*[:#]?{S}{ID}"),
    "reference": ("Reference number", rf"(?:Reference|Ref\.|Case|Tracking){S}(?:number|no\.?|#|ID)\s*[:#]?{S}{ID}"),
    "auth_number": ("Authorization number",
                    rf"Authori[sz]ation(?:\s+request)?{S}(?:number|no\.?|#|ID)\s*[:#]?{S}{ID}"),
    "member_id": ("Member id", rf"(?:Member|Subscriber|Enrollee|Identification){S}(?:ID|number|no\.?|#)\s*[:#]?{S}{ID}"),
}
NOTICE_DATE = re.compile(rf"^(?:Date{S}of{S}(?:this{S})?notice|Notice{S}date|Date{S}of{S}letter|Date)\s*:?{S}"
                         rf"({DATE.pattern})", re.I | re.M)
SERVICE = re.compile(r"^(?:Services?(?:\s+(?:requested|denied|billed))?|Requested\s+service|Procedure|"
                     r"Item\s+or\s+service)\s*:?[ \t]*\n?[ \t]*(\S[^\n]*)", re.I | re.M)
PROCEDURE_CODE = re.compile(r"\b(\d{5}|[A-HJ-V]\d{4})\b")
CODE_CONTEXT = re.compile(r"(?:CPT|HCPCS|procedure\s+codes?|billing\s+codes?)[^\n]{0,80}", re.I)
ICD = re.compile(r"\b([A-TV-Z]\d{2}\.[0-9A-Z]{1,4})\b")
# reason category: the first rule (in this order) that any reason sentence matches
CATEGORY_RULES = (
    ("experimental", r"experimental|investigational|off-label|unproven"),
    ("step_therapy", r"step\s+therapy|try\s+(?:two|three|\d+|other)\s+[^.]*\bfirst\b|tried\s+and\s+failed"),
    ("no_prior_auth", r"(?:prior\s+)?authori[sz]ation\s+was\s+not\s+(?:obtained|requested|received)|"
                      r"without\s+(?:a\s+)?prior\s+authori[sz]ation|no\s+prior\s+authori[sz]ation"),
    ("out_of_network", r"out-of-network|out\s+of\s+network|non-participating|not\s+in\s+(?:our|the\s+plan's)\s+network"),
    ("timely_filing", r"timely\s+filing|filed\s+too\s+late|after\s+the\s+filing\s+limit"),
    ("medical_necessity", r"not\s+medically\s+necessary|medical\s+necessity|does\s+not\s+meet\s+(?:the\s+|our\s+)?"
                          r"(?:clinical\s+|medical\s+)?criteria"),
    ("not_covered", r"not\s+a\s+covered|(?:is|are)\s+excluded|exclusion|not\s+covered|does\s+not\s+cover"),
    ("coding_error", r"invalid\s+(?:code|procedure)|incorrect(?:ly)?\s+coded|insufficient\s+documentation"),
)
REASON_WORDS = re.compile("|".join(f"(?:{rule})" for _, rule in CATEGORY_RULES) +
                          r"|\bdenied\b[^.]*\bbecause\b|reason\s+for\s+(?:our|the|this)\s+(?:decision|denial)", re.I)
URGENT = re.compile(r"\b(?:urgent|expedited)\s+(?:pre-service\s+)?(?:request|claim|review\s+of\s+your\s+request)\b",
                    re.I)
PRE = re.compile(r"pre-service|prior\s+authori[sz]ation|pre-?authori[sz]ation|pre-?certification", re.I)
POST = re.compile(r"post-service|\bclaim\b|date\(s\)\s+of\s+service|services?\s+you\s+(?:already\s+)?received", re.I)
SEND_TO = re.compile(r"(?:send|mail)\s+(?:it|your\s+(?:written\s+)?(?:appeal|request)(?:\s+for\s+an?\s+appeal)?)"
                     r"\s+to\s*:?\s*", re.I)
ZIP = re.compile(r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
FAX = re.compile(r"\bfax(?:\s+(?:number|no\.?|#))?(?:\s+it)?(?:\s+to)?\s*:?\s*((?:1[\s.-])?\(?\d{3}\)?[\s.-]*\d{3}"
                 r"[\s.-]*\d{4})", re.I)
DEADLINE = re.compile(r"within\s+\d+\s+(?:calendar\s+)?days|must\s+(?:be\s+)?(?:received|filed|submitted|made)\s+"
                      r"(?:by|within|no\s+later)|no\s+later\s+than|you\s+have\s+\d+\s+(?:calendar\s+)?days|"
                      r"deadline\s+(?:to|for)\s+(?:file|appeal|request)", re.I)
DEADLINE_DATE = re.compile(rf"(?:by|no\s+later\s+than|before|on\s+or\s+before)\s+({DATE.pattern})", re.I)


@dataclass
class DenialReading:
    fields: list[Found] = field(default_factory=list)

    def get(self, key: str) -> Found | None:
        return next((f for f in self.fields if f.key == key), None)

    def all(self, key: str) -> list[Found]:
        return [f for f in self.fields if f.key == key]


def read_denial(source: SourceText) -> DenialReading:
    text, out = source.text, DenialReading()
    if m := NOTICE_DATE.search(text):
        if day := parse_printed(m[1]):
            out.fields.append(found_at(source, "notice_date", "Notice date", day.isoformat(), m.start(), m.end()))
    else:
        out.fields += _first_date_line(source)
    for key, (label, pattern) in LABELS.items():
        if m := re.search(pattern, text, re.I):
            out.fields.append(found_at(source, key, label, m[1], m.start(), m.end()))
    if m := SERVICE.search(text):
        out.fields.append(found_at(source, "service", "Service", joined(m[1]), m.start(), m.end()))
    out.fields += _codes(source)
    out.fields += _reasons(source)
    out.fields += _hints(source)
    out.fields += _appeal_to(source)
    out.fields += _deadline(source)
    return out


def _first_date_line(source: SourceText) -> list[Found]:
    """A letter's date: a line near the top of page 1 that is only a date."""
    for line in source.lines[:25]:
        if line.page == 1 and (m := DATE.fullmatch(line.text.strip())) and (day := parse_printed(m.group())):
            start = source.text.index(line.text) if line.text in source.text else 0
            return [found_at(source, "notice_date", "Notice date", day.isoformat(), start, start + len(line.text))]
    return []


def _codes(source: SourceText) -> list[Found]:
    found: dict[str, Found] = {}
    windows = [m for m in CODE_CONTEXT.finditer(source.text)] + [m for m in SERVICE.finditer(source.text)]
    for window in windows:
        for code in PROCEDURE_CODE.finditer(window.group()):
            start = window.start() + code.start()
            found.setdefault(code[1], found_at(source, "code", "Code", code[1], start, start + len(code[1])))
    for code in PROCEDURE_CODE.finditer(source.text):
        if code[1] in coding.CODES:
            found.setdefault(code[1], found_at(source, "code", "Code", code[1], code.start(), code.end()))
    for code in ICD.finditer(source.text):
        found.setdefault(code[1], found_at(source, "diagnosis", "Diagnosis code", code[1], code.start(), code.end()))
    return sorted(found.values(), key=lambda f: (f.page, f.line))


def _reasons(source: SourceText) -> list[Found]:
    quotes, categories = [], set()
    for start, end in sentences(source):
        sentence = source.text[start:end]
        if not REASON_WORDS.search(sentence) or DEADLINE.search(sentence):
            continue
        quotes.append(found_at(source, "quoted", "Reason, quoted", joined(sentence), start, end))
        categories |= {key for key, rule in CATEGORY_RULES if re.search(rule, sentence, re.I)}
    for key, _rule in CATEGORY_RULES:
        if key in categories:
            first = next(q for q in quotes if re.search(_rule, q.quote, re.I))
            entries = denial_guidance.ENTRIES.get(key, ())
            label = REASONS[key] + (f" (denial_language.json: {entries[0]})" if entries else "")
            quotes.append(Found("reason", f"Reason category: {label}", key, first.quote, first.page, first.line))
            break
    return quotes


def _hints(source: SourceText) -> list[Found]:
    out = []
    if m := URGENT.search(source.text):
        out.append(found_at(source, "urgent", "Urgent (hint)", "yes", m.start(), m.end()))
    explicit = re.search(r"\b(pre|post)-service\b", source.text, re.I)
    pre, post = PRE.search(source.text), POST.search(source.text)
    chosen = explicit or (post if post and (not pre or post.start() < pre.start()) else pre)
    if chosen:
        value = "post" if re.match(r"post|claim|date|serv", chosen.group(), re.I) else "pre"
        label = "Post-service (hint)" if value == "post" else "Pre-service (hint)"
        out.append(found_at(source, "service_timing", label, value, chosen.start(), chosen.end()))
    return out


def _appeal_to(source: SourceText) -> list[Found]:
    out = []
    if m := SEND_TO.search(source.text):
        zip_code = ZIP.search(source.text, m.end(), m.end() + 300)
        if zip_code:
            printed = source.text[m.end():zip_code.end()]
            lines = [line.strip(" ,") for line in printed.split("\n") if line.strip(" ,")]
            if len(lines) <= 2 and printed.count(",") >= 3:
                lines = [joined(printed).strip(" ,")]
            if len(lines) == 1:  # on one line: "Plan, Appeals, 900 Harbor Way, Milwaukee, WI 53202"
                parts = [p.strip() for p in lines[0].split(",")]
                lines = parts[:-2] + [", ".join(parts[-2:])] if len(parts) > 2 else parts
            out.append(found_at(source, "appeals_address", "Appeals mailing address", "\n".join(lines),
                                m.end(), zip_code.end()))
    if m := FAX.search(source.text):
        number = re.sub(r"\D", "", m[1])[-10:]
        out.append(found_at(source, "appeals_fax", "Appeals fax", f"({number[:3]}) {number[3:6]}-{number[6:]}",
                            m.start(), m.end()))
    return out


def _deadline(source: SourceText) -> list[Found]:
    out = []
    for start, end in sentences(source):
        sentence = source.text[start:end]
        if not DEADLINE.search(sentence):
            continue
        out.append(found_at(source, "deadline_sentence", "Appeal deadline, as printed", joined(sentence), start,
                            end))
        if (printed := DEADLINE_DATE.search(sentence)) and (day := parse_printed(printed[1])):
            out.append(found_at(source, "notice_deadline", "Deadline printed on the notice", day.isoformat(), start,
                                end))
            break
    return out
