"""The page of every ketcover PDF: furniture (title, header, stamp, DRAFT, "Page X of Y") and text primitives.

The header is the same height on every page of a document, so ``body_top`` (where
content starts) is known once the first page is drawn; attached pages and the
contents pages use it too. Text is placed with measured widths only: a label
never runs into its value, and nothing is drawn under the header or the footer.
"""

from __future__ import annotations

import re

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ketcover_tui.documents import TOTAL_PAGES, Document
from ketcover_tui.documents.fonts import FAMILY, add_fonts, needs_shaping

LINE_H = 4.6  # mm: body line height at 9 pt
GREY, TEXT, RULE, SHADE, DRAFT_RED = (90, 90, 90), (20, 20, 20), (170, 170, 170), (235, 238, 242), (170, 30, 30)
FOOTER_Y = -12.0  # mm from the bottom
BOTTOM = 16.0  # mm: nothing but the footer below this

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text: str) -> str:
    """Text fpdf can lay out: tabs as spaces, no carriage returns or control characters."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))


class PagedPDF(FPDF):
    def __init__(self, document: Document):
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.document = document
        self.set_margins(15, 12, 15)
        self.set_auto_page_break(True, margin=BOTTOM)
        add_fonts(self)
        self.shaping = needs_shaping(document)
        if self.shaping:  # Arabic and other joined scripts: harfbuzz shapes them, logical order kept
            self.set_text_shaping(True)
        self._widest_em = max(max(font.cw.values()) for font in self.fonts.values()) / 1000
        title = clean(document.title)
        self.set_title(("DRAFT · " if document.draft else "") + title)
        self.set_creator("ketcover")
        self.set_producer("ketcover (fpdf2)")
        if document.author:
            self.set_author(clean(document.author))
        self.set_subject(clean(document.subject or document.title))
        self.set_creation_date(document.created)
        self.alias_nb_pages()
        self._title_text = title
        self._header_text = clean(" · ".join(f"{label}: {value}" for label, value in document.header))
        self._stamp_text = clean(document.stamp_line())
        self.body_top = self.t_margin
        self.page_used = False  # has anything but the furniture been drawn on this page?

    # --- furniture ---------------------------------------------------------------------

    def header(self) -> None:
        self.set_text_color(*TEXT)
        self.set_font(FAMILY, "B", 12)
        if self.document.draft:
            self.set_text_color(*DRAFT_RED)
            self.cell(22, 6.5, "DRAFT", border=1, align="C")
            self.set_x(self.l_margin + 25)
            self.set_text_color(*TEXT)
        self.cell(0, 6.5, self._title_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self._header_text:
            self.set_font(FAMILY, "", 8.5)
            self.multi_cell(0, 4.2, self._header_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self._stamp_text:
            self.set_font(FAMILY, "B", 8.5)
            self.multi_cell(0, 4.2, self._stamp_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(3.5)
        self.body_top = self.get_y()
        self.page_used = False

    def footer(self) -> None:
        self.set_y(FOOTER_Y)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        generated = f"Generated {self.document.generated} by ketcover" if self.document.generated else ""
        self.cell(0, 5, clean(generated))
        if self.document.draft:
            self.set_x(self.l_margin)
            self.set_text_color(*DRAFT_RED)
            self.cell(0, 5, "DRAFT: not ready to send", align="C")
            self.set_text_color(*GREY)
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    def new_page(self) -> None:
        """Start a fresh page unless this one is still empty."""
        if self.page == 0 or self.page_used:
            self.add_page()

    def room(self) -> float:
        return self.page_break_trigger - self.y

    def body_height(self) -> float:
        return self.page_break_trigger - self.body_top

    def ensure_room(self, height: float) -> None:
        """Move to the next page when ``height`` does not fit here but would fit on an empty page."""
        if height > self.room() and self.page_used and height <= self.body_height() + 0.01:
            self.add_page()
        self.page_used = True

    # --- text ---------------------------------------------------------------------------

    def expand(self, text: str) -> str:
        return clean(text).replace(TOTAL_PAGES, "{nb}")

    def fits(self, line: str, width: float) -> bool:
        surely = int((width - 2 * self.c_margin) / (self.font_size * self._widest_em))
        return len(line) <= surely or self.get_string_width(line) + 2 * self.c_margin <= width

    def wrap(self, text: str, width: float) -> list[str]:
        """The lines ``text`` takes at ``width`` in the current font (explicit line breaks kept)."""
        out: list[str] = []
        for line in text.split("\n"):
            if self.fits(line, width):
                out.append(line)
                continue
            # A dry run can still break the page (and draw a header); with automatic breaks off it cannot.
            self.auto_page_break = False
            try:
                out += self.multi_cell(width, LINE_H, line, dry_run=True, output="LINES") or [""]
            finally:
                self.auto_page_break = True
        return out

    def text_height(self, text: str, width: float, line_h: float = LINE_H) -> float:
        return len(self.wrap(text, width)) * line_h

    def in_main_font(self, text: str) -> bool:
        glyphs = self.current_font.cw
        return not self.shaping and all(ord(ch) in glyphs for ch in text)

    def line_at(self, x: float, width: float, height: float, line: str, align: str = "L", fill: bool = False) -> None:
        """One line that fits, at (x, self.y): text() when the main font has every glyph (fast), else cell()."""
        if align == "L" and not fill and "{nb}" not in line and self.in_main_font(line):
            self.text(x + self.c_margin, self.y + 0.5 * height + 0.3 * self.font_size, line)
        else:
            self.set_x(x)
            self.cell(width, height, line, align=align, fill=fill)

    def text_lines(self, height: float, text: str, *, x: float | None = None, fill: bool = False) -> None:
        """Write ``text`` from ``x`` to the right margin, wrapped as needed, then down to the next line."""
        x = self.l_margin if x is None else x
        width = self.w - self.r_margin - x
        for line in self.wrap(text, width):
            if self.y + height > self.page_break_trigger:
                self.add_page()
                self.page_used = True
            self.line_at(x, width, height, line, fill=fill)
            self.set_xy(self.l_margin, self.y + height)
