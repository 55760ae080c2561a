"""Forms you can see and trust at 80×24: focus visible, first field first, tick lists by Tab and space.

Pilot at 80×24 on real data folders; each test fails without the change it names.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, SelectionList

from ketcover_tui.demo import add_demo_cases, demo_cases
from ketcover_tui.domain.journal import Session
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.testing import sample_case
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.call_form import CallFormScreen
from ketcover_tui.tui.screens.case_view import CASE_TABS
from ketcover_tui.tui.screens.money_form import MoneyFormScreen
from ketcover_tui.tui.screens.session_form import SessionFormScreen
from ketcover_tui.tui.widgets.tick_list import TickList

pytestmark = pytest.mark.clock

SIZE = (80, 24)
TAB = {tab_id: str(n) for n, (tab_id, _, _) in enumerate(CASE_TABS, start=1)}


def app_for(store: CaseStore, **kwargs) -> KetcoverApp:
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,exporters"}).load()
    return KetcoverApp(store, plugin_host=host, **kwargs)


def visible_in(widget, container) -> bool:
    """The whole of ``widget`` is on screen inside ``container``'s visible area."""
    region = widget.region
    return bool(region) and container.region.contains_region(region)


def footer_text(app) -> str:
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    return " ".join(str(k.render()) for k in footer.query("FooterKey"))


async def test_guided_call_answer_box_is_never_under_the_help_pane(data_dir):
    store = CaseStore(data_dir)
    add_demo_cases(store, demo_cases(8, 1))
    case_id = next(s.id for s in store.summaries() if s.patient == "李雷")
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_case(case_id)
        await pilot.pause()
        await pilot.press(TAB["calls"], "v")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CallFormScreen)
        body, help_pane = form.query_one("#form-body"), form.query_one("#question-help")
        for _ in range(12):  # Tab, as a user would, through every question the screen shows
            await pilot.press("tab")
            await pilot.pause()
            await pilot.pause()
            focused = app.focused
            assert visible_in(focused, body), f"{focused.id} is not visible"
            if help_pane.display:
                assert not focused.region.overlaps(help_pane.region), f"{focused.id} is under the help"
        assert app.focused.id.startswith("answer-")


def money_case():
    case = sample_case()
    for n, day in enumerate((2, 4, 6)):
        case.journal.sessions.append(Session(on=date(2026, 3, day), id=f"sess000{n}"))
    return case


@pytest.mark.parametrize("kind", ["invoice", "receipt"])
async def test_money_form_starts_at_its_first_field_with_the_pre_ticked_session_in_view(data_dir, kind):
    store = CaseStore(data_dir)
    case = store.create(money_case(), stamp=False)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(MoneyFormScreen(store.load(case.id), kind))
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert app.focused is form.query_one("#date_of_service", Input)
        sessions = form.query_one("#sessions", SelectionList)
        assert sessions.selected == ["sess0002"]
        assert visible_in(sessions, form.query_one("#form-body"))  # the pre-ticked choice is seen
        lines = [sessions.render_line(y).text for y in range(3)]
        ticked = next(line for line in lines if "2026-03-06" in line)
        assert ticked.lstrip().startswith("▐X▌")


async def test_side_effects_reached_by_tab_ticked_by_space_and_footer_says_how(data_dir):
    store = CaseStore(data_dir)
    case = store.create(money_case(), stamp=False)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SessionFormScreen(store.load(case.id)))
        await pilot.pause()
        form = app.screen
        side = form.query_one("#side_effects", TickList)
        for _ in range(40):
            if app.focused is side:
                break
            await pilot.press("tab")
        assert app.focused is side
        await pilot.pause()
        assert "Tick/untick" in footer_text(app)
        await pilot.press("space")  # the first line is highlighted as soon as the list has focus
        await pilot.press("down", "down", "space")
        await pilot.pause()
        assert len(side.selected) == 2
        await pilot.press("tab")
        assert app.focused is form.query_one("#side_effect_notes")


async def test_unticked_box_differs_from_ticked_without_colour(data_dir):
    """With 16 colours (TERM=linux) an unticked box must not print the same "X" as a ticked one."""
    store = CaseStore(data_dir)
    case = store.create(money_case(), stamp=False)
    app = app_for(store, ansi=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(SessionFormScreen(store.load(case.id)))
        await pilot.pause()
        side = app.screen.query_one("#side_effects", TickList)
        side.select(side.get_option_at_index(1).value)
        await pilot.pause()
        rows = [side.render_line(y).text for y in range(3)]
        marks = [row.lstrip()[:3] for row in rows]
        assert marks[1] == "▐X▌" and marks[0] == "▐ ▌" and marks[2] == "▐ ▌"


async def _toasts(pilot):
    from textual.widgets._toast import Toast

    for _ in range(3):
        await pilot.pause()
    return list(pilot.app.screen.query(Toast))


async def test_notices_are_short_plain_and_leave_in_a_few_seconds(data_dir):
    store = CaseStore(data_dir)
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.notify("[bold]José[/bold] " + "the plan was updated with many facts " * 10, title="Call saved",
                   timeout=17)
        [toast] = await _toasts(pilot)
        [note] = app._notifications
        assert 4 <= note.timeout <= 9
        assert toast.region.height <= 3  # the title and at most two lines
        text = str(toast.render())
        assert "[bold]José[/bold]" in text  # shown literally, never as markup
        app.notify("Saved.", timeout=30)
        await pilot.pause()
        assert 4 <= next(n for n in app._notifications if n.message == "Saved.").timeout <= 5


async def test_a_notice_never_covers_the_focused_field(data_dir):
    store = CaseStore(data_dir)
    case = store.create(money_case(), stamp=False)
    app = app_for(store)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.push_screen(MoneyFormScreen(store.load(case.id), "receipt"))
        await pilot.pause()
        form = app.screen
        for field in ("date_of_service", "notes"):  # the first (top) and the last (bottom) field
            form.query_one(f"#{field}").focus()
            await pilot.pause()
            await pilot.pause()
            app.notify("Receipt of 2026-03-06 saved: paid $700.00 by the patient, applied to the deductible.")
            toasts = await _toasts(pilot)
            assert toasts
            for toast in toasts:
                assert not toast.region.overlaps(app.focused.region), field
            app.clear_notifications()
            await pilot.pause()


async def test_long_conditions_and_checklist_items_wrap_under_their_text(data_dir):
    from ketcover_tui.domain.case import Condition
    from ketcover_tui.tui.screens.case_view import CaseScreen

    store = CaseStore(data_dir)
    case = sample_case()
    long_text = "Major depressive disorder, recurrent, severe without psychotic features and more words"
    case.conditions = [Condition("F33.2", long_text)]
    case = store.create(case, stamp=False)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_case(case.id)
        await pilot.pause()
        await pilot.pause()
        overview = app.screen.query_one("#overview-text")
        lines = [strip.text for strip in overview.render_lines(overview.region.reset_offset)]
        at = next(n for n, line in enumerate(lines) if "F33.2" in line)
        value_column = lines[at].index("Major")
        continuation = lines[at + 1]
        assert continuation.strip() and continuation[:value_column].strip() == ""  # hangs under the text
        assert continuation[value_column] != " "
        assert isinstance(app.screen, CaseScreen)
        await pilot.press(TAB["checklists"])
        await pilot.pause()
        await pilot.pause()
        items = app.screen.query_one("#checklist-items")
        rows = [strip.text for strip in items.render_lines(items.region.reset_offset)]
        boxed = [n for n, row in enumerate(rows) if "[ ] " in row]
        wrapped = next(n for n in boxed if n + 1 < len(rows) and rows[n + 1].strip()
                       and "[ ]" not in rows[n + 1] and "done" not in rows[n + 1])
        text_column = rows[wrapped].index("[ ] ") + 4
        assert rows[wrapped + 1][:text_column].strip() == ""


async def test_a_select_menu_opened_at_the_bottom_stops_above_the_footer(data_dir):
    from textual.widgets import Footer, Select
    from textual.widgets._select import SelectOverlay

    store = CaseStore(data_dir)
    case = store.create(sample_case(), stamp=False)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.edit_case(case.id)
        await pilot.pause()
        form = app.screen
        select = max(form.query(Select), key=lambda s: len(s._options))  # the longest menu
        select.focus()
        await pilot.pause()
        body = form.query_one("#form-body")
        body.scroll_relative(y=-(body.region.bottom - select.region.bottom - 1), animate=False, immediate=True)
        await pilot.pause()
        assert select.region.y >= 18  # on the last lines of the form
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        overlay = select.query_one(SelectOverlay)
        footer = form.query_one(Footer)
        assert overlay.region.height >= min(overlay.option_count, 10)
        assert overlay.region.bottom <= footer.region.y  # nothing of the menu under the footer


async def test_labels_never_run_into_their_values(data_dir):
    from textual.widgets import Label, Select

    store = CaseStore(data_dir)
    case = store.create(sample_case(), stamp=False)
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_case(case.id)
        await pilot.pause()
        await pilot.press(TAB["plan"], "enter")
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        label = next(lab for lab in form.query(".field-label").results(Label)
                     if "Codes covered in network" in str(lab.render()))
        value = label.parent.query_one(Select)
        assert label.content_region.right + 2 <= value.region.x  # the text stops two cells before the value
