"""The insurer side in the app, driven by keys through Textual's Pilot on real data folders."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ketcover_tui.demo import add_demo_cases
from ketcover_tui.domain.case import Case, Patient, Plan
from ketcover_tui.demo import demo_cases
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.call_form import CallFormScreen
from ketcover_tui.tui.screens.case_view import CASE_TABS, CaseScreen
from ketcover_tui.tui.screens.home import HomeScreen
from ketcover_tui.tui.screens.spec_form import SpecFormScreen
from ketcover_tui.tui.widgets.calls_pane import CallsPane
from ketcover_tui.tui.widgets.due_panel import DuePanel

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

SIZE = (80, 24)
TAB = {tab_id: str(n) for n, (tab_id, _, _) in enumerate(CASE_TABS, start=1)}


@pytest.fixture(autouse=True)
def throwaway_home(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # a throwaway home: exports go to the data folder
    (tmp_path / "home").mkdir()


def app_for(store: CaseStore) -> KetcoverApp:
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,exporters"}).load()
    return KetcoverApp(store, plugin_host=host)


def demo_store(data_dir, cases: int = 8) -> CaseStore:
    store = CaseStore(data_dir)
    add_demo_cases(store, demo_cases(cases, 1))
    return store


def case_id_of(store: CaseStore, patient: str) -> str:
    return next(s.id for s in store.summaries() if s.patient == patient)


async def open_case(pilot, app, case_id: str, tab: str) -> None:
    app.open_case(case_id)
    await pilot.pause()
    await pilot.press(TAB[tab])
    await pilot.pause()


async def type_into(pilot, *texts: str) -> None:
    """Type each text and press enter (which moves to the next field), like a person would."""
    for text in texts:
        await pilot.press(*text, "enter")
        await pilot.pause()


async def test_guided_call_updates_plan_and_its_follow_up_appears_in_due(data_dir, frozen_clock):
    store = demo_store(data_dir)
    case_id = case_id_of(store, "李雷")
    before = store.load(case_id)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, app, case_id, "calls")
        await pilot.press("v")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CallFormScreen)
        assert "On the call" in str(form.query_one("#call-timer").render())
        assert "96365" in form.questions[0][0] and "F33.2" in form.questions[0][0]
        number = form.query_one("#number").value
        assert number == before.calls[-1].number  # the last number dialled is offered again
        await pilot.press("enter")
        await type_into(pilot, "Behavioral health", "José Müller", "K-77", "REF-2026-1")
        assert app.focused.id == "answer-0"  # the facts behind the question, with their source
        hint = str(form.query_one("#question-help").render())
        assert "J3000 is streptomycin" in hint and "Source: ketcover reference notes §1.1" in hint
        assert "(as of 2026-" in hint
        # Script: covered in / out of network, provider network, benefit type, PA required.
        await type_into(pilot, "yes, with prior auth", "no", "yes", "medical", "yes")
        form.query_one("#answer-7").value = "$1,234"  # in-network deductible met
        form.query_one("#follow_up_due").value = "+3"
        form.query_one("#promised").text = "“We will fax the PA form to the clinic today.”"
        await pilot.pause()
        assert "Saving updates the plan" in str(form.query_one("#call-preview").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        saved = store.load(case_id)
        call = saved.calls[-1]
        assert (call.rep_name, call.reference, call.script) == ("José Müller", "REF-2026-1", "Benefits verification")
        assert call.follow_up_due == frozen_clock + timedelta(days=3) and call.duration_s is not None
        assert call.promised.startswith("“We will fax")
        assert saved.benefits.ded_in_ind_met == Decimal("1234.00")
        assert saved.benefits.network_status == "in" and saved.benefits.confirmed["network_status"].reference == "REF-2026-1"
        assert any("Deductible met" in line for line in call.plan_changes)
        pane = app.screen.query_one(CallsPane)
        assert pane.current.id == call.id  # the new call is highlighted
        # Home: the follow-up is in Due; space marks it done.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        due = app.screen.query_one(DuePanel)
        ids = [item[3] for item in due.items]
        assert call.id in ids
        await pilot.press("f")
        await pilot.pause()
        for _ in range(ids.index(call.id)):
            await pilot.press("down")
        await pilot.press("space")
        await pilot.pause()
        assert store.load(case_id).calls[-1].follow_up_done == frozen_clock.isoformat()
        assert call.id not in [item[3] for item in app.screen.query_one(DuePanel).items]


async def test_bad_answers_and_fields_are_marked_and_nothing_is_lost(data_dir):
    store = demo_store(data_dir, 3)
    case_id = case_id_of(store, "José Müller")
    count = len(store.load(case_id).calls)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, app, case_id, "calls")
        await pilot.press("v")
        await pilot.pause()
        form = app.screen
        form.query_one("#answer-0").value = "maybe"
        form.query_one("#answer-7").value = "about half"
        form.query_one("#follow_up_due").value = "next week"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        errors = {e.id for e in form.query(".field-error") if e.display}
        assert errors == {"error-answer-0", "error-answer-7", "error-follow_up_due"}
        assert "yes, no or unknown" in str(form.query_one("#error-answer-0").render())
        assert form.query_one("#answer-7").value == "about half"
        assert len(store.load(case_id).calls) == count


async def test_quick_plain_call_search_and_delete(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("Zoë Ørsted"), plan=Plan(insurer="Aetna")))
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, app, case.id, "calls")
        assert "No calls yet" in str(app.screen.query_one("#call-detail").render())
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "1-800-555-0100", "Claims", "Ana", "", "C-1")
        await pilot.press("ctrl+t")  # the call ended; the duration is filled in
        await pilot.pause()
        assert app.screen.query_one("#duration").value
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "", "Member services", "Ben", "", "M-2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        calls = store.load(case.id).calls
        assert [c.reference for c in calls] == ["C-1", "M-2"] and calls[1].number == "1-800-555-0100"
        pane = app.screen.query_one(CallsPane)
        await pilot.press("slash", *"claims")
        await pilot.pause()
        assert [c.reference for c in pane.shown] == ["C-1"]
        await pilot.press("escape")  # clears the search, back on the list
        await pilot.pause()
        assert len(pane.shown) == 2 and isinstance(app.screen, CaseScreen)
        await pilot.press("delete", "y")
        await pilot.pause()
        assert [c.reference for c in store.load(case.id).calls] == ["C-1"]


@pytest.mark.permissions
async def test_export_from_the_app_goes_into_the_exports_folder_and_is_recorded(data_dir, tmp_path):
    store = demo_store(data_dir, 3)
    case_id = case_id_of(store, "José Müller")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, app, case_id, "calls")
        await pilot.press("x")
        await pilot.pause()
        suggested = app.screen.query_one("#export-path").value
        assert suggested == f"ketcover-calls-{case_id}-{date.today()}.pdf"
        assert str(data_dir / "exports" / suggested) in str(app.screen.query_one("#export-where").render())
        await pilot.press("down", "enter")  # CSV
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = data_dir / "exports" / f"ketcover-calls-{case_id}-{date.today()}.csv"
        assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        assert any(str(path) in n.message for n in app._notifications)
        [record] = store.load(case_id).exports
        assert (record.what, record.file, record.format, record.via) == ("calls", str(path), "csv", "app")
        # Exporting again never overwrites: the suggestion moves on to a free name.
        await pilot.press("x", "down")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value.endswith("-2.csv")
        app.screen.query_one("#export-path").value = path.name
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "already exists" in str(app.screen.query_one("#export-status").render())


async def test_plan_form_errors_then_confirm_on_a_call(data_dir):
    store = demo_store(data_dir, 3)
    case_id = case_id_of(store, "José Müller")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, app, case_id, "plan")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SpecFormScreen)
        limit = form.query_one("#ded_in_ind").value
        form.query_one("#ded_in_ind_met").value = str(Decimal(limit) + 1)
        form.query_one("#copay_out").value = "forty"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert {e.id for e in form.query(".field-error") if e.display} == {"error-ded_in_ind_met", "error-copay_out"}
        form.query_one("#ded_in_ind_met").value = "100"
        form.query_one("#copay_out").value = "$45"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.load(case_id)
        assert saved.benefits.ded_in_ind_met == Decimal("100.00") and saved.benefits.copay_out == Decimal("45.00")
        assert "ded_in_ind_met" not in saved.benefits.confirmed  # changed by hand: no longer confirmed
        # Mark the copay as confirmed on the latest call.
        plan_list = app.screen.query_one("#plan-list")
        plan_list.highlighted = next(n for n, o in enumerate(plan_list.options) if o.id == "fact:copay_out")
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # the newest call is offered first
        await pilot.pause()
        latest = saved.calls[-1]
        assert store.load(case_id).benefits.confirmed["copay_out"].call_id == latest.id


async def test_add_and_choose_a_provider(data_dir):
    store = demo_store(data_dir, 3)
    case_id = case_id_of(store, "José Müller")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, app, case_id, "providers")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await type_into(pilot, "Clínica del Sol 李")
        form.query_one("#npi").value = "1234567890"
        form.query_one("#price_infusion").value = "650"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert {e.id for e in form.query(".field-error") if e.display} == {"error-npi"}
        form.query_one("#npi").value = "1234567893"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.query_one("CompareGrid").current.name == "Clínica del Sol 李"
        await pilot.press("c")
        await pilot.pause()
        saved = store.load(case_id)
        assert saved.provider.clinic == "Clínica del Sol 李" and saved.provider.npi == "1234567893"
        assert saved.provider_search.chosen_candidate().price_infusion == Decimal("650.00")


async def test_a_call_being_typed_survives_quitting(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("李雷")))
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, app, case.id, "calls")
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "1-800-555-0199", "Appeals")
        await pilot.press(*"Ms. Gómez")
        await pilot.pause(0.6)  # the draft is written shortly after typing stops
        await pilot.press("ctrl+q")
    assert store.load(case.id).calls == []
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_case(pilot, app, case.id, "calls")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("y")  # "Resume the call you were typing at HH:MM?"
        await pilot.pause()
        form = app.screen
        assert form.query_one("#department").value == "Appeals"
        assert form.query_one("#rep_name").value == "Ms. Gómez"
        await pilot.press("ctrl+s")
        await pilot.pause()
    [call] = store.load(case.id).calls
    assert call.rep_name == "Ms. Gómez"
    assert not list((data_dir / "drafts").glob("*.json"))  # saved: the draft is gone


@pytest.mark.pinned_day("2026-12-02")  # the day the snapshots were recorded
def test_snapshot_call_log_80x24(data_dir, snap_compare):
    store = demo_store(data_dir, 8)
    case_id = max(demo_cases(8, 1), key=lambda c: (len(c.calls), c.id)).id  # the longest log
    app = app_for(store)

    async def show_calls(pilot):
        await pilot.pause()
        await open_case(pilot, app, case_id, "calls")
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=show_calls)
