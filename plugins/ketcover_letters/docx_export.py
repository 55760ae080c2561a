"""Document -> DOCX with python-docx (imported only here, when a DOCX is made).

Word's own styles (Title, Heading n, List Bullet, Quote, Table Grid), so the
physician edits a normal document; the stamp line in the page header and
"Page X of Y" fields in the footer; DRAFT in the header when the document is one;
core properties with the author, the real creation time, title and subject.
A chart is written as its values, an attachment by name (it stays in the PDF).
"""

from __future__ import annotations

import io
from datetime import timezone

from ketcover_tui.documents import (TOTAL_PAGES, TOTAL_PAGES_TEXT, Attachment, Bullets, Chart, Contents, Heading,
                                    KeepTogether, KeyValues, Lines, PageBreak, Paragraph, Record, RecordTable,
                                    Section, Table)
from ketcover_tui.documents.plain_text import chart_lines, contents_titles


def _field(run, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for tag, text in (("begin", None), (None, code), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def _text(value: str) -> str:
    return value.replace(TOTAL_PAGES, TOTAL_PAGES_TEXT)


def _table(out, columns, rows) -> None:
    table = out.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, columns):
        cell.text = _text(text)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = _text(text)


def _block(out, block, document) -> None:
    if isinstance(block, Heading):
        out.add_heading(_text(block.text), level=min(block.level, 3))
    elif isinstance(block, Section):
        if block.new_page and len(out.paragraphs) > 2:
            out.add_page_break()
        out.add_heading(block.title, level=min(block.level, 3))
    elif isinstance(block, Paragraph):
        p = out.add_paragraph(_text(block.text), style="Quote" if block.style == "quote" else None)
        if block.style == "muted":
            for r in p.runs:
                r.italic = True
    elif isinstance(block, Lines):
        p = out.add_paragraph()
        for n, line in enumerate(block.lines):
            run = p.add_run(_text(line))
            if n < len(block.lines) - 1:
                run.add_break()
        p.paragraph_format.keep_together = True
    elif isinstance(block, Bullets):
        for item in block.items:
            out.add_paragraph(_text(item), style="List Bullet")
    elif isinstance(block, KeyValues):
        for k, v in block.pairs:
            p = out.add_paragraph()
            p.add_run(f"{k}: ").bold = True
            p.add_run(_text(v))
    elif isinstance(block, Table):
        _table(out, block.columns, block.rows)
    elif isinstance(block, RecordTable):
        _table(out, block.header(), block.rows())
    elif isinstance(block, Record):
        out.add_heading(block.title, level=3)
        for f in block.fields:
            if f.value:
                out.add_paragraph(f"{f.label}: {f.value}")
    elif isinstance(block, Chart):
        title, *rest = chart_lines(block)
        out.add_paragraph(title).runs[0].bold = True
        for line in rest:
            out.add_paragraph(line, style="List Bullet")
    elif isinstance(block, KeepTogether):
        for inner in block.blocks:
            _block(out, inner, document)
    elif isinstance(block, Attachment):
        out.add_paragraph(f"Attachment: {block.title}: {block.describe()} (in the PDF packet)")
    elif isinstance(block, Contents):
        out.add_heading(block.title, level=2)
        for title in contents_titles(document):
            out.add_paragraph(title, style="List Bullet")
    elif isinstance(block, PageBreak):
        out.add_page_break()
    else:
        raise TypeError(f"the DOCX exporter cannot write a {type(block).__name__} block")


def render_docx(document) -> bytes:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    out = Docx()
    out.styles["Normal"].font.name = "Calibri"
    out.styles["Normal"].font.size = Pt(11)
    props = out.core_properties
    props.author = props.last_modified_by = document.author or ""
    props.title = document.title
    props.subject = document.subject or document.title
    props.comments = "Made by ketcover"
    created = document.created  # python-docx writes a naive time as UTC
    props.created = props.modified = created.astimezone(timezone.utc).replace(tzinfo=None) if created.tzinfo \
        else created
    props.revision = 1
    section = out.sections[0]
    head = section.header.paragraphs[0]
    stamp = document.stamp_line() or " · ".join(value for _, value in document.header[:3])
    head.text = ("DRAFT · " if document.draft else "") + stamp
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Page ")
    _field(foot.add_run(), "PAGE")
    foot.add_run(" of ")
    _field(foot.add_run(), "NUMPAGES")

    out.add_heading(("DRAFT · " if document.draft else "") + document.title, level=0)
    for label, value in document.header:
        out.add_paragraph(f"{label}: {value}")
    for block in document.blocks:
        _block(out, block, document)
    if document.generated:
        out.add_paragraph(f"Generated {document.generated}").runs[0].italic = True
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
