"""What the insurer directory says about a case's insurer: where appeals go, and where its coverage criteria are.

Shown on the Plan tab. Every address and fax carries its source and as-of
date; an address the directory's notes do not tie to this kind of plan is
shown as not used, with why (the denial letter's own address comes first).
Stored and directory text is appended to ``Text``, never parsed as markup.
"""

from __future__ import annotations

from rich.text import Text

from ...documents.routing import appeal_destination
from ...domain import insurer_directory as idir


def _line(text: Text, label: str, value: str, style: str = "") -> None:
    text.append(f"  {label:<18}", style="dim")
    text.append(value + "\n", style=style)


def directory_texts(case) -> list[Text]:
    """One Text per entry: the match, where appeals go (with sources), the links, the policy index."""
    match = idir.lookup(case.plan.insurer)
    if match is None:
        note = Text("  The insurer directory has no entry for this insurer name. " + idir.CHECK_FIRST, style="italic")
        if case.plan.insurer:
            note.append(" Edit the case (e): typing the name offers the directory's insurers.", style="dim")
        return [note]
    insurer, route = match.insurer, idir.published_route(match, case.plan.plan_type)
    head = Text()
    head.append(f"  {match.label}", style="bold")
    head.append(f"  (matched by {match.how})\n", style="dim")
    head.append(f"  {idir.SOURCE}, as of {idir.AS_OF}.", style="dim")
    where = Text()
    destination = appeal_destination(case)
    if destination.address and destination.source != route.source:
        _line(where, "Appeals address", " · ".join(destination.address))
        _line(where, "", f"from {destination.source}, as of {destination.as_of}", "dim")
    elif route.applies:
        _line(where, "Appeals address", " · ".join(route.address))
        _line(where, "", f"for this kind of plan: “{route.because}”", "dim")
    elif route.address:
        _line(where, "Not used here", " · ".join(route.address), "dim")
        _line(where, "", f"{route.why_not}. {idir.CHECK_FIRST}", "italic")
    else:
        _line(where, "Appeals address", f"none: {route.why_not}. {idir.CHECK_FIRST}", "italic")
    if destination.fax:
        _line(where, "Appeals fax", f"{destination.fax} (from {destination.fax_source}, as of {destination.fax_as_of})")
    for label, url in (("Appeals portal", insurer.appeals_portal_url), ("Appeals page", insurer.appeals_info_url),
                       ("Member services", insurer.member_services_url)):
        if url:
            _line(where, label, url)
    policy = Text()
    if insurer.medical_policy_url:
        _line(policy, "Medical policies", f"{insurer.medical_policy_name or 'index'}: {insurer.medical_policy_url}")
        policy.append("  Find the plan's policy for ketamine there, and ask the plan for the exact criteria it "
                      "applied (the appeal letters ask for them).\n", style="dim")
    else:
        policy.append("  The directory lists no medical-policy index for this insurer: ask the plan for the policy "
                      "and criteria it applied.\n", style="dim")
    if insurer.notes:
        policy.append(f"  Directory notes: {insurer.notes}", style="italic")
    return [head, where, policy]
