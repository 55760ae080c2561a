"""Filtering the case list per keystroke with 5,000 cases.

Goal: each keystroke's work fits in one 60 Hz frame (16.7 ms).

The app runs headless under ``app.run_test(size=(80, 24))``. The filter is focused
and realistic queries are typed letter by letter ("garc", "aetna", "deni", each
erased again with backspace). Three timings per keystroke:

* pilot round trip: from ``pilot.press(key)`` until ``await pilot.pause()``
  returns. Textual's Pilot sleeps in 20 ms steps while it waits for idle, so this
  has a floor far above one frame whatever the app does; the same harness on a
  bare Textual app (an Input and a 50-row DataTable) is measured as that floor.
* key -> paint: from ``pilot.press(key)`` until the screen's compositor hands the
  first frame showing the new filter to ``App._display``. This is what a user
  sees (it includes Textual's own frame pacing; the bare app's floor is shown).
* pure work: ``CaseTable.set_filter(text)`` plus ``render_line(y)`` for every
  visible line, timed directly, per keystroke's text. This is the goal metric.

Run: python3 benchmarks/filter.py [--rounds N] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import demo_folder, describe, median, quantile, verdict  # noqa: E402

CASES = 5000
FRAME_MS = 1000 / 60
QUERIES = ("garc", "aetna", "deni")
SIZE = (80, 24)


def keystrokes() -> list[tuple[str, str]]:
    """(key, filter text after the key) for typing each query and erasing it again."""
    steps = []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            steps.append((query[n - 1], query[:n]))
        for n in range(len(query) - 1, -1, -1):
            steps.append(("backspace", query[:n]))
    return steps


class PaintWatch:
    """Records when the app hands the compositor's next frame to the (headless) terminal."""

    def __init__(self, app, shows):
        self.app, self.shows = app, shows
        self.expected: str | None = None
        self.painted_at: float | None = None
        self._display = app._display
        app._display = self._hook

    def _hook(self, screen, renderable) -> None:
        self._display(screen, renderable)
        if (self.expected is not None and self.painted_at is None and renderable is not None
                and self.shows(self.expected)):
            self.painted_at = time.perf_counter()

    def arm(self, expected: str) -> None:
        self.expected, self.painted_at = expected, None


async def type_sequence(pilot, watch: PaintWatch, rounds: int, check=None) -> tuple[list[float], list[float]]:
    round_trip, key_to_paint = [], []
    for _ in range(rounds):
        for key, text in keystrokes():
            watch.arm(text)
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            t1 = time.perf_counter()
            if watch.painted_at is None:  # not painted yet: wait for the frame
                for _ in range(100):
                    await asyncio.sleep(0.005)
                    if watch.painted_at is not None:
                        break
                else:
                    raise RuntimeError(f"the filter {text!r} was never painted")
            round_trip.append(t1 - t0)
            key_to_paint.append(watch.painted_at - t0)
            if check:
                check(text)
    return round_trip, key_to_paint


async def measure_ketcover(data_dir, rounds: int, work_rounds: int) -> dict:
    from ketcover_tui.store import CaseStore
    from ketcover_tui.tui.app import KetcoverApp
    from ketcover_tui.tui.screens.home import HomeScreen
    from ketcover_tui.tui.widgets.case_table import CaseTable
    from textual.widgets import Input

    app = KetcoverApp(CaseStore(data_dir))
    async with app.run_test(size=SIZE) as pilot:
        while not (isinstance(app.screen, HomeScreen) and app.screen.query(CaseTable)
                   and len(app.screen.query_one(CaseTable).rows) == CASES):
            await pilot.pause()
        await pilot.pause()
        screen = app.screen
        table = screen.query_one(CaseTable)
        filter_input = screen.query_one("#filter", Input)
        searchable = [s.search_text for s in table._all]

        def check(text: str) -> None:  # the list really shows the matching cases
            needle = text.strip().casefold()
            want = sum(needle in s for s in searchable)
            if filter_input.value != text or len(table.rows) != want:
                raise RuntimeError(f"after typing {text!r}: input {filter_input.value!r}, "
                                   f"{len(table.rows)} rows shown, {want} expected")

        await pilot.press("slash")  # the app's own key for focusing the filter
        await pilot.pause()
        if app.focused is not filter_input:
            raise RuntimeError("'/' did not focus the filter")

        watch = PaintWatch(app, lambda text: table.filter_text == text and filter_input.value == text)
        round_trip, key_to_paint = await type_sequence(pilot, watch, rounds, check)

        # Pure work, timed directly: filter + draw the visible lines, per keystroke's text.
        height = table.size.height
        work, filtering, drawing = [], [], []
        for _ in range(work_rounds):
            for _key, text in keystrokes():
                t0 = time.perf_counter()
                table.set_filter(text)
                t1 = time.perf_counter()
                for y in range(height):
                    table.render_line(y)
                t2 = time.perf_counter()
                work.append(t2 - t0)
                filtering.append(t1 - t0)
                drawing.append(t2 - t1)
            await pilot.pause()  # let the queued messages and repaints go through
        table.set_filter(filter_input.value)
    return {"round_trip": round_trip, "key_to_paint": key_to_paint, "work": work,
            "filtering": filtering, "drawing": drawing, "visible_lines": height}


async def measure_bare(rounds: int) -> dict:
    """The same harness on a bare Textual app: an Input over a 50-row DataTable, no filtering."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Input

    class BareApp(App):
        def compose(self) -> ComposeResult:
            yield Input(id="filter")
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Patient", "Insurer", "Plan type", "Stage", "Updated")
            table.add_rows([(f"Patient {n}", "Aetna", "Commercial", "Denied", "2026-02-01") for n in range(50)])
            self.query_one(Input).focus()

    app = BareApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.query_one(Input)
        watch = PaintWatch(app, lambda text: field.value == text)
        round_trip, key_to_paint = await type_sequence(pilot, watch, rounds)
    return {"round_trip": round_trip, "key_to_paint": key_to_paint}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5,
                        help="times the whole typing sequence is run through the Pilot (default 5)")
    parser.add_argument("--work-rounds", type=int, default=20,
                        help="times the sequence's pure work is timed directly (default 20)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    steps = keystrokes()
    print(f"filter: {CASES} cases, headless {SIZE[0]}x{SIZE[1]}, typing "
          f"{' / '.join(repr(q) for q in QUERIES)} letter by letter and erasing each "
          f"({len(steps)} keystrokes per round)", flush=True)
    with demo_folder(CASES) as data:
        results = {}
        # Alternate the bare floor and the app, twice, so both see the same machine conditions.
        first_half = max(1, args.rounds // 2)
        parts = [("bare", max(1, first_half // 2)), ("ket", first_half),
                 ("bare", max(1, (args.rounds - first_half) // 2)), ("ket", args.rounds - first_half)]
        for kind, rounds in parts:
            if rounds <= 0:
                continue
            if kind == "ket":
                r = asyncio.run(measure_ketcover(data, rounds, args.work_rounds // 2))
            else:
                r = asyncio.run(measure_bare(rounds))
            for key, value in r.items():
                if isinstance(value, list):
                    results.setdefault((kind, key), []).extend(value)
                else:
                    results[(kind, key)] = value

    def ms(kind: str, key: str) -> float:
        return median(results[(kind, key)]) * 1000

    print()
    print("per keystroke, with 5,000 cases:")
    print(f"  pilot round trip (press + pause): {describe(results[('ket', 'round_trip')])}")
    print(f"     bare Textual app, same harness: {describe(results[('bare', 'round_trip')])}")
    print(f"  key -> painted frame:             {describe(results[('ket', 'key_to_paint')])}")
    print(f"     bare Textual app, same harness: {describe(results[('bare', 'key_to_paint')])}")
    print(f"  pure work (set_filter + render {results[('ket', 'visible_lines')]} lines): "
          f"{describe(results[('ket', 'work')])}")
    print(f"     of which set_filter:            {describe(results[('ket', 'filtering')])}")
    print(f"     of which render_line x visible: {describe(results[('ket', 'drawing')])}")
    work = ms("ket", "work")
    work_p90 = quantile(results[("ket", "work")], 0.9) * 1000
    paint, bare_paint = ms("ket", "key_to_paint"), ms("bare", "key_to_paint")
    print(f"  key -> paint minus the bare app's: {paint - bare_paint:.2f} ms; ratio {paint / bare_paint:.2f}x")
    print()
    print(f"RESULT filter: pure work median {work:.2f} ms (p90 {work_p90:.2f}) per keystroke "
          f"(goal <= {FRAME_MS:.1f} ms) {verdict(work, FRAME_MS)}; key->paint median {paint:.1f} ms "
          f"(bare app {bare_paint:.1f} ms); pilot round trip median {ms('ket', 'round_trip'):.1f} ms "
          f"(bare app {ms('bare', 'round_trip'):.1f} ms)")

    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "filter", "metrics": [
                {"goal": f"filter keystroke pure work (set_filter + visible render_line) <= {FRAME_MS:.1f} ms",
                 "shown": f"{work:.2f} ms median (p90 {work_p90:.2f})", "value": work, "pass": work <= FRAME_MS},
                {"goal": f"filter keystroke key -> painted frame <= {FRAME_MS:.1f} ms",
                 "shown": f"{paint:.1f} ms median (bare Textual {bare_paint:.1f})",
                 "value": paint, "pass": paint <= FRAME_MS},
            ], "info": [
                {"goal": "filter pilot round trip (press + pause; Pilot sleeps >= 20 ms steps)",
                 "shown": f"{ms('ket', 'round_trip'):.1f} ms median (bare Textual {ms('bare', 'round_trip'):.1f})"},
            ]}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
