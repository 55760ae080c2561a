"""Reading exported PDFs back the way a claims reviewer sees them: words with their boxes, pages, bookmarks.

pdfplumber gives each word's box and font; two words whose boxes overlap are
overprinted text. A heading alone at the foot of a page is a bold line of 10 pt or
more that is the last line above the footer.
"""

from __future__ import annotations

import io
import re

import pdfplumber
from pypdf import PdfReader

MM = 72 / 25.4
FOOTER_TOP = 279.4 * MM - 16 * MM  # nothing but the footer below this (the exporter's BOTTOM)


def words(page) -> list[dict]:
    return page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=False)


def _overlapping_chars(page, tolerance: float) -> list[tuple[str, str]]:
    """Characters of one line drawn over each other (two texts at the same place merge into one 'word')."""
    rows: dict[int, list[dict]] = {}
    for ch in page.chars:
        if ch["text"].strip():
            rows.setdefault(round(ch["top"]), []).append(ch)
    found = []
    for row in rows.values():
        row.sort(key=lambda c: c["x0"])
        for a, b in zip(row, row[1:]):
            if a["x1"] - b["x0"] > tolerance:
                found.append((a["text"], b["text"]))
    return found


def overprinted(data: bytes, tolerance: float = 0.6) -> list[tuple[int, str, str]]:
    """(page, text, text) for every two characters of a line or two words of different lines that overlap."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            found += [(number, a, b) for a, b in _overlapping_chars(page, 2 * tolerance)]
            boxes = sorted(words(page), key=lambda w: w["top"])
            for i, a in enumerate(boxes):
                for b in boxes[i + 1:]:
                    if b["top"] >= a["bottom"] - tolerance:
                        break
                    if min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > tolerance and \
                            min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > tolerance:
                        found.append((number, a["text"], b["text"]))
    return found


def _lines(page) -> list[list[dict]]:
    rows: dict[int, list[dict]] = {}
    for w in words(page):
        rows.setdefault(round(w["top"]), []).append(w)
    return [rows[k] for k in sorted(rows)]


def orphan_headings(data: bytes) -> list[tuple[int, str]]:
    """(page, text) of each bold line of 10 pt or more that is the last line of its page's body."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages[:-1], 1):
            body = [line for line in _lines(page) if line[0]["bottom"] < FOOTER_TOP]
            if not body:
                continue
            last = body[-1]
            if all("Bold" in w["fontname"] and w["size"] >= 9.9 for w in last):
                found.append((number, " ".join(w["text"] for w in last)))
    return found


def page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def bookmarks(data: bytes) -> list[tuple[str, int]]:
    """(title, 1-based page) of every top-level and second-level bookmark."""
    reader = PdfReader(io.BytesIO(data))
    out = []

    def visit(items):
        for item in items:
            if isinstance(item, list):
                visit(item)
            else:
                out.append((item.title, reader.get_destination_page_number(item) + 1))

    visit(reader.outline)
    return out


def contents(texts: list[str], count: int, title: str = "Contents") -> list[tuple[str, int]]:
    """The first ``count`` contents entries (title, page), read from the line ``title`` on."""
    entries: list[tuple[str, int]] = []
    started = False
    for text in texts:
        lines = text.splitlines()
        if not started:
            if title not in lines:
                continue
            lines, started = lines[lines.index(title) + 1:], True
        for line in lines:
            match = re.fullmatch(r"(.+?) (\d+)", line.strip())
            if match and not line.startswith("Generated") and len(entries) < count:
                entries.append((match.group(1), int(match.group(2))))
    return entries
