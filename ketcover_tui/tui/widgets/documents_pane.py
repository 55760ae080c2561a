"""The Documents tab: every file kept with the case, what it is, what was taken from it, what it filled.

enter opens a document as text (page and line numbers, the words as printed), a
adds one from the inbox folder (a denial letter or an SBC is read and reviewed
field by field first), g goes to the record it filled, k makes the appeal packet
with the highlighted document ticked, delete removes it from the case.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from ..literal import OptionList, Static
from textual.widgets.option_list import Option

from ...domain.case import Case
from ...domain.case_documents import ATTACHABLE, KINDS, CaseDocument


def document_prompt(document: CaseDocument) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{(document.dated or document.added[:10] or '—'):<10}  ", style="bold")
    text.append(f"{(document.label or KINDS.get(document.kind, document.kind)):<13} ")
    text.append(document.name)
    if document.kind in ("pdf", "text"):
        text.append(f"  {document.pages} p.", style="dim")
    return text


def filled_words(case: Case, ref: str) -> str:
    """A record a document filled, in words (and the tab it is on)."""
    if ref == "plan":
        return "the plan's facts (4 Plan)"
    kind, _, record_id = ref.partition(":")
    if kind == "denial":
        denial = next((d for d in case.appeals.denials if d.id == record_id), None)
        if denial is None:
            return "a denial since deleted"
        return f"the denial of {denial.notice_date or denial.received or 'unknown date'} (9 Appeals)"
    return ref


def document_detail(case: Case, document: CaseDocument) -> Text:
    text = Text()
    text.append(document.name + "\n", style="bold")
    added = f"added {document.added[:10]}" + (f" by {document.by}" if document.by else "") if document.added else ""
    parts = [document.label or "kind not said", document.describe().removeprefix(document.name).strip(" ()"), added]
    text.append(" · ".join(p for p in parts if p) + "\n")
    if document.kind not in ATTACHABLE:
        text.append("Kept as text: the packet merges PDFs and images only.\n", style="dim")
    if document.filled:
        text.append("Filled: ", style="bold")
        text.append("; ".join(filled_words(case, ref) for ref in document.filled) + "\n")
    if document.taken:
        text.append("Taken from it:\n", style="bold")
        for line in document.taken:
            text.append(f"  {line}\n")
    return text


class DocumentsPane(Vertical):
    BINDINGS = [
        Binding("a", "add", "Add", id="documents.add"),
        Binding("g", "go", "Go to record", id="documents.go"),
        Binding("k", "packet", "Packet", id="documents.packet"),
        Binding("delete", "remove", "Remove", show=False, id="documents.remove"),
    ]

    class GoTo(Message):
        """Show the tab of a record a document filled."""

        def __init__(self, tab: int) -> None:
            super().__init__()
            self.tab = tab

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def compose(self) -> ComposeResult:
        with Horizontal(id="documents-top"):
            yield Static("", id="documents-count")
        yield OptionList(id="documents-list")
        with VerticalScroll(id="document-detail-box"):
            yield Static("", id="document-detail")

    def on_mount(self) -> None:
        self._fill(keep=None)

    def on_show(self) -> None:
        self.query_one("#documents-list", OptionList).focus()

    @property
    def current(self) -> CaseDocument | None:
        documents = self.query_one("#documents-list", OptionList)
        shown = self.case.documents
        if documents.highlighted is None or not shown or documents.highlighted >= len(shown):
            return None
        return shown[documents.highlighted]

    def _fill(self, keep: str | None) -> None:
        documents = self.query_one("#documents-list", OptionList)
        documents.clear_options()
        if self.case.documents:
            documents.add_options([Option(document_prompt(d), id=d.id) for d in self.case.documents])
            documents.highlighted = next((n for n, d in enumerate(self.case.documents) if d.id == keep), 0)
        n = len(self.case.documents)
        self.query_one("#documents-count", Static).update(
            f"{n} document{'s' if n != 1 else ''} kept with this case" if n else
            "No documents yet: put a file in the inbox folder and press a")
        self._show_detail()

    @on(OptionList.OptionHighlighted, "#documents-list")
    def _show_detail(self) -> None:
        current = self.current
        self.query_one("#document-detail", Static).update(
            document_detail(self.case, current) if current else Text(""))

    def show_case(self, case: Case) -> None:
        keep = self.current.id if self.current else None
        self.case = case
        self._fill(keep)

    @on(OptionList.OptionSelected, "#documents-list")
    def _open(self) -> None:
        from ..screens.document_text import DocumentTextScreen

        if self.current:
            self.app.push_screen(DocumentTextScreen(self.case, self.current))

    def action_add(self) -> None:
        from ..screens.document_add import AddDocumentScreen

        self.app.push_screen(AddDocumentScreen(self.case))

    def action_go(self) -> None:
        current = self.current
        if current is None or not current.filled:
            self.app.notify("This document filled no record.", timeout=4)
            return
        ref = current.filled[0]
        self.post_message(self.GoTo(4 if ref == "plan" else 9))

    def action_packet(self) -> None:
        from ..screens.packet_dialog import PacketScreen

        current = self.current
        if current is not None and current.kind not in ATTACHABLE:
            self.app.notify("A text document cannot go into the PDF packet; attach the PDF of it instead.",
                            severity="warning", timeout=6)
            return
        self.app.push_screen(PacketScreen(self.case, attach={current.name} if current else None))

    def action_remove(self) -> None:
        from ..screens.confirm import ConfirmScreen

        current = self.current
        if current is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(current)

        self.app.push_screen(ConfirmScreen(f"Remove {current.name} from this case?",
                                           "The file is deleted from the case's documents folder; what was "
                                           "taken from it stays.", yes="Remove", no="Keep"), answered)

    def _remove(self, document: CaseDocument) -> None:
        from ...store.attachments import DocumentVault

        try:
            DocumentVault(self.app.store).remove(self.case.id, document.id)
        except Exception as exc:  # noqa: BLE001  (a full disk, a held lock: a message, never a crash)
            from ..save_errors import save_problem

            title, message = save_problem(exc)
            self.app.notify(message, title=title, severity="error", timeout=12)
            return
        self.show_case(self.app.store.load(self.case.id))
