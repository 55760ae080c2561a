"""Export the call log: choose a format, check the file name, press enter.

The file goes into the exports folder (see ``tui/export_target.py``): the
default name (ketcover-calls-<case id>-<date>.<ext>) never names an existing
file; a name you type that exists is refused, never overwritten, and a path
(``/``, ``..``, a leading ``.``) is refused with what to fix. The export is
recorded on the case. The exporter plugin renders off the UI thread with
a progress line, so a long PDF does not freeze the screen; esc cancels it.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from ...domain.case import Case
from ...domain.fields import parse_day
from ...documents.calls import call_log_document, default_file_name
from ...store.exports import ExportError, export_for_case, name_problem
from ..literal import Input, Label, OptionList, Static, keys_hint
from ..case_updates import show_everywhere
from ..export_target import exports_folder, show_where, suggested_name
from ..plugin_jobs import follow


# One convention in every export dialog: ctrl+s exports (enter in the last field does too).
EXPORT_KEYS = (("ctrl+s", "Export"), ("tab", "Next field"), ("esc", "Cancel"))


class ExportScreen(ModalScreen[Path | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "export", "Export", priority=True, id="export.export"),
    ]

    def __init__(self, case: Case):
        super().__init__()
        self.case = case
        self.folder = Path()  # the exports folder, known once mounted
        self.name_refused = False  # the status says the file name was refused
        self.exporters: list = []
        self.path_edited = False
        self.busy = False
        self.job = None  # the exporter plugin rendering, while it runs

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(Text(f"Export the call log · {self.case.patient.name}"), classes="dialog-title")
            yield OptionList(id="export-formats")
            with Horizontal(classes="export-row"):
                yield Label("File name", classes="export-label")
                yield Input(id="export-path", compact=True)
            yield Static("", id="export-where", classes="export-where")
            with Horizontal(classes="export-row"):
                yield Label("From / to", classes="export-label")
                yield Input(placeholder="first call", id="export-from", compact=True)
                yield Input(placeholder="last call", id="export-to", compact=True)
            yield Static("", id="export-status")
            yield Static(keys_hint(*EXPORT_KEYS), classes="dialog-keys")

    def on_mount(self) -> None:
        self.folder = exports_folder(self.app)
        self.exporters = self.app.plugin_host.exporters()
        formats = self.query_one("#export-formats", OptionList)
        if not self.exporters:
            self._status("No export format is loaded. Formats come from plugins: press p on the home "
                         "screen to see which are loaded.", error=True)
            return
        formats.add_options([Option(f"{e.label:<9} {e.description}", id=e.id) for e in self.exporters])
        formats.highlighted = 0
        formats.focus()
        self._suggest_path()

    @property
    def exporter(self):
        formats = self.query_one("#export-formats", OptionList)
        index = formats.highlighted or 0
        return self.exporters[index] if self.exporters else None

    def _suggest_path(self) -> None:
        if self.path_edited or self.exporter is None:
            return
        field = self.query_one("#export-path", Input)
        field.value = suggested_name(self.folder, default_file_name(self.case.id, self.exporter.extension))
        self.path_edited = False

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(Text(text))  # plugin titles and errors are shown as they are, never as markup
        status.set_class(error, "error")

    @on(OptionList.OptionHighlighted, "#export-formats")
    def _format_changed(self) -> None:
        self._suggest_path()

    @on(OptionList.OptionSelected, "#export-formats")
    def _format_chosen(self) -> None:
        self.action_export()

    @on(Input.Changed, "#export-path")
    def _path_typed(self, event: Input.Changed) -> None:
        if show_where(self.query_one("#export-where", Static), self.folder, event.value) and self.name_refused:
            self.name_refused = False
            self._status("")  # the refusal is fixed
        if self.exporter is not None:
            suggested = suggested_name(self.folder, default_file_name(self.case.id, self.exporter.extension))
            self.path_edited = event.value != suggested

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        if self.busy or self.exporter is None:
            return
        try:
            start = parse_day(self.query_one("#export-from", Input).value, label="From")
            end = parse_day(self.query_one("#export-to", Input).value, label="To")
        except ValueError as exc:
            self._status(f"✗ {exc}", error=True)
            return
        if start and end and start > end:
            self._status("✗ The From date is after the To date: swap them.", error=True)
            return
        name = self.query_one("#export-path", Input).value.strip()
        if name_problem(name):
            self.name_refused = True
            self._status("✗ Not written: fix the file name (the line under it says how).", error=True)
            return
        self.busy = True
        count = len([c for c in self.case.calls if (not start or c.day >= start) and (not end or c.day <= end)])
        self._status(f"Exporting {count} call{'s' if count != 1 else ''} as {self.exporter.label}…")
        self._run(self.exporter, name, start, end)

    @work(exclusive=True, group="calls-export")
    async def _run(self, exporter, name: str, start, end) -> None:
        from ...plugin_host import ExportFailed, JobCancelled

        document = call_log_document(self.case, start, end)
        self.job = self.app.plugin_host.start_render(exporter, document)
        await follow(self.job, self._status, f"Exporting as {exporter.label}")
        try:
            written, saved = export_for_case(self.app.store, self.case.id, name, self.job.result(), what="calls",
                                      format=exporter.id)
        except JobCancelled:
            self._failed("Cancelled: nothing was written.", error=False)
            return
        except (ExportError, ExportFailed) as exc:
            self._failed(str(exc))
            return
        finally:
            self.job = None
        show_everywhere(self.app, saved)
        self._done(written, len(document.records()))

    def _failed(self, message: str, *, error: bool = True) -> None:
        self.busy = False
        self._status(f"✗ {message}" if error else message, error=error)

    def _done(self, path: Path, count: int) -> None:
        self.busy = False
        self.app.notify(f"{count} call{'s' if count != 1 else ''} exported to {path} (readable only by you).",
                        title="Exported", timeout=15, markup=False)
        self.dismiss(path)

    def action_cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()  # the exporter's thread is abandoned; nothing is written
        elif not self.busy:
            self.dismiss(None)
