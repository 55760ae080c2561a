"""PDF rendering of a neutral Document with fpdf2 and embedded Unicode fonts.

The fonts (``ketcover_tui.documents.fonts``: DejaVu Sans with Droid Sans
Fallback for CJK) are shared with every other PDF ketcover makes.
Every page repeats the document header (e.g. patient, insurer, member id) and
ends with the generation date and "Page n of N".

This module imports fpdf2 (slow to import); the plugin imports it only when a
PDF is actually rendered.
"""

from __future__ import annotations

import logging
import re

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ketcover_tui.documents import Document, Heading, KeyValues, Paragraph, Record, Table
from ketcover_tui.documents.fonts import FAMILY, add_fonts

LABEL_W = 39  # mm: the label column of key-value lines
LINE_H = 4.6  # mm: body line height at 9 pt
GREY, TEXT, RULE, SHADE = (90, 90, 90), (20, 20, 20), (170, 170, 170), (235, 238, 242)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# fpdf2 logs the characters a font lacks (pieces of names) as a warning; with no logging
# set up Python would print it on stderr, over the app's screen. Keep it out of sight.
logging.getLogger("fpdf").addHandler(logging.NullHandler())


def clean(text: str) -> str:
    """Text fpdf can lay out: tabs as spaces, no carriage returns or control characters."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))


class _DocumentPDF(FPDF):
    def __init__(self, document: Document):
        super().__init__(orientation="portrait", unit="mm", format="letter")
        self.document = document
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        add_fonts(self)
        self._widest_em = max(max(font.cw.values()) for font in self.fonts.values()) / 1000
        self.set_title(clean(document.title))
        self.set_creator("ketcover")
        header = " · ".join(f"{label}: {value}" for label, value in document.header)
        self._header_text = clean(header)

    def header(self) -> None:
        self.set_text_color(*TEXT)
        self.set_font(FAMILY, "B", 13)
        self.cell(0, 7, clean(self.document.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self._header_text:
            self.set_font(FAMILY, "", 9)
            self.multi_cell(0, 4.5, self._header_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        generated = f"Generated {self.document.generated} by ketcover" if self.document.generated else ""
        self.cell(0, 5, generated)
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")

    # --- blocks ------------------------------------------------------------------------

    def heading(self, block: Heading) -> None:
        self.ln(1)
        self.set_text_color(*TEXT)
        self.set_font(FAMILY, "B", {1: 12, 2: 11}.get(block.level, 10))
        self.multi_cell(0, 6, clean(block.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def paragraph(self, block: Paragraph) -> None:
        self.set_font(FAMILY, "", 9)
        self.set_text_color(*(GREY if block.style == "muted" else TEXT))
        if block.style == "quote":
            self.set_x(self.l_margin + 6)
        self.multi_cell(0, LINE_H, clean(block.text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def text_lines(self, height: float, text: str, **kwargs) -> None:
        """Write ``text`` from the current x to the right margin, wrapped as needed.

        fpdf2's multi_cell re-measures the line for every character it adds, and
        cell() does a lot of layout work, so a line that surely fits is placed
        directly: with text() when the main font has all its characters (text()
        does not use the fallback font), else with one cell(). Same output, faster.
        """
        x = self.get_x()
        width = self.w - self.r_margin - x
        # A line of n characters is at most n * (widest glyph) wide: short lines surely fit unmeasured.
        surely_fits = int((width - 2 * self.c_margin) / (self.font_size * self._widest_em))
        plain = not kwargs
        for line in text.split("\n"):
            if len(line) <= surely_fits or self.get_string_width(line) + 2 * self.c_margin <= width:
                if plain and self._in_main_font(line):
                    self._text_line(x, height, line)
                    continue
                self.set_x(x)
                self.cell(width, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, **kwargs)
            else:
                self.set_x(x)
                self.multi_cell(width, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, **kwargs)

    def _in_main_font(self, text: str) -> bool:
        glyphs = self.current_font.cw
        return all(ord(ch) in glyphs for ch in text)

    def _text_line(self, x: float, height: float, line: str) -> None:
        """One line at (x, y) placed exactly where cell() would put it, then down one line."""
        if self.y + height > self.page_break_trigger:
            self.add_page()
        self.text(x + self.c_margin, self.y + 0.5 * height + 0.3 * self.font_size, line)
        self.set_xy(self.l_margin, self.y + height)

    def pair(self, label: str, value: str) -> None:
        if self.y + LINE_H > self.page_break_trigger:  # label and first line of the value together
            self.add_page()
        y = self.y
        self.set_font(FAMILY, "B", 8.5)
        self.set_text_color(*GREY)
        if self._in_main_font(label) and self.get_string_width(label) + 2 * self.c_margin <= LABEL_W:
            self.text(self.l_margin + self.c_margin, y + 0.5 * LINE_H + 0.3 * self.font_size, label)
        else:
            self.cell(LABEL_W, LINE_H, label)
        self.set_xy(self.l_margin + LABEL_W, y)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(*TEXT)
        self.text_lines(LINE_H, value)

    def key_values(self, block: KeyValues) -> None:
        for label, value in block.pairs:
            self.pair(clean(label), clean(value))
        self.ln(1.5)

    def record(self, block: Record) -> None:
        if self.get_y() > self.page_break_trigger - 22:  # never a lone title at the foot of a page
            self.add_page()
        self.set_font(FAMILY, "B", 10)
        self.set_text_color(*TEXT)
        self.set_fill_color(*SHADE)
        self.text_lines(6, clean(block.title), fill=True)
        self.ln(0.8)
        for f in block.fields:
            if f.value:
                self.pair(clean(f.label), clean(f.value))
        self.ln(3)

    def table(self, block: Table) -> None:
        self.set_font(FAMILY, "", 8.5)
        self.set_text_color(*TEXT)
        with super().table(text_align="LEFT", line_height=LINE_H, first_row_as_headings=True) as table:
            table.row([clean(c) for c in block.columns])
            for row in block.rows:
                table.row([clean(c) for c in row])
        self.ln(2)


def render_pdf(document: Document) -> bytes:
    pdf = _DocumentPDF(document)
    pdf.add_page()
    draw = {Heading: pdf.heading, Paragraph: pdf.paragraph, KeyValues: pdf.key_values,
            Record: pdf.record, Table: pdf.table}
    for block in document.blocks:
        draw[type(block)](block)
    return bytes(pdf.output())
