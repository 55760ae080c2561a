"""One value read from a document, with the exact text it came from and where (page and line)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .source_text import SourceText

_SPACES = re.compile(r"\s+")
_BROKEN_WORD = re.compile(r"-\n(?=[a-z])")
_SENTENCE_END = re.compile(r"[.!?](?=[\s\"')\]])|\n\s*\n")


@dataclass(frozen=True)
class Found:
    key: str  # the field it proposes (e.g. "notice_date", "ded_in_ind")
    label: str
    value: str  # as it will be saved, typed like the form would take it
    quote: str  # the document's words it came from, line breaks as spaces
    page: int
    line: int

    def cite(self) -> str:
        return f"p. {self.page}, line {self.line}"


def joined(text: str) -> str:
    """Text matched across line breaks, as one line: the document's own words, single-spaced."""
    return _SPACES.sub(" ", _BROKEN_WORD.sub("-", text)).strip()


def found_at(source: SourceText, key: str, label: str, value: str, start: int, end: int) -> Found:
    first = source.where(start)
    return Found(key, label, value, joined(source.text[start:end]), first.page, first.number)


def sentences(source: SourceText) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``source.text``: ended by . ! ? or a blank line, or by a line break
    after a short line without a stop that the next line does not continue (a heading, a table cell)."""
    text, cuts = source.text, {0, len(source.text)}
    cuts |= {m.end() for m in _SENTENCE_END.finditer(text)}
    width = max((len(line.text) for line in source.lines), default=0)
    position = 0
    for line, following in zip(source.lines, source.lines[1:]):
        position += len(line.text) + 1
        ends = line.text.rstrip()[-1:]
        starts = following.text.lstrip()[:1]
        if (ends and ends not in ".!?,;:-(" and (starts.isupper() or starts.isdigit() or not starts.isalpha())
                and len(line.text) < 0.7 * width) or line.page != following.page:
            cuts.add(position - 1)
    ordered = sorted(cuts)
    spans = []
    for start, end in zip(ordered, ordered[1:]):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            spans.append((start + lead, start + len(piece.rstrip())))
    return spans
