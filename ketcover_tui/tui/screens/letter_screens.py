"""Letters in the app: pick a template, edit the filled-in draft, keep it, export it; the deadline calendar.

The draft is plain text (see ketcover_tui/documents/letters.py). Above it: where
the letter goes (with the address's source and date) and everything that keeps
it from being a final copy, updated as you type. Edits are kept with the case:
esc keeps them as a new version (with the date and your name) and leaves;
ctrl+s keeps them and opens the export dialog (PDF, DOCX, Markdown, text, then
the formats plugins add). A letter with nothing left to
settle exports as a final copy; otherwise you are told what is left and may
export a draft, marked DRAFT on every page. ctrl+r starts again from the
template (what you had is kept as a version first).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from ...documents.letter_facts import where_to_add
from ...documents.letters import (LetterContext, LetterProblem, final_problems, letter_document, letter_key,
                                  letterhead_gaps, missing_in, pick_record, title_of)
from ...domain import clock
from ...domain import letter_log as ll
from ..case_updates import save_case_change
from ..literal import Static, TextArea

LETTER_FORMATS = ("pdf", "docx", "md", "txt")  # offered first; every other exporter plugin follows
NOT_FOR_LETTERS = ("csv", "json")  # the built-in tabular formats: one row per record, and a letter has none


def problems_text(problems: list[str]) -> Text:
    """What keeps a letter from being final, with where to add each fact (shown literally, never as markup)."""
    if not problems:
        return Text("✓ Ready to send: nothing missing, nothing to check, dated today.", style="green")
    text = Text(f"Not ready to send ({len(problems)}): ", style="bold")
    for n, problem in enumerate(problems):
        place = where_to_add(problem)
        text.append(("; " if n else "") + problem + (f" ({place})" if place else ""))
    return text


class LetterScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "export", "Export…", priority=True, id="letter.export"),
        Binding("ctrl+r", "restart", "From the template", priority=True, id="letter.restart"),
        Binding("escape", "back", "Keep & back", id="letter.back"),
        Binding("ctrl+home", "to_edge(True)", "Top of the letter", show=False, id="letter.top"),
        Binding("ctrl+end", "to_edge(False)", "End of the letter", show=False, id="letter.bottom"),
    ]

    def __init__(self, case, template, text: str, title: str, *, record=None, kept=None, note: str = "",
                 template_id: str = "", signer: str = "", files: str = "", compare: bool = False):
        """``compare``: draft the letter afresh in the background and say what the case has learnt
        since the kept version (``open_letter`` has that draft already and says it in ``note``)."""
        super().__init__()
        self.compare = compare and kept is not None
        self.case, self.template, self.record, self.note = case, template, record, note
        self.initial, self.letter_title = text, title
        self.template_id = template_id or template.id
        self.signer, self.files = signer or template.signer, files or template.files
        self.kept_text = kept.latest.text if kept is not None and kept.latest else None
        self.kept_label = (f"version {kept.latest.number}, kept {kept.latest.saved_at[:10]} by {kept.latest.by}"
                           if kept is not None and kept.latest else "new draft")

    def compose(self) -> ComposeResult:
        yield Static(Text(f"{self.letter_title} · {self.case.patient.name} · {self.kept_label}"), id="form-title")
        yield Static(self._destination(), id="letter-status")
        yield Static("", id="letter-missing")
        yield TextArea(self.initial, id="letter-body", soft_wrap=True)
        yield Footer(compact=True)

    def _destination(self) -> Text:
        from ...documents.routing import appeal_destination

        text = Text(self.note + " " if self.note else "", style="italic")
        if self.case.appeals.denials:
            where = appeal_destination(self.case, self.record)
            text.append(" ".join(where.lines()) or "No appeals address is known yet.", style="dim")
        return text

    def on_mount(self) -> None:
        self._show_problems()
        self.query_one("#letter-body", TextArea).focus()
        if self.compare and self.kept_text is not None:
            self.run_worker(self._compare_with_template(), group="letter-compare", exclusive=True)

    async def _compare_with_template(self) -> None:
        import asyncio

        job = self.app.plugin_host.start_letter(self.template, LetterContext(self.case, self.record))
        while not job.over:
            await asyncio.sleep(0.05)
        try:
            fresh = job.result()
        except Exception:  # noqa: BLE001 - the template failing here only means nothing is said
            return
        if (said := since_kept(self.kept_text or "", getattr(fresh, "text", "") or "")):
            self.note = " ".join(part for part in (self.note, said) if part)
            self.query_one("#letter-status", Static).update(self._destination())

    @property
    def text(self) -> str:
        return self.query_one("#letter-body", TextArea).text

    def action_to_edge(self, top: bool) -> None:
        body = self.query_one("#letter-body", TextArea)
        body.move_cursor((0, 0) if top else body.document.end, center=not top)
        body.focus()

    def problems(self) -> list[str]:
        """What keeps it from being final: the letterhead's gaps (who sends it), then the text's."""
        return [f"missing: {gap}" for gap in letterhead_gaps(self.case, self.signer)] + \
            final_problems(self.text, clock.today())

    def _show_problems(self) -> None:
        self.query_one("#letter-missing", Static).update(problems_text(self.problems()))

    @on(TextArea.Changed, "#letter-body")
    def _changed(self) -> None:
        self._show_problems()

    # --- keeping versions --------------------------------------------------------------------

    def _unkept(self) -> bool:
        """Edited since it was opened or last kept."""
        return self.text != (self.kept_text if self.kept_text is not None else self.initial)

    def keep(self) -> int | None:
        """Keep the text as the letter's newest version; its number (None when nothing was saved)."""
        from ...store.case_store import current_user_name

        text, key = self.text, letter_key(self.template, self.record)
        title = title_of(text, self.letter_title)
        number: list[int] = []

        def change(case) -> None:
            letter = ll.save_version(case.appeals, self.template_id, title, text, record_id=key, files=self.files,
                                     signer=self.signer, at=clock.now_iso(), by=current_user_name())
            number.append(letter.latest.number)

        saved = save_case_change(self.app, self.case.id, change)
        if saved is None:
            return None
        self.case, self.kept_text = saved, text
        return number[0]

    def action_back(self) -> None:
        if self._unkept() and (number := self.keep()) is not None:
            self.app.notify(f"Kept with the case as version {number}: the packet uses it. Open it again from the "
                            "Appeals tab (l, or enter on its LTR line).", title="Letter kept", timeout=8)
        self.dismiss(None)

    def action_restart(self) -> None:
        if self._unkept():
            self.keep()
        from ...plugin_host import ExportFailed, JobCancelled
        from .plugin_wait import wait_for

        def built(job) -> None:  # the template runs off the UI thread; esc cancels it
            try:
                draft = job.result()
                if getattr(draft, "refused", ""):
                    raise LetterProblem(draft.refused)
            except JobCancelled:
                return
            except (LetterProblem, ExportFailed) as exc:
                self.app.notify(str(exc), title="No letter", severity="error", timeout=10, markup=False)
                return
            self.query_one("#letter-body", TextArea).text = draft.text
            self.app.notify("A fresh draft from the template; what you had is kept as a version.", timeout=6)

        job = self.app.plugin_host.start_letter(self.template, LetterContext(self.case, self.record))
        wait_for(self.app, job, "Writing a fresh draft", built)

    def action_export(self) -> None:
        from .confirm import ConfirmScreen

        if self._unkept() or self.kept_text is None:  # an exported letter is kept, edited or not
            self.keep()
        problems = self.problems()
        if not problems:
            self._export(final=True)
            return
        detail = Text("\n".join(f"· {p}" for p in problems[:8]) + (f"\n… and {len(problems) - 8} more"
                                                                   if len(problems) > 8 else ""))
        detail.append("\nA final copy is refused until these are settled. A draft is marked DRAFT on every page.")

        def answered(draft: bool | None) -> None:
            if draft:
                self._export(final=False)

        self.app.push_screen(ConfirmScreen(f"Not ready to send: {len(problems)} thing"
                                           f"{'s' if len(problems) != 1 else ''} to settle", detail,
                                           yes="Export a draft", no="Keep editing"), answered)

    def _export(self, *, final: bool) -> None:
        from .document_export import DocumentExportScreen

        text, title, signer, record = self.text, title_of(self.text, self.letter_title), self.signer, self.record
        kind = "final copy" if final else "draft (marked DRAFT)"
        self.app.push_screen(DocumentExportScreen(
            self.case, self.template_id, f"Export the {title.lower()}: {kind}",
            build=lambda case, start, end: letter_document(case, title, text, record=record, final=final,
                                                           signer=signer),
            first=LETTER_FORMATS, skip=NOT_FOR_LETTERS))


def since_kept(kept_text: str, fresh_text: str) -> str:
    """What the case has learnt since this version was kept: facts it still marks missing that a fresh
    draft fills in ('' when none). The kept text is never changed behind the writer's back."""
    now_known = [gap for gap in missing_in(kept_text) if gap not in missing_in(fresh_text)]
    if not now_known:
        return ""
    return (f"The case now has what this version still marks missing ({'; '.join(now_known)}): ctrl+r makes a "
            "fresh draft from the template (this version is kept).")


def open_letter(app, case, template, draft, record) -> None:
    """The letter editor on the kept version of this letter, else on the fresh ``draft``."""
    kept = ll.find_letter(case.appeals, draft.template_id, letter_key(template, record))
    if kept is not None and kept.latest is not None:
        note = " ".join(part for part in (draft.note, since_kept(kept.latest.text, draft.text)) if part)
        app.push_screen(LetterScreen(case, template, kept.latest.text, kept.title, record=record, kept=kept,
                                     note=note, template_id=kept.template_id, signer=kept.signer,
                                     files=kept.files))
        return
    if draft.note:
        app.notify(draft.note, title=draft.title, timeout=10, markup=False)
    app.push_screen(LetterScreen(case, template, draft.text, draft.title, record=record, note=draft.note,
                                 template_id=draft.template_id, signer=draft.signer, files=draft.files))


def open_kept_letter(app, case, letter) -> None:
    """A letter kept with the case (from the Appeals tab), on its latest version."""
    from ...documents.letters import find_template
    from ...domain import appeals as ap

    try:
        template = find_template(app.plugin_host.letter_templates(), letter.template_id)
    except LetterProblem as exc:
        app.notify(f"{exc}: its plugin is not loaded.", severity="error", timeout=10)
        return
    try:
        record = ap.find(case.appeals, letter.record_id) if letter.record_id else None
    except KeyError:
        record = None
    app.push_screen(LetterScreen(case, template, letter.latest.text, letter.title, record=record, kept=letter,
                                 template_id=letter.template_id, signer=letter.signer, files=letter.files,
                                 compare=True))


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
        if wanted is not None and (not hasattr(wanted, "headline") or
                                   (template.needs and ap.kind_of(wanted) != template.needs)):
            wanted = None  # e.g. an appeal while a claim is highlighted: use the latest denial
        try:
            about = wanted if wanted is not None else pick_record(case, template)
        except LetterProblem as exc:
            app.notify(str(exc), title="No letter", severity="error", timeout=10, markup=False)
            return

        def built(job) -> None:  # the template runs off the UI thread; esc cancels it
            try:
                draft = job.result()
                if getattr(draft, "refused", ""):  # the template says why it will not write this letter
                    raise LetterProblem(draft.refused)
            except JobCancelled:
                return
            except (LetterProblem, ExportFailed) as exc:
                app.notify(str(exc), title="No letter", severity="error", timeout=10, markup=False)
                return
            open_letter(app, case, template, draft, about)

        job = app.plugin_host.start_letter(template, LetterContext(case, about))
        wait_for(app, job, f"Writing the {template.title.lower()}", built)

    app.push_screen(PickScreen("Write which letter?", options,
                               detail="Filled from the case; your edits are kept with it."), chosen)


def export_calendar(app, case) -> Path | None:
    """Write the case's open deadlines as a new .ics file in the exports folder, recorded on the case."""
    from ...documents.ics import calendar_text
    from ...documents.names import file_name
    from ...store.exports import ExportError, export_for_case
    from ..case_updates import show_everywhere
    from ..export_target import exports_folder, suggested_name

    data = calendar_text(case).encode("utf-8")
    count = data.count(b"BEGIN:VEVENT")
    if not count:
        app.notify("No open deadlines to export.", timeout=5)
        return None
    name = suggested_name(exports_folder(app), file_name("deadlines", case.id, "ics"))
    try:
        written, saved = export_for_case(app.store, case.id, name, data, what="deadlines", format="ics")
    except ExportError as exc:
        app.notify(str(exc), severity="error", timeout=10, markup=False)
        return None
    show_everywhere(app, saved)
    app.notify(f"{count} deadline{'s' if count != 1 else ''} saved to {written} (readable only by you). "
               "Import it into your calendar.", title="Calendar", timeout=15, markup=False)
    return written
