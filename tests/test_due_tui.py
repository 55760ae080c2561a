"""The home screen's Due panel and the full-screen Due list (F), driven by keys."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketcover_tui.domain import appeals as ap
from ketcover_tui.domain import due
from ketcover_tui.domain.calls import CallEntry
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.vocab import PlanType
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.due import DueScreen
from ketcover_tui.tui.widgets.due_list import DueList
from ketcover_tui.tui.widgets.due_panel import DuePanel

pytestmark = pytest.mark.clock

NAMES = ["José Müller", "李雷", "محمد", "Ana [b]Bold[/b]"]


def busy_store(data_dir, today, cases: int = 4, per_case: int = 15) -> CaseStore:
    """``cases`` cases with ``per_case`` overdue follow-ups each, and one PA awaiting a decision."""
    store = CaseStore(data_dir)
    for n in range(cases):
        case = Case(patient=Patient(name=NAMES[n % len(NAMES)] + (f" {n}" if n >= len(NAMES) else "")))
        case.plan.plan_type = PlanType.SELF_FUNDED_ERISA
        for k in range(per_case):
            case.calls.append(CallEntry(started_at=f"{today - timedelta(days=40)}T10:00:00-05:00",
                                        follow_up_due=today - timedelta(days=k + 1), outcome=f"call {n}-{k}"))
        sent = today - timedelta(days=10)  # the plan decides within 15 days: due in 5
        case.appeals.prior_auths.append(ap.PriorAuth(codes="96365", submitted=sent, received_by_plan=sent,
                                                     receipt_evidence="fax confirmation"))
        store.create(case)
    return store


def app_on(store) -> KetcoverApp:
    return KetcoverApp(store, plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())


async def test_every_item_is_reachable_and_the_panel_grows_with_the_terminal(data_dir, frozen_clock):
    store = busy_store(data_dir, frozen_clock)  # 60 follow-ups: the panel once stopped at 30
    app = app_on(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(DuePanel)
        assert len(panel.items) == 64
        title = str(app.screen.query_one("#due-title").render())
        assert "60 follow-ups, 4 deadlines" in title and "60 overdue, 4 this week" in title
        listing = panel.query_one(DueList)
        assert listing.size.height >= 10  # 4 rows at 120×40 before
        await pilot.press("f", "end")
        assert panel.current == panel.items[-1]
        assert panel.current.kind == due.DEADLINE  # "this week" comes after every overdue item
    async with app_on(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert 5 <= pilot.app.screen.query_one(DueList).size.height <= 7


async def test_the_home_filter_narrows_the_panel(data_dir, frozen_clock):
    app = app_on(busy_store(data_dir, frozen_clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"muller")
        await pilot.pause()
        panel = app.screen.query_one(DuePanel)
        assert {item.patient for item in panel.items} == {"José Müller"}
        assert len(panel.items) == 16
        await pilot.press("escape")
        await pilot.pause()
        assert len(panel.items) == 64


async def test_maximize_shows_the_whole_list(data_dir, frozen_clock):
    app = app_on(busy_store(data_dir, frozen_clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        app.screen.action_maximize()
        await pilot.pause()
        assert isinstance(app.screen.maximized, DuePanel)
        assert app.screen.query_one(DueList).size.height >= 18  # 5 rows before


async def test_the_full_screen_list_narrows_by_case_and_kind(data_dir, frozen_clock):
    app = app_on(busy_store(data_dir, frozen_clock))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, DueScreen)
        listing = app.screen.query_one(DueList)
        assert len(listing.items) == 64
        kind = app.screen.query_one("#due-kind")
        kind.value = due.DEADLINE
        await pilot.pause()
        assert {i.kind for i in listing.items} == {due.DEADLINE} and len(listing.items) == 4
        case_id = next(i.case_id for i in listing.items if i.patient == "Ana [b]Bold[/b]")
        app.screen.query_one("#due-case").value = case_id
        await pilot.pause()
        assert [i.patient for i in listing.items] == ["Ana [b]Bold[/b]"]
        kind.value = "all"
        await pilot.pause()
        assert len(listing.items) == 16
        assert listing.current.kind == due.DEADLINE  # the highlight stayed on the item it was on
        await pilot.press("l", "space")  # a deadline is done when its step is recorded: it stays
        await pilot.pause()
        assert len(listing.items) == 16
        # space marks a follow-up done; the list redraws without it
        await pilot.press("home")
        assert listing.current.kind == due.FOLLOW_UP
        await pilot.press("space")
        await pilot.pause()
        assert len(listing.items) == 15
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.screen.query_one(DuePanel).items) == 63


async def test_a_long_list_is_made_as_you_go_and_every_item_is_reached(data_dir, frozen_clock):
    store = busy_store(data_dir, frozen_clock, cases=4, per_case=80)  # 324 items: more than one chunk
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.screen.query_one(DueList)
        assert len(listing.items) == 324
        await pilot.press("f")
        for _ in range(80):  # page by page, past the options made at first
            await pilot.press("pagedown")
        assert listing.current == listing.items[-1]
        await pilot.press("home", "end")
        assert listing.current == listing.items[-1]
