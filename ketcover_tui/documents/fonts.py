"""The fonts every PDF embeds, in one place: the PDF exporter and the packet both use them.

DejaVu Sans (Latin, Greek, Cyrillic, Vietnamese…) with Droid Sans Fallback for
CJK, so every name prints: José Müller, 李雷, Ελένη. The files ship in
``ketcover_tui/fonts`` with their licences; fpdf2 embeds only the glyphs used.
"""

from __future__ import annotations

from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY, FALLBACK = "DejaVu", "DroidFallback"


def add_fonts(pdf) -> None:
    """Register the families on an ``fpdf.FPDF`` and make the CJK font the fallback."""
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_font(FALLBACK, "", FONTS / "DroidSansFallbackFull.ttf")
    pdf.set_fallback_fonts([FALLBACK], exact_match=False)
