"""The Funding tab and a source's screen, driven by keys through Textual's Pilot at 80×24."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Select

from ctgov_server import CtGovServer, closed_port_url
from fake_plugins import install
from ketcover_tui.domain.funding import ChoiceStatus, FundingChoice
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.testing import sample_case
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.case_view import CaseScreen
from ketcover_tui.tui.screens.funding_dialogs import CostEstimateScreen, PickChoiceScreen, PlanEntryScreen
from ketcover_tui.tui.screens.funding_source import FundingSourceScreen
from ketcover_tui.tui.screenshots import demo_app
from ketcover_tui.tui.widgets.funding_pane import FundingPane
from ketcover_tui.tui.widgets.funding_result import FundingResultView

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

SIZE = (80, 24)
BUILTIN = ["checklists", "financing", "crowdfunding", "trials", "state-programs"]
EXAMPLE = Path(__file__).resolve().parents[1] / "plugins" / "ketcover-example-hsa"


def make_app(data_dir, *extra_plugins: str, case=None):
    store = CaseStore(data_dir)
    saved = store.create(case or sample_case())
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": ",".join(BUILTIN + list(extra_plugins))}).load()
    return KetcoverApp(store, plugin_host=host), saved.id


async def open_funding_tab(pilot) -> FundingPane:
    await pilot.pause()
    await pilot.press("enter")  # the only case in the list
    await pilot.pause()
    assert isinstance(pilot.app.screen, CaseScreen)
    await pilot.press("3")
    await pilot.pause()
    return pilot.app.screen.query_one(FundingPane)


def highlighted(app) -> str:
    options = app.screen.query_one("#funding-list", OptionList)
    return options.get_option_at_index(options.highlighted).id


async def go_to(pilot, option_id: str) -> None:
    options = pilot.app.screen.query_one("#funding-list", OptionList)
    for _ in range(len(options.options) + 1):
        if highlighted(pilot.app) == option_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{option_id} is not in the funding list")


async def open_source(pilot, source_id: str) -> FundingSourceScreen:
    await go_to(pilot, f"source:{source_id}")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FundingSourceScreen)
    return pilot.app.screen


def field(app, name: str):
    return app.screen.query_one(f"#field-{name}")


async def test_run_a_loan_and_save_it_to_the_funding_plan(data_dir):
    app, case_id = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_funding_tab(pilot)
        assert [o.id for o in pane.query_one(OptionList).options][:2] == ["heading:plan", "heading:empty"]
        screen = await open_source(pilot, "loan")
        assert field(app, "amount").value == "4200.00"  # 6 × $700 from the case
        assert app.focused is field(app, "amount")
        help_text = str(app.screen.query_one("#funding-help").render())
        assert "Amount to finance" in help_text
        await pilot.press("enter", *"9.99")  # enter moves to the next field
        await pilot.pause()
        help_text = str(app.screen.query_one("#funding-help").render())
        assert "32.99%" in help_text and "LOW confidence" in help_text  # labelled hint, not a value
        await pilot.press("enter", *"24", "enter")  # enter on the last field runs it
        await app.workers.wait_for_complete()  # runs go off the UI thread
        await pilot.pause()
        view = app.screen.query_one(FundingResultView)
        assert view.result.summary.startswith("$193.79 a month for 24 months at 9.99% APR")
        assert app.focused is view and screen.has_class("-reading")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanEntryScreen)
        assert app.screen.query_one("#entry-amount", Input).value == "4200.00"
        app.screen.query_one("#entry-status", Select).value = ChoiceStatus.APPLIED.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        saved = app.store.load(case_id).funding
        [entry] = saved.entries
        assert (entry.label, entry.amount, entry.status) == (
            "Loan, 9.99% APR, 24 months", Decimal("4200.00"), ChoiceStatus.APPLIED)
        assert entry.source == "loan" and entry.source_title == "Loan or payment plan" and entry.added
        assert saved.inputs["loan"] == {"apr": "9.99", "months": "24"}  # the amount still follows the case
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        summary = str(app.screen.query_one("#funding-summary").render())
        assert "planned $4,200.00" in summary and "gap $0.00" in summary
        assert any((o.id or "").startswith("entry:") for o in app.screen.query_one("#funding-list", OptionList).options)
        # Reopening shows what was typed last time.
        screen = await open_source(pilot, "loan")
        assert (field(app, "apr").value, field(app, "months").value) == ("9.99", "24")


async def test_bad_input_marks_the_fields_and_keeps_the_text(data_dir):
    app, case_id = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_funding_tab(pilot)
        await open_source(pilot, "loan")
        field(app, "amount").value = "4,2OO"
        field(app, "apr").value = "nine"
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()  # runs go off the UI thread
        await pilot.pause()
        errors = {e.id: str(e.render()) for e in app.screen.query(".fund-field-error") if e.display}
        assert set(errors) == {"error-amount", "error-apr", "error-months"}
        assert "dollars and cents" in errors["error-amount"] and "percentage" in errors["error-apr"]
        assert app.focused is field(app, "amount")
        assert field(app, "amount").value == "4,2OO" and field(app, "apr").value == "nine"
        assert "Fix the 3 fields" in str(app.screen.query_one("#funding-status").render())
        assert app.screen.query_one(FundingResultView).result is None
        await pilot.press("escape")  # leaving keeps what was typed, even unfinished
        await pilot.pause()
        assert app.store.load(case_id).funding.inputs["loan"] == {"amount": "4,2OO", "apr": "nine"}


async def test_several_options_ask_which_one_to_save(data_dir):
    app, case_id = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_funding_tab(pilot)
        await open_source(pilot, "crowdfunding")
        field(app, "average_gift").value = "100"
        field(app, "donations").value = "100, 100"
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()  # runs go off the UI thread
        await pilot.pause()
        assert app.screen.query_one(FundingResultView).result.body  # the story draft is shown
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickChoiceScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlanEntryScreen)
        assert app.screen.query_one("#entry-label", Input).value == "Crowdfunding: raised so far"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [entry] = app.store.load(case_id).funding.entries
        assert entry.amount == Decimal("193.60")


async def test_plan_entry_dialog_refuses_a_bad_amount_and_keeps_it(data_dir):
    app, case_id = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_funding_tab(pilot)
        await open_source(pilot, "compare-offers")
        field(app, "offer_a_apr").value = "0"
        field(app, "offer_a_months").value = "12"
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()  # runs go off the UI thread
        await pilot.press("ctrl+s")
        await pilot.pause()
        amount = app.screen.query_one("#entry-amount", Input)
        amount.value = "12.345"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanEntryScreen) and amount.value == "12.345"
        assert "two decimals" in str(app.screen.query_one("#entry-error").render())
        assert app.store.load(case_id).funding.entries == []


async def test_cost_estimate_edit_and_remove_from_the_funding_tab(data_dir):
    case = sample_case()
    case.funding.cost_per_infusion = case.funding.infusions = None
    case.funding.add(FundingChoice("Family loan", Decimal("500.00"), terms="no interest"))
    app, case_id = make_app(data_dir, case=case)
    async with app.run_test(size=SIZE) as pilot:
        await open_funding_tab(pilot)
        assert "Estimate not set" in str(app.screen.query_one("#funding-summary").render())
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CostEstimateScreen)
        await pilot.press(*"650", "enter", *"six", "ctrl+s")
        await pilot.pause()
        assert "whole number" in str(app.screen.query_one("#cost-error").render())
        app.screen.query_one("#cost-count", Input).value = "6"
        await pilot.press("ctrl+s")
        await pilot.pause()
        funding = app.store.load(case_id).funding
        assert (funding.cost_per_infusion, funding.infusions, funding.estimate) == (
            Decimal("650.00"), 6, Decimal("3900.00"))
        assert "gap $3,400.00" in str(app.screen.query_one("#funding-summary").render())
        entry_id = funding.entries[0].id
        await go_to(pilot, f"entry:{entry_id}")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#entry-status", Select).value = ChoiceStatus.DECLINED.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.load(case_id).funding.entries[0].status == ChoiceStatus.DECLINED
        assert "planned $0.00" in str(app.screen.query_one("#funding-summary").render())
        await pilot.press("x", "n")  # keep it
        await pilot.pause()
        assert len(app.store.load(case_id).funding.entries) == 1
        await pilot.press("x", "y")
        await pilot.pause()
        assert app.store.load(case_id).funding.entries == []


async def test_trials_offline_shows_a_clear_message(data_dir, monkeypatch):
    monkeypatch.setenv("KETCOVER_CLINICALTRIALS_URL", closed_port_url())
    app, _ = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_funding_tab(pilot)
        await open_source(pilot, "clinical-trials")
        assert field(app, "condition").value == "depression" and field(app, "location").value == "Massachusetts"
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = app.screen.query_one(FundingResultView)
        assert "Could not reach ClinicalTrials.gov" in view.message and "You may be offline" in view.message
        assert view.has_class("problem")
        assert app.screen.query_one("#funding-status").has_class("problem")
        assert all(r.status == "ok" for r in app.plugin_host.plugins())  # offline is not a plugin failure


async def test_trials_page_forward_and_back(data_dir, monkeypatch):
    with CtGovServer() as server:
        monkeypatch.setenv("KETCOVER_CLINICALTRIALS_URL", server.base_url)
        app, _ = make_app(data_dir)
        async with app.run_test(size=SIZE) as pilot:
            await open_funding_tab(pilot)
            screen = await open_source(pilot, "clinical-trials")
            field(app, "page_size").value = "2"
            await pilot.press("ctrl+r")
            await app.workers.wait_for_complete()
            await pilot.pause()
            view = app.screen.query_one(FundingResultView)
            assert [r.cells[0] for r in view.result.rows] == ["NCT09000001", "NCT09000002"]
            assert app.focused is view
            await pilot.press("n")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [r.cells[0] for r in view.result.rows] == ["NCT09000003"]
            assert not screen.check_action("next_page", ())
            await pilot.press("b")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [r.cells[0] for r in view.result.rows] == ["NCT09000001", "NCT09000002"]
            assert len(server.requests) == 2  # page 1 again came from the cache


async def test_a_third_party_source_appears_on_the_funding_screen(data_dir, site, monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLE))
    install(site, "hsa", None, name="hsa", module="ketcover_example_hsa")
    app, case_id = make_app(data_dir, "hsa")
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_funding_tab(pilot)
        ids = [o.id for o in pane.query_one(OptionList).options]
        assert ids.index("heading:other") < ids.index("source:hsa-fsa")
        await open_source(pilot, "hsa-fsa")
        assert field(app, "amount").value == "4200.00"
        await pilot.press("tab", *"22", "enter")
        await app.workers.wait_for_complete()  # runs go off the UI thread
        await pilot.pause()
        assert "saves about $924.00" in app.screen.query_one(FundingResultView).result.summary
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        [entry] = app.store.load(case_id).funding.entries
        assert entry.source == "hsa-fsa" and entry.label == "HSA/FSA pre-tax payment"
    import sys

    sys.modules.pop("ketcover_example_hsa", None)


async def test_a_source_that_crashes_is_reported_and_the_app_keeps_working(data_dir, site):
    install(site, "crashy", """
        from ketcover_tui.domain.funding import Category, FundingSource
        from ketcover_tui.hookspecs import hookimpl

        def run(values, context):
            raise KeyError("oops")

        @hookimpl
        def register_funding_sources(register):
            register(FundingSource(id="crashy", title="Crashy lender", category=Category.FINANCING, run=run))
    """)
    app, _ = make_app(data_dir, "crashy")
    async with app.run_test(size=SIZE) as pilot:
        await open_funding_tab(pilot)
        await open_source(pilot, "crashy")
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()  # runs go off the UI thread
        await pilot.pause()
        view = app.screen.query_one(FundingResultView)
        assert "'crashy'" in view.message and "KeyError" in view.message and "Other sources still work" in view.message
        assert any("Crashy lender" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        await open_source(pilot, "loan")
        field(app, "apr").value, field(app, "months").value = "5", "12"
        await pilot.press("ctrl+r")
        await pilot.app.workers.wait_for_complete()  # runs go off the UI thread
        await pilot.pause()
        assert app.screen.query_one(FundingResultView).result is not None
        [record] = [r for r in app.plugin_host.plugins() if r.name == "crashy"]
        assert record.state == "run failed" and record.run_failures[0].error == "KeyError: 'oops'"


async def test_demo_data_has_funding_plans_to_try(data_dir):
    app = demo_app(data_dir, cases=30)
    cases = [app.store.load(s.id) for s in app.store.summaries()]
    with_plans = [c for c in cases if c.funding.entries]
    assert len(with_plans) >= 5
    statuses = {e.status for c in with_plans for e in c.funding.entries}
    assert {ChoiceStatus.RECEIVED, ChoiceStatus.CONSIDERING} <= statuses
    assert any("crowdfunding" in c.funding.inputs for c in cases)


async def test_funding_tab_fits_80x24_without_scrolling(data_dir):
    """The plan, every built-in source and the detail line all fit on an 80×24 screen."""
    app, _ = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_funding_tab(pilot)
        options = pane.query_one("#funding-list", OptionList)
        assert options.max_scroll_y == 0 and options.region.height >= len(options.options)
        detail = pane.query_one("#funding-detail")
        assert detail.region.height >= 3 and detail.region.bottom <= SIZE[1] - 1  # above the footer
        assert "Monthly payment and total cost" in str(detail.render())


# The source screen has no tab bar, so its picture does not change when other case tabs are added.
@pytest.mark.pinned_day("2026-12-02")  # the day the snapshots were recorded
@pytest.mark.parametrize("view", ["source"])
def test_funding_snapshot_80x24(view, data_dir, snap_compare):
    store = CaseStore(data_dir)
    case = sample_case()
    case.funding.add(FundingChoice("12-month deferred-interest promotion", Decimal("2500.00"),
                                   status=ChoiceStatus.APPROVED, source="deferred-interest",
                                   added="2026-03-01T10:00:00+00:00", by="demo", id="aaaa0001"))
    case.funding.add(FundingChoice("Crowdfunding: raised so far", Decimal("332.88"), status=ChoiceStatus.RECEIVED,
                                   source="crowdfunding", added="2026-03-02T10:00:00+00:00", by="demo",
                                   id="aaaa0002"))
    case.created = case.updated = "2026-03-02T10:00:00+00:00"
    store.create(case, stamp=False)
    app = KetcoverApp(store, plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ",".join(BUILTIN)}).load())

    async def steps(pilot):
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        if view == "source":
            await go_to(pilot, "source:deferred-interest")
            await pilot.press("enter")
            await pilot.pause()
            field(pilot.app, "apr").value = "26.99"
            field(pilot.app, "payment").value = "150"
            await pilot.press("ctrl+r")
            await pilot.app.workers.wait_for_complete()  # runs go off the UI thread
            await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=steps)
