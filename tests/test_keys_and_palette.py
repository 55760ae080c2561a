"""Keys: every binding has an id, the palette lists every action with its key, a user keymap applies."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import ketcover_tui.tui.screens as screens_package
import ketcover_tui.tui.widgets as widgets_package
from ketcover_tui.demo import add_demo_cases, demo_cases
from ketcover_tui.domain import keymap as km
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.commands import KetcoverCommands
from ketcover_tui.tui.screens.case_view import CASE_TABS, CaseScreen
from ketcover_tui.tui.screens.due import DueScreen
from ketcover_tui.tui.screens.letter_screens import LetterScreen
from ketcover_tui.tui.screens.packet_dialog import PacketScreen
from ketcover_tui.tui.widgets.due_list import DueList

pytestmark = pytest.mark.clock

SIZE = (80, 24)


def our_classes() -> list[type]:
    found = {KetcoverApp}
    for package in (screens_package, widgets_package):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found |= {obj for _, obj in inspect.getmembers(module, inspect.isclass)
                      if issubclass(obj, DOMNode) and obj.__module__ == module.__name__}
    return sorted(found, key=lambda c: c.__name__)


def test_every_binding_has_an_id_unique_to_it():
    seen: dict[str, type] = {}
    for cls in our_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding) and binding.id, f"{cls.__name__}: {binding} has no id"
            owner = seen.setdefault(binding.id, cls)
            # a subclass may rebind its base's action under the same id (the keymap moves both)
            assert issubclass(cls, owner) or issubclass(owner, cls), f"{binding.id}: {owner} and {cls}"


@pytest.fixture
def store(data_dir) -> CaseStore:
    store = CaseStore(data_dir)
    add_demo_cases(store, demo_cases(3, 1))
    return store


def app_for(store) -> KetcoverApp:
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,exporters,letters"}).load()
    return KetcoverApp(store, plugin_host=host)


async def palette_titles(screen) -> list[str]:
    return [str(hit.text) for hit in [h async for h in KetcoverCommands(screen).discover()]]


def system_titles(app) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


async def test_the_palette_lists_every_action_once_with_its_key(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = await palette_titles(app.screen)
        for wanted in ("New (n)", "Due list (F)", "Due (f)", "Filter (/)", "Trash (t)", "Plugins (p)",
                       "Help (?)", "Quit (^q)"):
            assert wanted in titles
        assert [t for t in titles + system_titles(app) if t.startswith("Quit")] == ["Quit (^q)"]
        assert "Maximize" not in system_titles(app)  # the case list alone, without its column titles
        await pilot.press("f")
        assert "Maximize" in system_titles(app)  # the Due panel: works (tests/test_due_tui.py)

        await pilot.press("enter")  # open the due item's case
        await pilot.pause()
        app.screen.action_show_tab(1)
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        titles = await palette_titles(app.screen)
        for n, (_, label, _) in enumerate(CASE_TABS, start=1):
            assert f"{label} tab ({n % 10})" in titles
        for wanted in ("Calls: Export (x)", "Journal: Export (x)", "Appeals: Letter (l)", "Appeals: Packet (k)",
                       "Money: Superbill (b)", "Appeals: Calendar (i)"):
            assert wanted in titles, wanted
        assert "Maximize" not in system_titles(app)


async def test_a_palette_action_on_another_tab_runs_there(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_case(store.summaries()[0].id)
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"appeals: packet")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert isinstance(app.screen, PacketScreen)
        keys = str(app.screen.query_one(".dialog-keys").render())
        assert keys.startswith("ctrl+s Export")


async def test_every_export_dialog_says_ctrl_s_export(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_case(store.summaries()[0].id)
        await pilot.pause()
        for tab, key in (("6", "x"), ("7", "x"), ("9", "k")):
            await pilot.press(tab, key)
            await pilot.pause()
            assert str(app.screen.query_one(".dialog-keys").render()).startswith("ctrl+s Export    tab Next field")
            await pilot.press("escape")
            await pilot.pause()


async def test_the_letter_editor_goes_to_top_and_bottom(store):
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_case(store.summaries()[0].id)
        await pilot.pause()
        for key in ("9", "l", "enter"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        body = app.screen.query_one("#letter-body")
        await pilot.press("ctrl+end")
        assert body.cursor_location == body.document.end and body.document.end[0] > 20
        await pilot.press("ctrl+home")
        assert body.cursor_location == (0, 0)


def write_keymap(tmp_path, monkeypatch, text: str):
    config = tmp_path / "config"
    (config / "ketcover").mkdir(parents=True)
    (config / "ketcover" / km.FILE_NAME).write_text(text, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.delenv("KETCOVER_KEYMAP", raising=False)


async def test_a_user_keymap_applies_and_its_mistakes_are_reported_once(store, tmp_path, monkeypatch):
    write_keymap(tmp_path, monkeypatch, '"home.due_screen" = "g"\n"no.such" = "x"\n"home.new" = "e"\n'
                                        '"calls.export" = "ctrl+e"\n')
    app = app_for(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        [notice] = [n for n in app._notifications if "Keymap" in (n.title or "")]
        assert "keymap.toml" in notice.title
        message = notice.message  # notices are short plain text: the two mistakes, one after the other
        assert message.startswith("no.such: no such action")
        assert 'home.new = "e": e is already home.edit in HomeScreen' in message
        assert message.count(": ") == 2
        assert "Due list (g)" in await palette_titles(app.screen)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, DueScreen)
        await pilot.press("escape", "n")  # home.new kept its key: the clash was not applied
        await pilot.pause()
        assert type(app.screen).__name__ == "CaseFormScreen"
        await pilot.press("escape")
        await pilot.pause()
        app.open_case(store.summaries()[0].id)
        await pilot.pause()
        await pilot.press("6", "ctrl+e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportScreen"
        notices = [n for n in app._notifications if "Keymap" in (n.title or "")]
        assert len(notices) == 1  # once, at start-up


def test_keymap_rules():
    scopes = [("Home", {"home.new": "n", "home.edit": "e"}), ("Calls", {"calls.new": "n", "calls.x": "x"})]
    result = km.check({"home.new": "x", "calls.x": "n", "calls.new": "z"}, scopes)
    assert result.keymap == {"home.new": "x", "calls.x": "n", "calls.new": "z"}  # n moved away: no clash
    assert result.problems == []
    result = km.check({"calls.x": "n"}, scopes)
    assert result.keymap == {} and result.problems == ['calls.x = "n": n is already calls.new in Calls; '
                                                       'choose another key']
    pairs, problems = km.parse('a = 3\nb = "ctrl+e, f"\n[oops')
    assert pairs == {} and problems[0].startswith("keymap.toml is not valid TOML")
    pairs, problems = km.parse('a = 3\nb = "ctrl+e, f"\n')
    assert pairs == {"b": "ctrl+e,f"} and problems == ['a: give the key as text, e.g. a = "ctrl+e"']
