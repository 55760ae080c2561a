"""The Providers tab: candidate clinics side by side, one chosen as the case's provider.

left/right move between clinics, a adds one, enter edits, c chooses the
highlighted clinic, w records whether an in-network provider exists within reach
(a network gap exception depends on it).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget

from ...domain import providers as pv
from ...domain.case import Case
from ...domain.fields import NO, YES, InvalidFields, tristate_label
from ..case_updates import save_case_change
from ..literal import Static, shown_text

LABEL_W = 13
COLUMN_W = 21


class CompareGrid(Widget, can_focus=True):
    """Clinics as columns, attributes as rows; the highlighted clinic's column is marked."""

    BINDINGS = [
        Binding("left,h", "move(-1)", "Previous", show=False, id="compare.previous"),
        Binding("right,l", "move(1)", "Next", show=False, id="compare.next"),
        Binding("home", "jump(0)", "First", show=False, id="compare.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="compare.last"),
    ]
    cursor = reactive(0)

    def __init__(self, search: pv.ProviderSearch, **kwargs):
        super().__init__(**kwargs)
        self.search = search

    def set_search(self, search: pv.ProviderSearch) -> None:
        current = self.current
        self.search = search
        ids = [c.id for c in search.candidates]
        self.cursor = ids.index(current.id) if current and current.id in ids else min(self.cursor, max(len(ids) - 1, 0))
        self.refresh(layout=True)

    @property
    def current(self) -> pv.ProviderCandidate | None:
        candidates = self.search.candidates
        return candidates[self.cursor] if 0 <= self.cursor < len(candidates) else None

    def watch_cursor(self) -> None:
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self.search.candidates:
            self.cursor = max(0, min(len(self.search.candidates) - 1, self.cursor + delta))

    def action_jump(self, where: int) -> None:
        if self.search.candidates:
            self.cursor = where if where >= 0 else len(self.search.candidates) - 1

    def visible(self, width: int) -> range:
        fit = max(1, (width - LABEL_W - 1) // COLUMN_W)
        total = len(self.search.candidates)
        start = min(max(0, self.cursor - fit + 1), max(0, total - fit))
        start = min(start, self.cursor)
        return range(start, min(total, start + fit))

    def render(self):
        from rich import box
        from rich.table import Table

        candidates = self.search.candidates
        if not candidates:
            return Text("No candidate clinics yet. Press a to add one: name, network status, prices, "
                        "who files prior authorization…", style="italic")
        shown = self.visible(self.size.width or 80)
        table = Table(box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), show_edge=False, expand=False, pad_edge=False)
        more_left = "◀ " if shown.start > 0 else ""
        table.add_column(more_left or " ", width=LABEL_W, no_wrap=True, style="dim")
        width = max(10, min(34, (self.size.width - LABEL_W - 1) // max(1, len(shown)) - 1))
        for n in shown:
            c = candidates[n]
            title = ("★ " if c.id == self.search.chosen else "") + c.name
            style = "reverse bold" if n == self.cursor and self.has_focus else ("bold underline" if n == self.cursor else "bold")
            table.add_column(shown_text(Text(title, style=style)), width=width, no_wrap=True, overflow="ellipsis")
        rows = pv.comparison_rows([candidates[n] for n in shown])
        for label, values in rows:
            table.add_row(label, *[shown_text(Text(v, style="bold" if n == self.cursor else ""))
                                   for n, v in zip(shown, values)])
        return table

    def get_content_height(self, container, viewport, width: int) -> int:
        return 3 + len(pv.comparison_rows([])) if self.search.candidates else 2

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


def summary_text(case: Case) -> Text:
    search = case.provider_search
    chosen = pv.provider_candidate(case)
    text = Text()
    text.append("Chosen: ", style="bold")
    if chosen:
        text.append(f"{chosen.name} ({chosen.network_label.lower()})")
    else:
        text.append(f"{case.provider.clinic} (not among the candidates)" if case.provider.clinic else "none yet")
    if conflict := pv.network_conflict(case):
        text.append(f"\n⚠ {conflict}", style="yellow")
    text.append("\nIn-network provider within reach: ", style="bold")
    text.append(tristate_label(search.in_network_within_reach))
    if search.search_note:
        text.append(f"\nSearch: {search.search_note}")
    out_of_network = chosen is not None and chosen.network == "out"
    if search.in_network_within_reach == NO or out_of_network:
        note = pv.GAP_EXCEPTION_NOTE
        text.append(f"\n{note.text}", style="italic")
        text.append(f"\nSource: {note.source} (as of {note.as_of})", style="dim")
    return text


class ProvidersPane(VerticalScroll):
    BINDINGS = [
        Binding("a", "add", "Add", id="providers.add"),
        Binding("c", "choose", "Choose", id="providers.choose"),
        Binding("w", "reach", "Nearby?", id="providers.reach"),
        Binding("enter", "edit", "Edit", show=False, id="providers.edit"),
        Binding("delete", "remove", "Remove clinic", show=False, id="providers.remove"),
    ]

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def compose(self) -> ComposeResult:
        yield CompareGrid(self.case.provider_search, id="compare")
        yield Static(summary_text(self.case), id="provider-summary")

    def on_show(self) -> None:
        self.query_one(CompareGrid).focus()

    def show_case(self, case: Case) -> None:
        self.case = case
        self.query_one(CompareGrid).set_search(case.provider_search)
        self.query_one("#provider-summary", Static).update(summary_text(case))

    # --- actions -----------------------------------------------------------------------

    def _form(self, title: str, values: dict[str, str], keep_id: str | None) -> None:
        from ..screens.spec_form import FormField, SpecFormScreen

        choices = {"network": (("In network", "in"), ("Out of network", "out")),
                   "accepts_insurance": (("Yes", YES), ("No", NO)), "superbills": (("Yes", YES), ("No", NO))}
        items = [FormField(name, label, placeholder, kind="select", options=choices[name]) if name in choices
                 else FormField(name, label, placeholder, kind="text" if name == "review_notes" else "input")
                 for name, label, placeholder in pv.CANDIDATE_FIELDS]

        def save(candidate: pv.ProviderCandidate) -> bool:
            def change(case: Case) -> None:
                candidates = case.provider_search.candidates
                if keep_id is None:
                    pv.add_candidate(case, candidate)
                    return
                ids = [c.id for c in candidates]
                if keep_id not in ids:
                    raise KeyError(keep_id)  # removed in another session: nothing is written
                candidates[ids.index(keep_id)] = candidate
                if case.provider_search.chosen == keep_id:
                    pv.choose(case, keep_id)  # keep the case's provider in step with its chosen clinic

            saved = save_case_change(self.app, self.case.id, change,
                                     gone="The clinic was removed in another session.")
            if saved is not None:
                grid = self.query_one(CompareGrid)
                grid.cursor = next((n for n, c in enumerate(saved.provider_search.candidates)
                                    if c.id == candidate.id), grid.cursor)
            return saved is not None

        self.app.push_screen(SpecFormScreen(
            title, items, values, validate=lambda v: pv.candidate_from_form(v, keep_id=keep_id), save=save))

    def action_add(self) -> None:
        self._form("Add a candidate clinic", pv.candidate_values(pv.ProviderCandidate(name="")), None)

    def action_edit(self) -> None:
        candidate = self.query_one(CompareGrid).current
        if candidate is None:
            self.action_add()
            return
        self._form(f"Edit clinic · {candidate.name}", pv.candidate_values(candidate), candidate.id)

    def action_choose(self) -> None:
        candidate = self.query_one(CompareGrid).current
        if candidate is None:
            return
        saved = save_case_change(self.app, self.case.id, lambda case: pv.choose(case, candidate.id))
        if saved is not None:
            self.notify(f"{candidate.name} is now this case's provider.", timeout=4)

    def action_reach(self) -> None:
        from ..screens.spec_form import FormField, SpecFormScreen

        search = self.case.provider_search

        def validate(values: dict[str, str]) -> tuple[str, str]:
            if values["within_reach"] not in (YES, NO, ""):
                raise InvalidFields({"within_reach": "Choose yes, no, or leave it not known"})
            return values["within_reach"], values["search_note"].strip()

        def save(result: tuple[str, str]) -> bool:
            def change(case: Case) -> None:
                case.provider_search.in_network_within_reach, case.provider_search.search_note = result

            return save_case_change(self.app, self.case.id, change) is not None

        note = pv.GAP_EXCEPTION_NOTE
        self.app.push_screen(SpecFormScreen(
            "Is there an in-network provider within reach?",
            [FormField("within_reach", "In-network nearby", kind="select", options=(("Yes", YES), ("No", NO))),
             FormField("search_note", "What you tried", kind="text")],
            {"within_reach": search.in_network_within_reach, "search_note": search.search_note},
            validate=validate, save=save,
            note=f"{note.text}\nSource: {note.source} (as of {note.as_of}). List the in-network clinics you "
                 "tried, how far they are and why they could not treat the patient."))

    def action_remove(self) -> None:
        from ..screens.confirm import ConfirmScreen

        candidate = self.query_one(CompareGrid).current
        if candidate is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def change(case: Case) -> None:
                search = case.provider_search
                search.candidates = [c for c in search.candidates if c.id != candidate.id]
                if search.chosen == candidate.id:
                    search.chosen = ""  # the case keeps its clinic details; it is just no longer a candidate

            save_case_change(self.app, self.case.id, change)

        self.app.push_screen(ConfirmScreen(f"Remove {candidate.name} from the candidates?", "", yes="Remove",
                                           no="Keep"), answered)
