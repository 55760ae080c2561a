"""Drawing the text blocks of a Document, each with its measured height.

Every block can say how tall it is before it is drawn (``height``) and how much of
it must follow a heading (``lead``), so a heading is never left alone at the foot
of a page and a table row, a Lines block or a KeepTogether group never splits. A
record (a call, a session) is kept whole unless it is longer than half a page:
then it starts where it is and breaks between fields (a question stays with its answer),
so a long first call does not leave the first page holding only the header. Labels
and table cells wrap inside their own column: no text is drawn over other text.
"""

from __future__ import annotations

from ketcover_tui.documents import (Bullets, Heading, KeepTogether, KeyValues, Lines, Paragraph, Record,
                                    RecordTable, Table)
from ketcover_tui.documents.fonts import FAMILY

from .pdf_page import GREY, LINE_H, RULE, SHADE, TEXT, PagedPDF, clean

LABEL_W = 42  # mm: the label column of key-value lines
HEADING_SIZE = {1: 12, 2: 11}
CELL_PAD = 1.2  # mm above and below a table cell's text
WHOLE_RECORD_SHARE = 1 / 2  # a record up to this share of a page is never split


def _split(cells: list[list[str]], most: int) -> list[list[list[str]]]:
    """A row taller than a page as several rows of at most ``most`` lines (nothing is cut off)."""
    tallest = max((len(c) for c in cells), default=1)
    return [[c[start:start + most] for c in cells] for start in range(0, tallest, most)] or [cells]


class BlockWriter:
    def __init__(self, pdf: PagedPDF):
        self.pdf = pdf

    # --- headings and text ---------------------------------------------------------------

    def _heading_font(self, block: Heading) -> None:
        self.pdf.set_font(FAMILY, "B", HEADING_SIZE.get(block.level, 10))

    def heading_height(self, block: Heading) -> float:
        self._heading_font(block)
        return self.pdf.text_height(self.pdf.expand(block.text), self.pdf.epw, 6) + 2

    def heading(self, block: Heading, lead: float = 0.0) -> None:
        pdf = self.pdf
        pdf.ensure_room(self.heading_height(block) + lead)
        pdf.ln(1)
        self._heading_font(block)
        pdf.set_text_color(*TEXT)
        pdf.multi_cell(0, 6, pdf.expand(block.text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def _paragraph_font(self, block) -> None:
        self.pdf.set_font(FAMILY, "", 9)
        self.pdf.set_text_color(*(GREY if block.style == "muted" else TEXT))

    def _indent(self, block) -> float:
        return 6 if isinstance(block, Paragraph) and block.style == "quote" else 0

    def paragraph_height(self, block: Paragraph, max_lines: int | None = None) -> float:
        self._paragraph_font(block)
        lines = len(self.pdf.wrap(self.pdf.expand(block.text), self.pdf.epw - self._indent(block)))
        return min(lines, max_lines or lines) * LINE_H + 1.5

    def paragraph(self, block: Paragraph) -> None:
        pdf = self.pdf
        pdf.ensure_room(self.paragraph_height(block, max_lines=2))
        self._paragraph_font(block)
        pdf.text_lines(LINE_H, pdf.expand(block.text), x=pdf.l_margin + self._indent(block))
        pdf.ln(1.5)

    def lines_height(self, block: Lines) -> float:
        self._paragraph_font(block)
        return sum(len(self.pdf.wrap(self.pdf.expand(line), self.pdf.epw)) for line in block.lines) * LINE_H + 1.5

    def lines(self, block: Lines) -> None:
        pdf = self.pdf
        pdf.ensure_room(self.lines_height(block))
        self._paragraph_font(block)
        for line in block.lines:
            pdf.text_lines(LINE_H, pdf.expand(line))
        pdf.ln(1.5)

    def bullets_height(self, block: Bullets, first_only: bool = False) -> float:
        self.pdf.set_font(FAMILY, "", 9)
        items = block.items[:1] if first_only else block.items
        return sum(len(self.pdf.wrap(self.pdf.expand(i), self.pdf.epw - 5)) for i in items) * LINE_H + 1.5

    def bullets(self, block: Bullets) -> None:
        pdf = self.pdf
        for item in block.items:
            pdf.set_font(FAMILY, "", 9)
            pdf.set_text_color(*TEXT)
            lines = pdf.wrap(pdf.expand(item), pdf.epw - 5)
            pdf.ensure_room(len(lines) * LINE_H)
            pdf.line_at(pdf.l_margin, 5, LINE_H, "•")
            pdf.text_lines(LINE_H, "\n".join(lines), x=pdf.l_margin + 5)
        pdf.ln(1.5)

    # --- label: value ----------------------------------------------------------------------

    def _pair_lines(self, label: str, value: str) -> tuple[list[str], list[str]]:
        pdf = self.pdf
        pdf.set_font(FAMILY, "B", 8.5)
        labels = pdf.wrap(label, LABEL_W - 1)
        pdf.set_font(FAMILY, "", 9)
        return labels, pdf.wrap(value, pdf.epw - LABEL_W)

    def pair_height(self, label: str, value: str) -> float:
        labels, values = self._pair_lines(self.pdf.expand(label), self.pdf.expand(value))
        return max(len(labels), len(values)) * LINE_H

    def pair(self, label: str, value: str) -> None:
        pdf = self.pdf
        labels, values = self._pair_lines(pdf.expand(label), pdf.expand(value))
        # The label and the value's first lines together; a long value may run on to the next page.
        pdf.ensure_room(min(max(len(labels), len(values)), 3) * LINE_H)
        y = pdf.y
        pdf.set_font(FAMILY, "B", 8.5)
        pdf.set_text_color(*GREY)
        for n, line in enumerate(labels):
            pdf.set_y(y + n * LINE_H)
            pdf.line_at(pdf.l_margin, LABEL_W - 1, LINE_H, line)
        pdf.set_y(y)
        pdf.set_font(FAMILY, "", 9)
        pdf.set_text_color(*TEXT)
        pdf.text_lines(LINE_H, "\n".join(values), x=pdf.l_margin + LABEL_W)
        if pdf.page_break_trigger >= y + len(labels) * LINE_H > pdf.y:  # a label longer than its value
            pdf.set_y(y + len(labels) * LINE_H)

    def key_values_height(self, block: KeyValues, first_only: bool = False) -> float:
        pairs = block.pairs[:1] if first_only else block.pairs
        return sum(self.pair_height(k, v) for k, v in pairs) + 1.5

    def key_values(self, block: KeyValues) -> None:
        for label, value in block.pairs:
            self.pair(label, value)
        self.pdf.ln(1.5)

    # --- records -----------------------------------------------------------------------------

    def record_height(self, block: Record) -> float:
        self.pdf.set_font(FAMILY, "B", 10)
        title = len(self.pdf.wrap(clean(block.title), self.pdf.epw)) * 6 + 0.8
        return title + sum(self.pair_height(f.label, f.value) for f in block.fields if f.value) + 3

    def record(self, block: Record) -> None:
        pdf = self.pdf
        height = self.record_height(block)
        if height <= pdf.room() or height <= pdf.body_height() * WHOLE_RECORD_SHARE:
            pdf.ensure_room(height)  # one call, one session: kept whole
        else:  # a long record starts here, breaking between its fields, rather than leave most of a page blank
            first = next((f for f in block.fields if f.value), None)
            pdf.ensure_room(6.8 + (self.pair_height(first.label, first.value) if first is not None else 0))
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_text_color(*TEXT)
        pdf.set_fill_color(*SHADE)
        pdf.text_lines(6, clean(block.title), fill=True)
        pdf.ln(0.8)
        shown = [f for f in block.fields if f.value]
        for n, f in enumerate(shown):
            answer = shown[n + 1] if n + 1 < len(shown) else None
            if answer is not None and f.key[:1] == "q" and answer.key == "a" + f.key[1:]:
                # A question and its answer stay on one page even in a record longer than a page.
                pdf.ensure_room(self.pair_height(f.label, f.value) + self.pair_height(answer.label, answer.value))
            self.pair(f.label, f.value)
        pdf.ln(3)

    # --- tables ------------------------------------------------------------------------------

    def _widths(self, columns: int, weights: tuple[float, ...]) -> list[float]:
        weights = weights if len(weights) == columns else (1.0,) * columns
        total = sum(weights)
        return [self.pdf.epw * w / total for w in weights]

    def _row_lines(self, row, widths, bold: bool) -> list[list[str]]:
        self.pdf.set_font(FAMILY, "B" if bold else "", 8.5)
        return [self.pdf.wrap(self.pdf.expand(cell), w - 0.5) for cell, w in zip(row, widths)]

    def _row_height(self, cells: list[list[str]]) -> float:
        return max((len(c) for c in cells), default=1) * LINE_H + 2 * CELL_PAD

    def table_height(self, block: Table, first_only: bool = False) -> float:
        widths = self._widths(len(block.columns), block.widths)
        rows = block.rows[:1] if first_only else block.rows
        return (self._row_height(self._row_lines(block.columns, widths, True))
                + sum(self._row_height(self._row_lines(r, widths, False)) for r in rows) + 2)

    def _draw_row(self, cells, widths, align, bold: bool, shade: bool) -> None:
        pdf = self.pdf
        height = self._row_height(cells)
        y, x = pdf.y, pdf.l_margin
        if shade:
            pdf.set_fill_color(*SHADE)
            pdf.rect(pdf.l_margin, y, pdf.epw, height, style="F")
        pdf.set_font(FAMILY, "B" if bold else "", 8.5)
        pdf.set_text_color(*TEXT)
        for lines, width, how in zip(cells, widths, align):
            for n, line in enumerate(lines):
                pdf.set_y(y + CELL_PAD + n * LINE_H)
                pdf.line_at(x, width, LINE_H, line, align=how)
            x += width
        pdf.set_draw_color(*RULE)
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + pdf.epw, y + height)
        pdf.set_xy(pdf.l_margin, y + height)

    def table(self, block: Table) -> None:
        self.grid(block.columns, block.rows, block.widths, block.align)

    def grid(self, columns, rows, weights=(), align=()) -> None:
        pdf = self.pdf
        widths = self._widths(len(columns), tuple(weights))
        align = tuple(align) if len(align) == len(columns) else ("L",) * len(columns)
        head = self._row_lines(columns, widths, True)
        body = [self._row_lines(r, widths, False) for r in rows]
        most = max(1, int((pdf.body_height() - self._row_height(head)) / LINE_H) - 1)
        body = [part for cells in body for part in _split(cells, most)]
        first = self._row_height(body[0]) if body else 0
        pdf.ensure_room(self._row_height(head) + first)
        self._draw_row(head, widths, align, True, True)
        for cells in body:
            if self._row_height(cells) > pdf.room() and self._row_height(cells) <= pdf.body_height():
                pdf.add_page()  # a row never splits; the heading row comes again on the new page
                pdf.page_used = True
                self._draw_row(head, widths, align, True, True)
            self._draw_row(cells, widths, align, False, False)
        pdf.ln(2)

    def record_table(self, block: RecordTable) -> None:
        self.grid(block.header(), block.rows(), block.widths)

    def record_table_height(self, block: RecordTable, first_only: bool = False) -> float:
        rows = block.rows()
        return self.table_height(Table(block.header(), rows[:1] if first_only else rows, block.widths))

    # --- what keeps together -------------------------------------------------------------------

    def height(self, block) -> float:
        """The whole block's height (0 for blocks that are not measured: they start pages of their own)."""
        measure = {Heading: self.heading_height, Paragraph: self.paragraph_height, Lines: self.lines_height,
                   Bullets: self.bullets_height, KeyValues: self.key_values_height, Table: self.table_height,
                   Record: self.record_height, RecordTable: self.record_table_height}.get(type(block))
        if isinstance(block, KeepTogether):
            return sum(self.height(b) for b in block.blocks)
        return measure(block) if measure else 0.0

    def lead(self, block) -> float:
        """How much of ``block`` must sit on the same page as the heading above it."""
        if isinstance(block, Paragraph):
            return self.paragraph_height(block, max_lines=3)
        if isinstance(block, Bullets):
            return self.bullets_height(block, first_only=True)
        if isinstance(block, KeyValues):
            return self.key_values_height(block, first_only=True)
        if isinstance(block, Table):
            return self.table_height(block, first_only=True)
        if isinstance(block, RecordTable):
            return self.record_table_height(block, first_only=True)
        if isinstance(block, KeepTogether):
            return self.height(block)
        if isinstance(block, Heading):
            return self.heading_height(block) + 3 * LINE_H
        return self.height(block)
