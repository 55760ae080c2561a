"""Built-in export formats (PDF, CSV, Markdown, JSON), shipped as a plugin like any other.

Registered through the ``ketcover`` entry-point group in ketcover's own
pyproject.toml (``exporters = "ketcover_exporters"``). Each exporter turns a
neutral ``ketcover_tui.documents.Document`` into bytes; ketcover writes the file.
fpdf2 is imported only inside the PDF renderer, when a PDF is actually made.
"""

from __future__ import annotations

from ketcover_tui.documents import Exporter
from ketcover_tui.hookspecs import hookimpl


def _pdf(document) -> bytes:
    from .pdf import render_pdf

    return render_pdf(document)


def _text(name: str):
    def render(document) -> bytes:
        from . import text

        return getattr(text, name)(document)

    return render


EXPORTERS = (
    Exporter("pdf", "PDF", "pdf", _pdf, "A printable PDF with every name in an embedded Unicode font"),
    Exporter("csv", "CSV", "csv", _text("render_csv"), "One row per entry, for spreadsheets (UTF-8)"),
    Exporter("md", "Markdown", "md", _text("render_markdown"), "Plain text with light formatting"),
    Exporter("json", "JSON", "json", _text("render_json"), "Structured data, for other programs"),
)


@hookimpl
def register_exporters(register):
    for exporter in EXPORTERS:
        register(exporter)
