"""Funding results and plans as plain text and JSON: what `ketcover fund` prints.

No Textual here; the app draws the same objects with its own widgets.
"""

from __future__ import annotations

import textwrap
from dataclasses import asdict
from decimal import Decimal

from ..domain.funding import FundingChoice, FundingResult, FundingSource, money
from ..domain.funding_plan import FundingPlan, estimate_text

WIDTH = 80


def _wrap(text: str, indent: str = "", width: int = WIDTH, *, hang: str | None = None) -> list[str]:
    """Wrap each paragraph; ``hang`` indents continuation lines (default: like the first)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width=width, initial_indent=indent,
                               subsequent_indent=indent if hang is None else hang,
                               break_long_words=False, break_on_hyphens=False) or [""]
    return lines


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def table_lines(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    """An aligned table that respects wide (CJK) characters."""
    everything = ([columns] if columns else []) + rows
    widths = [max(_cell_len(r[i]) for r in everything) for i in range(len(everything[0]))]
    out = []
    for r in everything:
        cells = (cell + " " * (w - _cell_len(cell)) for cell, w in zip(r, widths, strict=True))
        out.append("  ".join(cells).rstrip())
    return out


def result_lines(result: FundingResult, source: FundingSource | None = None, *,
                 save_hint: str = "") -> list[str]:
    lines: list[str] = []
    if source is not None:
        lines += [f"{source.title} ({source.category.label})", ""]
    if result.warning:
        lines += _wrap(f"! {result.warning}") + [""]
    lines += _wrap(result.summary)
    if result.rows:
        lines.append("")
        if any(r.detail for r in result.rows):
            for r in result.rows:
                lines += _wrap(" · ".join(c for c in r.cells if c), hang="  ")
                for detail in r.detail:
                    lines += _wrap(detail, "    ")
        else:
            lines += table_lines(result.columns, [r.cells for r in result.rows])
    if result.body:
        lines += ["", "-" * 40] + _wrap(result.body) + ["-" * 40]
    if result.notes:
        lines.append("")
        for note in result.notes:
            lines += _wrap(note, "- ", hang="  ")
    if result.links:
        lines += ["", "Links:"] + [f"  {link.label}: {link.url}" for link in result.links]
    if result.sources:
        lines += ["", "Sources:"]
        for ref in result.sources:
            lines += _wrap(ref.line(), "- ", hang="  ")
    if result.fetched_at:
        lines += ["", f"Fetched {result.fetched_at[:16].replace('T', ' ')} UTC"]
    if result.next_page:
        flags = " ".join(f"--{k.replace('_', '-')} {v}" for k, v in result.next_page.items())
        lines += _wrap(f"More results: run again with {flags}")
    if result.choices:
        lines += ["", "Options you can save to a case's funding plan" + (f" ({save_hint})" if save_hint else "")
                  + ":"]
        for n, choice in enumerate(result.choices, start=1):
            lines += _wrap(choice_line(choice), f"{n}. ", hang="   ")
    return lines


def choice_line(choice: FundingChoice) -> str:
    terms = f" — {choice.terms}" if choice.terms else ""
    return f"{choice.label}: {money(choice.amount)}{terms}"


def plan_lines(plan: FundingPlan) -> list[str]:
    lines = [f"Treatment cost estimate: {estimate_text(plan)}"]
    if not plan.entries:
        lines.append("No funding options saved yet.")
    else:
        rows = [(e.status.label, money(e.amount), e.label, e.source_title or e.source) for e in plan.entries]
        lines += [""] + table_lines(("Status", "Amount", "Option", "Source"), rows)
    lines += ["", (f"Planned {money(plan.planned)} (declined options not counted) · secured "
                  f"{money(plan.secured)} (approved or received)")]
    if plan.estimate is not None:
        lines.append(f"Gap to the estimate: {money(plan.gap)}")
    return lines


def jsonable(value):
    """Decimals and enums as text, tuples as lists: ready for json.dumps."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return value


def result_to_dict(result: FundingResult) -> dict:
    return jsonable(asdict(result))
