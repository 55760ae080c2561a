"""`ketcover screenshots`: redraw the README's SVG screenshots from demo data.

Runs the real app headless on a throw-away data folder of demo cases, with only
the built-in plugins, so the pictures are the same on every machine.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

SIZE = (80, 24)  # the smallest terminal ketcover supports; what billing staff over SSH often have

# (file name, what it shows) — one per main screen.
SCREENS = (
    ("home", "Home: the case list"),
    ("case-overview", "A case: overview"),
    ("case-checklists", "A case: checklists"),
    ("case-form", "New case form with a validation message"),
    ("plugins", "Plugins"),
    ("help", "Help"),
)


def demo_app(data_dir: Path, cases: int = 30):
    """The app on ``cases`` demo cases (seed 1) with the built-in plugins only."""
    from ..cli import add_demo_cases
    from ..domain.demo import demo_cases
    from ..plugin_host import PluginHost
    from ..store import CaseStore
    from .app import KetcoverApp

    store = CaseStore(data_dir)
    add_demo_cases(store, demo_cases(cases, 1))
    return KetcoverApp(store, plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists"}).load())


async def _capture(out_dir: Path, data_dir: Path) -> list[Path]:
    app = demo_app(data_dir)
    written: list[Path] = []

    def shot(name: str) -> None:
        written.append(Path(app.save_screenshot(f"{name}.svg", str(out_dir))))

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shot("home")
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        shot("case-overview")
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("space", "down", "space", "down")
        await pilot.pause()
        shot("case-checklists")
        await pilot.press("escape", "n")
        await pilot.pause()
        await pilot.press(*"José Müller", "tab", *"1984-31-01", "ctrl+s")
        await pilot.pause()
        shot("case-form")
        await pilot.press("escape", "y")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        shot("plugins")
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        shot("help")
    return written


def make_screenshots(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ketcover-shots-") as tmp:
        return asyncio.run(_capture(out_dir, Path(tmp) / "data"))
