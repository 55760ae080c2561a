"""The case's Funding tab: the cost estimate, the funding plan, and every funding source by category.

enter on a source opens it; enter on a plan option edits it (amount, terms,
status); x removes an option; c sets the treatment cost estimate.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets.option_list import Option

from ...domain.case import Case
from ...domain.funding import FundingChoice, FundingSource, by_category, money
from ...domain.funding_plan import plan_summary
from ..literal import OptionList, Static

EMPTY_PLAN = "  Nothing saved yet: run a source below, then ctrl+s saves an option."


class FundingPane(Vertical):
    BINDINGS = [
        Binding("c", "cost", "Estimate", id="funding.cost"),
        Binding("x", "remove", "Remove", id="funding.remove"),
    ]

    class OpenSource(Message):
        """The user chose a funding source: the screen around the pane opens it."""

        def __init__(self, source) -> None:
            self.source = source
            super().__init__()

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def compose(self) -> ComposeResult:
        yield Static(self._summary(), id="funding-summary")
        yield OptionList(*self._options(), id="funding-list")
        yield Static("", id="funding-detail")

    def on_mount(self) -> None:
        self._highlight_first()

    def on_show(self) -> None:
        self.query_one("#funding-list", OptionList).focus()

    # --- drawing ------------------------------------------------------------------

    @property
    def sources(self) -> list[FundingSource]:
        return self.app.funding_sources()

    def _summary(self) -> Text:
        plan = self.case.funding
        text = Text(plan_summary(plan))
        if plan.estimate is None:
            text.append("  (c sets the estimate)", style="dim")
        return text

    def _options(self) -> list[Option]:
        plan = self.case.funding
        options = [Option(Text("Funding plan", style="bold"), id="heading:plan", disabled=True)]
        if plan.entries:
            options += [Option(self._entry_prompt(e), id=f"entry:{e.id}") for e in plan.entries]
        else:
            options.append(Option(Text(EMPTY_PLAN, style="dim"), id="heading:empty", disabled=True))
        groups = by_category(self.sources)
        if not groups:
            options.append(Option(Text("No funding sources are loaded: press p on the home screen to see why.",
                                       style="dim"), id="heading:none", disabled=True))
        for category, members in groups:
            options.append(Option(Text(category.label, style="bold"), id=f"heading:{category.value}",
                                  disabled=True))
            options += [Option(Text.assemble("  ", source.title), id=f"source:{source.id}") for source in members]
        return options

    @staticmethod
    def _entry_prompt(entry: FundingChoice) -> Text:
        style = "dim strike" if not entry.counts else ""
        return Text.assemble("  ", (f"{entry.status.label:<12}", "bold"), f"{money(entry.amount):>12}  ",
                             (entry.label, style))

    def show_case(self, case: Case) -> None:
        """Redraw after a save here or in another session; keep the highlighted line if it still exists."""
        self.case = case
        self.query_one("#funding-summary", Static).update(self._summary())
        options = self.query_one("#funding-list", OptionList)
        current = self._current_id()
        options.clear_options()
        options.add_options(self._options())
        ids = [o.id for o in options.options]
        if current in ids:
            options.highlighted = ids.index(current)
        else:
            self._highlight_first()
        self._show_detail()

    def _highlight_first(self) -> None:
        options = self.query_one("#funding-list", OptionList)
        first = next((n for n, o in enumerate(options.options) if not o.disabled), None)
        if first is not None:
            options.highlighted = first

    def _current_id(self) -> str | None:
        options = self.query_one("#funding-list", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def _current_entry(self) -> FundingChoice | None:
        current = self._current_id() or ""
        return self.case.funding.entry(current.removeprefix("entry:")) if current.startswith("entry:") else None

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#funding-detail", Static)
        current = self._current_id() or ""
        text = Text()
        if current.startswith("source:"):
            source = next((s for s in self.sources if s.id == current.removeprefix("source:")), None)
            if source:
                text.append(source.description)
                text.append(f"\nFrom plugin: {source.plugin} · enter opens it", style="dim")
        elif entry := self._current_entry():
            text.append(f"{entry.label} · {money(entry.amount)} · {entry.status.label}", style="bold")
            if entry.terms:
                text.append(f"\n{entry.terms}")
            if entry.note:
                text.append(f"\nNote: {entry.note}")
            who = f" by {entry.by}" if entry.by else ""
            text.append(f"\n{entry.source_title or entry.source or 'Added by hand'} · saved "
                        f"{entry.added[:16].replace('T', ' ')}{who} · enter edits", style="dim")
        detail.update(text)

    # --- actions ------------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("source:"):
            self.open_source(option_id.removeprefix("source:"))
        elif option_id.startswith("entry:"):
            self.action_edit()

    def open_source(self, source_id: str) -> None:
        source = next((s for s in self.sources if s.id == source_id), None)
        if source is not None:
            self.post_message(self.OpenSource(source))

    def _saved(self, case: Case | None) -> None:
        if case is not None:
            self.screen.show_case(case)

    def action_edit(self) -> None:
        from ..screens.funding_dialogs import PlanEntryScreen

        entry = self._current_entry()
        if entry is None:
            return

        def edited(changed: FundingChoice | None) -> None:
            if changed is None:
                return

            def change(case: Case) -> None:
                for n, existing in enumerate(case.funding.entries):
                    if existing.id == entry.id:
                        case.funding.entries[n] = changed

            self._saved(self.app.save_change(self.case.id, change))

        self.app.push_screen(PlanEntryScreen(entry, title="Edit funding option"), edited)

    def action_remove(self) -> None:
        from ..screens.confirm import ConfirmScreen

        entry = self._current_entry()
        if entry is None:
            self.notify("Highlight a saved option in the funding plan first.", timeout=4)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._saved(self.app.save_change(self.case.id, lambda case: setattr(
                    case.funding, "entries", [e for e in case.funding.entries if e.id != entry.id])))

        self.app.push_screen(ConfirmScreen(f"Remove “{entry.label}” ({money(entry.amount)}) from the plan?",
                                           "Only this option is removed; nothing else changes.",
                                           yes="Remove", no="Keep"), answered)

    def action_cost(self) -> None:
        from ..screens.funding_dialogs import CostEstimateScreen

        def answered(cost) -> None:
            if cost is None:
                return
            per_infusion, infusions, other = cost

            def change(case: Case) -> None:
                case.funding.cost_per_infusion = per_infusion
                case.funding.infusions = infusions
                case.funding.other_costs = other

            self._saved(self.app.save_change(self.case.id, change))

        self.app.push_screen(CostEstimateScreen(self.case.funding), answered)
