"""Export a document of a case (the superbill, the treatment journal): format, dates, file name.

With a ``check`` (the superbill), what is missing or invalid is listed as you
change the dates; blocking problems keep the export from running, and ctrl+e
opens the details they point to. The file goes into the exports folder under
the name typed (a path is refused with what to fix; see ``tui/export_target.py``);
a name that exists is refused, never overwritten; files are readable only by you
(your team in a team folder), and each export is recorded on the case. The exporter plugin renders off
the UI thread with a progress line; esc cancels it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from ...domain.case import Case
from ...domain.fields import parse_day
from ...store.exports import ExportError, export_for_case, name_problem
from ...documents.names import file_name
from ..literal import Input, Label, OptionList, Static, keys_hint
from ..case_updates import show_everywhere
from ..export_target import exports_folder, show_where, suggested_name
from ..plugin_jobs import follow


class DocumentExportScreen(ModalScreen[Path | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="document_export.cancel"),
        Binding("ctrl+s", "export", "Export", priority=True, id="document_export.export"),
        Binding("ctrl+e", "details", "Edit details", priority=True, show=False, id="document_export.details"),
        Binding("ctrl+o", "edit_case", "Edit the case", priority=True, show=False, id="document_export.case"),
    ]

    def __init__(self, case: Case, what: str, title: str, *, build: Callable, check: Callable | None = None,
                 details: Callable | None = None, edit_case: bool = False, dates=(None, None),
                 formats: tuple[str, ...] = (), first: tuple[str, ...] = (), skip: tuple[str, ...] = ()):
        """``build(case, start, end) -> Document``; ``check(case, start, end) -> (summary, problems)``;
        ``details(case, done)`` opens a form for what the check asks for and calls ``done(case)`` after;
        ``edit_case``: ctrl+o opens the case form (the check names facts kept there); ``dates``: the
        range the dialog starts with (None = open).
        Formats: ``formats`` = only these, in this order; else every exporter but ``skip``, ``first`` first."""
        super().__init__()
        self.case, self.what, self.title_text = case, what, title
        self.build, self.check, self.details, self.edit_case, self.dates = build, check, details, edit_case, dates
        self.folder = Path()  # the exports folder, known once mounted
        self.name_refused = False  # the status says the file name was refused
        self.formats, self.first, self.skip = formats, first, skip
        self.exporters: list = []
        self.job = None  # the exporter plugin rendering, while it runs
        self.path_edited = False
        self.busy = False
        self.blocking = 0
        self.glyphs: list[str] = []

    def compose(self) -> ComposeResult:
        # With a check, the dialog takes the screen's height and the check's list scrolls in what is left,
        # so the status line and the keys stay on screen at 80x24.
        with Vertical(classes="dialog with-check" if self.check else "dialog", id="document-export"):
            yield Static(self.title_text, classes="dialog-title")
            yield OptionList(id="doc-formats")
            with Horizontal(classes="export-row"):
                yield Label("File name", classes="export-label")
                yield Input(id="doc-path", compact=True)
            yield Static("", id="doc-where", classes="export-where")
            with Horizontal(classes="export-row"):
                yield Label("From / to", classes="export-label")
                start, end = (day.isoformat() if day else "" for day in self.dates)
                yield Input(start, placeholder="first date", id="doc-from", compact=True)
                yield Input(end, placeholder="last date", id="doc-to", compact=True)
            if self.check:
                with VerticalScroll(id="doc-check-box"):
                    yield Static("", id="doc-check")
            yield Static("", id="doc-status")
            keys = [("ctrl+s", "Export"), ("tab", "Next field"), ("esc", "Cancel")]
            if self.details:
                keys.insert(2, ("ctrl+e", "Billing details"))
            if self.edit_case:
                keys.insert(2, ("ctrl+o", "Case"))
            yield Static(keys_hint(*keys), classes="dialog-keys")

    def on_mount(self) -> None:
        self.folder = exports_folder(self.app)
        exporters = self.app.plugin_host.exporters()
        if self.formats:
            exporters = [e for e in exporters if e.id in self.formats]
            exporters.sort(key=lambda e: self.formats.index(e.id))
        else:
            exporters = [e for e in exporters if e.id not in self.skip]
            exporters.sort(key=lambda e: self.first.index(e.id) if e.id in self.first else len(self.first))
        self.exporters = exporters
        formats = self.query_one("#doc-formats", OptionList)
        if not self.exporters:
            self._status("No export format is loaded. Formats come from plugins: press p on the home screen to "
                         "see which are loaded.", error=True)
        else:
            formats.add_options([Option(f"{e.label:<9} {e.description}", id=e.id) for e in self.exporters])
            formats.highlighted = 0
            formats.focus()
            self._suggest_path()
        self._status("Checking…")
        self._prepare()

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare(self) -> None:
        """Off the UI thread: load the ICD-10-CM list the check needs, and find what the PDF fonts cannot draw."""
        from ...documents.fonts import unsupported_characters
        from ...domain import icd10cm

        if self.check:
            icd10cm.warm()
        glyphs = [u.line() for u in unsupported_characters(self.build(self.case, None, None))]
        self.app.call_from_thread(self._prepared, glyphs)

    def _prepared(self, glyphs: list[str]) -> None:
        self.glyphs = glyphs
        self._recheck()
        if not self.check:
            self._status(self._glyph_note() or "Ready to export.")

    def _glyph_note(self) -> str:
        return "\n".join(f"! {line}" for line in self.glyphs[:3])

    # --- state ----------------------------------------------------------------------------------

    @property
    def exporter(self):
        index = self.query_one("#doc-formats", OptionList).highlighted or 0
        return self.exporters[index] if self.exporters else None

    def _suggest_path(self) -> None:
        if self.path_edited or self.exporter is None:
            return
        self.query_one("#doc-path", Input).value = self._suggested()
        self.path_edited = False

    def _suggested(self) -> str:
        return suggested_name(self.folder, file_name(self.what, self.case.id, self.exporter.extension))

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#doc-status", Static)
        status.update(Text(text))  # plugin titles and errors are shown as they are, never as markup
        status.set_class(error, "error")

    def _dates(self):
        start = parse_day(self.query_one("#doc-from", Input).value, label="From")
        end = parse_day(self.query_one("#doc-to", Input).value, label="To")
        if start and end and start > end:
            raise ValueError("The From date is after the To date: swap them")
        return start, end

    def _recheck(self) -> None:
        if not self.check:
            return
        try:
            start, end = self._dates()
        except ValueError as exc:
            self._status(f"✗ {exc}", error=True)
            return
        summary, problems = self.check(self.case, start, end)
        self.blocking = sum(1 for p in problems if p.blocking)
        text = Text()
        head, _, more = summary.partition("\n")
        text.append(head + "\n", style="bold")
        if more:
            text.append(more + "\n", style="dim")
        if not problems:
            text.append("✓ Every required field is there.", style="green")
        for p in problems:
            text.append(("✗ " if p.blocking else "! ") + p.where + ": ", style="bold" if p.blocking else "")
            text.append(p.message + "\n")
        text.rstrip()
        self.query_one("#doc-check", Static).update(text)
        if self.blocking:
            self._status(f"Fix the {self.blocking} problem{'s' if self.blocking != 1 else ''} marked ✗ before "
                         "exporting." + self._where_to_fix(), error=True)
        else:
            note = self._glyph_note()
            self._status("Ready to export." + (" Notes marked ! are worth a look." if problems else "")
                         + (f"\n{note}" if note else ""))

    # --- events ---------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#doc-formats")
    def _format_changed(self) -> None:
        self._suggest_path()

    @on(OptionList.OptionSelected, "#doc-formats")
    def _format_chosen(self) -> None:
        self.action_export()

    @on(Input.Changed, "#doc-path")
    def _path_typed(self, event: Input.Changed) -> None:
        if show_where(self.query_one("#doc-where", Static), self.folder, event.value) and self.name_refused:
            self.name_refused = False
            self._status("")  # the refusal is fixed
        if self.exporter is not None:
            self.path_edited = event.value != self._suggested()

    @on(Input.Changed, "#doc-from, #doc-to")
    def _dates_typed(self) -> None:
        self._recheck()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_export()

    def _where_to_fix(self) -> str:
        places = ([("ctrl+e", "the billing details")] if self.details else []) + \
            ([("ctrl+o", "the case")] if self.edit_case else [])
        return "".join(f" {key} opens {what}." for key, what in places)

    def _edited(self, case: Case | None) -> None:
        if case is not None:
            self.case = case
            self._recheck()

    def action_details(self) -> None:
        if self.details:
            self.details(self.case, self._edited)

    def action_edit_case(self) -> None:
        if self.edit_case:
            self.app.edit_case(self.case.id, self._edited)

    def action_export(self) -> None:
        if self.busy or self.exporter is None:
            return
        try:
            start, end = self._dates()
        except ValueError as exc:
            self._status(f"✗ {exc}", error=True)
            return
        if self.check:
            self._recheck()
            if self.blocking:
                return
        name = self.query_one("#doc-path", Input).value.strip()
        if name_problem(name):
            self.name_refused = True
            self._status("✗ Not written: fix the file name (the line under it says how).", error=True)
            return
        self.busy = True
        self._status(f"Exporting as {self.exporter.label}…")
        self._run(self.exporter, name, start, end)

    @work(exclusive=True, group="document-export")
    async def _run(self, exporter, name: str, start, end) -> None:
        from ...plugin_host import ExportFailed, JobCancelled
        from ...store.case_store import current_user_name

        document = self.build(self.case, start, end)
        document.author = document.author or current_user_name()
        self.job = self.app.plugin_host.start_render(exporter, document)
        await follow(self.job, self._status, f"Exporting as {exporter.label}")
        try:
            written, saved = export_for_case(self.app.store, self.case.id, name, self.job.result(),
                                             what=self.what, format=exporter.id)
        except JobCancelled:
            self._failed("Cancelled: nothing was written.")
            return
        except (ExportError, ExportFailed) as exc:
            self._failed(f"✗ {exc}")
            return
        finally:
            self.job = None
        show_everywhere(self.app, saved)
        self._done(written)

    def _failed(self, message: str) -> None:
        self.busy = False
        self._status(message, error=message.startswith("✗"))

    def _done(self, path: Path) -> None:
        self.busy = False
        self.app.notify(f"Saved to {path} (readable only by you).", title="Exported", timeout=15, markup=False)
        self.dismiss(path)

    def action_cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()  # the exporter's thread is abandoned; nothing is written
        elif not self.busy:
            self.dismiss(None)
