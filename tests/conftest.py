"""Shared fixtures: every test gets its own real data folder on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from fake_plugins import forget_fake_modules


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    """A fresh data folder; KETCOVER_HOME points at it so nothing touches the user's real data."""
    folder = tmp_path / "ketcover-data"
    monkeypatch.setenv("KETCOVER_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never read or write the real user's platform data folder from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("HOME", str(home))  # exports from the app are suggested under $HOME
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
