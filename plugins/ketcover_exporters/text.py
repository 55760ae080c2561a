"""CSV, Markdown and JSON renderings of a neutral Document."""

from __future__ import annotations

import csv
import io
import json
import re

from ketcover_tui.documents import Document, Heading, KeyValues, Paragraph, Record, Table


def _header_line(document: Document) -> list[tuple[str, str]]:
    pairs = list(document.header)
    if document.generated:
        pairs.append(("Generated", document.generated))
    return pairs


# --- CSV ---------------------------------------------------------------------------------

def render_csv(document: Document) -> bytes:
    """One row per record (columns = record keys), else the document's tables.

    UTF-8 with a byte-order mark, so spreadsheet programs show accented and CJK
    names correctly; values keep their line breaks (quoted, RFC 4180).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
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
        for block in document.blocks:
            if isinstance(block, Table):
                writer.writerow(block.columns)
                writer.writerows(block.rows)
            elif isinstance(block, KeyValues):
                writer.writerows(block.pairs)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_value(text: str) -> str:
    lines = [_md(line) for line in text.splitlines()] or [""]
    return "  \n  ".join(lines)


def render_markdown(document: Document) -> bytes:
    lines = [f"# {_md(document.title)}", ""]
    for label, value in _header_line(document):
        lines.append(f"**{_md(label)}:** {_md_value(value)}  ")
    lines.append("")
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * min(block.level + 1, 6)} {_md(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = _md_value(block.text)
            lines += [(f"> {text}" if block.style == "quote" else f"*{text}*" if block.style == "muted" else text), ""]
        elif isinstance(block, KeyValues):
            lines += [f"- **{_md(k)}:** {_md_value(v)}" for k, v in block.pairs] + [""]
        elif isinstance(block, Table):
            lines.append("| " + " | ".join(_md(c) for c in block.columns) + " |")
            lines.append("|" + "---|" * len(block.columns))
            lines += ["| " + " | ".join(_md(c).replace("\n", "<br>") for c in row) + " |" for row in block.rows]
            lines.append("")
        elif isinstance(block, Record):
            lines += [f"### {_md(block.title)}", ""]
            lines += [f"- **{_md(f.label)}:** {_md_value(f.value)}" for f in block.fields if f.value]
            lines.append("")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


# --- JSON --------------------------------------------------------------------------------

def _block_json(block) -> dict:
    if isinstance(block, Heading):
        return {"type": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "text": block.text, "style": block.style}
    if isinstance(block, KeyValues):
        return {"type": "key_values", "pairs": [list(p) for p in block.pairs]}
    if isinstance(block, Table):
        return {"type": "table", "columns": list(block.columns), "rows": [list(r) for r in block.rows]}
    if isinstance(block, Record):
        return {"type": "record", "kind": block.kind, "title": block.title, "fields": block.as_dict()}
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
        "generated": document.generated,
        "labels": labels,
        "blocks": [_block_json(b) for b in document.blocks],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
