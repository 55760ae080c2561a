"""Screens that looked as if they worked but did not: each driven by keys through Pilot."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from rich.console import Console

from ketcover_tui.domain import measures as ms
from ketcover_tui.domain import providers as pv
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.funding_math import DONATION_FEE_FIXED, DONATION_FEE_RATE, campaign_goal, goal_working
from ketcover_tui.domain.vocab import PlanType
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.call_form import CallFormScreen
from ketcover_tui.tui.screens.case_view import CASE_TABS
from ketcover_tui.tui.screens.confirm import ConfirmScreen

pytestmark = pytest.mark.clock

SIZE = (80, 24)
TAB = {tab_id: str(n) for n, (tab_id, _, _) in enumerate(CASE_TABS, start=1)}


def app_for(store: CaseStore, **kwargs) -> KetcoverApp:
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,exporters,crowdfunding"}).load()
    return KetcoverApp(store, plugin_host=host, **kwargs)


async def open_tab(pilot, case_id: str, tab: str) -> None:
    pilot.app.open_case(case_id)
    await pilot.pause()
    await pilot.press(TAB[tab])
    await pilot.pause()


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


# --- the chosen clinic ---------------------------------------------------------------------

def test_the_same_clinic_is_matched_by_npi_else_by_name():
    case = Case(patient=Patient("Ana"))
    case.provider.clinic, case.provider.npi = "Harbor Light Ketamine", "1234567893"
    assert pv.same_clinic(case.provider, pv.ProviderCandidate(name="HARBOR  light ketamine", npi="1234-567893"))
    assert not pv.same_clinic(case.provider, pv.ProviderCandidate(name="Harbor Light Ketamine", npi="1245319599"))
    case.provider.npi = ""
    assert pv.same_clinic(case.provider, pv.ProviderCandidate(name="Harbor Light Ketamine", npi="1245319599"))


async def test_adding_the_case_clinic_as_a_candidate_makes_it_the_chosen_one(data_dir):
    store = CaseStore(data_dir)
    case = Case(patient=Patient("José Müller"))
    case.provider.clinic, case.provider.npi = "Clínica del Sol 李", "1234567893"
    case = store.create(case)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, case.id, "providers")
        summary = str(app.screen.query_one("#provider-summary").render())
        assert "not among the candidates" in summary  # true: none was added yet
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#name").value = "Clínica del Sol 李"
        form.query_one("#npi").value = "1234567893"
        await pilot.press("ctrl+s")
        await pilot.pause()
        summary = str(app.screen.query_one("#provider-summary").render())
        assert "not among the candidates" not in summary
        assert summary.startswith("Chosen: Clínica del Sol 李 (")
    saved = store.load(case.id).provider_search
    assert saved.chosen_candidate().name == "Clínica del Sol 李"


async def test_a_network_status_the_chosen_clinic_contradicts_is_flagged_on_plan_and_clinics(data_dir):
    store = CaseStore(data_dir)
    case = Case(patient=Patient("محمد"))
    case.provider.clinic = "Harbor Light Ketamine"
    case.provider_search.candidates.append(pv.ProviderCandidate("Harbor Light Ketamine", id="cand0001", network="in"))
    case.provider_search.chosen = "cand0001"
    case.benefits.network_status = "out"
    case = store.create(case)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, case.id, "plan")
        plan = app.screen.query_one("#plan-list")
        shown = " ".join(str(plan.get_option_at_index(n).prompt) for n in range(plan.option_count))
        assert ("⚠ The plan facts say the provider is out of network, but the chosen clinic, Harbor Light Ketamine, "
                "is marked in network on the Clinics tab") in shown
        await pilot.press(TAB["providers"])
        await pilot.pause()
        assert "⚠ The plan facts say the provider is out of network" in \
            str(app.screen.query_one("#provider-summary").render())
    case.benefits.network_status = "in"
    assert pv.network_conflict(case) == ""
    case.benefits.network_status, case.provider_search.candidates[0].network = "out", ""
    assert pv.network_conflict(case) == ""  # the clinic's network not known: nothing contradicts


async def test_a_tab_visited_again_after_a_form_takes_the_focus_and_its_keys_work(data_dir):
    from ketcover_tui.tui.screens.spec_form import SpecFormScreen

    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("Ana Test")))
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, case.id, "providers")
        for key in ("a", "escape", TAB["overview"], TAB["calls"], TAB["providers"]):
            await pilot.press(key)
            await pilot.pause()
        # Shown once, covered by the form and uncovered: no new Show came, and `a` did nothing.
        pane = app.screen.query_one("#providers")
        assert app.focused is not None and pane in app.focused.ancestors_with_self
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, SpecFormScreen)


async def test_the_plan_tab_takes_the_funding_from_the_plan_type_when_it_is_not_recorded(data_dir):
    store = CaseStore(data_dir)
    case = Case(patient=Patient("Ana Test"))
    case.plan.plan_type = PlanType.COMMERCIAL_FULLY_INSURED
    case = store.create(case)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, case.id, "plan")
        plan = app.screen.query_one("#plan-list")
        line = str(plan.get_option("fact:funding").prompt)
        assert "Fully insured (from the plan type)" in line and "not known" not in line


# --- t with one measure ----------------------------------------------------------------------

async def test_t_with_one_measure_says_why_nothing_changes(data_dir, frozen_clock):
    store = CaseStore(data_dir)
    case = Case(patient=Patient("李雷"))
    case.journal.measures = [ms.MeasureEntry("phq9", frozen_clock - timedelta(days=7), (2,) * 9)]
    case = store.create(case)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, case.id, "journal")
        await pilot.press("t")
        await pilot.pause()
        [message] = [m for m in notices(app) if "has scores" in m]
        assert message.startswith("Only PHQ-9 has scores.")
        assert "GAD-7" in message and "Press m" in message and not message.endswith("…")  # whole, not cut


# --- mg/kg only ------------------------------------------------------------------------------

async def test_a_dose_typed_in_mg_per_kg_shows_the_mg_as_you_type(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("محمد")))
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, case.id, "journal")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#weight").value = "154 lb"  # 69.9 kg
        form.query_one("#dose_per_kg").focus()
        await pilot.press(*"0.5")
        await pilot.pause()
        live = str(form.query_one("#session-computed").render())
        kg = (Decimal(154) * Decimal("0.45359237")).quantize(Decimal("0.1"))
        mg = (Decimal("0.5") * kg).quantize(Decimal("0.1"))
        assert f"0.5 mg/kg = {mg.normalize():f} mg at {kg} kg" in live


# --- a call draft is offered ----------------------------------------------------------------

async def _leave_a_draft(store, case_id) -> None:
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, case_id, "calls")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"1-800-555-0199", "enter", *"Appeals")
        await pilot.pause(0.6)  # the draft is written shortly after typing stops
        await pilot.press("ctrl+q")


async def test_a_call_draft_is_offered_and_can_be_declined_or_put_off(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("Ana")))
    await _leave_a_draft(store, case.id)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, case.id, "calls")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # asked, not silently restored
        question = app.screen.question
        assert question.startswith("Resume the call you were typing at ") and question[-6:-3].endswith(":")
        await pilot.press("escape")  # neither: nothing opens, the draft stays
        await pilot.pause()
        assert not isinstance(app.screen, (ConfirmScreen, CallFormScreen))
        assert list((data_dir / "drafts").glob("*.json"))
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("n")  # start afresh: an empty form, the draft gone
        await pilot.pause()
        assert isinstance(app.screen, CallFormScreen)
        assert app.screen.query_one("#department").value == ""
        assert not list((data_dir / "drafts").glob("*.json"))


# --- the crowdfunding fee row ---------------------------------------------------------------

def test_the_fee_working_is_the_computation_done_and_agrees_with_the_fee_formula():
    goal = campaign_goal(Decimal("700.00"), Decimal("50.00"))
    goal_text, fee_text = goal_working(goal)
    assert goal_text == "$700.00 ÷ (1 − 2.9% − $0.30 ÷ $50.00)"
    assert fee_text == f"${goal.goal:,} − $700.00 (2.9% + $0.30 per $50.00 gift)"
    assert goal.fees == goal.goal - Decimal("700.00")
    # The formula, per gift of the average size: 2.9% of the goal plus $0.30 for each goal/average gift.
    by_formula = goal.goal * DONATION_FEE_RATE + DONATION_FEE_FIXED * goal.goal / Decimal("50.00")
    assert abs(by_formula - goal.fees) < Decimal("0.01")


async def test_the_funding_tab_shows_the_fee_working(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("José Müller")))
    app = app_for(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tab(pilot, case.id, "funding")
        app.screen.query_one("FundingPane").open_source("crowdfunding")
        await pilot.pause()
        for name, value in (("cost_per_infusion", "700"), ("infusions", "1"), ("average_gift", "50")):
            app.screen.query_one(f"#field-{name}").value = value
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#funding-result-text").content)
        shown = console.export_text()
        goal = campaign_goal(Decimal("700"), Decimal("50"))
        assert f"${goal.goal:,} − $700.00 (2.9% + $0.30 per $50.00 gift)" in shown
        assert "× 15" not in shown and "$0.30 ×" not in shown


# --- DEMO DATA and EBSA ---------------------------------------------------------------------

async def test_demo_data_is_said_in_the_header(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("Ana"), demo=True))
    async with app_for(store, demo=True).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(pilot.app.screen.query_one("#home-demo").render()) == "DEMO DATA"
        await open_tab(pilot, case.id, "overview")
        assert str(pilot.app.screen.query_one("#case-title").render()).startswith("DEMO DATA · Ana")
    async with app_for(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not pilot.app.screen.query("#home-demo")


async def test_a_self_funded_plan_shows_how_to_reach_ebsa(data_dir):
    store = CaseStore(data_dir)
    case = Case(patient=Patient("李雷"))
    case.plan.plan_type = PlanType.SELF_FUNDED_ERISA
    case = store.create(case)
    async with app_for(store).run_test(size=(120, 40)) as pilot:
        await open_tab(pilot, case.id, "plan")
        plan_list = pilot.app.screen.query_one("#plan-list")
        text = "\n".join(str(plan_list.get_option_at_index(n).prompt) for n in range(plan_list.option_count))
        # reference notes §8.4: EBSA, 1-866-444-3272, askebsa.dol.gov (HIGH; dol.gov/agencies/ebsa contact page)
        assert "1-866-444-3272" in text and "askebsa.dol.gov" in text
        assert "§8.4 (dol.gov/agencies/ebsa contact page)" in text and "(as of 2026-12-02)" in text
