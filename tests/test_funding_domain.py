"""The funding core: money maths against worked examples, input parsing, and the plan on a case."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ketcover_tui.domain.case import Case, InvalidCase, Patient
from ketcover_tui.domain.case_json import case_from_dict, case_to_dict
from ketcover_tui.domain.funding import (
    Category,
    ChoiceStatus,
    FieldKind,
    FundingChoice,
    FundingResult,
    FundingSource,
    InputField,
    InvalidInputs,
    ResultRow,
    SourceRef,
    money,
    validate_result,
    validate_source,
)
from ketcover_tui.domain.funding_inputs import default_inputs, initial_inputs, parse_inputs, typed_inputs
from ketcover_tui.domain.funding_plan import FundingPlan, estimate_text, plan_summary
from ketcover_tui.domain.funding_math import (
    amortize,
    campaign_goal,
    deferred_interest,
    donation_fee,
    donation_net,
    donation_totals,
    monthly_payment,
)

# --- financing maths ----------------------------------------------------------------


def test_amortised_loan_textbook_examples():
    # $10,000 at 6% for 36 months: the standard answer is $304.22 a month.
    loan = amortize(D("10000"), D("6"), 36)
    assert loan.payment == D("304.22")
    assert loan.schedule[-1].balance == D("0.00")
    assert loan.total_paid == loan.principal + loan.total_interest
    assert D("951.80") < loan.total_interest < D("952.00")  # 36 × 304.22 − 10,000 = 951.92, less rounding
    # $1,000 at 12% for a year: $88.85 a month, $66.19 of interest.
    loan = amortize(D("1000"), D("12"), 12)
    assert (loan.payment, loan.total_interest) == (D("88.85"), D("66.19"))
    assert all(isinstance(p.payment, D) for p in loan.schedule)


def test_zero_apr_splits_evenly_and_last_payment_absorbs_rounding():
    loan = amortize(D("4200"), D("0"), 24)
    assert (loan.payment, loan.last_payment, loan.total_paid, loan.total_interest) == (
        D("175.00"), D("175.00"), D("4200.00"), D("0.00"))
    loan = amortize(D("1000"), D("0"), 3)
    assert [p.payment for p in loan.schedule] == [D("333.33"), D("333.33"), D("333.34")]
    assert loan.total_paid == D("1000.00")


def test_monthly_payment_rejects_a_zero_term():
    with pytest.raises(ValueError):
        monthly_payment(D("100"), D("5"), 0)


def test_deferred_interest_miss_charges_everything_back_to_the_purchase_date():
    # $2,000, 12-month promotion, 26.99% APR after it, paying $150 a month:
    # 12 × $150 = $1,800, so $200 is left and all interest since the purchase is charged.
    # Interest accrued = Σ (2000 − 150k) × 0.2699/12 for k = 0..11 = 14,100 × 0.2699/12 ≈ $317.13.
    missed = deferred_interest(D("2000"), 12, D("26.99"), D("150"))
    assert not missed.paid_in_time
    assert missed.balance_at_deadline == D("200.00")
    assert missed.accrued_interest == missed.charged_interest == D("317.13")
    assert missed.balance_after_deadline == D("517.13")
    assert missed.needed_payment == D("166.67")  # 2000 / 12, rounded up to the cent
    paid = deferred_interest(D("2000"), 12, D("26.99"))  # paying what is needed
    assert paid.paid_in_time and paid.charged_interest == D("0.00") and paid.balance_at_deadline == D("0.00")
    assert paid.total_cost == D("2000.00")


def test_deferred_interest_needed_payment_for_each_promotion_length():
    assert [deferred_interest(D("4200"), m, D("30")).needed_payment for m in (6, 12, 18, 24)] == [
        D("700.00"), D("350.00"), D("233.34"), D("175.00")]


# --- crowdfunding maths ---------------------------------------------------------------

def test_donation_fee_worked_example_from_the_reference_notes():
    assert donation_fee(D("100")) == D("3.20")
    assert donation_net(D("100")) == D("96.80")  # domain-facts §5.3: $100 nets $96.80


def test_campaign_goal_covers_fees_at_the_expected_average_gift():
    goal = campaign_goal(D("4200"), D("100"))
    assert goal.goal == D("4338.85")  # 4200 / (1 − 0.029 − 0.30/100), rounded up to the cent
    assert goal.fees == D("138.85") and goal.donations == 44
    # The goal really nets at least what is needed when 43.39 gifts of $100 come in.
    assert goal.goal * (1 - D("0.029")) - D("0.30") * goal.goal / 100 >= D("4200")


def test_campaign_goal_refuses_a_gift_smaller_than_the_fixed_fee():
    with pytest.raises(ValueError, match="does not cover"):
        campaign_goal(D("1000"), D("0.30"))


def test_donation_totals():
    totals = donation_totals([D("100"), D("50"), D("25.50")])
    assert (totals.count, totals.gross) == (3, D("175.50"))
    assert totals.fees == D("3.20") + D("1.75") + D("1.04")  # 0.30 + 2.9% each, to the cent
    assert totals.net == totals.gross - totals.fees


# --- inputs -------------------------------------------------------------------------------

def _source(*fields: InputField) -> FundingSource:
    return FundingSource(id="t", title="T", category=Category.OTHER, fields=fields,
                         run=lambda values, context: FundingResult(summary="ok"))


MONEY = InputField("amount", "Amount ($)", FieldKind.MONEY, required=True)
RATE = InputField("apr", "APR (%)", FieldKind.PERCENT)
TERM = InputField("months", "Term", FieldKind.INTEGER, minimum=1, maximum=360)
PICK = InputField("pick", "Pick", FieldKind.CHOICE, default="a", choices=(("a", "Apple"), ("b", "Banana")))
FLAG = InputField("flag", "Flag", FieldKind.FLAG, default="no")
GIFTS = InputField("gifts", "Gifts", FieldKind.MONEY_LIST)
ALL = _source(MONEY, RATE, TERM, PICK, FLAG, GIFTS)


def test_parse_inputs_types_and_defaults():
    values = parse_inputs(ALL, {"amount": "$4,200.5", "apr": "9.99%", "months": "24", "pick": "Banana",
                                "flag": "Yes", "gifts": "100, 50 25.50;10"})
    assert values == {"amount": D("4200.50"), "apr": D("9.99"), "months": 24, "pick": "b", "flag": True,
                      "gifts": [D("100.00"), D("50.00"), D("25.50"), D("10.00")]}
    assert parse_inputs(ALL, {"amount": "1"}) == {"amount": D("1.00"), "apr": None, "months": None, "pick": "a",
                                                  "flag": False, "gifts": []}


def test_parse_inputs_names_every_bad_field_with_what_to_type():
    with pytest.raises(InvalidInputs) as caught:
        parse_inputs(ALL, {"amount": "", "apr": "lots", "months": "0", "pick": "cherry", "flag": "maybe",
                           "gifts": "100, 1,000"})
    errors = caught.value.errors
    assert set(errors) == {"amount", "apr", "months", "pick", "flag", "gifts"}
    assert errors["amount"] == "Enter amount ($)"
    assert "percentage, like 9.99" in errors["apr"]
    assert "from 1 to 360" in errors["months"]
    assert "a, b" in errors["pick"]
    assert "yes or no" in errors["flag"]
    assert "without thousands separators" in errors["gifts"]  # "1,000" splits into 1 and 000


@pytest.mark.parametrize("text, message", [
    ("12.345", "at most two decimals"), ("-5", "$0 or more"), ("NaN", "dollars and cents"),
    ("20000000", "at most $9,999,999.99"),  # the one money parser's limit, as in every money form
])
def test_money_problems(text, message):
    with pytest.raises(InvalidInputs) as caught:
        parse_inputs(ALL, {"amount": text})
    assert message in caught.value.errors["amount"]


def test_defaults_from_the_case_and_remembered_values():
    estimate = InputField("amount", "Amount", FieldKind.MONEY, default="1",
                          from_case=lambda case: str(case.funding.estimate) if case.funding.estimate else None)
    source = _source(estimate, RATE, InputField("token", "Token", hidden=True))
    case = Case(patient=Patient("Zoë"))
    assert default_inputs(source, case)["amount"] == "1"  # no estimate yet: the plain default
    case.funding = FundingPlan(cost_per_infusion=D("700.00"), infusions=6)
    assert default_inputs(source, case)["amount"] == "4200.00"
    typed = typed_inputs(source, {"amount": "4200.00", "apr": "9.5", "token": "abc"}, case)
    assert typed == {"apr": "9.5"}  # the case-drawn amount keeps following the case; hidden never kept
    case.funding.inputs["t"] = typed
    case.funding.infusions = 5
    assert initial_inputs(source, case) == {"amount": "3500.00", "apr": "9.5", "token": ""}


def test_validate_source_and_result_catch_plugin_mistakes():
    with pytest.raises(TypeError):
        validate_source("not a source")
    with pytest.raises(ValueError, match="reserved"):
        validate_source(_source(InputField("case", "Case")))
    with pytest.raises(ValueError, match="invalid or repeated"):
        validate_source(_source(MONEY, MONEY))
    source = _source(MONEY)
    with pytest.raises(TypeError, match="not a FundingResult"):
        validate_result({"summary": "x"}, source)
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        validate_result(FundingResult(summary="x", columns=("a", "b", "c"), rows=(ResultRow(("1", "2")),)), source)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        validate_result(FundingResult(summary="x", sources=(SourceRef("s", as_of="last week"),)), source)
    with pytest.raises(TypeError, match="Decimal"):
        validate_result(FundingResult(summary="x", choices=(FundingChoice("c", 12.5),)), source)
    checked = validate_result(FundingResult(summary="x", choices=(FundingChoice("c", D("1.00")),)), source)
    assert (checked.choices[0].source, checked.choices[0].source_title) == ("t", "T")


# --- the plan on a case -----------------------------------------------------------------

def test_plan_totals_and_summary():
    plan = FundingPlan(cost_per_infusion=D("700.00"), infusions=6, other_costs=D("350.00"))
    plan.add(FundingChoice("Loan", D("2000.00"), status=ChoiceStatus.APPROVED), by="ana")
    plan.add(FundingChoice("Campaign", D("1000.00")))
    plan.add(FundingChoice("Family", D("900.00"), status=ChoiceStatus.DECLINED))
    assert (plan.estimate, plan.planned, plan.secured, plan.gap) == (
        D("4550.00"), D("3000.00"), D("2000.00"), D("1550.00"))
    assert estimate_text(plan) == "$4,550.00 (6 × $700.00 + $350.00 other)"
    assert plan_summary(plan) == "Estimate $4,550.00 · planned $3,000.00 · secured $2,000.00 · gap $1,550.00"
    assert plan.entries[0].by == "ana" and plan.entries[0].id and plan.entries[0].added
    assert money(D("-5")) == "-$5.00" and money(None) == "—"


def test_case_round_trip_keeps_the_plan_and_old_files_load():
    case = Case(patient=Patient("李雷"))
    case.funding = FundingPlan(cost_per_infusion=D("700.00"), infusions=6)
    case.funding.add(FundingChoice("Crowdfunding: raised so far", D("96.80"), terms="1 donation",
                                   status=ChoiceStatus.RECEIVED, source="crowdfunding"))
    case.funding.inputs["crowdfunding"] = {"donations": "100"}
    data = case_to_dict(case)
    assert data["funding"]["entries"][0]["amount"] == "96.80"  # money stored as text, never float
    assert case_from_dict(data) == case
    older = {k: v for k, v in data.items() if k != "funding"}
    assert case_from_dict(older).funding == FundingPlan()


@pytest.mark.parametrize("funding, problem", [
    ("nope", "expected an object"),
    ({"entries": [{"label": "x", "amount": "ten"}]}, "not an amount"),
    ({"entries": [{"label": "x", "amount": "1", "status": "maybe"}]}, "unknown status"),
    ({"infusions": 2.5}, "whole number"),
    ({"inputs": {"loan": "apr=5"}}, "source id"),
])
def test_a_damaged_funding_section_is_reported_not_guessed(funding, problem):
    data = case_to_dict(Case(patient=Patient("Ana")))
    data["funding"] = funding
    with pytest.raises(InvalidCase) as caught:
        case_from_dict(data)
    assert problem in caught.value.errors["funding"]


# --- a labelled typical value credits its own source -----------------------------------------

def test_hint_credits_a_plugins_own_source_not_ketcovers_notes():
    from ketcover_tui.domain import funding_facts as facts
    from ketcover_tui.domain.funding import SourceRef

    lender = SourceRef("Acme Lending rate sheet, acme.example/rates", as_of="2026-10-01", confidence="MED")
    assert facts.hint("APRs run 9.99–24.99%", lender) == (
        "APRs run 9.99–24.99% (Acme Lending rate sheet, acme.example/rates; MED confidence; as of 2026-10-01)")
    assert facts.hint("APRs run 9.99–24.99%", lender, cite="Acme rate sheet") == (
        "APRs run 9.99–24.99% (Acme rate sheet; MED confidence; as of 2026-10-01)")
    # ketcover's own facts keep their short citations of the reference notes.
    assert facts.hint("About $700", facts.PRICE_PER_INFUSION).startswith("About $700 (Hawaii SB967 (2025), notes §5.1;")
