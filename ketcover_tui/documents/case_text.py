"""A case as readable lines of text: shared by `ketcover cases show` and the app's overview."""

from __future__ import annotations

from ..domain.case import Case
from ..domain.checklists import Checklist, applicable, progress
from ..domain.journal import overview_lines as journal_overview
from ..domain.vocab import US_STATES


def _or_dash(value: str) -> str:
    return value or "—"


def overview_lines(case: Case, checklists: list[Checklist]) -> list[str]:
    p, plan, provider = case.patient, case.plan, case.provider
    state = f"{p.state} ({US_STATES[p.state]})" if p.state in US_STATES else "—"
    lines = [
        f"Patient      {p.name}",
        f"Born         {p.date_of_birth.isoformat() if p.date_of_birth else '—'}",
        f"State        {state}",
        f"Stage        {case.stage.label}",
        "",
        "Conditions",
    ]
    lines += [f"  {c.icd10:<8} {c.description}".rstrip() for c in case.conditions] or ["  —"]
    lines += [
        "",
        f"Insurer      {_or_dash(plan.insurer)}",
        f"Plan type    {plan.plan_type.label if plan.plan_type else '—'}",
        f"Member id    {_or_dash(plan.member_id)}",
        f"Group id     {_or_dash(plan.group_id)}",
        "",
        f"Clinic       {_or_dash(provider.clinic)}",
        f"NPI          {_or_dash(provider.npi)}",
        f"Tax id       {_or_dash(provider.tax_id)}",
    ]
    if case.notes.strip():
        lines += ["", "Notes"] + [f"  {line}" for line in case.notes.splitlines()]
    shown = applicable(checklists, plan.plan_type, case.stage)
    if shown:
        lines += ["", "Checklists"]
        for checklist in shown:
            done, total = progress(checklist, case.checklist)
            lines.append(f"  {checklist.title:<40} {done}/{total} done")
    if not case.funding.is_empty():
        from ..domain.funding import money
        from ..domain.funding_plan import plan_summary

        lines += ["", "Funding", f"  {plan_summary(case.funding)}"]
        lines += [f"  {e.status.label:<12} {money(e.amount):>11}  {e.label}" for e in case.funding.entries]
    if treatment := journal_overview(case.journal):
        lines += ["", "Treatment journal"] + treatment
    if case.exports:
        shown_exports = case.exports[-5:]
        more = f", the latest {len(shown_exports)}" if len(case.exports) > len(shown_exports) else ""
        lines += ["", f"Exports: what left the app ({len(case.exports)}{more})"]
        lines += [f"  {record.line()}" for record in reversed(shown_exports)]
    if case.record_stamps:
        from ..domain.record_stamps import recent_changes

        lines += ["", "Last changes (UTC, by OS user)"] + recent_changes(case.record_stamps)
    lines += ["", f"Case {case.id} · created {case.created[:10]} · updated {case.updated[:16].replace('T', ' ')}"
                  + (f" by {case.updated_by}" if case.updated_by else "")]
    return lines
