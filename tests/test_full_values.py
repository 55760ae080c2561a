"""A value longer than its field is shown in full under it, literally; a short one adds no line."""

from __future__ import annotations

import pytest

from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore

pytestmark = pytest.mark.clock

LONG_NAME = "Providence Interventional Psychiatry and Ketamine Infusion Center [b]of Northeast Portland[/b]"


@pytest.fixture
def app_and_case(data_dir):
    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.tui.app import KetcoverApp

    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient(name="José Müller", state="OR")))
    return KetcoverApp(CaseStore(data_dir), plugin_host=PluginHost().load()), case.id


async def test_a_long_clinic_name_is_shown_whole_under_its_field_and_a_short_one_is_not(app_and_case):
    from textual.widgets import Input, Static

    from ketcover_tui.tui.screens.case_view import CASE_TABS

    app, case_id = app_and_case
    clinics = next(n for n, t in enumerate(CASE_TABS, start=1) if t[0] == "providers")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_case(case_id)
        await pilot.pause()
        await pilot.press(str(clinics % 10), "a")
        await pilot.pause()
        form = app.screen
        name = form.field_names()[0]
        field = form.query_one(f"#{name}", Input)
        full = form.query_one(f"#full-{name}", Static)
        field.value = "Calm Mind"
        await pilot.pause()
        assert not full.display  # it fits: no extra line
        field.value = LONG_NAME
        await pilot.pause()
        assert full.display and str(full.render()) == f"↳ {LONG_NAME}"  # whole, and the [b] is text
        assert full.region.y > field.region.y and full.region.height >= 2  # under the field, wrapped
        field.value = "Calm Mind"
        await pilot.pause()
        assert not full.display


async def test_the_case_form_shows_a_long_insurer_whole_and_a_long_choice_too(app_and_case):
    from textual.widgets import Input, Select, Static

    app, _ = app_and_case
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        insurer = form.query_one("#insurer", Input)
        insurer.value = "Blue Cross and Blue Shield of Illinois, a Division of Health Care Service Corporation"
        await pilot.pause()
        full = form.query_one("#full-insurer", Static)
        assert full.display and str(full.render()).startswith("↳ Blue Cross and Blue Shield of Illinois, a Division")


async def test_a_choice_cut_in_a_narrow_terminal_is_shown_whole(app_and_case):
    from textual.widgets import Select, Static

    app, _ = app_and_case
    async with app.run_test(size=(48, 30)) as pilot:  # the field is then about 20 cells wide
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        plan_type = form.query_one("#plan_type", Select)
        plan_type.value = "commercial_fully_insured"
        await pilot.pause()
        full = form.query_one("#full-plan_type", Static)
        assert plan_type.content_region.width - 3 < len("Commercial (fully insured)")
        assert full.display and str(full.render()) == "↳ Commercial (fully insured)"
        plan_type.value = "other"
        await pilot.pause()
        assert not full.display
