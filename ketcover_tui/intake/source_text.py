"""The text of a PDF (its text layer, through pypdf) or a plain-text file, line by line with page numbers.

Extraction reports where every value came from, so the text is kept as lines
(page, line on the page, the exact text) and also as one string in which a
regular expression can match across the odd line breaks PDFs have; ``where``
turns a position in that string back into the page and line. A file that is
not what it claims (a ZIP named .pdf), too big, password-protected or a scan
without a text layer raises ``NotReadable`` with what to do instead.
"""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass, field

MAX_BYTES = 50 * 1024 * 1024  # as the document vault
MAX_PAGES = 300
MAX_CHARS = 2_000_000  # extracted text; a real SBC is about 30,000, a denial letter 5,000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\u00a0": " ", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
                            "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\t": " "})


class NotReadable(ValueError):
    """The file cannot be read as a document here; the message says what to do."""


class NoTextLayer(NotReadable):
    """A PDF of scanned pages: there is no text to read (OCR is not done here)."""


@dataclass(frozen=True)
class Line:
    page: int  # 1-based
    number: int  # 1-based, on its page
    text: str

    def cite(self) -> str:
        return f"p. {self.page}, line {self.number}"


@dataclass
class SourceText:
    """All lines of a document, and the same text as one string (lines joined by newlines)."""

    lines: list[Line]
    pages: int
    kind: str  # "pdf" | "text"
    text: str = ""
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.text = "\n".join(line.text for line in self.lines)
        position, self._starts = 0, []
        for line in self.lines:
            self._starts.append(position)
            position += len(line.text) + 1

    def where(self, offset: int) -> Line:
        """The line a position in ``text`` falls on."""
        return self.lines[max(0, bisect.bisect_right(self._starts, offset) - 1)]

    def span(self, start: int, end: int) -> list[Line]:
        """The lines a match from ``start`` to ``end`` covers (its source, shown beside the value)."""
        first = bisect.bisect_right(self._starts, start) - 1
        last = bisect.bisect_right(self._starts, max(start, end - 1)) - 1
        return self.lines[max(0, first):last + 1]


def clean(text: str) -> str:
    """One line as shown: typographic dashes, quotes and ligatures plain, control characters gone."""
    return _CONTROL.sub("", text.translate(_LIGATURES)).rstrip()


def read_source(data: bytes, name: str = "the file") -> SourceText:
    """The document's text; NotReadable (what is wrong, what to do) for anything else."""
    if len(data) > MAX_BYTES:
        raise NotReadable(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB; a denial letter or SBC "
                          "is far smaller: check it is the right file")
    if data.startswith(b"%PDF-"):
        return _from_pdf(data, name)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        raise NotReadable(f"{name} is a ZIP archive, not a PDF or text file: unpack it and import the PDF inside")
    if b"\x00" in data[:4096]:
        raise NotReadable(f"{name} is neither a PDF nor a text file (by its content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotReadable(f"{name} is not UTF-8 text nor a PDF; save it as a PDF or as UTF-8 text") from None
    return _lines([text], "text")


def _from_pdf(data: bytes, name: str) -> SourceText:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise NotReadable(f"{name} is password-protected; save a copy without the password and import that")
        if not 1 <= len(reader.pages) <= MAX_PAGES:
            raise NotReadable(f"{name}: a PDF of {len(reader.pages)} pages; import 1 to {MAX_PAGES} pages")
        pages, total = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            total += len(pages[-1])
            if total > MAX_CHARS:
                raise NotReadable(f"{name} holds more text than a denial letter or SBC ever does; "
                                  "check it is the right file")
    except NotReadable:
        raise
    except (PyPdfError, IndexError, KeyError, TypeError, ValueError, OSError, RecursionError, AttributeError,
            ZeroDivisionError):
        raise NotReadable(f"{name} is not a readable PDF (it may be damaged); get a new copy") from None
    if not any(p.strip() for p in pages):
        raise NoTextLayer(f"{name} has no text layer (it is a scan): type the fields from it by hand")
    return _lines(pages, "pdf")


def _lines(pages: list[str], kind: str) -> SourceText:
    lines = []
    for page_number, page in enumerate(pages, start=1):
        for number, raw in enumerate(page.splitlines(), start=1):
            lines.append(Line(page_number, number, clean(raw)))
    return SourceText(lines, len(pages), kind)
