"""CSV, Markdown and JSON renderings of a neutral Document.

Every block of the model is written: a chart as its values, an attachment by
name, type and size (the bytes stay in the PDF), the contents as a list of the
sections. There are no pages here, so ``TOTAL_PAGES`` reads as ``TOTAL_PAGES_TEXT``.
"""

from __future__ import annotations

import csv
import io
import json
import re

from ketcover_tui.documents import (TOTAL_PAGES, TOTAL_PAGES_TEXT, Attachment, Bullets, Chart, Contents, Document,
                                    Heading, KeepTogether, KeyValues, Lines, PageBreak, Paragraph, Record,
                                    RecordTable, Section, Table, walk)
from ketcover_tui.documents.plain_text import chart_lines, contents_titles, source_text


def _header_line(document: Document) -> list[tuple[str, str]]:
    pairs = list(document.header) + list(document.stamp)
    if document.generated:
        pairs.append(("Generated", document.generated))
    return pairs


# --- CSV ---------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``@SUM``) with a ``'`` in front."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


class _SafeWriter:
    """``csv.writer`` whose cells pass through ``spreadsheet_safe`` unless the document asks for raw cells."""

    def __init__(self, writer, raw: bool):
        self._writer, self._raw = writer, raw

    def writerow(self, row) -> None:
        self._writer.writerow(row if self._raw else [spreadsheet_safe(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def render_csv(document: Document) -> bytes:
    """One row per record (columns = record keys), else the document's tables.

    UTF-8 with a byte-order mark, so spreadsheet programs show accented and CJK
    names correctly; values keep their line breaks (quoted, RFC 4180). Formula-like cells are
    neutralised (``spreadsheet_safe``) unless ``document.raw_cells``.
    """
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out, lineterminator="\r\n"), document.raw_cells)
    records = document.records()
    if records or document.columns:
        columns = list(document.columns)
        for record in records:
            for f in record.fields:
                if f.key not in columns:
                    columns.append(f.key)
        writer.writerow(columns)
        for record in records:
            values = record.as_dict()
            writer.writerow([values.get(key, "") for key in columns])
    else:
        for block in walk(document.blocks):
            if isinstance(block, Table):
                writer.writerow(block.columns)
                writer.writerows(block.rows)
            elif isinstance(block, KeyValues):
                writer.writerows(block.pairs)
            elif isinstance(block, Chart):
                writer.writerows([(s.label, day, f"{v:g}") for s in block.series for day, v in s.points])
    return ("\ufeff" + out.getvalue().replace(TOTAL_PAGES, TOTAL_PAGES_TEXT)).encode("utf-8")


# --- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_value(text: str) -> str:
    lines = [_md(line) for line in text.splitlines()] or [""]
    return "  \n  ".join(lines)


def _md_table(columns, rows) -> list[str]:
    lines = ["| " + " | ".join(_md(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md(c).replace("\n", "<br>") for c in row) + " |" for row in rows]
    return lines + [""]


def _md_block(block, document: Document) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * min(block.level + 1, 6)} {_md(block.text)}", ""]
    if isinstance(block, Section):
        return [f"{'#' * min(block.level + 1, 6)} {_md(block.title)}", ""]
    if isinstance(block, Paragraph):
        text = _md_value(block.text)
        return [(f"> {text}" if block.style == "quote" else f"*{text}*" if block.style == "muted" else text), ""]
    if isinstance(block, Lines):
        return ["  \n".join(_md(line) for line in block.lines), ""]
    if isinstance(block, Bullets):
        return [f"- {_md_value(item)}" for item in block.items] + [""]
    if isinstance(block, KeyValues):
        return [f"- **{_md(k)}:** {_md_value(v)}" for k, v in block.pairs] + [""]
    if isinstance(block, Table):
        return _md_table(block.columns, block.rows)
    if isinstance(block, RecordTable):
        return _md_table(block.header(), block.rows())
    if isinstance(block, Record):
        lines = [f"### {_md(block.title)}", ""]
        return lines + [f"- **{_md(f.label)}:** {_md_value(f.value)}" for f in block.fields if f.value] + [""]
    if isinstance(block, Chart):
        title, *rest = chart_lines(block)
        return [f"**{_md(title)}**", ""] + [f"- {_md(line)}" for line in rest] + [""]
    if isinstance(block, KeepTogether):
        return [line for inner in block.blocks for line in _md_block(inner, document)]
    if isinstance(block, Attachment):
        return [f"- **Attachment:** {_md(block.title)}: {_md(block.describe())}", ""]
    if isinstance(block, Contents):
        return [f"**{_md(block.title)}**", ""] + [f"- {_md(t)}" for t in contents_titles(document)] + [""]
    if isinstance(block, PageBreak):
        return []
    raise TypeError(f"the Markdown exporter cannot write a {type(block).__name__} block")


def render_markdown(document: Document) -> bytes:
    if document.source:  # a letter: its own text (already Markdown), so it reads back through --text
        return source_text(document).encode("utf-8")
    title = ("DRAFT · " if document.draft else "") + document.title
    lines = [f"# {_md(title)}", ""]
    for label, value in _header_line(document):
        lines.append(f"**{_md(label)}:** {_md_value(value)}  ")
    lines.append("")
    for block in document.blocks:
        lines += _md_block(block, document)
    text = "\n".join(lines).rstrip() + "\n"
    return text.replace(TOTAL_PAGES, TOTAL_PAGES_TEXT).encode("utf-8")


# --- JSON --------------------------------------------------------------------------------

def _block_json(block) -> dict:
    if isinstance(block, Heading):
        return {"type": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text, "style": block.style}
    if isinstance(block, Lines):
        return {"type": "lines", "lines": list(block.lines), "style": block.style}
    if isinstance(block, Bullets):
        return {"type": "bullets", "items": list(block.items)}
    if isinstance(block, KeyValues):
        return {"type": "key_values", "pairs": [list(p) for p in block.pairs]}
    if isinstance(block, Table):
        return {"type": "table", "columns": list(block.columns), "rows": [list(r) for r in block.rows]}
    if isinstance(block, Record):
        return {"type": "record", "kind": block.kind, "title": block.title, "fields": block.as_dict()}
    if isinstance(block, RecordTable):
        return {"type": "record_table", "columns": list(block.columns),
                "records": [_block_json(r) for r in block.records]}
    if isinstance(block, Chart):
        return {"type": "chart", "title": block.title, "note": block.note, "series": [
            {"label": s.label, "maximum": s.maximum, "points": [list(p) for p in s.points]} for s in block.series]}
    if isinstance(block, KeepTogether):
        return {"type": "keep_together", "blocks": [_block_json(b) for b in block.blocks]}
    if isinstance(block, Section):
        return {"type": "section", "title": block.title, "level": block.level}
    if isinstance(block, Attachment):
        return {"type": "attachment", "title": block.title, "filename": block.filename,
                "media_type": block.media_type, "bytes": len(block.data)}
    if isinstance(block, Contents):
        return {"type": "contents", "title": block.title}
    if isinstance(block, PageBreak):
        return {"type": "page_break"}
    raise TypeError(f"unknown block {type(block).__name__}")


def render_json(document: Document) -> bytes:
    labels: dict[str, str] = {}
    for record in document.records():
        for f in record.fields:
            labels.setdefault(f.key, f.label)
    data = {
        "format": "ketcover-document",
        "version": 1,
        "kind": document.kind,
        "title": document.title,
        "header": dict(document.header),
        "stamp": dict(document.stamp),
        "draft": document.draft,
        "generated": document.generated,
        "labels": labels,
        "blocks": [_block_json(b) for b in document.blocks],
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return text.replace(TOTAL_PAGES, TOTAL_PAGES_TEXT).encode("utf-8")
