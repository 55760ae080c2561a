"""Money arithmetic for funding: loans, deferred-interest promotions, crowdfunding fees.

All Decimal. Interest is charged monthly at APR/12, rounded to the cent each
month (half up); the last loan payment absorbs the rounding so the balance ends
at exactly zero. Lenders compute interest on daily balances, so their figures
differ by cents to a few dollars: results say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# GoFundMe (US) transaction fee, deducted from each donation. Reference notes §5.3:
# GoFundMe statement to USA Today (Jan 2025) and support.gofundme.com; HIGH.
DONATION_FEE_RATE = Decimal("0.029")
DONATION_FEE_FIXED = Decimal("0.30")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_HALF_UP)


def cents_up(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_CEILING)


def monthly_rate(apr_percent: Decimal) -> Decimal:
    return Decimal(apr_percent) / Decimal(1200)


# --- Loans / fixed-payment plans ---------------------------------------------------

@dataclass(frozen=True)
class Payment:
    month: int
    payment: Decimal
    interest: Decimal
    principal: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Amortization:
    principal: Decimal
    apr: Decimal
    months: int
    payment: Decimal  # the regular monthly payment
    last_payment: Decimal  # adjusted for rounding
    total_paid: Decimal
    total_interest: Decimal
    schedule: tuple[Payment, ...]


def monthly_payment(principal: Decimal, apr_percent: Decimal, months: int) -> Decimal:
    """The level payment that clears ``principal`` in ``months`` at ``apr_percent``."""
    if months < 1:
        raise ValueError("the term must be at least 1 month")
    r = monthly_rate(apr_percent)
    if r == 0:
        return cents(principal / months)
    return cents(principal * r / (1 - (1 + r) ** -months))


def amortize(principal: Decimal, apr_percent: Decimal, months: int) -> Amortization:
    payment = monthly_payment(principal, apr_percent, months)
    r = monthly_rate(apr_percent)
    balance = cents(principal)
    schedule = []
    for month in range(1, months + 1):
        interest = cents(balance * r)
        pay = balance + interest if month == months else min(payment, balance + interest)
        principal_part = pay - interest
        balance -= principal_part
        schedule.append(Payment(month, pay, interest, principal_part, balance))
    total = sum((p.payment for p in schedule), ZERO)
    return Amortization(principal=cents(principal), apr=Decimal(apr_percent), months=months, payment=payment,
                        last_payment=schedule[-1].payment, total_paid=total,
                        total_interest=total - cents(principal), schedule=tuple(schedule))


def yearly_totals(plan: Amortization) -> list[tuple[int, Decimal, Decimal, Decimal]]:
    """(year, paid, interest, balance at year end) for each year of the schedule."""
    years = []
    for start in range(0, len(plan.schedule), 12):
        chunk = plan.schedule[start:start + 12]
        years.append((start // 12 + 1, sum((p.payment for p in chunk), ZERO),
                      sum((p.interest for p in chunk), ZERO), chunk[-1].balance))
    return years


# --- Deferred-interest ("no interest if paid in full") promotions -----------------

@dataclass(frozen=True)
class DeferredInterest:
    amount: Decimal
    months: int
    apr: Decimal
    needed_payment: Decimal  # the smallest equal monthly payment that clears it in time
    planned_payment: Decimal
    balance_at_deadline: Decimal  # left unpaid when the promotion ends
    accrued_interest: Decimal  # interest that built up in the background over the promotion
    paid_in_time: bool

    @property
    def charged_interest(self) -> Decimal:
        """What is added to the account at the deadline: all accrued interest, or nothing."""
        return ZERO if self.paid_in_time else self.accrued_interest

    @property
    def balance_after_deadline(self) -> Decimal:
        return self.balance_at_deadline + self.charged_interest

    @property
    def total_cost(self) -> Decimal:
        """Paid during the promotion plus what is owed right after it."""
        paid = self.amount - self.balance_at_deadline
        return paid + self.balance_after_deadline


def deferred_interest(amount: Decimal, months: int, apr_percent: Decimal,
                      planned_payment: Decimal | None = None) -> DeferredInterest:
    """Simulate a deferred-interest promotion paid ``planned_payment`` a month.

    Interest accrues every month on the balance at the standard APR; it is
    waived only if the whole balance is paid by the end of the promotion.
    Otherwise all of it is charged, back to the purchase date.
    """
    if months < 1:
        raise ValueError("the promotion must last at least 1 month")
    amount = cents(amount)
    needed = cents_up(amount / months)
    planned = needed if planned_payment is None else cents(planned_payment)
    r = monthly_rate(apr_percent)
    balance, accrued = amount, ZERO
    for _ in range(months):
        accrued += cents(balance * r)
        balance -= min(planned, balance)
    return DeferredInterest(amount=amount, months=months, apr=Decimal(apr_percent), needed_payment=needed,
                            planned_payment=planned, balance_at_deadline=balance, accrued_interest=accrued,
                            paid_in_time=balance == 0)


# --- Crowdfunding -------------------------------------------------------------------

def donation_fee(gift: Decimal) -> Decimal:
    """The platform's transaction fee on one donation: 2.9% + $0.30, to the cent."""
    return cents(gift * DONATION_FEE_RATE + DONATION_FEE_FIXED)


def donation_net(gift: Decimal) -> Decimal:
    return cents(gift) - donation_fee(gift)


@dataclass(frozen=True)
class CampaignGoal:
    net_needed: Decimal
    average_gift: Decimal
    goal: Decimal  # gross amount to ask for, so that after fees net_needed remains
    fees: Decimal
    donations: int  # about how many gifts of average_gift that takes


def campaign_goal(net_needed: Decimal, average_gift: Decimal) -> CampaignGoal:
    """The gross goal whose fees (2.9% + $0.30 per gift of ``average_gift``) leave ``net_needed``.

    Raises ValueError when the average gift is too small to cover the fixed fee.
    """
    if average_gift <= 0 or donation_net(average_gift) <= 0:
        raise ValueError(f"an average gift of ${average_gift} does not cover the $0.30 fee per donation")
    kept_per_dollar = 1 - DONATION_FEE_RATE - DONATION_FEE_FIXED / average_gift
    if kept_per_dollar <= 0:
        raise ValueError(f"an average gift of ${average_gift} does not cover the $0.30 fee per donation")
    goal = cents_up(net_needed / kept_per_dollar)
    donations = math.ceil(goal / average_gift) if goal else 0
    return CampaignGoal(net_needed=cents(net_needed), average_gift=cents(average_gift), goal=goal,
                        fees=goal - cents(net_needed), donations=donations)


def goal_working(goal: CampaignGoal) -> tuple[str, str]:
    """How the goal and its fees were computed, as the result rows show them: (goal's, fees').

    The goal is what is needed divided by what a dollar keeps after the fees at the
    average gift, rounded up to the cent; the fees are the goal less what is needed.
    """
    rate = f"{(DONATION_FEE_RATE * 100).normalize()}%"
    return (f"${goal.net_needed:,} ÷ (1 − {rate} − ${DONATION_FEE_FIXED} ÷ ${goal.average_gift:,})",
            f"${goal.goal:,} − ${goal.net_needed:,} ({rate} + ${DONATION_FEE_FIXED} per ${goal.average_gift:,} gift)")


@dataclass(frozen=True)
class DonationTotals:
    count: int
    gross: Decimal
    fees: Decimal
    net: Decimal


def donation_totals(gifts: list[Decimal]) -> DonationTotals:
    fees = sum((donation_fee(g) for g in gifts), ZERO)
    gross = sum((cents(g) for g in gifts), ZERO)
    return DonationTotals(count=len(gifts), gross=gross, fees=fees, net=gross - fees)


def progress_percent(part: Decimal, whole: Decimal) -> Decimal:
    """Percentage to one decimal (0 when ``whole`` is zero)."""
    if whole <= 0:
        return Decimal("0.0")
    return (part * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)
