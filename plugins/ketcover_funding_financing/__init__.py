"""Built-in funding sources: financing (loans, deferred-interest promotions, comparing offers).

Registered through ketcover's own ``ketcover`` entry-point group, exactly like a
third-party plugin. Rates are always the user's input: the typical values from
the reference notes appear only as labelled hints, with their confidence.
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
    percent,
    row,
)
from ketcover_tui.domain.funding_math import amortize, deferred_interest, yearly_totals
from ketcover_tui.hookspecs import hookimpl

PROMO_MONTHS = (6, 12, 18, 24)
COMPUTED_MONTHLY = ("Interest is computed monthly at APR/12 on the balance; lenders compute it daily, "
                    "so their figures differ by a little.")


def _estimate(case) -> str | None:
    estimate = case.funding.estimate
    return str(estimate) if estimate else None


def _amount_field(label: str = "Amount to finance ($)") -> InputField:
    return InputField("amount", label, FieldKind.MONEY, from_case=_estimate, required=True, minimum=Decimal("1"),
                      placeholder="e.g. 4200", help="Starts at the case's treatment cost estimate.")


APR_HINT = facts.hint("CareCredit's standard APR is reported as 32.99%; not confirmed, check your agreement",
                      facts.CARECREDIT_APR)


# --- Loan / payment plan --------------------------------------------------------------

def run_loan(values: dict, context) -> FundingResult:
    amount, apr, months = values["amount"], values["apr"], values["months"]
    plan = amortize(amount, apr, months)
    interest = ("no interest" if plan.total_interest == 0
                else f"{money(plan.total_interest)} of it interest")
    summary = (f"{money(plan.payment)} a month for {months} months at {percent(apr)} APR: "
               f"{money(plan.total_paid)} in total, {interest}.")
    rows = tuple(row(f"Year {year}", money(paid), money(interest_paid), money(balance))
                 for year, paid, interest_paid, balance in yearly_totals(plan))
    notes = [COMPUTED_MONTHLY, "The rate and term are what you entered; use the figures from your own offer."]
    if plan.last_payment != plan.payment:
        notes.insert(0, f"The last payment is {money(plan.last_payment)} (rounding to the cent).")
    choice = FundingChoice(
        label=f"Loan, {percent(apr)} APR, {months} months", amount=amount,
        terms=f"{money(plan.payment)}/month × {months}; total {money(plan.total_paid)} "
              f"({money(plan.total_interest)} interest)")
    return FundingResult(summary=summary, columns=("Year", "Paid", "Interest", "Balance at end"), rows=rows,
                         notes=tuple(notes), sources=(facts.REDUCED_APR_PLANS,), choices=(choice,))


LOAN = FundingSource(
    id="loan",
    title="Loan or payment plan",
    category=Category.FINANCING,
    description="Monthly payment and total cost of a loan or fixed-payment plan, for an amount, APR and term.",
    run=run_loan,
    fields=(
        _amount_field(),
        InputField("apr", "APR (%)", FieldKind.PERCENT, required=True, placeholder="from your offer, e.g. 9.99",
                   help="The annual percentage rate in your offer; 0 for an interest-free plan.", hint=APR_HINT),
        InputField("months", "Term (months)", FieldKind.INTEGER, required=True, minimum=1, maximum=360,
                   placeholder="e.g. 24",
                   hint=facts.hint("Reduced-APR plans run 24–60 months for $1,000 or more",
                                   facts.REDUCED_APR_PLANS)),
    ),
)


# --- Deferred-interest promotion --------------------------------------------------------

def run_deferred(values: dict, context) -> FundingResult:
    amount, apr = values["amount"], values["apr"]
    months = int(values["promo_months"])
    planned = values["payment"]
    chosen = deferred_interest(amount, months, apr, planned)
    if chosen.paid_in_time:
        summary = (f"Pay {money(chosen.planned_payment)} a month and {money(amount)} is cleared within the "
                   f"{months}-month promotion: no interest. (At least {money(chosen.needed_payment)} a month "
                   "is needed.)")
    else:
        summary = (f"At {money(chosen.planned_payment)} a month, {money(chosen.balance_at_deadline)} is still "
                   f"owed after {months} months, so {money(chosen.accrued_interest)} of interest is charged "
                   f"back to the purchase date: you would then owe {money(chosen.balance_after_deadline)}. "
                   f"Pay at least {money(chosen.needed_payment)} a month to avoid it.")
    rows = []
    for length in PROMO_MONTHS:
        option = deferred_interest(amount, length, apr, planned)
        outcome = "no interest" if option.paid_in_time else f"{money(option.accrued_interest)} charged"
        mark = " ◀" if length == months else ""
        rows.append(row(f"{length} months{mark}", money(option.needed_payment),
                        money(option.balance_at_deadline), outcome))
    notes = (
        ("If any balance is left when the promotion ends, ALL the interest that built up since the purchase "
        "date is charged at once — not just interest on what is left."),
        f"The table uses your payment of {money(chosen.planned_payment)} a month for every promotion length.",
        COMPUTED_MONTHLY,
        "The APR is what you entered; the rate in your own cardholder agreement is what counts.",
    )
    choice = FundingChoice(
        label=f"{months}-month deferred-interest promotion", amount=amount,
        terms=f"Pay {money(chosen.needed_payment)}/month × {months} to avoid interest; if not paid in full, "
              f"about {money(chosen.accrued_interest)} interest from the purchase date at {percent(apr)} APR")
    return FundingResult(
        summary=summary,
        columns=("Promotion", "Needed a month", f"Left at {money(chosen.planned_payment)}/mo", "Interest"),
        rows=tuple(rows), notes=notes, choices=(choice,),
        sources=(facts.PROMO_LENGTHS, facts.CARECREDIT_MIN_PAYMENT, facts.CARECREDIT_APR))


DEFERRED = FundingSource(
    id="deferred-interest",
    title="Deferred-interest promotion",
    category=Category.FINANCING,
    description="'No interest if paid in full' card promotions (6–24 months): the payment that clears it in "
                "time, and the interest charged back to the purchase date if it does not.",
    run=run_deferred,
    fields=(
        _amount_field("Amount charged ($)"),
        InputField("promo_months", "Promotion length", FieldKind.CHOICE, default="12",
                   choices=tuple((str(m), f"{m} months") for m in PROMO_MONTHS),
                   hint=facts.hint("Promotions of 6, 12, 18 or 24 months on purchases of $200 or more",
                                   facts.PROMO_LENGTHS)),
        InputField("apr", "APR after it (%)", FieldKind.PERCENT, required=True,
                   placeholder="from your agreement", help="The standard purchase APR of the card.",
                   hint=APR_HINT),
        InputField("payment", "You plan to pay ($/mo)", FieldKind.MONEY, placeholder="blank = what's needed",
                   help="Leave blank to see the payment that clears the balance in time.",
                   hint=facts.hint("Minimum payments ($30 or more) may not clear the balance in time",
                                   facts.CARECREDIT_MIN_PAYMENT)),
    ),
)


# --- Compare up to three offers -----------------------------------------------------------

OFFERS = ("a", "b", "c")


def _offer_fields(letter: str) -> tuple[InputField, ...]:
    required = letter == "a"
    big = letter.upper()
    return (
        InputField(f"offer_{letter}_name", f"Offer {big}: name", default=f"Offer {big}",
                   placeholder="e.g. Credit union loan"),
        InputField(f"offer_{letter}_apr", f"Offer {big}: APR (%)", FieldKind.PERCENT, required=required,
                   placeholder="e.g. 9.99" if required else "blank = no offer",
                   hint=APR_HINT if required else ""),
        InputField(f"offer_{letter}_months", f"Offer {big}: months", FieldKind.INTEGER, required=required,
                   minimum=1, maximum=360, placeholder="e.g. 24" if required else "blank = no offer"),
    )


def run_compare(values: dict, context) -> FundingResult:
    amount = values["amount"]
    offers, errors = [], {}
    for letter in OFFERS:
        apr, months = values[f"offer_{letter}_apr"], values[f"offer_{letter}_months"]
        if apr is None and months is None:
            continue
        if apr is None:
            errors[f"offer_{letter}_apr"] = f"Offer {letter.upper()}: enter the APR too (or clear the months)"
            continue
        if months is None:
            errors[f"offer_{letter}_months"] = f"Offer {letter.upper()}: enter the months too (or clear the APR)"
            continue
        name = values[f"offer_{letter}_name"] or f"Offer {letter.upper()}"
        offers.append((letter, name, apr, months, amortize(amount, apr, months)))
    if errors:
        raise InvalidInputs(errors)
    cheapest = min(offers, key=lambda o: o[4].total_paid)
    lowest = min(offers, key=lambda o: o[4].payment)
    columns = ("", *(name for _, name, *_ in offers))

    def line(label, render):
        return row(label, *(render(o) for o in offers))

    rows = (
        line("Monthly payment", lambda o: money(o[4].payment)),
        line("Months", lambda o: str(o[3])),
        line("APR", lambda o: percent(o[2])),
        line("Total paid", lambda o: money(o[4].total_paid)),
        line("Interest", lambda o: money(o[4].total_interest)),
        line("vs cheapest", lambda o: "cheapest" if o is cheapest
             else "+" + money(o[4].total_paid - cheapest[4].total_paid)),
    )
    summary = (f"Cheapest in total: {cheapest[1]} ({money(cheapest[4].total_paid)}, "
               f"{money(cheapest[4].total_interest)} interest).")
    if len(offers) > 1:
        summary += f" Lowest monthly payment: {lowest[1]} ({money(lowest[4].payment)})."
    choices = tuple(FundingChoice(
        label=f"{name}: {percent(apr)} APR, {months} months", amount=amount,
        terms=f"{money(plan.payment)}/month × {months}; total {money(plan.total_paid)} "
              f"({money(plan.total_interest)} interest)") for _, name, apr, months, plan in offers)
    notes = (("For a deferred-interest card promotion, enter 0% here only if you will clear it in time; "
             "the Deferred-interest promotion source shows what missing the deadline costs."), COMPUTED_MONTHLY)
    return FundingResult(summary=summary, columns=columns, rows=rows, notes=notes, choices=choices)


COMPARE = FundingSource(
    id="compare-offers",
    title="Compare financing offers",
    category=Category.FINANCING,
    description="Up to three loan or payment-plan offers side by side: monthly payment, total paid, interest.",
    run=run_compare,
    fields=(_amount_field(), *(f for letter in OFFERS for f in _offer_fields(letter))),
)


@hookimpl
def register_funding_sources(register):
    for source in (LOAN, DEFERRED, COMPARE):
        register(source)
