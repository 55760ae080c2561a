"""The Appeals tab: prior authorizations, claims, denials and the letters kept for them, with deadline countdowns.

n adds a record (PA request, claim or denial), enter edits (a letter: opens
its latest version), delete removes, l writes a letter for the highlighted
record, s marks the highlighted letter sent and r received by the plan, i
exports the deadlines as an iCalendar file, k makes the appeal packet PDF. The
top box lists every open deadline with its rule; a ⚠ marks a date that may
really be wrong (assumed, missing, or set by the state): the detail says why.
A denial's detail also explains its reason (advocacy guidance, with its source).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets.option_list import Option

from ...domain import appeals as ap
from ...domain import letter_log as ll
from ...domain.clock import today
from ...domain.case import Case
from ...domain.fields import one_line
from ..case_updates import save_case_change
from ..literal import OptionList, Static
from .appeal_deadline_text import deadline_detail, deadlines_text

MARK = {"prior_auth": "PA ", "claim": "CLM", "denial": "DEN"}


def is_letter(item) -> bool:
    return isinstance(item, ll.Letter)


def letter_prompt(letter, case: Case) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("LTR ", style="italic")
    text.append(f"{letter.title} · {ll.status(case.appeals, letter)}")
    return text


def letter_detail(letter, case: Case) -> Text:
    text = Text()
    text.append(f"{letter.title}: {ll.status(case.appeals, letter)}\n", style="bold")
    for v in reversed(letter.versions):
        text.append(f"Version {v.number}: kept {v.saved_at[:16].replace('T', ' ')} by {v.by or 'unknown'}\n")
    for s in letter.sendings:
        text.append(f"Version {s.version} {s.words()}\n")
    text.append("enter opens the latest version · s sent · r received by the plan", style="dim")
    return text


def guidance_text(record) -> Text:
    """'What this means / How to answer it' for a denial's reason, with the source: guidance, not law."""
    from ...domain import denial_guidance as dg

    text = Text()
    for g in dg.guidance(record.reason):
        text.append(f"What “{g.title}” means: ", style="bold")
        text.append(g.what_it_means + "\n")
        text.append("How to answer it: ", style="bold")
        text.append("; ".join(g.how_to_counter) + "\n")
        text.append(f"Source: {g.source}, as of {g.as_of}.\n", style="dim")
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
    text.append_text(deadline_detail(record, case, today()))  # what is due comes first: the box is small
    text.append(" · ".join(shown) + "\n")
    if kind == "denial" and record.quoted:
        text.append(f"“{one_line(record.quoted, 300)}”\n", style="italic")
    if record.notes:
        text.append("Notes: " + one_line(record.notes, 200) + "\n", style="dim")
    if kind == "denial":
        text.append_text(guidance_text(record))
    return text


class AppealsPane(Vertical):
    BINDINGS = [
        Binding("n", "new", "New", id="appeals.new"),
        Binding("l", "letter", "Letter", id="appeals.letter"),
        Binding("i", "ics", "Calendar", id="appeals.ics"),
        Binding("k", "packet", "Packet", id="appeals.packet"),
        Binding("s", "sent", "Sent", id="appeals.sent"),
        Binding("r", "received", "Received", id="appeals.received"),
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
        self.shown = [*a.denials, *a.prior_auths, *a.claims, *a.letters]
        listing = self.query_one("#appeals-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(letter_prompt(r, self.case) if is_letter(r) else record_prompt(r), id=r.id)
                             for r in self.shown])
        if self.shown:
            listing.highlighted = next((n for n, r in enumerate(self.shown) if r.id == keep), 0)
        self.query_one("#appeals-deadlines", Static).update(deadlines_text(self.case, today()))
        self._detail()

    def _detail(self) -> None:
        detail = self.query_one("#appeals-detail", Static)
        record = self.current
        if record is None:
            detail.update("No prior authorizations, claims or denials yet. Press n to add one; a denial's "
                          "dates give its deadlines.")
        else:
            detail.update(letter_detail(record, self.case) if is_letter(record) else record_detail(record, self.case))

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
        if (record := self.current) is None:
            return
        if is_letter(record):
            from ..screens.letter_screens import open_kept_letter

            open_kept_letter(self.app, self.case, record)
        else:
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
                save_case_change(self.app, self.case.id, lambda case: (
                    setattr(case.appeals, "letters", [l for l in case.appeals.letters if l.id != record.id])
                    if is_letter(record) else ap.delete(case.appeals, record.id)))

        name = record.title if is_letter(record) else record.headline()
        self.app.push_screen(ConfirmScreen(Text(f"Delete “{name}”?"),
                                           "Delete only what was made by mistake: denials and letters are evidence.",
                                           yes="Delete", no="Keep"), answered)

    def _letter(self):
        current = self.current
        if current is not None and is_letter(current):
            return current
        self.notify("Highlight a kept letter (an LTR line) first: press l to write one, esc keeps it.", timeout=6)
        return None

    def action_sent(self) -> None:
        from ..screens.letter_sending import sent_form

        if (letter := self._letter()) is not None:
            self.app.push_screen(sent_form(self.app, self.case, letter))

    def action_received(self) -> None:
        from ..screens.letter_sending import received_form

        if (letter := self._letter()) is None:
            return
        if not letter.sendings:
            self.notify("Mark it sent first (s).", timeout=5)
            return
        self.app.push_screen(received_form(self.app, self.case, letter))

    def action_letter(self) -> None:
        from ..screens.letter_screens import pick_letter

        pick_letter(self.app, self.case, self.current)

    def action_ics(self) -> None:
        from ..screens.letter_screens import export_calendar

        export_calendar(self.app, self.case)

    def action_packet(self) -> None:
        from ..screens.packet_dialog import PacketScreen

        current = self.current
        record = current if current is not None and not is_letter(current) and ap.kind_of(current) == "denial" \
            else None
        self.app.push_screen(PacketScreen(self.case, record))
