"""Plain UTF-8 text of any Document (the txt exporter; also what a reader without a PDF viewer gets).

Every block is written so nothing is lost: a chart as its values, an attachment
by name, type and size, a table as tab-separated lines, Lines with their own
line breaks. There are no pages, so ``TOTAL_PAGES`` reads as ``TOTAL_PAGES_TEXT``.
"""

from __future__ import annotations

from .model import (SOURCE_DRAFT_LINE, TOTAL_PAGES, TOTAL_PAGES_TEXT, Attachment, Bullets, Chart, Contents, Document, Heading,
                    KeepTogether, KeyValues, Lines, PageBreak, Paragraph, Record, RecordTable, Section, Table)


def chart_lines(block: Chart) -> list[str]:
    lines = [block.title] + ([block.note] if block.note else [])
    for series in block.series:
        values = "; ".join(f"{day} {value:g}" for day, value in series.points) or "no values"
        lines.append(f"{series.label}: {values}")
    return lines


def contents_titles(document: Document) -> list[str]:
    return [b.title for b in document.blocks if isinstance(b, (Section, Attachment))]


def _block(block, document: Document) -> list[str]:
    if isinstance(block, Heading):
        return [block.text.upper() if block.level == 1 else block.text, ""]
    if isinstance(block, Section):
        return ["", block.title.upper(), "=" * len(block.title), ""]
    if isinstance(block, Paragraph):
        return [("    " + block.text) if block.style == "quote" else block.text, ""]
    if isinstance(block, Lines):
        return [*block.lines, ""]
    if isinstance(block, Bullets):
        return [f"- {item}" for item in block.items] + [""]
    if isinstance(block, KeyValues):
        return [f"{k}: {v}" for k, v in block.pairs] + [""]
    if isinstance(block, Table):
        return ["\t".join(block.columns)] + ["\t".join(r) for r in block.rows] + [""]
    if isinstance(block, RecordTable):
        return ["\t".join(block.header())] + ["\t".join(r) for r in block.rows()] + [""]
    if isinstance(block, Record):
        return [block.title] + [f"  {f.label}: {f.value}" for f in block.fields if f.value] + [""]
    if isinstance(block, Chart):
        return [*chart_lines(block), ""]
    if isinstance(block, KeepTogether):
        return [line for inner in block.blocks for line in _block(inner, document)]
    if isinstance(block, Attachment):
        return [f"Attachment: {block.title}: {block.describe()}", ""]
    if isinstance(block, Contents):
        return [block.title, *(f"- {t}" for t in contents_titles(document)), ""]
    if isinstance(block, PageBreak):
        return []
    raise TypeError(f"the text exporter cannot write a {type(block).__name__} block")


def source_text(document: Document) -> str:
    """A letter's own text, as the text formats write it: the DRAFT line first on a draft."""
    return (f"{SOURCE_DRAFT_LINE}\n\n" if document.draft else "") + document.source


def document_text(document: Document) -> str:
    if document.source:
        return source_text(document)
    title = ("DRAFT · " if document.draft else "") + document.title
    out = [title, "=" * len(title), ""]
    out += [f"{k}: {v}" for k, v in (*document.header, *document.stamp)] + [""]
    for block in document.blocks:
        out += _block(block, document)
    if document.generated:
        out.append(f"Generated {document.generated}")
    return ("\n".join(out).rstrip() + "\n").replace(TOTAL_PAGES, TOTAL_PAGES_TEXT)
