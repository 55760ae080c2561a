"""Built-in funding source: a crowdfunding campaign — goal, donations, progress, story draft.

The fee (2.9% + $0.30 per donation, GoFundMe US) comes from the reference
notes §5.3. The story draft is built from the case but includes nothing
personal unless the user ticks it in: by default no name, no condition, no
state and no insurer appear.
"""

from __future__ import annotations

from decimal import Decimal

from ketcover_tui.domain import funding_facts as facts
from ketcover_tui.domain.funding import (
    Category,
    FieldKind,
    FundingChoice,
    FundingResult,
    FundingSource,
    InputField,
    InvalidInputs,
    money,
    row,
)
from ketcover_tui.domain.funding_math import (
    campaign_goal,
    goal_working,
    donation_totals,
    progress_percent,
)
from ketcover_tui.domain.vocab import US_STATES, Stage
from ketcover_tui.hookspecs import hookimpl

SOURCE_ID = "crowdfunding"

# ICD-10-CM code prefixes (reference notes §1.3) -> words a donor understands.
PLAIN_CONDITIONS = (
    ("F32", "depression"), ("F33", "depression"), ("F43.1", "PTSD"), ("F41.1", "anxiety"),
    ("G89", "chronic pain"), ("G90.5", "complex regional pain syndrome (CRPS)"), ("G43", "migraine"),
)
DENIED_STAGES = {Stage.DENIED, Stage.APPEALING, Stage.EXTERNAL_REVIEW}


def plain_conditions(case) -> list[str]:
    words: list[str] = []
    for condition in case.conditions:
        for prefix, word in PLAIN_CONDITIONS:
            if condition.icd10.startswith(prefix) and word not in words:
                words.append(word)
    return words


def _planned_elsewhere(case) -> str | None:
    """Funding already in the plan from other sources (not crowdfunding itself)."""
    total = sum((e.amount for e in case.funding.entries if e.counts and e.source != SOURCE_ID), Decimal("0"))
    return str(total) if total else None


def story(values: dict, case, goal, net_needed: Decimal) -> str:
    """A first-person draft; only what the user ticked comes from the case."""
    first_name = case.patient.name.split()[0] if case is not None and values["story_name"] and \
        case.patient.name.split() else ""
    state = US_STATES.get(case.patient.state, "") if case is not None and values["story_state"] else ""
    conditions = plain_conditions(case) if case is not None and values["story_condition"] else []
    insurer = case.plan.insurer if case is not None and values["story_insurer"] else ""

    title = f"Help {first_name} pay for ketamine infusion therapy" if first_name \
        else "Help me pay for ketamine infusion therapy"
    opening = f"Hi, I'm {first_name}." if first_name else ""
    if state:
        opening += (" " if opening else "") + f"I live in {state}."
    if conditions:
        middle = (f"I'm living with {' and '.join(conditions)}, and my doctor has recommended ketamine "
                  "infusion therapy.")
    else:
        middle = "My doctor has recommended ketamine infusion therapy for me."
    course = (f"The course is {values['infusions']} infusions at about {money(values['cost_per_infusion'])} "
              "each")
    course += f", plus {money(values['other_costs'])} for other costs." if values["other_costs"] else "."
    if insurer and case is not None and case.stage in DENIED_STAGES:
        cover = f"My insurance ({insurer}) has denied coverage, and I'm appealing while I raise the money."
    elif insurer:
        cover = f"My insurance ({insurer}) has not agreed to pay for it, so I'm raising the money myself."
    else:
        cover = "Insurance often does not cover this treatment, so I'm raising the money myself."
    ask = (f"I'm hoping to raise {money(goal.goal)}, which leaves {money(net_needed)} after the platform's "
           "fees. Every gift helps, and so does sharing this page. Thank you for reading.")
    return "\n".join([title, "", f"{opening} {middle}".strip(), "", f"{course} {cover}", "", ask])


def run(values: dict, context) -> FundingResult:
    treatment = values["cost_per_infusion"] * values["infusions"]
    other = values["other_costs"] or Decimal("0.00")
    covered = values["already_covered"] or Decimal("0.00")
    net_needed = treatment + other - covered
    if net_needed <= 0:
        raise InvalidInputs({"already_covered": "Other funding already covers the whole cost: nothing to raise"})
    try:
        goal = campaign_goal(net_needed, values["average_gift"])
    except ValueError as exc:
        raise InvalidInputs({"average_gift": f"Average gift: {exc}; enter a larger amount"}) from None
    gifts = donation_totals(values["donations"])
    done = progress_percent(gifts.net, net_needed)
    to_go = max(net_needed - gifts.net, Decimal("0.00"))

    summary = (f"Ask for {money(goal.goal)} to keep {money(net_needed)} after fees "
               f"(about {goal.donations} gifts of {money(goal.average_gift)}).")
    if gifts.count:
        summary += (f" Raised {money(gifts.gross)} from {gifts.count} donation{'s' if gifts.count != 1 else ''}: "
                    f"{money(gifts.net)} after fees, {done}% of what you need; {money(to_go)} to go.")
    goal_text, fee_working = goal_working(goal)  # the computation actually done, never a rounded retelling
    rows = [row("Treatment", f"{values['infusions']} × {money(values['cost_per_infusion'])}", money(treatment))]
    if other:
        rows.append(row("Other costs", "", money(other)))
    if covered:
        rows.append(row("Covered by other funding", "", "-" + money(covered)))
    rows += [
        row("Needed after fees", "", money(net_needed)),
        row("Fees", fee_working, money(goal.fees)),
        row("Campaign goal", goal_text, money(goal.goal)),
        row("Donations received", f"{gifts.count}", money(gifts.gross)),
        row("Fees on them", "2.9% + $0.30 each", "-" + money(gifts.fees)),
        row("Net raised", f"{done}% of needed", money(gifts.net)),
        row("Still needed", "after fees", money(to_go)),
    ]
    chosen = [name for name, flag in (("first name", "story_name"), ("condition", "story_condition"),
                                      ("state", "story_state"), ("insurer", "story_insurer")) if values[flag]]
    if context.case is None:
        privacy = "No case was given, so the story includes nothing personal."
    elif chosen:
        privacy = "The story includes from the case: " + ", ".join(chosen) + "."
    else:
        privacy = ("The story includes nothing personal from the case; set the Story fields to yes to add your "
                   "first name, condition, state or insurer.")
    notes = (privacy,
             ("Donors may be offered an optional tip (0–30%, adjustable to 0); tips do not reduce what you "
             "receive."),
             "The average gift is your own guess; the fee is per donation, so many small gifts cost more.")
    choices = [FundingChoice(label="Crowdfunding campaign", amount=net_needed,
                             terms=f"Goal {money(goal.goal)} gross; 2.9% + $0.30 per gift at "
                                   f"{money(goal.average_gift)} average")]
    if gifts.count:
        choices.append(FundingChoice(label="Crowdfunding: raised so far", amount=gifts.net,
                                     terms=f"{gifts.count} donations, {money(gifts.gross)} gross − "
                                           f"{money(gifts.fees)} fees"))
    return FundingResult(summary=summary, columns=("", "How", "Amount"), rows=tuple(rows), notes=notes,
                         body=story(values, context.case, goal, net_needed), choices=tuple(choices),
                         sources=(facts.DONATION_FEES,))


def _cost(case) -> str | None:
    value = case.funding.cost_per_infusion
    return None if value is None else str(value)


def _infusions(case) -> str | None:
    return None if case.funding.infusions is None else str(case.funding.infusions)


def _other(case) -> str | None:
    return str(case.funding.other_costs) if case.funding.other_costs else None


CROWDFUNDING = FundingSource(
    id=SOURCE_ID,
    title="Crowdfunding campaign",
    category=Category.CROWDFUNDING,
    description="Campaign goal after fees (2.9% + $0.30 per donation), donation tracking with progress, "
                "and a story draft that shares only what you choose.",
    run=run,
    fields=(
        InputField("cost_per_infusion", "Cost per infusion ($)", FieldKind.MONEY, from_case=_cost, required=True,
                   minimum=Decimal("1"), placeholder="from the clinic's quote",
                   hint=facts.hint("About $700 per session", facts.PRICE_PER_INFUSION)),
        InputField("infusions", "Number of infusions", FieldKind.INTEGER, from_case=_infusions, required=True,
                   minimum=1, maximum=100, placeholder="e.g. 6",
                   hint=facts.hint("A typical initial series is 6 infusions", facts.INITIAL_SERIES)),
        InputField("other_costs", "Other costs ($)", FieldKind.MONEY, from_case=_other, placeholder="optional",
                   hint=facts.hint("A consultation of about $350 may be extra", facts.PRICE_RANGE)),
        InputField("already_covered", "Covered elsewhere ($)", FieldKind.MONEY, from_case=_planned_elsewhere,
                   placeholder="optional",
                   help="Funding already in this case's plan from other sources is filled in."),
        InputField("average_gift", "Average gift ($)", FieldKind.MONEY, required=True,
                   minimum=Decimal("1"), placeholder="your guess, e.g. 50",
                   help="What you expect an average donation to be; the fee is per donation."),
        InputField("donations", "Donations received ($)", FieldKind.MONEY_LIST,
                   placeholder="e.g. 100, 50, 25.50",
                   help="Each donation's gross amount, separated by commas (no thousands separators)."),
        InputField("story_name", "Story: first name", FieldKind.FLAG, default="no"),
        InputField("story_condition", "Story: condition", FieldKind.FLAG, default="no"),
        InputField("story_state", "Story: state", FieldKind.FLAG, default="no"),
        InputField("story_insurer", "Story: insurer", FieldKind.FLAG, default="no"),
    ),
)


@hookimpl
def register_funding_sources(register):
    register(CROWDFUNDING)
