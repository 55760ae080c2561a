"""Money is parsed one way everywhere: the money forms' strict parser, in forms, the CLI and plugins' fields."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ketcover_tui.cli.main import main
from ketcover_tui.domain.fields import parse_money
from ketcover_tui.domain.funding import FieldKind, InputField
from ketcover_tui.domain.funding_inputs import parse_field
from ketcover_tui.domain.funding_inputs import parse_money as funding_money

GOOD = {"1500": "1500.00", "$1,500.00": "1500.00", "1500.5": "1500.50", "$ 12,345.67": "12345.67", "0": "0.00",
        "1,234,567": "1234567.00"}
BAD = ["$1,2,3", "1e3", "1E3", "12.345", "-5", "$-5.00", "NaN", "Infinity", "1,000,000,000", "12,34", "1.2.3",
       "abc", "$", "0x10", "1_000", "١٢٣"]


@pytest.mark.parametrize("parse", [lambda t: parse_money(t), lambda t: funding_money(t),
                                   lambda t: parse_field(InputField("amount", "Amount", FieldKind.MONEY), t)],
                         ids=["money forms", "funding forms", "plugin input field"])
def test_every_parser_takes_the_same_amounts_and_refuses_the_same_ones(parse):
    for text, value in GOOD.items():
        assert parse(text) == Decimal(value), text
    for text in BAD:
        with pytest.raises(ValueError):
            parse(text)


def test_a_list_of_amounts_refuses_what_one_amount_refuses():
    field = InputField("costs", "Costs", FieldKind.MONEY_LIST)
    assert parse_field(field, "100, 50 25.50") == [Decimal("100.00"), Decimal("50.00"), Decimal("25.50")]
    for text in ("1e3", "12.345", "NaN"):
        with pytest.raises(ValueError):
            parse_field(field, f"100, {text}")


@pytest.mark.parametrize("amount", ["$1,2,3", "1e3", "12.345"])
def test_fund_on_the_command_line_refuses_a_loose_amount(amount, capsys):
    code = main(["fund", "loan", "--amount", amount, "--apr", "9", "--months", "12"])
    err = capsys.readouterr().err
    assert code == 2 and "Amount" in err and len(err.strip().splitlines()) == 1


async def test_the_cost_estimate_dialog_refuses_a_loose_amount(data_dir):
    from ketcover_tui.tui.screens.funding_dialogs import CostEstimateScreen
    from ketcover_tui.tui.screenshots import demo_app

    app = demo_app(data_dir, cases=2)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "3", "c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CostEstimateScreen)
        inputs = list(dialog.query("Input"))
        inputs[0].value = "$1,2,3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # refused, nothing saved


@pytest.mark.parametrize("charge", ["-5.00", "1000000000.00", "12.345"])
def test_the_superbill_check_refuses_a_charge_no_form_accepts(charge):
    from test_superbill import ready_case

    from ketcover_tui.domain import superbill as sbl

    case = ready_case()
    invoice = next(e for e in case.money.entries if e.lines)
    invoice.lines[0].charge = Decimal(charge)
    problems = sbl.check(sbl.build(case), case)
    assert any(p.blocking and ("not an amount a form accepts" in p.message or "is negative" in p.message)
               for p in problems), problems
