"""A key that changes the screen writes it once, complete: over SSH every extra frame costs bytes.

The frames counted are those that reach Textual's writer (``App._display`` with something
to draw); headless, as here, the writer then drops them, so what is counted is what a
terminal would have been sent.
"""

from __future__ import annotations

import time

import pytest
from textual.app import App

from key_burst import settle
from ketcover_tui.demo import demo_cases
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui import one_frame
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.case_view import CASE_TABS

SIZE = (80, 24)


@pytest.fixture
def written(monkeypatch) -> list[tuple[float, str]]:
    """(when, kind) of each frame written."""
    frames: list[tuple[float, str]] = []
    textual_display = App._display

    def counting(self, screen, renderable):
        if renderable is not None and not self._batch_count:
            frames.append((time.monotonic(), type(renderable).__name__))
        return textual_display(self, screen, renderable)

    monkeypatch.setattr(App, "_display", counting)
    return frames


async def quiet(pilot) -> None:
    """Until the held frame (if any) is out and nothing more is drawn."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause(0.05)
        if not app._in_flight and not app._after_key and not app._held_frames:
            break
    await pilot.wait_for_animation()  # the tab bar's underline still sliding from the last key
    await pilot.pause(0.2)


@pytest.mark.parametrize("animations", [False, True], ids=["animations off", "animations on"])
async def test_each_case_tab_is_written_in_one_frame(data_dir, written, animations, monkeypatch):
    # A hold ends after HOLD_S whatever happens, so that a slow step still shows progress; on
    # a loaded test machine a tab can take that long, and that safety net is not under test.
    monkeypatch.setattr(one_frame, "HOLD_S", 30.0)
    store = CaseStore(data_dir)
    case = store.create(max(demo_cases(6, seed=1), key=lambda c: len(c.benefits.exclusions) + len(c.calls)))
    # Plugins loaded before the app starts: loaded in the background they redraw the case whenever
    # they arrive (on a busy machine, in the middle of a later key), which is not the key's doing.
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,exporters"}).load()
    app = KetcoverApp(store, animations=animations, plugin_host=host)
    async with app.run_test(size=SIZE) as pilot:
        app.open_case(case.id)
        await settle(pilot)
        await quiet(pilot)
        # Tabs 2-9, each with a list that takes the focus. Back on the Case tab nothing takes it, and
        # there its frame can come after the key has settled, unheld: two frames (see the issue note).
        for number in range(2, len(CASE_TABS)):
            written.clear()
            await pilot.press(str(number))
            await quiet(pilot)
            # What the key caused: the frames from its delivery on (on a loaded machine the last
            # key's underline can still be sliding when this one is pressed).
            frames = [kind for at, kind in written if at >= app._delivered_at]
            # The tab bar's underline slides in small frames when animations are on; the
            # tab's content, footer and scrollbars come in the first one, never after it.
            full = [n for n, kind in enumerate(frames) if kind == "LayoutUpdate"]
            assert full == [0], (CASE_TABS[number - 1][1], frames)
            if not animations:
                assert frames == ["LayoutUpdate"], (CASE_TABS[number - 1][1], frames)


async def test_typing_in_a_field_is_written_at_once(data_dir, written):
    store = CaseStore(data_dir)
    app = KetcoverApp(store, animations=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # the new-case form, focus in its first field
        await quiet(pilot)
        written.clear()
        await pilot.press("J")
        await pilot.pause()
        assert written, "the typed letter was held back"
        assert not app._held_frames
