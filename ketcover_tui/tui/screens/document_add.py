"""Add a document from the inbox folder: choose what it is, then the file.

The app never opens a path the user types (``store/inbox.py``): it lists the
inbox folder's regular files. A denial letter or an SBC is read first and every
field it gives is reviewed beside its words (``document_review``); so is an EOB
file (FHIR or X12 835), claim by claim; anything else, a PDF EOB included, is
kept with the case as it is, labelled. Reading runs off the UI thread with a
progress line; esc stops it and adds nothing.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from ..literal import Label, OptionList, Select, Static, keys_hint
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...domain.case import Case
from ...domain.case_documents import LABELS

KIND_CHOICES = [({"SBC": "SBC (Summary of Benefits and Coverage)", "EOB": "EOB (Explanation of Benefits)"}.get(
    label, label.capitalize()), label)
                for label in LABELS]


INBOX_RESCAN_S = 1.0  # how often the open dialog looks for new files in the inbox


class _Stopped(Exception):
    """esc while a file was being read."""


class AddDocumentScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="document_add.cancel")]

    def __init__(self, case: Case):
        super().__init__()
        self.case = case
        self.names: list[str] = []
        self.reading = None  # the worker reading a file, while it runs
        self._listed: list | None = None  # (name, size) of the inbox files shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="document-add-dialog"):
            yield Static("Add a document to this case", classes="dialog-title")
            with Horizontal(classes="export-row"):
                yield Label("It is a", classes="export-label")
                yield Select(KIND_CHOICES, value="denial letter", allow_blank=False, id="document-kind",
                             compact=True)
            yield Static("", id="document-inbox-note", classes="dialog-detail")
            yield OptionList(id="document-inbox")
            yield Static("", id="document-add-status")
            yield Static(keys_hint(("enter", "Read the file"), ("tab", "Next"), ("esc", "Cancel")), classes="dialog-keys")

    def on_mount(self) -> None:
        from ...store.inbox import inbox_dir

        self.folder = inbox_dir(self.app.store.root)
        self._list_inbox()
        # A file put in the inbox while the dialog is open appears without closing it.
        self.set_interval(INBOX_RESCAN_S, self._list_inbox)
        # The first field first: what the file is decides how it is read (enter on a file reads it at once).
        self.query_one("#document-kind", Select).focus()

    def _list_inbox(self) -> None:
        from ...store.inbox import inbox_files

        files = inbox_files(self.folder)
        listed = [(f.name, f.size) for f in files]
        if listed == self._listed:
            return
        self._listed = listed
        inbox = self.query_one("#document-inbox", OptionList)
        was = self.names[inbox.highlighted] if inbox.highlighted is not None and self.names else None
        self.names = [f.name for f in files]
        inbox.clear_options()
        inbox.add_options([Option(Text(f"{f.name}  ({f.size / 1024:,.0f} KB)"), id=str(n))
                           for n, f in enumerate(files)])
        if files:
            inbox.highlighted = self.names.index(was) if was in self.names else 0
        note = self.query_one("#document-inbox-note", Static)
        note.update(Text(f"Files in the inbox folder {self.folder}:" if files else
                         f"The inbox folder {self.folder} is empty: put the PDF (or a text file) there; "
                         "it appears here."))

    @on(OptionList.OptionSelected, "#document-inbox")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        from ...store import UnreadableFile
        from ...store.attachments import MAX_BYTES
        from ...store.inbox import read_inbox_file

        name = self.names[int(event.option.id)]
        kind = str(self.query_one("#document-kind", Select).value)
        try:
            data = read_inbox_file(self.folder, name, MAX_BYTES)
        except UnreadableFile as exc:
            self._status(f"✗ {name} {exc.reason}")
            return
        if kind in ("denial letter", "SBC") or (kind == "EOB" and self._is_eob_file(data)):
            if self.reading is None:
                self._status(f"Reading {name}… (esc stops)")
                self.reading = self._read(kind, name, data)
        else:
            self._keep(kind, name, data)

    @work(thread=True, exclusive=True, group="document-read")
    def _read(self, kind: str, name: str, data: bytes) -> None:
        """Off the UI thread: a long PDF or a clinic's 835 never freezes the screen, and esc stops it."""
        worker = get_current_worker()
        shown_at = [0.0]

        def progress(claims: int) -> None:
            if worker.is_cancelled:
                raise _Stopped
            if time.monotonic() - shown_at[0] > 0.25:
                shown_at[0] = time.monotonic()
                self.app.call_from_thread(self._status, f"Reading {name}: {claims:,} claims… (esc stops)")

        try:
            review = self._prepared(kind, name, data, progress)
        except _Stopped:
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._read_done, review)

    def _prepared(self, kind: str, name: str, data: bytes, progress):
        from ...intake.source_text import NotReadable, read_source
        from .document_review import denial_review, eob_review, sbc_review

        store = self.app.store
        if kind == "EOB":
            return eob_review(store, self.case, name, data, progress)
        try:
            source = read_source(data, name)
        except NotReadable as exc:
            return f"{exc}. Nothing was added."
        return denial_review(store, self.case, name, data, source) if kind == "denial letter" else \
            sbc_review(store, self.case, name, data, source)

    def _read_done(self, review) -> None:
        self.reading = None
        self._status("")
        self._show_review(review)

    @staticmethod
    def _is_eob_file(data: bytes) -> bool:
        """FHIR (JSON, NDJSON) or X12 by its first bytes; a PDF or a scan of an EOB is kept as it is."""
        from ...intake.source import sniff

        return sniff(data[:4096]) in ("x12", "json", "ndjson")

    def _show_review(self, review) -> None:
        from .document_review import ReviewScreen

        if isinstance(review, str):
            self._status(f"✗ {review}")
            return

        def done(saved: bool | None) -> None:
            if saved:
                self._saved()

        self.app.push_screen(ReviewScreen(review), done)

    def _keep(self, label: str, name: str, data: bytes) -> None:
        from dataclasses import replace

        from ...store import current_user_name
        from ...store.attachments import DocumentVault, check_bytes

        try:
            checked = check_bytes(data, name, text=True)
            checked = replace(checked, record=replace(checked.record, label=label))
            DocumentVault(self.app.store).add(self.case.id, checked, by=current_user_name())
        except ValueError as exc:
            self._status(f"✗ {exc}")
            return
        except Exception as exc:  # noqa: BLE001  (a full disk, a held lock: a message)
            from ..save_errors import save_problem

            self._status(f"✗ {save_problem(exc)[1]}")
            return
        self.app.notify(f"Kept {name} with the case.", timeout=5, markup=False)
        self._saved()

    def _saved(self) -> None:
        """Show the saved case on every screen that has it open, then close."""
        from ..case_updates import show_everywhere

        case = self.app.store.load(self.case.id)
        self.app.home.table.upsert(case.summary())
        self.dismiss(None)
        show_everywhere(self.app, case)

    def _status(self, message: str) -> None:
        status = self.query_one("#document-add-status", Static)
        status.update(Text(message))
        status.set_class(message.startswith("✗"), "error")

    def action_cancel(self) -> None:
        if self.reading is not None:  # the first esc stops the reading, the next one closes
            self.reading.cancel()
            self.reading = None
            self._status("Stopped reading: nothing was added.")
            return
        self.dismiss(None)
