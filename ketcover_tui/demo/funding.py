"""Demo funding plans: cost estimates, saved options and remembered form values.

Own random stream per case (seeded from the demo seed and the case id), so adding
funding never changes the rest of the demo data. Prices stay inside the range
the reference notes give ($400–$900 per infusion, about $700 typical, 6
infusions in an initial series); rates are made-up user input, as a patient
would type them from an offer, never presented as facts.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from ..domain.case import Case
from ..domain.funding import ChoiceStatus, FundingChoice, money, percent
from ..domain.funding_plan import FundingPlan
from ..domain.funding_math import amortize, campaign_goal, deferred_interest, donation_totals
from ..domain.vocab import Stage

PAYING_STAGES = {Stage.PRIOR_AUTH, Stage.IN_TREATMENT, Stage.DENIED, Stage.APPEALING, Stage.EXTERNAL_REVIEW,
                 Stage.SELF_FUNDING}
PLANNING_STAGES = {Stage.DENIED, Stage.APPEALING, Stage.EXTERNAL_REVIEW, Stage.SELF_FUNDING}
PRICES = ("700.00", "700.00", "450.00", "600.00", "850.00")
DONATIONS = ("100 50 25 200 40", "50 50 75 20 100 35", "250 100 60", "25 25 40 100 15 60 80")


def add_funding(case: Case, seed: int) -> None:
    rng = random.Random(f"funding-{seed}-{case.id}")
    if case.stage not in PAYING_STAGES and rng.random() > 0.25:
        return
    plan = FundingPlan(cost_per_infusion=Decimal(rng.choice(PRICES)), infusions=6,
                       other_costs=Decimal("350.00") if rng.random() < 0.4 else Decimal("0.00"))
    case.funding = plan
    if case.stage not in PLANNING_STAGES:
        return
    when = datetime.fromisoformat(case.updated) - timedelta(days=rng.randrange(1, 20))
    estimate = plan.estimate

    def add(choice: FundingChoice, source: str, title: str, status: ChoiceStatus) -> None:
        nonlocal when
        when += timedelta(hours=rng.randrange(2, 48))
        plan.entries.append(FundingChoice(
            label=choice.label, amount=choice.amount, terms=choice.terms, status=status, source=source,
            source_title=title, id=f"{rng.getrandbits(32):08x}", added=when.isoformat(), by="demo"))

    covered = Decimal("0.00")
    if rng.random() < 0.6:  # a campaign that has started
        gifts = rng.choice(DONATIONS).split()
        totals = donation_totals([Decimal(g) for g in gifts])
        plan.inputs["crowdfunding"] = {"average_gift": "60.00", "donations": ", ".join(gifts)}
        goal = campaign_goal(estimate, Decimal("60.00"))
        add(FundingChoice(label="Crowdfunding: raised so far", amount=totals.net,
                          terms=f"{totals.count} donations, {money(totals.gross)} gross − {money(totals.fees)} fees; "
                                f"goal {money(goal.goal)}"),
            "crowdfunding", "Crowdfunding campaign", ChoiceStatus.RECEIVED)
        covered += totals.net
    kind = rng.choice(["promo", "loan", "both"])
    if kind in ("promo", "both"):
        amount = min(estimate - covered, Decimal("2500.00"))
        apr = Decimal(rng.choice(["26.99", "27.99"]))
        promo = deferred_interest(amount, 12, apr)
        add(FundingChoice(label="12-month deferred-interest promotion", amount=amount,
                          terms=f"Pay {money(promo.needed_payment)}/month × 12 to avoid interest; if not paid in "
                                f"full, about {money(promo.accrued_interest)} interest from the purchase date at "
                                f"{percent(apr)} APR"),
            "deferred-interest", "Deferred-interest promotion",
            rng.choice([ChoiceStatus.CONSIDERING, ChoiceStatus.APPROVED]))
        plan.inputs["deferred-interest"] = {"amount": str(amount), "apr": str(apr)}
        covered += amount
    if kind in ("loan", "both") and estimate - covered >= Decimal("500"):
        # Borrow part of what is left, so the campaign still has something to raise.
        share = Decimal(rng.choice(["0.5", "0.6", "0.7"]))
        amount = ((estimate - covered) * share / 50).quantize(Decimal("1")) * 50
        apr, months = Decimal(rng.choice(["8.5", "9.99", "11.25"])), rng.choice([12, 24, 36])
        loan = amortize(amount, apr, months)
        add(FundingChoice(label=f"Credit union loan, {percent(apr)} APR, {months} months", amount=amount,
                          terms=f"{money(loan.payment)}/month × {months}; total {money(loan.total_paid)} "
                                f"({money(loan.total_interest)} interest)"),
            "loan", "Loan or payment plan", rng.choice([ChoiceStatus.APPLIED, ChoiceStatus.CONSIDERING]))
        plan.inputs["loan"] = {"amount": str(amount), "apr": str(apr), "months": str(months)}
    if rng.random() < 0.2:
        add(FundingChoice(label="Family loan", amount=Decimal("500.00"), terms="No interest; repay when able"),
            "", "", ChoiceStatus.DECLINED)
