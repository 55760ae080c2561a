"""Stored and plugin text is shown literally in the app: never as Textual markup, never as raw control codes.

A name ``Ann [/b]`` crashed the app on every open of its case; a name with
``[@click=app.screenshot(...)]`` became a button that overwrote another case's
file. Here every free-text field of a rich case (and a plugin's checklist) holds
markup and terminal escapes; every tab and form opens, shows them as typed, and
nothing crashes or reaches the terminal raw.
"""

from __future__ import annotations

import re

import pytest

from fake_plugins import install
from hostile_case import ESCAPES, MARKUP, hostile_case
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.case_view import CASE_TABS, CaseScreen
from ketcover_tui.tui.screens.home import HomeScreen

pytestmark = pytest.mark.clock

SIZE = (110, 40)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SHOWN = ["[b]B[/b]", "[/b]", "[@click=app.quit]x[/]", "[red]", "\\[", "\\x1b]0;PWNED\\x07", "⟨U+202E⟩RLO"]

HOSTILE_CHECKLIST = f"""
    from ketcover_tui.domain.checklists import Checklist, ChecklistItem
    from ketcover_tui.hookspecs import hookimpl

    @hookimpl
    def register_checklists(register):
        register(Checklist(id="hostile", title={"Plugin " + MARKUP!r},
                           items=(ChecklistItem(id="a", text={"Item " + MARKUP + ESCAPES!r}, help={MARKUP!r},
                                                source={"src " + MARKUP!r}, as_of="2026-01-01"),)))
"""

# From each tab: the keys that open its forms and dialogs (each closed again with escape).
FORMS = {
    "overview": ["e"],
    "checklists": ["o"],
    "funding": ["c"],
    "plan": ["enter", "a"],
    "providers": ["enter", "a"],
    "calls": ["enter", "n", "x", "slash"],
    "journal": ["enter", "n", "m", "p", "x"],
    "money": ["enter", "n", "d", "b"],
    "appeals": ["enter", "n", "l", "k", "i"],
}


def screen_text(app) -> str:
    """What the terminal would show, as text (every line of the current screen and its layers)."""
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(segment.text for strip in line for segment in strip) for line in update.strips)


@pytest.fixture
def hostile_app(data_dir, site):
    install(site, "hostile", HOSTILE_CHECKLIST)
    store = CaseStore(data_dir)
    case = store.create(hostile_case(" " + MARKUP + " " + ESCAPES), stamp=False)
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,hostile,letters,exporters"}).load()
    return KetcoverApp(store, plugin_host=host), case


async def test_every_tab_and_form_shows_hostile_text_literally(hostile_app):
    app, case = hostile_app
    seen: list[str] = []

    async def look(where: str) -> None:
        await pilot.pause()
        assert app.is_running and app.return_code is None, f"the app stopped at {where}"
        text = screen_text(app)
        assert not RAW.search(text), f"{where}: raw control character {RAW.search(text).group()!r} on screen"
        seen.append(text)

    async with app.run_test(size=SIZE) as pilot:
        await look("home")
        assert "[b]B[/b]" in seen[-1]
        for keys in (["ctrl+p", *"open case"], ["p"], ["question_mark"], ["n"], ["slash", *"[/b]"]):
            await pilot.press(*keys)
            if keys[0] == "ctrl+p":  # the palette searches in a worker
                for _ in range(30):
                    await pilot.pause(0.1)
                    if "Open case: " in screen_text(app):
                        break
            await look(f"home {keys[0]}")
            while not isinstance(app.screen, HomeScreen):
                await pilot.press("escape")
                await pilot.pause()
        assert "Open case: " in "".join(seen) and "[@click=app.quit]x[/]" in "".join(seen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await look("case")
        assert isinstance(app.screen, CaseScreen)
        for number, (tab_id, _label, _pane) in enumerate(CASE_TABS, 1):
            await pilot.press(str(number))
            await look(tab_id)
            for key in FORMS.get(tab_id, []):
                await pilot.press(key)
                await look(f"{tab_id} {key}")
                for _ in range(3):
                    if isinstance(app.screen, CaseScreen):
                        break
                    await pilot.press("escape")
                    await pilot.pause()
                    if not isinstance(app.screen, CaseScreen) and "discard" in screen_text(app).lower():
                        await pilot.press("y")
                        await pilot.pause()
                assert isinstance(app.screen, CaseScreen), f"{tab_id} {key}: still on {app.screen}"
                await pilot.press(str(number))
                await pilot.pause()
        app.notify(f"Saved {case.patient.name}", title=MARKUP)
        await look("notice")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    everything = "\n".join(seen)
    for token in SHOWN:
        assert token in everything, f"{token!r} never shown literally"
    assert "Plugin [b]B[/b]" in everything or "Item [b]B[/b]" in everything


async def test_a_click_action_in_a_name_is_text_and_overwrites_nothing(data_dir):
    from ketcover_tui.domain.case import Case, Patient

    store = CaseStore(data_dir)
    victim = store.create(Case(patient=Patient(name="Victim Case")))
    victim_path = store.case_path(victim.id)
    before = victim_path.read_bytes()
    attack = f"[@click=app.screenshot('{victim_path.name}','{victim_path.parent}')]Jane Doe[/]"
    store.create(Case(patient=Patient(name="placeholder")))
    attacker = [s for s in store.summaries() if s.patient == "placeholder"][0]
    store.update(attacker.id, lambda c: setattr(c.patient, "name", attack))
    app = KetcoverApp(store, plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())
    async with app.run_test(size=SIZE) as pilot:
        for _screen in ("home", "case"):
            await pilot.pause()
            lines = screen_text(app).splitlines()
            hits = [(line.index(word), y) for y, line in enumerate(lines) for word in ("Jane", "[@click")
                    if word in line]
            assert any("[@click=app.screenshot(" in line for line in lines), "the name is not shown as typed"
            for x, y in hits:
                await pilot.click(offset=(x + 1, y))
                await pilot.pause()
            if isinstance(app.screen, HomeScreen):
                row = next(n for n, s in enumerate(app.screen.query_one("#cases").rows) if s.id == attacker.id)
                app.screen.query_one("#cases").cursor = row
                await pilot.press("enter")
    assert victim_path.read_bytes() == before
    assert sorted(p.name for p in victim_path.parent.iterdir() if p.suffix == ".svg") == []
