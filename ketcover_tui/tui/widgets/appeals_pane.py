"""The Appeals tab: prior authorizations, claims and denials, with deadline countdowns.

n adds a record (PA request, claim or denial), enter edits, delete removes,
l writes a letter for the highlighted record, i exports the deadlines as an
iCalendar file, k writes the appeal packet PDF (internal appeal, evidence,
attachments) into the current folder. The top box lists every open deadline with its rule; a ⚠ marks
values or citations the reference notes call uncertain (check them).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...domain import appeals as ap
from ...domain import deadlines as dl
from ...domain.clock import today
from ...domain.case import Case
from ...domain.fields import one_line
from ..case_updates import save_case_change
from ...store.exports import default_export_folder

MARK = {"prior_auth": "PA ", "claim": "CLM", "denial": "DEN"}


def deadlines_text(case: Case) -> Text:
    found, problems = ap.open_deadlines(case.plan.plan_type, case.appeals)
    text = Text(no_wrap=True, overflow="ellipsis")
    on = today()
    if not found and not problems:
        text.append("No open deadlines. Record a denial (n) and its dates: ketcover computes what is due.",
                    style="dim")
    for n, (deadline, _record) in enumerate(found[:4]):
        if n:
            text.append("\n")
        late = deadline.day < on
        text.append(f"{deadline.due_text():<16} {dl.countdown(deadline, on):<12} ", style="bold" if late else "")
        text.append(("⚠ " if deadline.check_this else "") + deadline.what, style="bold")
        text.append(f"  {deadline.who} · {deadline.rule}", style="dim")
    if len(found) > 4:
        text.append(f"\n… and {len(found) - 4} more (i exports all to your calendar)", style="dim")
    for problem in problems:
        text.append(("\n" if found else "") + problem, style="italic")
    return text


def record_prompt(record) -> Text:
    kind = ap.kind_of(record)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{MARK[kind]} ", style="reverse" if kind == "denial" else "bold")
    text.append(record.headline())
    if kind == "denial" and not record.open:
        text.append(f"  ({ap.DENIAL_STATUSES[record.status]})", style="dim")
    return text


def record_detail(record, case: Case) -> Text:
    kind = ap.kind_of(record)
    text = Text()
    labels = {name: label for name, label, _t, _h in ap.SPECS[kind]}
    shown = [f"{labels[k]}: {v}" for k, v in ap.values_of(record).items()
             if v and v != "no" and k not in ("quoted", "notes") and not (k == "level" and v == "1")]
    text.append(" · ".join(shown) + "\n")
    if kind == "denial" and record.quoted:
        text.append(f"“{one_line(record.quoted, 300)}”\n", style="italic")
    if kind in ("denial", "prior_auth"):
        compute = ap.denial_deadlines if kind == "denial" else ap.pa_deadlines
        try:
            for d in compute(case.plan.plan_type, record):
                text.append(f"Due {d.due_text()} ({dl.countdown(d, today())}): {d.what} — {d.rule}; "
                            f"source {d.source}; {d.confidence}\n", style="bold" if d.check_this else "")
                if d.check_this:
                    text.append(f"⚠ {d.warning()}\n", style="italic")
                elif d.note:
                    text.append(f"{d.note}\n", style="dim")
        except dl.NoRules as exc:
            text.append(f"{exc}\n", style="italic")
    if record.notes:
        text.append("Notes: " + one_line(record.notes, 200) + "\n", style="dim")
    return text


class AppealsPane(Vertical):
    BINDINGS = [
        Binding("n", "new", "New", id="appeals.new"),
        Binding("l", "letter", "Letter", id="appeals.letter"),
        Binding("i", "ics", "Calendar", id="appeals.ics"),
        Binding("k", "packet", "Packet", id="appeals.packet"),
        Binding("delete", "delete", "Delete", show=False, id="appeals.delete"),
    ]

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case
        self.shown: list = []

    def compose(self) -> ComposeResult:
        yield Static("", id="appeals-deadlines")
        yield OptionList(id="appeals-list")
        with VerticalScroll(id="appeals-detail-box"):
            yield Static("", id="appeals-detail")

    def on_mount(self) -> None:
        self._fill(keep=None)

    def on_show(self) -> None:
        self.query_one("#appeals-list", OptionList).focus()

    @property
    def current(self):
        listing = self.query_one("#appeals-list", OptionList)
        if listing.highlighted is None or not self.shown:
            return None
        return self.shown[listing.highlighted] if listing.highlighted < len(self.shown) else None

    def _fill(self, keep: str | None) -> None:
        a = self.case.appeals
        self.shown = [*a.denials, *a.prior_auths, *a.claims]
        listing = self.query_one("#appeals-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(record_prompt(r), id=r.id) for r in self.shown])
        if self.shown:
            listing.highlighted = next((n for n, r in enumerate(self.shown) if r.id == keep), 0)
        self.query_one("#appeals-deadlines", Static).update(deadlines_text(self.case))
        self._detail()

    def _detail(self) -> None:
        detail = self.query_one("#appeals-detail", Static)
        record = self.current
        if record is None:
            detail.update("No prior authorizations, claims or denials yet. Press n to add one; a denial's "
                          "dates give its deadlines.")
        else:
            detail.update(record_detail(record, self.case))

    def show_case(self, case: Case) -> None:
        current = self.current
        self.case = case
        self._fill(keep=current.id if current else None)

    def select_record(self, record_id: str) -> None:
        listing = self.query_one("#appeals-list", OptionList)
        for n, record in enumerate(self.shown):
            if record.id == record_id:
                listing.highlighted = n
                listing.focus()

    @on(OptionList.OptionHighlighted, "#appeals-list")
    def _highlighted(self) -> None:
        self._detail()

    @on(OptionList.OptionSelected, "#appeals-list")
    def _selected(self) -> None:
        if (record := self.current) is not None:
            self.open_form(ap.kind_of(record), record)

    # --- actions ----------------------------------------------------------------------------

    def open_form(self, kind: str, original=None) -> None:
        from ..screens.appeal_form import appeal_form

        def saved(record) -> None:
            if record is not None:
                self._fill(keep=record.id)

        self.app.push_screen(appeal_form(self.app, self.case, kind, original), saved)

    def action_new(self) -> None:
        from ..screens.pick import PickScreen

        options = [("denial", "Denial · a notice that refuses a claim or a prior authorization"),
                   ("prior_auth", "Prior authorization request · codes, decision, authorization number"),
                   ("claim", "Claim · number, amounts, status, EOB")]

        def chosen(kind: str | None) -> None:
            if kind:
                self.open_form(kind)

        self.app.push_screen(PickScreen("Add which record?", options), chosen)

    def action_delete(self) -> None:
        from ..screens.confirm import ConfirmScreen

        record = self.current
        if record is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                save_case_change(self.app, self.case.id, lambda case: ap.delete(case.appeals, record.id))

        self.app.push_screen(ConfirmScreen(f"Delete “{record.headline()}”?",
                                           "Delete only a record made by mistake: denials are evidence.",
                                           yes="Delete", no="Keep"), answered)

    def action_letter(self) -> None:
        from ..screens.letter_screens import pick_letter

        pick_letter(self.app, self.case, self.current)

    def action_ics(self) -> None:
        from ..screens.letter_screens import export_calendar

        export_calendar(self.app, self.case)

    def action_packet(self) -> None:
        self.notify("Building the appeal packet…", timeout=3)
        self._packet(self.case)

    @work(thread=True, exclusive=True)
    def _packet(self, case: Case) -> None:
        from ...store.exports import ExportError, unused_path, write_export
        from ...documents.letters import LetterContext, LetterProblem, find_template, pick_record
        from ...documents.names import file_name
        from ...documents.packet import build_packet
        from ...store.attachments import DocumentVault
        from ...plugin_host import ExportFailed

        host = self.app.plugin_host
        try:
            pdf = next((e for e in host.exporters() if e.id == "pdf"), None)
            if pdf is None:
                raise LetterProblem("the PDF exporter plugin is not loaded")
            template = find_template(host.letter_templates(), "internal-appeal")
            draft = host.build_letter(template, LetterContext(case, pick_record(case, template)))
            attachments, problems = DocumentVault(self.app.store).usable(case)
            for line in problems:  # reported, never a crash
                self.app.call_from_thread(self.notify, f"Left out of the packet: {line}", severity="warning",
                                          timeout=12)
            data, toc = build_packet(case, draft.title, draft.text, attachments,
                                     lambda document: host.render_export(pdf, document))
            path = write_export(unused_path(default_export_folder(), file_name("packet", case.id, "pdf")), data)
        except (LetterProblem, ExportFailed, ExportError) as exc:
            self.app.call_from_thread(self.notify, str(exc), title="No packet", severity="error", timeout=10)
            return
        except Exception as exc:  # noqa: BLE001  (a document the PDF tools still choke on: never a crash)
            self.app.call_from_thread(self.notify, f"The packet could not be built ({type(exc).__name__}).",
                                      title="No packet", severity="error", timeout=10)
            return
        pages = toc[-1].first_page + toc[-1].pages - 1
        self.app.call_from_thread(self.notify, f"{pages} pages saved to {path} (readable only by you). To edit the "
                                  "letter first, use l, or ketcover export packet --text.", title="Appeal packet",
                                  timeout=15)
