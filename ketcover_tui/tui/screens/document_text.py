"""A stored document as text: each line with its page and line number, exactly as the file prints it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from ..literal import Static, keys_hint

from ...domain.case import Case
from ...domain.case_documents import CaseDocument

MAX_LINES = 5_000  # a long record is shown up to here, with a line saying so


def document_lines(data: bytes, document: CaseDocument) -> Text:
    """The document's text by page and line (literal: never markup), or why there is none."""
    from ...intake.source_text import NotReadable, read_source

    if document.kind not in ("pdf", "text"):
        return Text(f"{document.name} is an image scan: there is no text to show. Open the file itself to read it.")
    try:
        source = read_source(data, document.name)
    except NotReadable as exc:
        return Text(str(exc))
    text = Text(no_wrap=False)
    for line in source.lines[:MAX_LINES]:
        text.append(f"p.{line.page:<3}{line.number:>4} │ ", style="dim")
        text.append(line.text + "\n")
    if len(source.lines) > MAX_LINES:
        text.append(f"… {len(source.lines) - MAX_LINES:,} more lines not shown\n", style="dim")
    return text


class DocumentTextScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close", id="document_text.close")]

    def __init__(self, case: Case, document: CaseDocument):
        super().__init__()
        self.case, self.document = case, document

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="document-text-dialog"):
            yield Static(Text(self.document.name), classes="dialog-title")
            with VerticalScroll(id="document-text-box"):
                yield Static(self._text(), id="document-text")
            yield Static(keys_hint(("↑↓ pgup pgdn", "Scroll"), ("esc", "Close")), classes="dialog-keys")

    def _text(self) -> Text:
        from ...store import UnreadableFile
        from ...store.attachments import DocumentVault

        try:
            data = DocumentVault(self.app.store).read(self.case.id, self.document)
        except UnreadableFile as exc:
            return Text(f"{self.document.name} {exc.reason}.")
        return document_lines(data, self.document)

    def on_mount(self) -> None:
        self.query_one("#document-text-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)
