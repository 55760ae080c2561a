"""Small dialogs for funding: pick an option, edit a plan option, set the cost estimate.

Each says what is wrong with a bad value and keeps what was typed.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets.option_list import Option

from ...domain import funding_facts as facts
from ...domain.funding import ChoiceStatus, FundingChoice, money
from ...domain.funding_inputs import parse_money
from ...domain.funding_plan import FundingPlan
from ..literal import Input, Label, OptionList, Select, Static, keys_hint

STATUS_OPTIONS = [(s.label, s.value) for s in ChoiceStatus]


def _row(label: str, widget) -> ComposeResult:
    with Horizontal(classes="fund-dialog-row"):
        yield Label(label, classes="fund-dialog-label")
        yield widget


class PickChoiceScreen(ModalScreen[int | None]):
    """Which of a result's options to save."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="pick_choice.cancel")]

    def __init__(self, choices: tuple[FundingChoice, ...]):
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="fund-pick"):
            yield Static("Save which option to the funding plan?", classes="dialog-title")
            yield OptionList(*[Option(Text.assemble((f"{money(c.amount):>12}  ", "bold"), c.label), id=str(n))
                               for n, c in enumerate(self.choices)], id="fund-pick-list")
            yield Static(keys_hint(("enter", "Choose"), ("esc", "Cancel")), classes="dialog-keys")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PlanEntryScreen(ModalScreen[FundingChoice | None]):
    """Check or change an option's name, amount, status, terms and note before it is saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="plan_entry.save"),
        Binding("escape", "cancel", "Cancel", id="plan_entry.cancel"),
    ]

    def __init__(self, choice: FundingChoice, *, title: str = "Save to the funding plan"):
        super().__init__()
        self.choice = choice
        self.title_text = title

    def compose(self) -> ComposeResult:
        c = self.choice
        with Vertical(classes="dialog", id="fund-entry"):
            yield Static(self.title_text, classes="dialog-title")
            if c.source_title:
                yield Static(Text(f"From: {c.source_title}", style="dim"))
            yield from _row("Option", Input(c.label, id="entry-label", compact=True))
            yield from _row("Amount ($)", Input(str(c.amount), id="entry-amount", compact=True))
            yield from _row("Status", Select(STATUS_OPTIONS, value=c.status.value, allow_blank=False,
                                             id="entry-status", compact=True))
            yield from _row("Terms", Input(c.terms, id="entry-terms", compact=True))
            yield from _row("Note", Input(c.note, id="entry-note", placeholder="optional", compact=True))
            yield Static("", id="entry-error", classes="fund-dialog-error")
            yield Static(keys_hint(("ctrl+s", "Save"), ("esc", "Cancel")), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#entry-error").display = False
        self.query_one("#entry-amount", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "entry-note":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        label = self.query_one("#entry-label", Input).value.strip()
        error = self.query_one("#entry-error", Static)
        problem, amount = "", Decimal("0")
        try:
            amount = parse_money(self.query_one("#entry-amount", Input).value, "Amount")
        except ValueError as exc:
            problem = f"✗ {exc}"
            self.query_one("#entry-amount").focus()
        if not label:
            problem = "✗ Give the option a name, like “Credit union loan”"
            self.query_one("#entry-label").focus()
        if problem:
            error.update(problem + " — nothing was saved yet; what you typed is kept.")
            error.display = True
            return
        self.dismiss(replace(self.choice, label=label, amount=amount,
                             status=ChoiceStatus(self.query_one("#entry-status", Select).value),
                             terms=self.query_one("#entry-terms", Input).value.strip(),
                             note=self.query_one("#entry-note", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


class CostEstimateScreen(ModalScreen[tuple | None]):
    """The treatment cost estimate: cost per infusion × infusions + other costs."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="cost_estimate.save"),
        Binding("escape", "cancel", "Cancel", id="cost_estimate.cancel"),
    ]

    def __init__(self, plan: FundingPlan):
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        p = self.plan
        with Vertical(classes="dialog", id="fund-cost"):
            yield Static("Treatment cost estimate", classes="dialog-title")
            yield from _row("Per infusion ($)", Input("" if p.cost_per_infusion is None else str(p.cost_per_infusion),
                                                      placeholder="from the clinic's quote", id="cost-per",
                                                      compact=True))
            yield from _row("Infusions", Input("" if p.infusions is None else str(p.infusions),
                                               placeholder="e.g. 6", id="cost-count", compact=True))
            yield from _row("Other costs ($)", Input(str(p.other_costs) if p.other_costs else "",
                                                     placeholder="consultation etc., optional", id="cost-other",
                                                     compact=True))
            yield Static("", id="cost-error", classes="fund-dialog-error")
            yield Static(Text("Hints: " + "; ".join([
                facts.hint("about $700 per session", facts.PRICE_PER_INFUSION),
                facts.hint("6 infusions in a typical initial series", facts.INITIAL_SERIES),
                facts.hint("a consultation of about $350 may be extra", facts.PRICE_RANGE)]), style="italic"),
                classes="fund-dialog-hint")
            yield Static(keys_hint(("ctrl+s", "Save"), ("esc", "Cancel")), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#cost-error").display = False
        self.query_one("#cost-per", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "cost-other":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        per_text = self.query_one("#cost-per", Input).value.strip()
        count_text = self.query_one("#cost-count", Input).value.strip().replace(",", "")
        other_text = self.query_one("#cost-other", Input).value.strip()
        problems: list[tuple[str, str]] = []
        per = count = None
        other = Decimal("0.00")
        try:
            per = parse_money(per_text, "Cost per infusion") if per_text else None
        except ValueError as exc:
            problems.append(("#cost-per", str(exc)))
        if count_text:
            if not count_text.isdigit() or not 1 <= int(count_text) <= 100:
                problems.append(("#cost-count", "Infusions: enter a whole number from 1 to 100"))
            else:
                count = int(count_text)
        try:
            other = parse_money(other_text, "Other costs") if other_text else Decimal("0.00")
        except ValueError as exc:
            problems.append(("#cost-other", str(exc)))
        if not problems and (per is None) != (count is None):
            problems.append(("#cost-per" if per is None else "#cost-count",
                             "Enter both the cost per infusion and the number of infusions (or neither)"))
        error = self.query_one("#cost-error", Static)
        if problems:
            error.update("\n".join(f"✗ {message}" for _, message in problems))
            error.display = True
            self.query_one(problems[0][0]).focus()
            return
        self.dismiss((per, count, other))

    def action_cancel(self) -> None:
        self.dismiss(None)
