"""Shared fixtures: every test gets its own real data folder on disk, and a frozen date.

The date: ``KETCOVER_TEST_TODAY`` (YYYY-MM-DD; default ``DEFAULT_TEST_TODAY``).
Every test runs on that day with the clock still ticking (time-machine moves
the wall clock only; the monotonic clock that Textual and file locks use is
real). Child processes get the same day as ``KETCOVER_TODAY``, which ketcover
honours in demo folders, and every test data folder is one. Tests whose output
depends on the date are marked ``clock``; CI runs them again a day and 400 days
later. Tests that compare with pictures recorded on one day (snapshots) pin
that day with ``@pytest.mark.pinned_day("YYYY-MM-DD")``.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from pathlib import Path

import pytest
import time_machine

from fake_plugins import forget_fake_modules
from ketcover_tui.domain import clock
from ketcover_tui.store import mark_demo_folder

DEFAULT_TEST_TODAY = "2026-12-02"


def test_today() -> date:
    return date.fromisoformat(os.environ.get("KETCOVER_TEST_TODAY") or DEFAULT_TEST_TODAY)


test_today.__test__ = False  # a helper, not a test


def at_noon(day: date) -> datetime:
    """Local noon on ``day``: the local date is ``day`` whatever the TZ."""
    return datetime.combine(day, time(12, 0)).astimezone()


@pytest.fixture(autouse=True)
def frozen_clock(request, monkeypatch):
    """Every test runs on the test day (see the module docstring); yields that day."""
    pinned = request.node.get_closest_marker("pinned_day")
    day = date.fromisoformat(pinned.args[0]) if pinned else test_today()
    monkeypatch.setenv(clock.ENV_TODAY, day.isoformat())
    clock.fix_today(None)
    with time_machine.travel(at_noon(day).timestamp(), tick=True):  # an instant: the TZ stays the user's
        yield day
    clock.fix_today(None)  # an in-process main() may have fixed it


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    """A fresh data folder; KETCOVER_HOME points at it so nothing touches the user's real data.

    It holds made-up cases only, so it is marked a demo folder: child processes
    honour the test's date there (KETCOVER_TODAY).
    """
    folder = tmp_path / "ketcover-data"
    mark_demo_folder(folder)
    monkeypatch.setenv("KETCOVER_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never read or write the real user's platform data folder from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("HOME", str(home))  # a throwaway home: the app must write nothing there
    monkeypatch.delenv("KETCOVER_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("KETCOVER_STRICT_PLUGINS", raising=False)
    yield


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on sys.path where `install(...)` writes fake installed distributions."""
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    forget_fake_modules()
    yield folder
    forget_fake_modules()
