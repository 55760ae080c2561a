"""PDF rendering of a neutral Document with fpdf2 and embedded Unicode fonts.

Honours the whole document model (``ketcover_tui.documents.model``): on every
page the title, header, the stamp line and "Page X of Y" over the whole
document, DRAFT marking; sections start pages and become bookmarks and contents
entries; the contents take as many pages as they need with the right page
numbers; headings stay with what follows; records, rows, Lines and
KeepTogether groups never split; charts are drawn; attached PDFs and images
become stamped pages. The fonts (``ketcover_tui.documents.fonts``) are shared
with every other PDF ketcover makes; Arabic and Hebrew are shaped (harfbuzz).

This module imports fpdf2 (slow to import); the plugin imports it only when a
PDF is actually rendered.
"""

from __future__ import annotations

import logging

from ketcover_tui.documents import (Attachment, Bullets, Chart, Contents, Document, Heading, KeepTogether, KeyValues,
                                    Lines, PageBreak, Paragraph, Record, RecordTable, Section, Table, walk)

from .pdf_blocks import BlockWriter
from .pdf_extras import Extras
from .pdf_page import PagedPDF, clean

# fpdf2 logs the characters a font lacks as a warning; with no logging set up Python would print
# it on stderr, over the app's screen. ketcover reports them before export instead (documents.fonts).
logging.getLogger("fpdf").addHandler(logging.NullHandler())
logging.getLogger("fpdf").propagate = False


class _Renderer:
    def __init__(self, document: Document):
        self.document = document
        self.pdf = PagedPDF(document)
        self.blocks = BlockWriter(self.pdf)
        self.extras = Extras(self.pdf)
        self.entries = sum(1 for b in walk(document.blocks)
                           if isinstance(b, Attachment) or (isinstance(b, Section) and b.level <= 2))

    def run(self) -> bytes:
        self.pdf.add_page()
        self.draw_all(list(self.document.blocks))
        return self.extras.merge(bytes(self.pdf.output()))

    def draw_all(self, blocks: list) -> None:
        for n, block in enumerate(blocks):
            self.draw(block, blocks[n + 1] if n + 1 < len(blocks) else None)

    def draw(self, block, following) -> None:
        b, pdf = self.blocks, self.pdf
        if isinstance(block, Heading):
            b.heading(block, lead=b.lead(following) if following is not None else 0.0)
        elif isinstance(block, Section):
            self.section(block, following)
        elif isinstance(block, KeepTogether):
            pdf.ensure_room(b.height(block))
            self.draw_all(list(block.blocks))
        elif isinstance(block, PageBreak):
            pdf.new_page()
        elif isinstance(block, Contents):
            self.extras.contents(block, self.entries)
        elif isinstance(block, Chart):
            self.extras.chart(block)
        elif isinstance(block, Attachment):
            self.extras.attachment(block)
        else:
            draw = {Paragraph: b.paragraph, Lines: b.lines, Bullets: b.bullets, KeyValues: b.key_values,
                    Table: b.table, Record: b.record, RecordTable: b.record_table}.get(type(block))
            if draw is None:
                raise TypeError(f"the PDF exporter cannot draw a {type(block).__name__} block")
            draw(block)

    def section(self, block: Section, following) -> None:
        pdf, b = self.pdf, self.blocks
        if block.new_page:
            pdf.new_page()
        heading = Heading(block.title, block.level)
        lead = b.lead(following) if following is not None and not isinstance(following, (Section, Attachment)) \
            else 0.0
        pdf.ensure_room(b.heading_height(heading) + lead)
        pdf.start_section(clean(block.title), max(0, block.level - 1), strict=False)
        b.heading(heading)


def render_pdf(document: Document) -> bytes:
    return _Renderer(document).run()
