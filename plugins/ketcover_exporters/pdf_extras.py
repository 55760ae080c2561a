"""The chart, attached pages and the table of contents of a ketcover PDF.

Attached PDF pages are laid out as stamped pages of their own while the document
is drawn (so page numbers, contents and bookmarks count them), then each page of
the attachment is scaled into the body of its stamped page with pypdf, under the
furniture: the stamp and "Page X of Y" never cover it. pypdf is imported only
when a document has a PDF attachment.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ketcover_tui.documents import Attachment, Chart, Contents
from ketcover_tui.documents.fonts import FAMILY

from .pdf_page import GREY, LINE_H, TEXT, PagedPDF, clean

COLOURS = [(31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (255, 127, 14)]
PLOT_H = 80.0
ENTRY_H = 6.0  # one contents line


@dataclass(frozen=True)
class Placeholder:
    page: int  # 1-based page of the PDF being made
    attachment: int  # index into Extras.readers
    source_page: int
    box: tuple[float, float, float, float]  # x, y, w, h in mm from the top left


class Extras:
    def __init__(self, pdf: PagedPDF):
        self.pdf = pdf
        self.readers: list = []
        self.placeholders: list[Placeholder] = []
        self.contents_entries = 0

    # --- chart ------------------------------------------------------------------------------

    def chart_height(self, block: Chart) -> float:
        self.pdf.set_font(FAMILY, "", 9)
        note = self.pdf.text_height(block.note, self.pdf.epw) if block.note else 0
        return 8 + note + 6 + PLOT_H + 8 + LINE_H * max(1, len(block.series)) + 4

    def chart(self, block: Chart) -> None:
        pdf = self.pdf
        pdf.ensure_room(self.chart_height(block))
        pdf.set_font(FAMILY, "B", 11)
        pdf.set_text_color(*TEXT)
        pdf.cell(0, 8, clean(block.title), new_x="LMARGIN", new_y="NEXT")
        if block.note:
            pdf.set_font(FAMILY, "", 9)
            pdf.text_lines(LINE_H, clean(block.note))
        left, top, width = pdf.l_margin + 14, pdf.y + 4, pdf.epw - 20
        pdf.set_draw_color(120, 120, 120)
        pdf.set_line_width(0.2)
        pdf.line(left, top, left, top + PLOT_H)
        pdf.line(left, top + PLOT_H, left + width, top + PLOT_H)
        pdf.set_font(FAMILY, "", 8)
        pdf.set_text_color(*GREY)
        for pct in (0, 25, 50, 75, 100):
            pdf.set_xy(left - 13, top + PLOT_H - PLOT_H * pct / 100 - 2)
            pdf.cell(11, 4, f"{pct}%", align="R")
        days = sorted({day for s in block.series for day, _ in s.points})
        legend_y = top + PLOT_H + 8
        if not days:
            pdf.set_xy(left + 5, top + PLOT_H / 2)
            pdf.cell(0, 5, "No values recorded.")
        else:
            self._plot(block, days, left, top, width)
            pdf.set_xy(left, top + PLOT_H + 1.5)
            pdf.cell(40, 4, days[0])
            if days[-1] != days[0]:
                pdf.set_xy(left + width - 40, top + PLOT_H + 1.5)
                pdf.cell(40, 4, days[-1], align="R")
        pdf.set_xy(pdf.l_margin, legend_y)
        pdf.set_font(FAMILY, "", 9)
        for n, series in enumerate(block.series):
            pdf.set_text_color(*COLOURS[n % len(COLOURS)])
            values = ", ".join(f"{value:g}" for _, value in series.points) or "none"
            pdf.text_lines(LINE_H, clean(f"{series.label}: {values}"))
        pdf.set_text_color(*TEXT)
        pdf.set_draw_color(0, 0, 0)
        pdf.ln(4)

    def _plot(self, block: Chart, days: list[str], left: float, top: float, width: float) -> None:
        from datetime import date

        pdf = self.pdf
        first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
        span = max((last - first).days, 1)
        for n, series in enumerate(block.series):
            colour = COLOURS[n % len(COLOURS)]
            pdf.set_draw_color(*colour)
            pdf.set_fill_color(*colour)
            pdf.set_line_width(0.6)
            points = [(left + width * (date.fromisoformat(day) - first).days / span,
                       top + PLOT_H - PLOT_H * min(value / max(series.maximum, 1), 1.0))
                      for day, value in series.points]
            for a, b in zip(points, points[1:]):
                pdf.line(*a, *b)
            for x, y in points:
                pdf.ellipse(x - 1, y - 1, 2, 2, style="F")
        pdf.set_line_width(0.2)

    # --- attachments -----------------------------------------------------------------------

    def _caption(self, text: str) -> tuple[float, float, float, float]:
        pdf = self.pdf
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_text_color(*GREY)
        pdf.set_y(pdf.body_top)
        pdf.cell(0, 5, clean(text))
        pdf.set_text_color(*TEXT)
        top = pdf.body_top + 6
        return pdf.l_margin, top, pdf.epw, pdf.page_break_trigger - top

    def attachment(self, block: Attachment, level: int = 0) -> None:
        pdf = self.pdf
        if block.media_type == "application/pdf":
            from pypdf import PdfReader, PdfWriter

            reader = PdfReader(io.BytesIO(block.data))
            self.readers.append(PdfWriter(clone_from=reader))  # its own writer: its pages can be transformed
            count = len(reader.pages)
            for n in range(count):
                pdf.new_page()
                if n == 0:
                    pdf.start_section(clean(block.title), level, strict=False)
                box = self._caption(f"{block.title} · page {n + 1} of {count}")
                self.placeholders.append(Placeholder(pdf.page, len(self.readers) - 1, n, box))
                pdf.page_used = True
            return
        pdf.new_page()
        pdf.start_section(clean(block.title), level, strict=False)
        x, y, w, h = self._caption(block.title)
        pdf.image(io.BytesIO(block.data), x=x, y=y, w=w, h=h, keep_aspect_ratio=True)
        pdf.page_used = True

    def merge(self, data: bytes) -> bytes:
        """Put each attached PDF page under its stamped page."""
        if not self.placeholders:
            return data
        from pypdf import PdfReader, PdfWriter, Transformation

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        k, page_h = self.pdf.k, self.pdf.h
        for spot in self.placeholders:
            source = self.readers[spot.attachment].pages[spot.source_page]
            source.transfer_rotation_to_content()
            crop = source.cropbox
            width, height = float(crop.width), float(crop.height)
            x, y, w, h = spot.box
            box_x, box_y, box_w, box_h = x * k, (page_h - y - h) * k, w * k, h * k
            scale = min(box_w / width, box_h / height)
            tx = box_x + (box_w - width * scale) / 2 - float(crop.left) * scale
            ty = box_y + (box_h - height * scale) - float(crop.bottom) * scale  # top-aligned
            writer.pages[spot.page - 1].merge_transformed_page(
                source, Transformation().scale(scale).translate(tx, ty), over=False)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    # --- contents ----------------------------------------------------------------------------

    def contents(self, block: Contents, entries: int) -> None:
        """Reserve exactly the pages the contents need, then list them once every page is known."""
        pdf = self.pdf
        pdf.ensure_room(12 + ENTRY_H)
        pages, y = 1, pdf.y + 10
        for _ in range(entries):
            if y + ENTRY_H > pdf.page_break_trigger:
                pages, y = pages + 1, pdf.body_top
            y += ENTRY_H
        title = clean(block.title)

        def render(pdf, outline) -> None:
            pdf.set_x(pdf.l_margin)
            pdf.set_font(FAMILY, "B", 12)
            pdf.set_text_color(*TEXT)
            pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
            pdf.set_font(FAMILY, "", 10)
            for section in (s for s in outline if s.level <= 1):
                if pdf.y + ENTRY_H > pdf.page_break_trigger:
                    pdf.add_page()
                    pdf.set_y(pdf.body_top)
                indent = 6 * section.level
                number = str(section.page_number)
                room = pdf.epw - indent - pdf.get_string_width(number) - 8
                name = section.name
                while pdf.get_string_width(name) > room and len(name) > 2:
                    name = name[:-2] + "…"
                link = pdf.add_link(page=section.page_number)
                pdf.set_x(pdf.l_margin + indent)
                pdf.cell(room + 4, ENTRY_H, name, link=link)
                pdf.set_x(pdf.w - pdf.r_margin - 30)
                pdf.cell(30, ENTRY_H, number, align="R", link=link, new_x="LMARGIN", new_y="NEXT")

        pdf.insert_toc_placeholder(render, pages=pages)
        pdf.page_used = False
