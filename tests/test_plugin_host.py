"""PluginHost against real entry-point discovery.

Each test writes fake *installed* distributions (a ``*.dist-info`` folder with
METADATA and entry_points.txt, next to the plugin's module) into a temporary
folder and puts it on ``sys.path``; ``importlib.metadata`` then finds them
exactly as it finds pip-installed plugins. No mocks.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from importlib.metadata import distributions
from pathlib import Path

import pytest

from ketcover_tui.domain.checklists import Checklist
from ketcover_tui.domain.vocab import PlanType, Stage
from ketcover_tui.plugin_host import PluginHost

from fake_plugins import PREFIX, checklist_source, forget_fake_modules, install

REPO = Path(__file__).resolve().parents[1]


GOOD = checklist_source("fake-good")
BOMB_ON_IMPORT = 'raise RuntimeError("boom on import")\n'


def record(host: PluginHost, name: str):
    [found] = [r for r in host.plugins(include_disabled=True) if r.name == name]
    return found


def ids(host: PluginHost) -> set[str]:
    return {c.id for c in host.checklists()}


def test_good_plugin_contributes_its_checklist(site):
    install(site, "good", GOOD)
    host = PluginHost()
    [checklist] = [c for c in host.checklists() if c.id == "fake-good"]
    assert isinstance(checklist, Checklist)
    assert checklist.plugin == "good"  # set by the host
    rec = record(host, "good")
    assert (rec.status, rec.distribution, rec.version, rec.hooks, rec.error) == (
        "ok", f"{PREFIX}good", "1.0", ["register_checklists"], "")
    assert "good" not in {r.name for r in host.failures()}


def test_nothing_is_imported_before_load(site):
    module = install(site, "good", GOOD)
    host = PluginHost()
    assert module not in sys.modules
    host.load()
    assert module in sys.modules


def test_load_works_on_the_class_and_on_an_instance(site):
    install(site, "good", GOOD)
    assert "fake-good" in ids(PluginHost().load())
    host = PluginHost()
    assert host.load() is host and host.load() is host  # idempotent


def test_import_failure_is_recorded_and_others_still_work(site):
    install(site, "good", GOOD)
    install(site, "bomb", BOMB_ON_IMPORT, version="2.5")
    host = PluginHost()
    assert "fake-good" in ids(host)
    rec = record(host, "bomb")
    assert rec.status == "failed"
    assert (rec.distribution, rec.version) == (f"{PREFIX}bomb", "2.5")
    assert rec.error == "RuntimeError: boom on import"
    assert rec.first_error_line == "RuntimeError: boom on import"
    assert rec.hooks == []
    assert (f"ketcover: plugin 'bomb' ({PREFIX}bomb 2.5) could not be loaded, so none of it is used: "
            "RuntimeError: boom on import; run 'ketcover plugins' for details") in host.failure_lines()


def test_missing_dependency_is_recorded(site):
    install(site, "needy", "import kcfake_not_installed_anywhere\n")
    rec = record(PluginHost(), "needy")
    assert rec.status == "failed"
    assert rec.error == "ModuleNotFoundError: No module named 'kcfake_not_installed_anywhere'"


def test_hook_that_raises_loses_only_its_own_contributions(site):
    install(site, "good", GOOD)
    install(site, "halfway", checklist_source("fake-halfway", extra='raise ValueError("boom\\nsecond line")'))
    host = PluginHost()
    found = ids(host)
    assert "fake-good" in found and "fake-halfway" not in found
    rec = record(host, "halfway")
    assert rec.status == "failed"
    assert rec.error == "ValueError: boom\nsecond line"
    assert rec.first_error_line == "ValueError: boom"
    assert rec.hooks == ["register_checklists"]
    assert record(host, "good").status == "ok"


def test_registering_something_that_is_not_a_checklist_fails_the_plugin(site):
    install(site, "good", GOOD)
    install(site, "wrong", """
        from ketcover_tui.hookspecs import hookimpl

        @hookimpl
        def register_checklists(register):
            register({"id": "a dict, not a Checklist"})
    """)
    host = PluginHost()
    assert "fake-good" in ids(host)
    rec = record(host, "wrong")
    assert rec.status == "failed"
    assert rec.error == "TypeError: register() expects a Checklist, got dict"


def test_a_plugin_that_swallows_the_register_error_still_fails(site):
    install(site, "sneaky", checklist_source("fake-sneaky", extra="""
            try:
                register("not a checklist")
            except TypeError:
                pass"""))
    host = PluginHost()
    assert "fake-sneaky" not in ids(host)  # dropped with the bad object
    assert record(host, "sneaky").status == "failed"


def test_duplicate_checklist_id_fails_the_later_plugin(site):
    install(site, "aaa", GOOD)
    install(site, "bbb", GOOD)  # same id "fake-good"; loads after "aaa" (sorted by distribution)
    host = PluginHost()
    [checklist] = [c for c in host.checklists() if c.id == "fake-good"]
    assert checklist.plugin == "aaa"
    assert record(host, "aaa").status == "ok"
    rec = record(host, "bbb")
    assert rec.status == "failed"
    assert rec.error == "ValueError: checklist id 'fake-good' is already registered by plugin 'aaa'"


def test_repeated_item_ids_fail_the_plugin(site):
    install(site, "twice", """
        from ketcover_tui.domain.checklists import Checklist, ChecklistItem
        from ketcover_tui.hookspecs import hookimpl

        @hookimpl
        def register_checklists(register):
            item = ChecklistItem(id="same", text="x")
            register(Checklist(id="fake-twice", title="T", items=(item, item)))
    """)
    host = PluginHost()
    assert "fake-twice" not in ids(host)
    assert "repeated" in record(host, "twice").error


def test_load_plugins_unset_loads_all(site, monkeypatch):
    monkeypatch.delenv("KETCOVER_LOAD_PLUGINS", raising=False)
    install(site, "good", GOOD)
    install(site, "other", checklist_source("fake-other"))
    host = PluginHost()
    assert {"fake-good", "fake-other"} <= ids(host)
    assert "disabled" not in {r.status for r in host.plugins(include_disabled=True)}


def test_load_plugins_empty_loads_none_and_imports_none(site, monkeypatch):
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "")
    bomb = install(site, "bomb", BOMB_ON_IMPORT)
    install(site, "good", GOOD)
    host = PluginHost()
    assert host.checklists() == []
    assert host.plugins() == []
    assert host.failure_lines() == []
    rec = record(host, "bomb")
    assert (rec.status, rec.error, rec.distribution, rec.version) == ("disabled", "", f"{PREFIX}bomb", "1.0")
    assert bomb not in sys.modules
    assert record(host, "checklists").status == "disabled"  # built-ins are plugins too


def test_load_plugins_list_loads_only_those(site, monkeypatch):
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", " good , other")
    bomb = install(site, "bomb", BOMB_ON_IMPORT)
    install(site, "good", GOOD)
    install(site, "other", checklist_source("fake-other"))
    host = PluginHost()
    assert ids(host) == {"fake-good", "fake-other"}  # not even the built-in checklists
    assert {r.name for r in host.plugins()} == {"good", "other"}
    assert record(host, "bomb").status == "disabled"
    assert bomb not in sys.modules
    assert host.failures() == []


def test_strict_mode_reraises_import_errors(site, monkeypatch):
    monkeypatch.setenv("KETCOVER_STRICT_PLUGINS", "1")
    install(site, "bomb", BOMB_ON_IMPORT)
    with pytest.raises(RuntimeError, match="boom on import"):
        PluginHost().load()


def test_strict_mode_reraises_hook_errors(site, monkeypatch):
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "wrong")
    monkeypatch.setenv("KETCOVER_STRICT_PLUGINS", "1")
    install(site, "wrong", checklist_source("fake-wrong", extra="register(42)"))
    with pytest.raises(TypeError, match="expects a Checklist, got int"):
        PluginHost().checklists()


def test_strict_mode_rejects_unknown_hook_names(site, monkeypatch):
    source = """
        from ketcover_tui.hookspecs import hookimpl

        @hookimpl
        def register_checklist(register):  # typo: no such hook
            pass
    """
    install(site, "typo", source)
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "typo")
    assert record(PluginHost(), "typo").status == "ok"  # harmless for users
    forget_fake_modules()
    monkeypatch.setenv("KETCOVER_STRICT_PLUGINS", "1")
    with pytest.raises(Exception, match="unknown hook"):
        PluginHost().load()


def test_explicit_entry_points(site):
    install(site, "good", GOOD)
    [dist] = distributions(name=f"{PREFIX}good", path=[str(site)])
    host = PluginHost(entry_points=dist.entry_points, env={})
    assert [r.name for r in host.plugins()] == ["good"]
    assert ids(host) == {"fake-good"}


# -- the real built-in plugin and the example plugin ---------------------------

def _check_checklists(checklists: list[Checklist]) -> None:
    keys = set()
    for checklist in checklists:
        assert checklist.title and checklist.items
        for item in checklist.items:
            assert item.text.strip() and item.help.strip() and item.source.strip(), item
            assert "reference notes §" in item.source, item
            datetime.date.fromisoformat(item.as_of)
            key = checklist.item_key(item)
            assert key not in keys
            keys.add(key)


def test_builtin_checklists_load_through_the_installed_entry_point(monkeypatch):
    from importlib.metadata import entry_points

    if not any(ep.name == "checklists" for ep in entry_points(group="ketcover")):
        pytest.fail("ketcover is not installed: run `pip install -e .` in the repository first")
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "checklists")
    host = PluginHost()
    checklists = host.checklists()
    rec = record(host, "checklists")
    assert (rec.status, rec.distribution, rec.hooks) == ("ok", "ketcover",
                                                         ["register_call_scripts", "register_checklists"])
    assert [c.id for c in checklists] == [
        "understand-plan", "verify-benefits", "prior-auth", "documents", "medicare"]
    assert {c.plugin for c in checklists} == {"checklists"}
    _check_checklists(checklists)
    by_id = {c.id: c for c in checklists}
    assert by_id["medicare"].plan_types == {PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE}
    assert by_id["verify-benefits"].applies_to(PlanType.MARKETPLACE, Stage.RESEARCHING)
    assert not by_id["verify-benefits"].applies_to(PlanType.MARKETPLACE, Stage.CLOSED)
    assert not by_id["medicare"].applies_to(PlanType.MEDICAID, Stage.RESEARCHING)
    # Each item carries the date its notes were read: §2–§7 on 2026-11-26, §8 (regulation text) on 2026-12-02.
    assert {item.as_of for c in checklists for item in c.items} == {"2026-11-26", "2026-12-02"}


def test_example_spravato_plugin_content(site, monkeypatch):
    # Declared like an installed distribution whose code is the example's source folder.
    monkeypatch.syspath_prepend(str(REPO / "plugins" / "ketcover-example-spravato"))
    install(site, "spravato_example", None, module="ketcover_example_spravato")
    monkeypatch.setenv("KETCOVER_LOAD_PLUGINS", "spravato_example")
    sys.modules.pop("ketcover_example_spravato", None)
    host = PluginHost()
    [checklist] = host.checklists()
    sys.modules.pop("ketcover_example_spravato", None)
    assert (checklist.id, checklist.title) == ("spravato-coverage", "Spravato (esketamine) coverage")
    _check_checklists([checklist])
    text = " ".join(i.text + " " + i.help for i in checklist.items)
    for fact in ("G2082", "G2083", "J0013", "S0013", "2026-01-01", "2 hours", "pharmacy benefit"):
        assert fact in text


def test_plugin_api_imports_without_textual_or_plugins():
    code = ("import sys, ketcover_tui.hookspecs, ketcover_tui.plugin_host, ketcover_tui.cli.plugins\n"
            "assert 'textual' not in sys.modules, 'textual imported'\n"
            "assert 'ketcover_checklists' not in sys.modules, 'plugin imported at import time'\n"
            "from ketcover_tui.plugin_host import PluginHost\n"
            "PluginHost().checklists()\n"
            "assert 'textual' not in sys.modules, 'a plugin imported textual'\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
