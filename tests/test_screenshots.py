"""Every main screen has a screenshot, and the README shows them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.screen import Screen

import ketcover_tui.tui.screens as screens_package
from ketcover_tui.tui.screenshots import make_screenshots, screen_shots

REPO = Path(__file__).resolve().parents[1]
DIALOGS = {"ConfirmScreen", "NoteScreen"}  # small questions, not screens of their own
DIALOGS |= {"PickChoiceScreen", "PlanEntryScreen", "CostEstimateScreen"}  # funding dialogs
DIALOGS |= {"PluginWaitScreen"}  # a progress line while a slow plugin works
DIALOGS |= {"ProblemsScreen"}  # the list of what stops an action (a packet's final copy), over its dialog


def main_screen_classes() -> set[str]:
    found = set()
    for module_info in pkgutil.iter_modules(screens_package.__path__):
        module = importlib.import_module(f"{screens_package.__name__}.{module_info.name}")
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Screen) and obj.__module__ == module.__name__ and name not in DIALOGS:
                found.add(name)
    return found


def test_every_main_screen_has_a_committed_screenshot_shown_in_the_readme():
    mapping = screen_shots()
    assert main_screen_classes() <= set(mapping), "a screen has no entry in screenshots.screen_shots()"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for files in mapping.values():
        for name in files:
            assert (REPO / "screenshots" / f"{name}.svg").is_file(), f"run 'ketcover screenshots' ({name})"
            assert f"screenshots/{name}.svg" in readme, f"README does not show {name}.svg"


def test_screenshots_command_draws_every_one(tmp_path):
    written = {p.stem for p in make_screenshots(tmp_path)}
    expected = {name for files in screen_shots().values() for name in files}
    assert written == expected
    for name in expected:
        svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "ketcover" in svg
