"""Letters in the app: pick a template, edit the filled-in draft, export it; the deadline calendar.

The draft is plain text (see ketcover_tui/documents/letters.py); what is still missing is
listed above it and updates as you type. ctrl+s opens the export dialog (PDF,
DOCX, Markdown, text, then the formats plugins add); the file is created new,
readable only by you.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from ...documents.letters import LetterContext, LetterProblem, letter_document, missing_in, pick_record
from ...store.exports import default_export_folder

LETTER_FORMATS = ("pdf", "docx", "md", "txt")  # offered first; every other exporter plugin follows
NOT_FOR_LETTERS = ("csv", "json")  # the built-in tabular formats: one row per record, and a letter has none


class LetterScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "export", "Export…", priority=True, id="letter.export"),
        Binding("escape", "back", "Back", id="letter.back"),
    ]

    def __init__(self, case, template, text: str, title: str):
        super().__init__()
        self.case, self.template, self.initial, self.letter_title = case, template, text, title

    def compose(self) -> ComposeResult:
        yield Static(f"{self.letter_title} · {self.case.patient.name}   (edit freely; ctrl+s exports)",
                     id="form-title")
        yield Static("", id="letter-missing")
        yield TextArea(self.initial, id="letter-body", soft_wrap=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show_missing()
        self.query_one("#letter-body", TextArea).focus()

    @property
    def text(self) -> str:
        return self.query_one("#letter-body", TextArea).text

    def _show_missing(self) -> None:
        gaps = missing_in(self.text)
        box = self.query_one("#letter-missing", Static)
        if not gaps:
            box.update(Text("✓ Nothing marked missing. Read every “[check this …]” note before sending.",
                            style="green"))
            return
        text = Text(f"Missing ({len(gaps)}), shown as [missing: …] in the letter: ", style="bold")
        text.append("; ".join(gaps))
        box.update(text)

    @on(TextArea.Changed, "#letter-body")
    def _changed(self) -> None:
        self._show_missing()

    def action_export(self) -> None:
        from .document_export import DocumentExportScreen

        text, title = self.text, self.letter_title
        self.app.push_screen(DocumentExportScreen(
            self.case, self.template.id, f"Export the {title.lower()}",
            build=lambda case, start, end: letter_document(case, title, text), first=LETTER_FORMATS, skip=NOT_FOR_LETTERS))

    def action_back(self) -> None:
        from .confirm import ConfirmScreen

        if self.text == self.initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Leave without exporting?", "Your edits to this letter are not kept.",
                                           yes="Leave", no="Keep editing"), answered)


def pick_letter(app, case, record=None) -> None:
    """Choose a letter template, then open its draft for the highlighted record (or the latest one)."""
    from ...domain import appeals as ap
    from ...plugin_host import ExportFailed, JobCancelled
    from .pick import PickScreen
    from .plugin_wait import wait_for

    templates = app.plugin_host.letter_templates()
    if not templates:
        app.notify("No letter templates are loaded. They come from plugins: press p on the home screen.",
                   severity="warning")
        return
    options = [(t.id, f"{t.title} · {t.description}") for t in templates]

    def chosen(template_id: str | None) -> None:
        if not template_id:
            return
        template = next(t for t in templates if t.id == template_id)
        wanted = record
        if wanted is not None and template.needs and ap.kind_of(wanted) != template.needs:
            wanted = None  # e.g. an appeal while a claim is highlighted: use the latest denial
        try:
            about = wanted if wanted is not None else pick_record(case, template)
        except LetterProblem as exc:
            app.notify(str(exc), title="No letter", severity="error", timeout=10)
            return

        def built(job) -> None:  # the template runs off the UI thread; esc cancels it
            try:
                draft = job.result()
            except JobCancelled:
                return
            except ExportFailed as exc:
                app.notify(str(exc), title="No letter", severity="error", timeout=10, markup=False)
                return
            app.push_screen(LetterScreen(case, template, draft.text, draft.title))

        job = app.plugin_host.start_letter(template, LetterContext(case, about))
        wait_for(app, job, f"Writing the {template.title.lower()}", built)

    app.push_screen(PickScreen("Write which letter?", options,
                               detail="Filled from the case; you can edit it before exporting."), chosen)


def export_calendar(app, case, folder: Path | None = None) -> Path | None:
    """Write the case's open deadlines as an .ics file in the current folder (a new file)."""
    from ...store.exports import ExportError, unused_path, write_export
    from ...documents.ics import calendar_text
    from ...documents.names import file_name

    data = calendar_text(case).encode("utf-8")
    count = data.count(b"BEGIN:VEVENT")
    if not count:
        app.notify("No open deadlines to export.", timeout=5)
        return None
    path = unused_path(folder or default_export_folder(), file_name("deadlines", case.id, "ics"))
    try:
        written = write_export(path, data)
    except ExportError as exc:
        app.notify(str(exc), severity="error", timeout=10)
        return None
    app.notify(f"{count} deadline{'s' if count != 1 else ''} saved to {written} (readable only by you). "
               "Import it into your calendar.", title="Calendar", timeout=15)
    return written
