"""Make the appeal packet: which letters, which of the case's stored documents, a fax or mail cover.

Letters default to the denial's next request (the internal appeal, or external
review or a fair hearing once the plan's appeal is decided) and the letter of
medical necessity it encloses; every stored document is ticked. Choosing a file
of the inbox folder under "Add a file" stores it with the case (a PDF or an
image) and ticks it; the app never opens a path typed in. Attachments are
listed and read only through ``store.packet_sources``. The packet goes into the
exports folder under the file name typed, and is recorded on the case. Each
letter is its latest version kept with the case, else the template's draft for
today. A final copy (the default) is refused while
anything is missing, and the dialog lists what; a draft is written marked
DRAFT on every page. Rendering runs off the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen

from ...documents.names import file_name
from ...domain.case import Case
from ...store.exports import ExportError, export_for_case, name_problem
from ...store.packet_sources import add_inbox_document, inbox_documents, stored_documents
from ..case_updates import show_everywhere
from ..export_target import exports_folder, show_where, suggested_name
from ..literal import Input, Label, Select, SelectionList, Static, keys_hint
from ..widgets.tick_list import TickList

DEFAULT_LETTERS = ("internal-appeal", "lmn")
COVERS = (("No cover page", ""), ("Fax cover sheet", "fax"), ("Mail cover letter", "mail"))
COPIES = (("Final copy: refused while anything is missing", "final"), ("Draft: marked DRAFT on every page", "draft"))


class PacketCancelled(Exception):
    """esc was pressed while the packet was being built."""


class PacketScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="packet.cancel"),
                Binding("ctrl+s", "export", "Export", id="packet.export", priority=True)]

    def __init__(self, case: Case, record=None, attach: set[str] | None = None):
        super().__init__()
        self.case, self.record = case, record
        self.attach = attach  # the documents to tick (None: all of them)
        self.folder = Path()  # the exports folder, known once mounted
        self.name_refused = False  # the status says the file name was refused
        self.busy = False
        self.cancelled = False
        self.order: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="packet-dialog"):
            yield Static(f"Appeal packet · {self.case.patient.name}", classes="dialog-title")
            yield Label("Letters, in this order (space ticks)", classes="packet-label")
            yield TickList(id="packet-letters")
            yield Label("The case's documents to attach", classes="packet-label")
            yield TickList(id="packet-documents")
            with Horizontal(classes="export-row"):
                yield Label("Add a file", classes="export-label")
                yield Select([], prompt="a PDF or image from the inbox folder", id="packet-add", compact=True)
            with Horizontal(classes="export-row"):
                yield Label("First page", classes="export-label")
                yield Select(COVERS, value="", allow_blank=False, id="packet-cover", compact=True)
            with Horizontal(classes="export-row"):
                yield Label("Copy", classes="export-label")
                yield Select(COPIES, value="final", allow_blank=False, id="packet-copy", compact=True)
            with Horizontal(classes="export-row"):
                yield Label("File name", classes="export-label")
                yield Input(id="packet-path", compact=True)
            yield Static("", id="packet-where", classes="export-where")
            yield Static("", id="packet-status")
            yield Static(keys_hint(("ctrl+s", "Export"), ("tab", "Next field"), ("space", "Tick"), ("esc", "Cancel")),
                         classes="dialog-keys")

    def on_mount(self) -> None:
        from ...documents.packet import default_letters

        letters = self.query_one("#packet-letters", SelectionList)
        templates = self.app.plugin_host.letter_templates()
        first = default_letters(self.case, self.record) or list(DEFAULT_LETTERS)
        ranked = sorted(templates, key=lambda t: first.index(t.id) if t.id in first else
                        len(first))  # the denial's next request first, then the letter it encloses, then the rest
        for template in ranked:
            letters.add_option((template.title, template.id, template.id in first))
        self.order = [t.id for t in ranked]
        self.folder = exports_folder(self.app)
        self._fill_documents(selected=self.attach)
        self._fill_inbox()
        self.query_one("#packet-path", Input).value = suggested_name(self.folder, file_name("packet", self.case.id,
                                                                                           "pdf"))
        letters.focus()

    def _fill_inbox(self) -> None:
        _folder, files = inbox_documents(self.app.store)
        # Names shown as they are, never as markup (a file named "[b]x.pdf" is just that).
        self.query_one("#packet-add", Select).set_options((Text(f.name), f.name) for f in files)

    def _fill_documents(self, selected: set[str] | None) -> None:
        documents = self.query_one("#packet-documents", SelectionList)
        documents.clear_options()
        stored, problems = stored_documents(self.app.store, self.app.store.load(self.case.id))
        for path in stored:
            documents.add_option((path.name, path.name, selected is None or path.name in selected))
        if problems:  # reported, and left out: never a crash
            self._status(f"Left out (cannot be read as stored): {'; '.join(problems)}", error=True)
        elif not stored:
            self._status("No documents stored yet: put the denial scan in the inbox, add it above.")

    def _status(self, text: str, *, error: bool = False) -> None:
        if not self.is_attached:  # progress that arrives after the dialog closed
            return
        status = self.query_one("#packet-status", Static)
        status.update(text)
        status.set_class(error, "error")

    @on(Select.Changed, "#packet-add")
    def _add(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return  # cleared
        keep = set(self.query_one("#packet-documents", SelectionList).selected)
        try:
            from ...store import current_user_name

            stored = add_inbox_document(self.app.store, self.case.id, event.value, by=current_user_name())
        except ValueError as exc:
            self._status(f"✗ {exc}", error=True)
            return
        self._fill_documents(keep | {stored.name})
        self._fill_inbox()
        self._status(f"Stored {stored.name} with the case (readable only by you); it is ticked.")

    @on(Input.Changed, "#packet-path")
    def _path_typed(self, event: Input.Changed) -> None:
        if show_where(self.query_one("#packet-where", Static), self.folder, event.value) and self.name_refused:
            self.name_refused = False
            self._status("")  # the refusal is fixed

    @on(Input.Submitted, "#packet-path")
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        if self.busy:
            return
        letters = list(self.query_one("#packet-letters", SelectionList).selected)
        if not letters:
            self._status("✗ Tick at least one letter (space).", error=True)
            return
        name = self.query_one("#packet-path", Input).value.strip()
        if name_problem(name):
            self.name_refused = True
            self._status("✗ Not written: fix the file name (the line under it says how).", error=True)
            return
        names = set(self.query_one("#packet-documents", SelectionList).selected)
        cover = self.query_one("#packet-cover", Select).value or ""
        final = self.query_one("#packet-copy", Select).value != "draft"
        self.busy = True
        self.cancelled = False
        self._status("Building the packet… (esc cancels)")
        self._run(letters, names, str(cover), name, final)

    def _step(self, text: str) -> None:
        """Progress from the worker; stops it (nothing written) once esc was pressed."""
        if self.cancelled:
            raise PacketCancelled
        self.app.call_from_thread(self._status, f"{text}… (esc cancels)")

    @work(thread=True, exclusive=True)
    def _run(self, letter_ids: list[str], names: set[str], cover: str, name: str, final: bool = True) -> None:
        from ...documents.fonts import unsupported_characters
        from ...documents.letters import LetterProblem, NotFinal, find_template, pick_record
        from ...documents.packet import attachment_block, packet_document, packet_letter
        from ...plugin_host import ExportFailed
        from ...store.case_store import current_user_name
        from ...store.packet_sources import read_document

        host = self.app.plugin_host
        try:
            total = len(letter_ids) + 3
            pdf = next((e for e in host.exporters() if e.id == "pdf"), None)
            if pdf is None:
                raise LetterProblem("the PDF exporter plugin is not loaded")
            letters, record = [], self.record
            for n, template_id in enumerate(sorted(letter_ids, key=self.order.index), start=1):
                self._step(f"Filling letter {n} of {len(letter_ids)} (step {n} of {total})")
                template = find_template(host.letter_templates(), template_id)
                chosen = self.record if self.record is not None else pick_record(self.case, template)
                record = record if record is not None else chosen
                letters.append(packet_letter(host, self.case, template_id, chosen))
            self._step(f"Reading the attached documents (step {total - 2} of {total})")
            stored = self.app.store.load(self.case.id)
            usable, _problems = stored_documents(self.app.store, stored)
            documents = [p for p in usable if p.name in names]
            labels = {d.name: d.label for d in stored.documents}
            attachments = [attachment_block(p.name, read_document(p), label=labels.get(p.name, ""))
                           for p in documents]
            try:
                packet = packet_document(self.case, letters, attachments, record=record, cover=cover, final=final)
            except NotFinal as exc:
                self.app.call_from_thread(self._not_final, exc.problems)
                return
            packet.document.author = current_user_name()
            glyphs = [u.line() for u in unsupported_characters(packet.document)]
            self._step(f"Rendering the PDF (step {total - 1} of {total})")
            rendered = host.render_export(pdf, packet.document)
            self._step(f"Saving (step {total} of {total})")
            written, saved = export_for_case(self.app.store, self.case.id, name, rendered, what="packet", format="pdf")
        except PacketCancelled:
            self.app.call_from_thread(self._cancelled)
            return
        except (LetterProblem, ExportFailed, ExportError, ValueError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except Exception as exc:  # noqa: BLE001  (a document the PDF tools still choke on: never a crash)
            self.app.call_from_thread(self._failed, f"the packet could not be built ({type(exc).__name__}); "
                                                    "nothing was written")
            return
        self.app.call_from_thread(show_everywhere, self.app, saved)
        self.app.call_from_thread(self._done, written, packet.missing + glyphs)

    def _not_final(self, problems: list[str]) -> None:
        """Each problem in full on its own screen (the dialog has no room for the list at 80x24)."""
        from .problems import ProblemsScreen

        self.busy = False
        status = self.query_one("#packet-status", Static)
        status.update(Text(f"Not written: not a final copy yet ({len(problems)} to settle; or choose Copy: Draft)."))
        status.set_class(True, "error")
        self.app.push_screen(ProblemsScreen(
            f"Not a final copy yet: {len(problems)} to settle", problems,
            "Settle them on the case's tabs, or choose Copy: Draft to export a marked draft now."))

    def _failed(self, message: str) -> None:
        self.busy = False
        self._status(f"✗ {message}", error=True)

    def _done(self, path: Path, missing: list[str]) -> None:
        self.busy = False
        if missing:
            shown = "\n".join(f"· {m}" for m in missing[:6]) + (f"\n… and {len(missing) - 6} more" if
                                                                 len(missing) > 6 else "")
            self.app.notify(f"Saved to {path}, marked DRAFT. Still missing:\n{shown}", markup=False,
                            title="Appeal packet (draft)", severity="warning", timeout=20)
        else:
            self.app.notify(f"Saved to {path} (readable only by you).", title="Appeal packet", timeout=15, markup=False)
        self.dismiss(path)

    def _cancelled(self) -> None:
        self.busy = False
        self.app.notify("Packet cancelled; nothing was written.")
        self.dismiss(None)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
            return
        self.cancelled = True  # the worker stops at its next step; nothing is written
        self._status("Cancelling…")
