"""The case list paints its first screen from the index's head, then reads the whole index."""

from __future__ import annotations

import json
import os

import pytest

from ketcover_tui.demo import add_demo_cases, demo_cases
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.widgets.case_table import CaseTable

pytestmark = pytest.mark.clock


@pytest.fixture
def store(data_dir) -> CaseStore:
    store = CaseStore(data_dir)
    add_demo_cases(store, demo_cases(70, 1))
    store.summaries()  # writes the index and its head
    return store


def test_head_holds_the_newest_rows_and_the_count_of_the_index_as_written(store):
    count, newest = store.cached_head()
    every = sorted(store.summaries(), key=lambda s: s.updated.casefold(), reverse=True)
    assert count == 70 and len(newest) == 60
    assert [s.id for s in newest] == [s.id for s in every[:60]]
    assert oct(os.stat(store.head_path).st_mode & 0o777) == oct(store.modes.file)


def test_a_head_of_another_index_or_with_bad_rows_is_not_used(store):
    head = json.loads(store.head_path.read_text())
    # The index was rewritten since (another inode): the head no longer belongs to it.
    store.index_path.write_bytes(store.index_path.read_bytes())
    assert store.cached_head() is None
    store.summaries()  # no change to any case: the index stands, so the head stays stale
    store.index_path.unlink()
    store.summaries()
    assert store.cached_head() is not None
    head = json.loads(store.head_path.read_text())
    head["rows"][0][1] = 12
    store.head_path.write_text(json.dumps(head))
    assert store.cached_head() is None
    head["rows"][0][1], head["count"] = "Ana", 3
    store.head_path.write_text(json.dumps(head))
    assert store.cached_head() is None  # more rows than the count it claims


async def test_first_frame_shows_the_newest_cases_and_the_count_then_every_case(store):
    app = KetcoverApp(store)
    frames: list[tuple[int, int, str]] = []
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        tables = app.screen.query(CaseTable)
        if tables and tables.first().rows and not frames:
            table = tables.first()
            frames.append((len(table._all), table.total, str(app.screen.query_one("#home-count").render())))

    app._display = display
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        table = app.screen.query_one(CaseTable)
        assert len(table._all) == 70 and not table.partial
        first_rows = [s.id for s in table.rows[:20]]
    [(shown_rows, total, count)] = frames
    assert shown_rows == 60 and total == 70 and count == "70 cases"  # painted before the whole index was read
    newest = sorted(store.summaries(), key=lambda s: s.updated.casefold(), reverse=True)
    assert first_rows == [s.id for s in newest[:20]]  # the full list keeps the order the head painted
