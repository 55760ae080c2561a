"""The fonts every PDF embeds, in one place, and what they can draw.

DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew, Vietnamese…) with Droid
Sans Fallback for CJK, so every name prints: José Müller, 李雷, محمد. The files
ship in ``ketcover_tui/fonts`` with their licences; fpdf2 embeds only the glyphs used.

``unsupported_characters(document)`` lists what neither font can draw (an emoji
in a name, a script they lack) so it is reported before export instead of
vanishing from the PDF. ``needs_shaping`` says whether the text holds a script
whose letters join or reorder (Arabic, Hebrew…): the PDF exporter then turns on
fpdf2's text shaping (harfbuzz), which costs time and is off otherwise.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY, FALLBACK = "DejaVu", "DroidFallback"
FILES = (FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf", FONTS / "DroidSansFallbackFull.ttf")


def add_fonts(pdf) -> None:
    """Register the families on an ``fpdf.FPDF`` and make the CJK font the fallback."""
    pdf.add_font(FAMILY, "", FILES[0])
    pdf.add_font(FAMILY, "B", FILES[1])
    pdf.add_font(FALLBACK, "", FILES[2])
    pdf.set_fallback_fonts([FALLBACK], exact_match=False)


@lru_cache(maxsize=1)
def drawable() -> frozenset[int]:
    """Every code point the regular and fallback fonts have a glyph for (read once, lazily)."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in (FILES[0], FILES[2]):
        with TTFont(path, lazy=True) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch in "\n\t "


@dataclass(frozen=True)
class Unsupported:
    char: str
    where: str  # the text it is in, shortened

    def line(self) -> str:
        name = unicodedata.name(self.char, "unnamed character")
        return (f"{self.char} (U+{ord(self.char):04X} {name.lower()}) in “{self.where}” cannot be drawn by the PDF's "
                "fonts and will be missing from the PDF")


def unsupported_in(texts) -> list[Unsupported]:
    have = drawable()
    found: dict[str, Unsupported] = {}
    for text in texts:
        for ch in text:
            if ch not in found and ord(ch) not in have and not _invisible(ch):
                where = text if len(text) <= 60 else text[:57] + "…"
                found[ch] = Unsupported(ch, where)
    return list(found.values())


def unsupported_characters(document) -> list[Unsupported]:
    """What the embedded fonts cannot draw, anywhere in the document (title, header, stamp, blocks)."""
    from .model import block_texts, walk

    texts = [document.title, *(t for pair in (*document.header, *document.stamp) for t in pair)]
    for block in walk(document.blocks):
        texts += block_texts(block)
    return unsupported_in(texts)


def _shaped(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL", "AN") or "\u0900" <= ch <= "\u0dff"


def needs_shaping(document) -> bool:
    from .model import block_texts, walk

    texts = [document.title, *(t for pair in (*document.header, *document.stamp) for t in pair)]
    for block in walk(document.blocks):
        texts += block_texts(block)
    return any(_shaped(ch) for text in texts for ch in text if ord(ch) > 0x58f)
