"""The Appeals tab's deadline texts: the list of what is due, and one record's dates in full.

Every deadline shows its rule, source and confidence, what its clock counts
from, the state-set label where the state sets the window, and the ⚠ line
where the date itself is uncertain. A plan decision past its deadline says
what that means (ERISA: deemed exhaustion, with the cite); a missed window
says what is left. Stored text is appended to ``Text`` objects, never parsed
as markup.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from ...domain import appeals as ap
from ...domain import deadlines as dl
from ...domain.appeal_deadlines import is_missed, is_overdue, record_deadlines_all
from ...domain.appeal_position import appeal_position
from ...domain.case import Case
from ...domain.letter_log import step_status

SHOWN_AT_TOP = 4


def _state(deadline, on: date) -> str:
    if is_missed(deadline, on):
        return "missed"
    if is_overdue(deadline, on):
        return "plan late"
    return dl.countdown(deadline, on)


def deadlines_text(case: Case, on: date) -> Text:
    plan_type = case.plan.plan_type
    found, problems = ap.open_deadlines(plan_type, case.appeals)
    if plan_type is not None and plan_type not in dl.FAMILIES and not problems:
        problems = [dl.no_rule_sentence(plan_type)]  # said plainly even before a denial is recorded
    text = Text(no_wrap=True, overflow="ellipsis")
    if not found and not problems:
        text.append("No open deadlines. Record a denial (n) and its dates: ketcover computes what is due.",
                    style="dim")
    width = max([16] + [len(d.due_text()) for d, _ in found[:SHOWN_AT_TOP]])
    for n, (deadline, record) in enumerate(found[:SHOWN_AT_TOP]):
        if n:
            text.append("\n")
        late = deadline.day < on
        text.append(f"{deadline.due_text():<{width}} {_state(deadline, on):<10} ", style="bold" if late else "")
        text.append(("⚠ " if deadline.check_this else "") + deadline.what, style="bold")
        if deadline.who == dl.INSURER and (status := step_status(case.appeals, record)):
            text.append(f" ({status})")
        text.append(f"  {deadline.who} · {deadline.rule}", style="dim")
    if len(found) > SHOWN_AT_TOP:
        text.append(f"\n… and {len(found) - SHOWN_AT_TOP} more (i exports all to your calendar)", style="dim")
    for problem in problems:
        text.append(("\n" if found else "") + problem, style="italic")
    return text


def _deadline_lines(text: Text, d, on: date) -> None:
    head = f"{'Was due' if d.superseded else 'Due'} {d.due_text()} ({_state(d, on)}): {d.what}"
    text.append(head + "\n", style="dim" if d.superseded else "bold")
    text.append(f"  {d.cite_line()}\n", style="dim")
    text.append(f"  Counts from {d.counts_from}.\n", style="dim")
    if d.state_set:
        text.append(f"  {d.state_set}.\n", style="italic")
    if d.superseded:
        text.append(f"  Not in force: {d.superseded}.\n", style="dim")
    if d.check_this:
        text.append(f"  ⚠ {d.warning()}\n", style="italic")
    elif d.warning():
        text.append(f"  {d.warning()}\n", style="dim")
    if d.note:
        text.append(f"  {d.note}\n", style="dim")


def deadline_detail(record, case: Case, on: date) -> Text:
    """Every date for one record (superseded ones too), what is late, what is left, the regulator."""
    plan_type = case.plan.plan_type
    text = Text()
    found, problem = record_deadlines_all(plan_type, record)
    for d in found:
        _deadline_lines(text, d, on)
    if problem and (hasattr(record, "quoted") or not found):
        text.append(f"{problem}\n", style="italic")
    if status := step_status(case.appeals, record):
        text.append(f"Letter {status}.\n", style="bold")
    position = appeal_position(plan_type, record, on)
    if position.decision_overdue:
        text.append(f"The decision is late since {position.decision_overdue_since}. ", style="bold")
        cite = f" ({position.overdue_cite})" if position.overdue_cite else ""
        text.append(f"{position.overdue_meaning}{cite}\n")
    if position.window_passed:
        text.append("The window has passed. What is left:\n", style="bold")
    for remedy in position.left:
        cite = f" ({remedy.cite})" if remedy.cite else ""
        text.append(f"  • {remedy.text}{cite}" + (f" — {remedy.source}" if remedy.source else "") + "\n")
    if found and position.regulator is not None and not position.left:
        text.append(f"Regulator: {position.regulator.text} — {position.regulator.source}\n", style="dim")
    if hasattr(record, "quoted"):
        for fact, cite, source in position.facts:
            text.append(f"Plan fact: {fact} ({cite}; {source})\n", style="dim")
    return text
