"""Document -> DOCX with python-docx (imported only here, when a DOCX is made)."""

from __future__ import annotations

import io


def render_docx(document) -> bytes:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    from ketcover_tui.documents import Heading, KeyValues, Paragraph, Record, Table

    out = Docx()
    out.styles["Normal"].font.name = "Calibri"
    out.styles["Normal"].font.size = Pt(11)
    section = out.sections[0]
    # Letterhead in the page header, page numbers in the footer.
    head = section.header.paragraphs[0]
    head.text = " · ".join(value for _, value in document.header[:3])
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Page ")
    run = foot.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)

    out.add_heading(document.title, level=0)
    for label, value in document.header:
        out.add_paragraph(f"{label}: {value}")
    for block in document.blocks:
        if isinstance(block, Heading):
            out.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            p = out.add_paragraph(block.text)
            if block.style == "quote":
                p.style = out.styles["Quote"]
            elif block.style == "muted":
                for r in p.runs:
                    r.italic = True
        elif isinstance(block, KeyValues):
            for k, v in block.pairs:
                p = out.add_paragraph()
                p.add_run(f"{k}: ").bold = True
                p.add_run(v)
        elif isinstance(block, Table):
            table = out.add_table(rows=1, cols=len(block.columns))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.columns):
                cell.text = text
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
        elif isinstance(block, Record):
            out.add_heading(block.title, level=3)
            for f in block.fields:
                if f.value:
                    out.add_paragraph(f"{f.label}: {f.value}")
    if document.generated:
        out.add_paragraph(f"Generated {document.generated}").runs[0].italic = True
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
