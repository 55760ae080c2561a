"""Built-in letter templates (and the DOCX and plain-text exporters letters need), as a plugin.

Registered through the ``ketcover`` entry-point group (``letters = "ketcover_letters"``).
Section lists follow the reference notes §3.1 (letter of medical necessity) and
§3.2 (appeal letter); rules and deadlines come from the deadline engine.
"""

from __future__ import annotations

from ketcover_tui.documents import Exporter
from ketcover_tui.hookspecs import hookimpl
from ketcover_tui.documents.letters import LetterTemplate

from .templates import TEMPLATES


def _docx(document) -> bytes:
    from .docx_export import render_docx

    return render_docx(document)


def _txt(document) -> bytes:
    from ketcover_tui.documents.letters import document_text

    return document_text(document).encode("utf-8")


EXPORTERS = (
    Exporter("docx", "Word (DOCX)", "docx", _docx, "An editable Word document (physicians edit letters there)"),
    Exporter("txt", "Plain text", "txt", _txt, "Plain UTF-8 text"),
)


@hookimpl
def register_letter_templates(register):
    for template in TEMPLATES:
        register(template)


@hookimpl
def register_exporters(register):
    for exporter in EXPORTERS:
        register(exporter)


__all__ = ["LetterTemplate", "TEMPLATES", "EXPORTERS"]
