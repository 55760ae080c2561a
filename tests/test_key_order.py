"""Keys typed faster than the app draws land in the field that had focus when they were typed."""

from __future__ import annotations

import pytest

from key_burst import burst, settle
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.home import HomeScreen

SIZE = (80, 24)


def host() -> PluginHost:
    return PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists"}).load()


async def test_a_burst_across_the_new_case_form_fills_each_field(data_dir):
    store = CaseStore(data_dir)
    app = KetcoverApp(store, plugin_host=host())
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "n", "Alice Example", "tab", "1990-01-01", "tab", "OR", "tab", "F33.2", "tab",
              "tab", "Aetna", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen), app.screen
        [summary] = store.summaries()
        case = store.load(summary.id)
        assert case.patient.name == "Alice Example"
        assert case.patient.date_of_birth.isoformat() == "1990-01-01"
        assert case.patient.state == "OR"
        assert [c.icd10 for c in case.conditions] == ["F33.2"]
        assert case.plan.insurer == "Aetna"


# (what, keys that open the form from the case screen). Every form of the app is here.
FORMS = [
    ("plan facts", ["4", "enter"]),
    ("clinic", ["5", "a"]),
    ("call", ["6", "n"]),
    ("guided call", ["6", "v", "enter"]),
    ("session", ["7", "n"]),
    ("measure", ["7", "m", "enter"]),
    ("money", ["8", "n", "enter"]),
    ("appeal", ["9", "n", "enter"]),
    ("cost estimate", ["3", "c"]),
    ("letter export", ["9", "l", "enter", "ctrl+s", "y"]),  # y: export a draft (the demo letter lacks facts)
    ("journal export", ["7", "x"]),
]


def run_of_inputs(screen, count: int) -> list:
    """The first ``count`` one-line fields that follow each other in focus order."""
    from textual.widgets import Input

    run: list = []
    for widget in screen.focus_chain:
        if isinstance(widget, Input):
            run.append(widget)
            if len(run) == count:
                break
        elif len(run) >= 2:
            break
        else:
            run = []
    return run


@pytest.mark.parametrize("what,opening", FORMS, ids=[f[0] for f in FORMS])
async def test_a_burst_with_tabs_fills_each_field_of_every_form(what, opening, data_dir):
    from ketcover_tui.tui.screenshots import demo_app

    app = demo_app(data_dir, cases=3)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        for key in opening:
            await pilot.press(key)
            await pilot.pause()
        fields = run_of_inputs(app.screen, 3)
        assert len(fields) >= 2, f"{what}: {app.screen} focus {app.screen.focused}"
        for field in fields:
            field.value = ""
        fields[0].focus()
        await pilot.pause()
        tokens = [str(n + 1) if field.restrict else f"Q{n}x" for n, field in enumerate(fields)]
        parts: list[str] = []
        for token in tokens:  # a one-digit answer moves on by itself (the measure form)
            parts += [token] if fields[0].max_length == 1 else [token, "tab"]
        burst(app, *(parts if fields[0].max_length == 1 else parts[:-1]))
        await settle(pilot)
        assert [f.value for f in fields] == tokens, what
        if fields[0].max_length != 1:
            assert app.screen.focused is fields[-1]


async def test_a_paste_goes_into_the_focused_field_only_and_becomes_one_line(data_dir):
    from textual import events

    store = CaseStore(data_dir)
    app = KetcoverApp(store, plugin_host=host())
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "n", "Bea Example", "tab", "tab", "tab", "tab", "tab")  # to the insurer
        app._driver.send_message(events.Paste("Providence\tHealth\r\nPlans\n"))
        burst(app, "tab", "M-1", "ctrl+s")
        await settle(pilot)
        [summary] = store.summaries()
        case = store.load(summary.id)
        assert case.patient.name == "Bea Example"
        assert case.plan.insurer == "Providence Health Plans"
        assert case.plan.member_id == "M-1"
        assert case.conditions == [] and case.plan.group_id == ""


def test_one_line_paste_keeps_every_character_but_line_breaks_and_tabs():
    from ketcover_tui.tui.key_order import one_line_paste

    assert one_line_paste("a\tb\r\nc\rd\ne\n") == "a b c d e"
    assert one_line_paste("José 李雷") == "José 李雷"
