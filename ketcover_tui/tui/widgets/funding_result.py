"""Any funding source's result, drawn generically: summary, table or blocks, text, notes, links, sources."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from ...domain.funding import FundingResult, money
from ..literal import Static, shown_text


def result_renderable(result: FundingResult) -> Group:
    parts: list = []
    if result.warning:
        parts.append(Text(f"! {result.warning}\n", style="bold"))
    parts.append(Text(result.summary + "\n", style="bold"))
    if result.rows:
        if any(r.detail for r in result.rows):
            for r in result.rows:
                parts.append(Text(" · ".join(c for c in r.cells if c), style="bold"))
                for line in r.detail:
                    parts.append(Text("  " + line))
                parts.append(Text(""))
        else:
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False,
                          show_header=any(result.columns))
            for n, column in enumerate(result.columns or ("",) * len(result.rows[0].cells)):
                table.add_column(shown_text(column), justify="left" if n == 0 else "right", overflow="fold")
            for r in result.rows:
                table.add_row(*(shown_text(c) for c in r.cells))
            parts += [table, Text("")]
    if result.body:
        parts += [Text("Draft (select with the mouse to copy, or use 'ketcover fund'):", style="italic"),
                  Text(result.body + "\n")]
    if result.notes:
        parts += [_bullets("•", result.notes), Text("")]
    if result.links:
        parts += [_bullets("↗", [f"{link.label}: {link.url}" for link in result.links]), Text("")]
    if result.sources:
        parts += [Text("Sources", style="bold"), _bullets("-", [ref.line() for ref in result.sources], "italic")]
    if result.fetched_at:
        parts.append(Text(f"Fetched {result.fetched_at[:16].replace('T', ' ')} UTC", style="dim"))
    if result.choices:
        count = len(result.choices)
        parts.append(Text(f"\nctrl+s saves {'this option' if count == 1 else f'one of {count} options'} to the "
                          "case's funding plan:", style="dim"))
        for n, choice in enumerate(result.choices[:5], start=1):
            parts.append(Text(f"  {n}. {choice.label} — {money(choice.amount)}", style="dim"))
        if count > 5:
            parts.append(Text(f"  … and {count - 5} more", style="dim"))
    return Group(*(shown_text(p) for p in parts))  # plugin text: never markup, controls written out


def _bullets(mark: str, lines, style: str = "") -> Table:
    """A list whose wrapped lines hang under the text, not under the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(ratio=1, overflow="fold")
    for line in lines:
        grid.add_row(mark, shown_text(Text(line, style=style)))
    return grid


class FundingResultView(VerticalScroll, can_focus=True):
    """Focusable, so arrows and page keys scroll a long result."""

    result: FundingResult | None = None  # what is shown: a result, or a message
    message: str = ""

    def compose(self) -> ComposeResult:
        yield Static("Fill in the form, then press ctrl+r (or enter on the last field) to run.",
                     id="funding-result-text")

    def show(self, result: FundingResult) -> None:
        self.result, self.message = result, ""
        self.query_one("#funding-result-text", Static).update(result_renderable(result))
        self.scroll_home(animate=False)

    def show_message(self, message: str, *, problem: bool = False) -> None:
        self.result, self.message = None, message
        text = Text(message, style="bold" if problem else "")
        self.query_one("#funding-result-text", Static).update(text)
        self.set_class(problem, "problem")
        self.scroll_home(animate=False)

    def clear_problem(self) -> None:
        self.set_class(False, "problem")
