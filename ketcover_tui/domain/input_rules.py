"""The rules every piece of new input meets, whichever way it comes in.

Forms, ``cases import``, drafts and plugin results saved to a case all pass
through here, so a value the case form refuses is refused everywhere. Two kinds
of rule: text rules (length, no control characters, no bidi overrides) that
apply to every string of a case document, and the forms' own rules, applied to
an imported record by showing it to its form's validator (``strict_case``).

Errors are keyed by the field's path in the document, like ``calls[3].follow_up_due``.
Cases already stored that break a newer rule still open: ``stored_problems``
lists what is wrong so the app can flag it, and only new input is refused.
"""

from __future__ import annotations

import math
import re
import unicodedata

NAME_LIMIT = 200  # a person's, an insurer's or a clinic's name
LINE_LIMIT = 2_000  # any other one-line field
NOTE_LIMIT = 100_000  # notes, quotes and other several-line text (100 KB)
DEPTH_LIMIT = 24  # nesting of a case document; ours goes 6 deep

NAME_KEYS = {"name", "insurer", "clinic", "rep_name", "payee", "patient"}
MULTILINE_KEYS = {"notes", "promised", "search_note", "text", "review_notes", "quoted", "note", "answer",
                  "lines", "description", "summary", "body", "appeals_address"}

# C0 and C1 control characters and DEL; a several-line field may hold tabs and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates: they reorder what a reader sees ("Trojan source").
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def text_error(value: str, *, multiline: bool = False, limit: int | None = None) -> str | None:
    """What is wrong with one typed or imported text value, or None."""
    limit = limit or (NOTE_LIMIT if multiline else LINE_LIMIT)
    if len(value) > limit:
        return f"too long ({len(value):,} characters; at most {limit:,})"
    if match := (_CONTROL_MULTILINE if multiline else _CONTROL).search(value):
        what = "a line break" if match.group() in "\r\n" else f"a control character ({escaped(match.group())})"
        return f"holds {what}: type it on one line, without control characters"
    if match := _BIDI.search(value):
        return f"holds a text-direction override ({escaped(match.group())}): remove it"
    return None


def escaped(text: str) -> str:
    """Control characters (line breaks too) and bidi overrides written out (``\\x1b``, ``\\u202e``)."""
    def one(ch: str) -> str:
        if not (_CONTROL.match(ch) or _BIDI.match(ch)):
            return ch
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return "".join(one(ch) for ch in text)


_UNSAFE_SHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_SHOWN_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, multiline: bool = True) -> str:
    """``text`` safe to write to a terminal: control characters as ``\\x1b``, bidi overrides as ``⟨U+202E⟩``.

    Line breaks and tabs stay where ``multiline`` allows them. Escape sequences in stored
    text could otherwise set a terminal's title or clipboard, or clear the screen.
    """
    def one(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"⟨U+{code:04X}⟩"

    return (_UNSAFE_SHOWN_MULTILINE if multiline else _UNSAFE_SHOWN).sub(one, text)


def limit_for(key: str) -> tuple[bool, int]:
    """(several lines allowed, length limit) for a field named ``key``."""
    if key in NAME_KEYS:
        return False, NAME_LIMIT
    if key in MULTILINE_KEYS:
        return True, NOTE_LIMIT
    return False, LINE_LIMIT


def text_problems(data: object, path: str = "", *, skip: frozenset = frozenset({"record_stamps"})) -> dict[str, str]:
    """Every string in a document that breaks a text rule, by path; also too-deep nesting."""
    problems: dict[str, str] = {}

    def walk(value: object, where: str, key: str, depth: int) -> None:
        if depth > DEPTH_LIMIT:
            problems[where or "case"] = f"nested more than {DEPTH_LIMIT} levels deep"
            return
        if isinstance(value, str):
            multiline, limit = limit_for(key)
            if message := text_error(value, multiline=multiline, limit=limit):
                problems[where] = message
        elif isinstance(value, dict):
            for inner_key, inner in value.items():
                if not isinstance(inner_key, str):
                    problems[where or "case"] = "has a key that is not text"
                    continue
                if not where and inner_key in skip:
                    continue
                if message := text_error(inner_key, limit=NAME_LIMIT):
                    problems[f"{where}.{escaped(inner_key[:40])}" if where else escaped(inner_key[:40])] = \
                        f"field name {message}"
                    continue
                walk(inner, f"{where}.{inner_key}" if where else inner_key, inner_key, depth + 1)
        elif isinstance(value, list):
            for n, inner in enumerate(value):
                walk(inner, f"{where}[{n}]", key, depth + 1)
        elif isinstance(value, float) and not math.isfinite(value):
            problems[where] = "is not a number"

    walk(data, path, "", 0)
    return problems


# --- the shape of a case document: what each known path holds ("[]" = any list item) ----------

OBJECT, OBJECTS, TEXTS, NUMBERS = "an object", "a list of objects", "a list of text values", "a list of numbers"
SHAPES = {
    **dict.fromkeys(("patient", "plan", "provider", "funding", "benefits", "provider_search", "journal", "money",
                     "appeals", "checklist", "record_stamps", "money.billing", "benefits.confirmed", "benefits.fact_sources",
                     "funding.inputs"), OBJECT),
    **dict.fromkeys(("calls", "conditions", "calls[].answers", "provider_search.candidates", "journal.sessions",
                     "journal.prior", "journal.measures", "money.entries", "money.entries[].lines",
                     "benefits.exclusions", "benefits.sbc_rows", "funding.entries", "appeals.prior_auths", "appeals.claims",
                     "appeals.denials", "documents", "exports"), OBJECTS),
    **dict.fromkeys(("calls[].plan_changes", "journal.sessions[].side_effects", "money.entries[].session_ids",
                     "money.entries[].lines[].modifiers", "documents[].taken",
                     "documents[].filled"), TEXTS),
}
_FITS = {
    OBJECT: lambda v: isinstance(v, dict),
    OBJECTS: lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
    TEXTS: lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
    NUMBERS: lambda v: isinstance(v, list) and all(isinstance(i, int) and not isinstance(i, bool) for i in v),
}


def shape_problems(data: object) -> dict[str, str]:
    """Known paths holding the wrong kind of value (``calls[0].plan_changes: 5``), by path."""
    problems: dict[str, str] = {}

    def walk(value: object, where: str, pattern: str, depth: int) -> None:
        if depth > DEPTH_LIMIT:
            return
        if isinstance(value, dict):
            for key, inner in value.items():
                here, shape_key = (f"{where}.{key}", f"{pattern}.{key}") if where else (str(key), str(key))
                shape = SHAPES.get(shape_key)
                if inner is not None and shape and not _FITS[shape](inner):
                    problems[here] = f"expected {shape}"
                else:
                    walk(inner, here, shape_key, depth + 1)
        elif isinstance(value, list):
            for n, inner in enumerate(value):
                walk(inner, f"{where}[{n}]", f"{pattern}[]", depth + 1)

    walk(data, "", "", 0)
    return problems


def stamps_problems(stamps: object) -> dict[str, str]:
    """record_stamps: "section:id" -> {by, at, section}, every value text."""
    if stamps is None:
        return {}
    if not isinstance(stamps, dict):
        return {"record_stamps": "expected an object"}
    for key, stamp in stamps.items():
        if not isinstance(stamp, dict) or not all(isinstance(v, (str, int)) for v in stamp.values()):
            return {f"record_stamps.{escaped(str(key)[:40])}": "expected an object of by, at, section and rev"}
    return {}


def normal_text(text: str) -> str:
    """NFC, so the same name typed two ways is stored one way."""
    return unicodedata.normalize("NFC", text)
