"""`ketcover plugins / install / uninstall`, through argparse as cli.py wires them.

Plugins are fake installed distributions in a temporary folder on sys.path
(found by real entry-point discovery); install/uninstall run real pip.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import shutil
import sys
import textwrap
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from ketcover_tui.cli.plugins import add_commands as add_plugin_commands

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "plugins" / "ketcover-example-spravato"

GOOD = """
    from ketcover_tui.domain.checklists import Checklist, ChecklistItem
    from ketcover_tui.hookspecs import hookimpl

    @hookimpl
    def register_checklists(register):
        register(Checklist(id="cli-good", title="T", items=(ChecklistItem(id="a", text="A"),)))
"""
BROKEN_HOOK = """
    from ketcover_tui.hookspecs import hookimpl

    @hookimpl
    def register_checklists(register):
        raise ValueError("boom\\nmore detail")
"""


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="ketcover")
    add_plugin_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def site(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    for dist, source in {"good": GOOD, "broken": BROKEN_HOOK}.items():
        info = folder / f"kcclifake_{dist}-1.{len(dist)}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: kcclifake-{dist}\nVersion: 1.{len(dist)}\n")
        (info / "entry_points.txt").write_text(f"[ketcover]\n{dist} = kcclifake_{dist}\n")
        (folder / f"kcclifake_{dist}.py").write_text(textwrap.dedent(source))
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "good,broken")
    yield folder
    for name in [m for m in sys.modules if m.startswith("kcclifake_")]:
        del sys.modules[name]


def test_plugins_table_fits_80_columns_and_says_what_failed(site, capsys):
    assert run("plugins") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "DISTRIBUTION", "VERSION", "STATUS", "CONTRIBUTES"]
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    good = next(line for line in lines if line.startswith("good "))
    assert good.split() == ["good", "kcclifake-good", "1.4", "ok", "1", "checklist"]
    at = lines.index(next(line for line in lines if line.startswith("broken ")))
    assert lines[at].split() == ["broken", "kcclifake-broken", "1.6", "failed", "nothing"]
    assert lines[at + 1] == "  ✗ it adds no checklists (register_checklists: ValueError: boom)"  # first line only
    assert "more detail" not in out
    assert err.splitlines() == ["ketcover: plugin 'broken' (kcclifake-broken 1.6): it adds no checklists "
                                "(register_checklists: ValueError: boom); it contributes nothing else; run "
                                "'ketcover plugins' for details"]


def test_plugins_json(site, capsys):
    assert run("plugins", "--json") == 0
    out, err = capsys.readouterr()
    data = {p["name"]: p for p in json.loads(out)}
    assert set(data) == {"good", "broken"}  # the built-in one is disabled, so not listed
    assert data["good"] == {"name": "good", "distribution": "kcclifake-good", "version": "1.4",
                            "module": "kcclifake_good", "hooks": ["register_checklists"], "status": "ok",
                            "state": "ok", "error": "", "loaded": True, "problems": [],
                            "contributions": {"register_checklists": ["cli-good"]}, "run_failures": []}
    assert data["broken"]["error"] == "ValueError: boom\nmore detail"  # full error in JSON
    assert data["broken"]["problems"] == [{"hook": "register_checklists", "error": "ValueError: boom\nmore detail",
                                           "dropped": 0}]
    assert len(err.splitlines()) == 1


def test_plugins_verbose_lists_every_contribution(site, capsys):
    assert run("plugins", "--verbose") == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("good ")))
    assert lines[at + 1] == "    module kcclifake_good · hooks register_checklists"
    assert lines[at + 2].split() == ["checklist", "cli-good", "T"]
    assert all(len(line) <= 80 for line in lines)


def test_plugins_all_includes_disabled(site, monkeypatch, capsys):
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "good")
    assert run("plugins", "--json") == 0
    assert {p["name"] for p in json.loads(capsys.readouterr().out)} == {"good"}
    assert run("plugins", "--all", "--json") == 0
    out, err = capsys.readouterr()
    status = {p["name"]: p["status"] for p in json.loads(out)}
    assert status["good"] == "ok" and status["broken"] == "disabled" and status["checklists"] == "disabled"
    assert err == ""
    assert "kcclifake_broken" not in sys.modules


def test_plugins_when_none_load(site, monkeypatch, capsys):
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "")
    assert run("plugins") == 0
    out = capsys.readouterr().out
    assert out.startswith("No plugins loaded") and "--all" in out


def test_install_missing_path_is_one_line_and_exit_2(tmp_path, capfd):
    missing = tmp_path / "no-such-plugin"
    assert run("install", str(missing)) == 2
    out, err = capfd.readouterr()
    assert out == ""  # pip never ran
    assert len(err.splitlines()) == 1 and str(missing) in err


def _build_isolation_args() -> list[str]:
    """Build offline with what is installed when that can work (setuptools with wheel support)."""
    try:
        import setuptools  # noqa: F401
    except ImportError:
        return []
    has_wheel = importlib.util.find_spec("wheel") is not None
    builtin_bdist_wheel = importlib.util.find_spec("setuptools.command.bdist_wheel") is not None
    return ["--no-build-isolation"] if has_wheel or builtin_bdist_wheel else []


def _installed(dist: str) -> bool:
    importlib.invalidate_caches()
    try:
        version(dist)
        return True
    except PackageNotFoundError:
        return False


def test_install_and_uninstall_the_example_plugin_with_real_pip(tmp_path, monkeypatch, capsys):
    if _installed("ketcover-example-spravato"):
        pytest.skip("ketcover-example-spravato is already installed here; not touching it")
    if not _installed("ketcover"):
        pytest.fail("ketcover is not installed: run `pip install -e .` in the repository first")
    # Build from a copy so the build leaves no egg-info/ or build/ in the repository.
    source = tmp_path / "ketcover-example-spravato"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "spravato")
    try:
        assert run("install", *_build_isolation_args(), str(source)) == 0
        importlib.invalidate_caches()
        capsys.readouterr()
        assert run("plugins", "--json") == 0
        [plugin] = json.loads(capsys.readouterr().out)
        assert {k: plugin[k] for k in ("name", "distribution", "version", "hooks", "status", "error")} == {
            "name": "spravato", "distribution": "ketcover-example-spravato", "version": "0.1.0",
            "hooks": ["register_checklists"], "status": "ok", "error": ""}
        assert plugin["contributions"] == {"register_checklists": ["spravato-coverage"]}
    finally:
        uninstalled = run("uninstall", "ketcover-example-spravato")
        sys.modules.pop("ketcover_example_spravato", None)
    assert uninstalled == 0
    importlib.invalidate_caches()
    capsys.readouterr()
    assert run("plugins", "--all", "--json") == 0
    assert "spravato" not in {p["name"] for p in json.loads(capsys.readouterr().out)}
