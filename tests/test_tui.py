"""The app driven by keys through Textual's Pilot, on real data folders."""

from __future__ import annotations

import pytest

from fake_plugins import install
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.case_form import CaseFormScreen
from ketcover_tui.tui.screens.case_view import CaseScreen
from ketcover_tui.tui.screens.help import HelpScreen
from ketcover_tui.tui.screens.home import HomeScreen
from ketcover_tui.tui.screens.plugins import PluginsScreen
from ketcover_tui.tui.screenshots import demo_app
from ketcover_tui.tui.widgets.case_table import CaseTable

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

SIZE = (80, 24)


def builtin_host() -> PluginHost:
    return PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists"}).load()


def table(app) -> CaseTable:
    return app.screen.query_one(CaseTable)


async def test_create_case_shows_field_errors_then_saves(data_dir):
    store = CaseStore(data_dir)
    app = KetcoverApp(store, plugin_host=builtin_host())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, CaseFormScreen)
        # Name left empty, a bad NPI: two messages, nothing saved.
        app.screen.query_one("#npi").value = "1234567890"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        errors = {e.id: str(e.render()) for e in app.screen.query(".field-error") if e.display}
        assert set(errors) == {"error-patient_name", "error-npi"}
        assert "check digit" in errors["error-npi"]
        assert store.summaries() == []
        # Fix both: saved, back on the list, on disk.
        await pilot.click("#patient_name")
        await pilot.press(*"José Müller")
        app.screen.query_one("#npi").value = "1234567893"
        app.screen.query_one("#conditions").value = "F33.2 Major depressive disorder"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        [summary] = store.summaries()
        assert summary.patient == "José Müller"
        assert table(app).rows[0].patient == "José Müller"
        saved = store.load(summary.id)
        assert saved.provider.npi == "1234567893" and saved.conditions[0].icd10 == "F33.2"


async def test_escape_on_a_typed_form_asks_before_discarding(data_dir):
    app = KetcoverApp(CaseStore(data_dir), plugin_host=builtin_host())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Ana")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # "keep editing"
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        assert app.screen.query_one("#patient_name").value == "Ana"


async def test_filter_as_you_type_and_sort(data_dir):
    app = demo_app(data_dir, cases=40)
    async with app.run_test(size=SIZE) as pilot:
        assert len(table(app).rows) == 40
        await pilot.press("slash", *"müller")
        await pilot.pause()
        rows = table(app).rows
        assert rows and all("müller" in r.patient.casefold() or "müller" in r.insurer.casefold() for r in rows)
        assert len(rows) < 40
        await pilot.press("enter")  # back to the table, filter kept
        assert app.focused is table(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(table(app).rows) == 40
        await pilot.press("s")  # sort by patient, A→Z
        names = [r.patient.casefold() for r in table(app).rows]
        assert names == sorted(names)
        await pilot.press("r")
        assert [r.patient.casefold() for r in table(app).rows] == sorted(names, reverse=True)


async def test_open_case_tick_an_item_with_a_note(data_dir):
    app = demo_app(data_dir, cases=5)
    store = app.store
    async with app.run_test(size=SIZE) as pilot:
        case_id = table(app).current_id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        [(key, tick)] = store.load(case_id).checklist.items()
        assert tick.done and key.startswith("understand-plan/")
        await pilot.press("o", *"SBC from HR portal", "enter")
        await pilot.pause()
        tick = store.load(case_id).checklist[key]
        assert tick.done and tick.note == "SBC from HR portal"
        await pilot.press("space")  # untick keeps the note
        await pilot.pause()
        tick = store.load(case_id).checklist[key]
        assert not tick.done and tick.note == "SBC from HR portal"


async def test_edit_from_case_screen_updates_list_and_title(data_dir):
    app = demo_app(data_dir, cases=3)
    async with app.run_test(size=SIZE) as pilot:
        case_id = table(app).current_id
        await pilot.press("enter", "e")
        await pilot.pause()
        name = app.screen.query_one("#patient_name")
        name.value = "李雷"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert "李雷" in str(app.screen.query_one("#case-title").render())
        assert app.store.load(case_id).patient.name == "李雷"
        await pilot.press("escape")
        assert any(r.patient == "李雷" for r in table(app).rows)


async def test_delete_asks_then_moves_file_to_trash(data_dir):
    app = demo_app(data_dir, cases=3)
    store = app.store
    async with app.run_test(size=SIZE) as pilot:
        case_id = table(app).current_id
        await pilot.press("d", "n")  # keep it
        await pilot.pause()
        assert store.case_path(case_id).exists()
        await pilot.press("d", "y")
        await pilot.pause()
        assert not store.case_path(case_id).exists()
        assert [p.name.split("-")[0] for p in store.trash_dir.iterdir()] == [case_id]
        assert case_id not in {r.id for r in table(app).rows}


async def test_help_and_command_palette_open_case_by_name(data_dir):
    store = CaseStore(data_dir)
    target = store.create(Case(patient=Patient("Zoë Ørsted")))
    store.create(Case(patient=Patient("Ben Smith")))
    app = KetcoverApp(store, plugin_host=builtin_host())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        assert "New" in help_text and "Filter" in help_text
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open case: Zo")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case.id == target.id


async def test_failing_plugin_is_notified_and_listed_while_the_app_works(data_dir, site, monkeypatch):
    install(site, "broken", 'raise RuntimeError("boom on import")\n')
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "checklists,broken")
    app = KetcoverApp(CaseStore(data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("broken" in m and "boom on import" in m for m in messages)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PluginsScreen)
        statuses = {r.name: r.status for r in app.screen.records if r.status != "disabled"}
        assert statuses == {"checklists": "ok", "broken": "failed"}
        assert app.checklists()  # the built-in plugin still works


async def test_unreadable_case_file_is_reported_on_home(data_dir):
    store = CaseStore(data_dir)
    store.create(Case(patient=Patient("Fine")))
    bad = store.cases_dir / "abcdef1234.json"
    bad.write_text("{broken")
    app = KetcoverApp(store, plugin_host=builtin_host())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        problems = app.screen.query_one("#home-problems")
        assert problems.display and str(bad) in str(problems.render())
        assert [r.patient for r in table(app).rows] == ["Fine"]
    assert bad.read_text() == "{broken"


async def test_ctrl_q_quits_immediately(data_dir):
    app = demo_app(data_dir, cases=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", *"Unsaved")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (0, None)
    assert not app.is_running


@pytest.mark.pinned_day("2026-12-02")  # the day the snapshots were recorded
@pytest.mark.parametrize("screen", ["home", "case"])
def test_snapshot_80x24(screen, data_dir, snap_compare):
    app = demo_app(data_dir, cases=30)

    async def open_case(pilot):
        await pilot.pause()
        if screen == "case":
            await pilot.press("down", "enter")
            await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_case)


@pytest.mark.pinned_day("2026-12-02")  # the day the snapshots were recorded
@pytest.mark.parametrize("screen", ["home", "checklists"])
def test_snapshot_16_colours_80x24(screen, data_dir, snap_compare):
    """TERM=linux consoles: the ANSI theme uses only the terminal's own 16 colours."""
    app = demo_app(data_dir, cases=30)
    app.theme = "ansi-dark"

    async def go(pilot):
        await pilot.pause()
        if screen == "checklists":
            await pilot.press("enter", "2")
            await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=go)


def test_ansi_and_animation_switches(data_dir):
    app = KetcoverApp(CaseStore(data_dir), plugin_host=builtin_host(), ansi=True, animations=False)
    assert app.theme == "ansi-dark" and app.current_theme.ansi
    assert app.animation_level == "none"


async def test_case_changed_in_another_session_is_shown_not_overwritten(data_dir):
    app = demo_app(data_dir, cases=3)
    other_session = CaseStore(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        case_id = table(app).current_id
        await pilot.press("enter")
        await pilot.pause()
        other_session.update(case_id, lambda c: setattr(c.plan, "insurer", "Changed Elsewhere Health"))
        app.screen.check_for_changes()
        await pilot.pause()
        assert "Changed Elsewhere Health" in str(app.screen.query_one("#case-title").render())
        assert any("showing the latest" in n.message for n in app._notifications)
        # Ticking now keeps their change: the save re-reads the file first.
        await pilot.press("2", "space")
        await pilot.pause()
        saved = other_session.load(case_id)
        assert saved.plan.insurer == "Changed Elsewhere Health" and len(saved.checklist) == 1


async def test_edit_form_merges_other_fields_and_stops_on_a_real_conflict(data_dir):
    app = demo_app(data_dir, cases=2)
    other_session = CaseStore(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        case_id = table(app).current_id
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#member_id").value = "MINE-1"
        form.query_one("#insurer").value = "My Insurer"
        other_session.update(case_id, lambda c: setattr(c.plan, "group_id", "THEIRS-G"))
        other_session.update(case_id, lambda c: setattr(c.plan, "insurer", "Their Insurer"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # not saved: both changed the insurer
        status = str(form.query_one("#form-status").render())
        assert "Their Insurer" in status and "ctrl+s again" in status
        assert other_session.load(case_id).plan.insurer == "Their Insurer"
        await pilot.press("ctrl+s")  # the user decides: mine wins
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        saved = other_session.load(case_id)
        assert (saved.plan.insurer, saved.plan.member_id, saved.plan.group_id) == ("My Insurer", "MINE-1", "THEIRS-G")


async def test_home_list_picks_up_cases_added_elsewhere(data_dir):
    app = demo_app(data_dir, cases=2)
    async with app.run_test(size=SIZE) as pilot:
        CaseStore(data_dir).create(Case(patient=Patient("Added By Bob")))
        app.screen.check_for_changes()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Added By Bob" in {r.patient for r in table(app).rows}


async def test_number_keys_reach_every_tab_from_every_tab(data_dir):
    from textual.widgets import TabbedContent

    from ketcover_tui.tui.screens.case_view import CASE_TABS

    app = demo_app(data_dir, cases=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        tabs = app.screen.query_one(TabbedContent)
        for here in range(1, len(CASE_TABS) + 1):
            for there in (1, len(CASE_TABS)):
                await pilot.press(str(here % 10))  # the tenth tab is 0
                await pilot.pause()
                await pilot.press(str(there % 10))
                await pilot.pause()
                assert tabs.active == CASE_TABS[there - 1][0], f"{here} -> {there}"


async def test_the_open_tabs_own_key_keeps_the_focus_so_its_keys_still_work(data_dir):
    from ketcover_tui.tui.screens.case_view import CASE_TABS

    app = demo_app(data_dir, cases=3)
    number = {tab_id: n for n, (tab_id, _, _) in enumerate(CASE_TABS, start=1)}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(str(number["documents"] % 10))
        await pilot.pause()
        focused = app.focused
        assert focused is not None
        await pilot.press(str(number["documents"] % 10))  # again: it used to leave nothing focused
        await pilot.pause()
        assert app.focused is focused
        await pilot.press("a")  # the Documents tab's "Add": it used to do nothing
        await pilot.pause()
        assert type(app.screen).__name__ == "AddDocumentScreen"


async def test_enter_in_the_filter_opens_the_one_case_it_leaves(data_dir):
    from ketcover_tui.tui.screens.case_view import CaseScreen

    store = CaseStore(data_dir)
    store.create(Case(patient=Patient("José Müller")))
    store.create(Case(patient=Patient("Ben Smith")))
    store.create(Case(patient=Patient("Bea Smith")))
    app = KetcoverApp(store, plugin_host=builtin_host())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"smith", "enter")  # two left: enter goes to the list
        await pilot.pause()
        assert app.focused is table(app) and not isinstance(app.screen, CaseScreen)
        await pilot.press("slash", "ctrl+u", *"muller", "enter")  # one left: enter opens it
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case.patient.name == "José Müller"


async def test_a_list_read_in_the_background_that_arrives_while_the_app_closes_is_dropped(data_dir):
    """The reading thread hands its list over just as the home screen's widgets go: no crash at exit."""
    from textual.widget import Widget

    from ketcover_tui.tui.widgets.case_table import CaseTable

    store = CaseStore(data_dir)
    store.create(Case(patient=Patient("José Müller")))
    app = KetcoverApp(store, plugin_host=builtin_host())
    async with app.run_test(size=SIZE) as pilot:
        home = app.screen
        await Widget.remove(home.query_one(CaseTable))  # (CaseTable.remove takes a case off the list)
        home._show_summaries(store.summaries(), [])  # used to raise NoMatches, failing the worker
        await pilot.pause()


async def test_filter_ignores_accents(data_dir):
    store = CaseStore(data_dir)
    store.create(Case(patient=Patient("José Müller")))
    store.create(Case(patient=Patient("Ben Smith")))
    app = KetcoverApp(store, plugin_host=builtin_host())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"jose muller")
        await pilot.pause()
        assert [r.patient for r in table(app).rows] == ["José Müller"]
