"""Example third-party ketcover plugin: one funding source, "Paying with pre-tax money (HSA/FSA)".

Paying for treatment from a Health Savings Account or a Flexible Spending
Account uses money that was never taxed, so it costs less than paying with
take-home pay. This source estimates how much less, at the tax rate the user
enters. Whether ketamine treatment is a qualified expense is NOT verified in
ketcover's reference notes, so every result says so.

Everything a plugin needs is here: fields with a default drawn from the case,
validation the user can act on, a result with rows, notes, a source with its
as-of date and confidence, and an option the user can save to the funding plan.
"""

from __future__ import annotations

from decimal import Decimal

from ketcover_tui.domain.funding import (
    Category,
    FieldKind,
    FundingChoice,
    FundingResult,
    FundingSource,
    InputField,
    InvalidInputs,
    SourceRef,
    money,
    percent,
    row,
)
from ketcover_tui.hookspecs import hookimpl

KETCOVER_PLUGIN_API = "1.0"  # the plugin API this was written for (docs/plugins.md, chapter 8)
CENT = Decimal("0.01")

# Every fact shown to a user carries where it comes from, how sure we are, and when it was read.
QUALIFIED_EXPENSE = SourceRef(
    "ketcover reference notes §6: ketamine treatment paid out of pocket is generally a qualified medical "
    "expense under IRS Publication 502 if it is medical care; not verified for ketamine specifically",
    as_of="2026-11-26", confidence="UNVERIFIED")


def _estimate(case) -> str | None:
    """Default amount: the case's treatment cost estimate, when it has one."""
    estimate = case.funding.estimate
    return str(estimate) if estimate else None


def run(values: dict, context) -> FundingResult:
    amount: Decimal = values["amount"]
    rate: Decimal = values["tax_rate"]
    if rate >= 100:
        raise InvalidInputs({"tax_rate": "Tax rate: enter less than 100%"})
    saved = (amount * rate / 100).quantize(CENT)
    costs_you = amount - saved
    # Paying with taxed money means earning more before tax to have `amount` left.
    earned = (amount / (1 - rate / 100)).quantize(CENT) if rate else amount
    return FundingResult(
        summary=f"Paying {money(amount)} from an HSA or FSA instead of take-home pay saves about {money(saved)} "
                f"at a {percent(rate)} tax rate: the treatment costs you about {money(costs_you)}.",
        columns=("", "Amount"),
        rows=(
            row("Treatment paid from the account", money(amount)),
            row(f"Tax not paid on that money ({percent(rate)})", money(saved)),
            row("What it costs you", money(costs_you)),
            row("Pre-tax pay needed without the account", money(earned)),
        ),
        notes=(
            ("Whether ketamine treatment counts as a qualified medical expense is not verified: ask your HSA or "
            "FSA administrator before paying, and keep the receipts and a letter of medical necessity."),
            "The tax rate is your own estimate (federal plus state, on your last dollar of income).",
        ),
        sources=(QUALIFIED_EXPENSE,),
        choices=(FundingChoice(label="HSA/FSA pre-tax payment", amount=amount,
                               terms=f"Saves about {money(saved)} in tax at {percent(rate)}; qualification "
                                     "not verified"),),
    )


HSA_FSA = FundingSource(
    id="hsa-fsa",
    title="Paying with pre-tax money (HSA/FSA)",
    category=Category.OTHER,
    description="How much paying from a Health Savings Account or Flexible Spending Account saves, at your tax "
                "rate. Qualification of ketamine treatment is not verified.",
    run=run,
    fields=(
        InputField("amount", "Amount to pay ($)", FieldKind.MONEY, from_case=_estimate, required=True,
                   minimum=Decimal("1"), placeholder="e.g. 4200",
                   help="Starts at the case's treatment cost estimate."),
        InputField("tax_rate", "Your tax rate (%)", FieldKind.PERCENT, required=True, placeholder="e.g. 22",
                   help="Federal plus state income tax on your last dollar of income."),
    ),
)


@hookimpl
def register_funding_sources(register):
    register(HSA_FSA)
