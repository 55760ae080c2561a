"""The checks a plugin author relies on catch real mistakes: `ketcover plugins --check` and `check_plugin`.

Fake installed distributions (see fake_plugins.py) with the mistakes that used
to pass: importing Textual, an id a built-in plugin uses, a broken hook the
current command does not use. `plugins --check` runs as a real command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from fake_plugins import checklist_source, install
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.testing import check_plugin, run_source

SPY = """
    import textual.widgets  # forbidden: a plugin never imports Textual
    {source}
"""
SOURCE = """
    from ketcover_tui.domain.funding import Category, FundingResult, FundingSource
    from ketcover_tui.hookspecs import hookimpl

    KETCOVER_PLUGIN_API = "1.0"

    def run(values, context):
        return FundingResult(summary="fine")

    @hookimpl
    def register_funding_sources(register):
        register(FundingSource(id={source_id!r}, title="Fake", category=Category.OTHER, run=run))
"""
EXPORTER = """
    from ketcover_tui.documents import Exporter
    from ketcover_tui.hookspecs import hookimpl

    @hookimpl
    def register_exporters(register):
        register(Exporter("pdf", "My PDF", "pdf", lambda document: b"%PDF-"))
"""
HALF_BROKEN = """
    from ketcover_tui.domain.call_scripts import CallScript, ScriptQuestion
    from ketcover_tui.hookspecs import hookimpl

    @hookimpl
    def register_call_scripts(register):
        register(CallScript("half-script", "Half", (ScriptQuestion("q", "Ask about {insurer}"),)))

    @hookimpl
    def register_checklists(register):
        raise ValueError("boom")
"""


def source(source_id: str = "fake-ok") -> str:
    return SOURCE.format(source_id=source_id)


def ketcover(*args: str, site, env=None) -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]), **(env or {})}
    return subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True, text=True,
                          env=full, timeout=300)


# --- check_plugin and run_source -----------------------------------------------------------

def test_check_plugin_detects_a_plugin_that_imports_textual(site):
    module = install(site, "spy", SPY.format(source=source()))
    assert "textual" in sys.modules  # this test run has Textual loaded already: only a fresh Python can tell
    with pytest.raises(AssertionError, match=r"imports textual \(first at .*kcfake_spy\.py:2\): a plugin must "
                                             "never import Textual"):
        check_plugin(module, "spy")


def test_check_plugin_reports_what_a_plugin_imports(site):
    module = install(site, "ok", source())
    report = check_plugin(module, "ok")
    assert report.imported_on_load == [] and report.imported_when_running == []
    assert [s.id for s in report.funding_sources] == ["fake-ok"] and report.hooks == ["register_funding_sources"]


@pytest.mark.parametrize("module_source, owner", [
    (source("loan"), "plugin 'financing' (ketcover 0.1.0)"),
    (EXPORTER, "plugin 'exporters' (ketcover 0.1.0)"),
])
def test_check_plugin_refuses_an_id_a_built_in_plugin_uses(site, module_source, owner):
    module = install(site, "clash", module_source)
    with pytest.raises(AssertionError, match=f"{owner.replace('(', '[(]').replace(')', '[)]')} already uses this id"):
        check_plugin(module, "clash")


def test_run_source_refuses_an_id_a_built_in_plugin_uses(site):
    module = install(site, "clash", source("loan"))
    with pytest.raises(AssertionError, match="funding source 'loan'.*plugin 'financing'"):
        run_source(module, "loan")


def test_a_plugin_built_for_another_plugin_api_is_refused_with_a_reason(site):
    install(site, "future", source().replace('KETCOVER_PLUGIN_API = "1.0"', 'KETCOVER_PLUGIN_API = "2.0"'))
    [record] = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "future"}).plugins()
    assert record.status == "failed"
    assert record.error == ("RuntimeError: it is built for ketcover plugin API 2.0, and this ketcover provides 1.0: "
                            "install a release of the plugin made for API 1.x, or upgrade ketcover")


# --- precise messages ----------------------------------------------------------------------

def test_a_failed_hook_says_which_contributions_were_dropped_and_what_still_works(site):
    install(site, "half", HALF_BROKEN)
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "half"})
    host.collect_all()
    [record] = host.plugins()
    assert [s.id for s in host.call_scripts()] == ["half-script"]  # the working hook still contributes
    assert record.what_happened() == ("plugin 'half' (kcfake_half 1.0): it adds no checklists (register_checklists: "
                                      "ValueError: boom); it still contributes 1 call script")


def test_an_invalid_object_drops_what_the_hook_registered(site):
    install(site, "mixed", checklist_source("fake-mixed", extra="register('not a checklist')"))
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "mixed"})
    assert host.checklists() == []
    [record] = host.plugins()
    assert record.what_happened().startswith("plugin 'mixed' (kcfake_mixed 1.0): its 2 checklists were dropped "
                                             "(register_checklists: TypeError: register() expects a Checklist")


# --- ketcover plugins --check ---------------------------------------------------------------

def test_plugins_check_exercises_hooks_the_command_at_hand_never_uses(site):
    install(site, "half", HALF_BROKEN)
    env = {"KETCOVER_LOAD_PLUGINS": "financing,half", "KETCOVER_STRICT_PLUGINS": "1"}
    assert ketcover("fund", "--list", site=site, env=env).returncode == 0  # strict mode alone misses it
    checked = ketcover("plugins", "--check", site=site, env=env)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert lines[0].startswith("ok      financing (ketcover 0.1.0)")
    assert any(line.startswith("FAILED  half (kcfake_half 1.0)") for line in lines)
    assert ("✗ contributions: it adds no checklists (register_checklists: ValueError: boom)"
            in " ".join(line.strip() for line in lines))
    assert lines[-1] == "1 of 2 plugins passed; failed: half."
    assert all(len(line) <= 80 for line in lines)


def test_plugins_check_finds_textual_clashes_between_plugins_and_bad_content(site):
    install(site, "spy", SPY.format(source=source("fake-spy")))
    install(site, "first", source("same-id"))
    install(site, "second", source("same-id"))
    install(site, "gaps", """
        from ketcover_tui.documents.letters import Draft, LetterTemplate
        from ketcover_tui.hookspecs import hookimpl

        @hookimpl
        def register_letter_templates(register):
            register(LetterTemplate("gaps", "Gaps", "Leaves a placeholder",
                                    lambda context: Draft("gaps", "Gaps", "Dear {insurer},")))
    """)
    checked = ketcover("plugins", "--check", "--json", site=site,
                       env={"KETCOVER_LOAD_PLUGINS": "spy,first,second,gaps"})
    assert checked.returncode == 1
    reports = {r["name"]: r for r in json.loads(checked.stdout)}
    assert [r["failed"] for r in reports.values()] == [False, True, True, True]  # first, gaps, second, spy
    assert list(reports["spy"]["forbidden"]) == ["textual"] and "kcfake_spy.py:2" in reports["spy"]["forbidden"]["textual"]
    assert "textual" in reports["spy"]["imported_on_load"]
    [clash] = [f for f in reports["second"]["findings"] if f["level"] == "fail"]
    assert clash["what"] == "funding source 'same-id'" and "plugin 'first' (kcfake_first 1.0)" in clash["message"]
    [gap] = [f for f in reports["gaps"]["findings"] if f["level"] == "fail"]
    assert "the draft still holds {insurer}" in gap["message"]


def test_plugins_check_passes_for_good_plugins(site):
    install(site, "ok", source())
    checked = ketcover("plugins", "--check", site=site, env={"KETCOVER_LOAD_PLUGINS": "ok,checklists"})
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1] == "2 of 2 plugins passed."


# --- run failures are remembered ------------------------------------------------------------

def test_a_run_failure_is_shown_by_ketcover_plugins_later(site, tmp_path):
    install(site, "buggy", source().replace('return FundingResult(summary="fine")', "return 1 / 0"))
    env = {"KETCOVER_LOAD_PLUGINS": "buggy", "KETCOVER_HOME": str(tmp_path / "data")}
    ran = ketcover("fund", "fake-ok", site=site, env=env)
    assert ran.returncode == 1 and "ZeroDivisionError: division by zero" in ran.stderr
    listed = ketcover("plugins", site=site, env=env).stdout.splitlines()
    assert listed[1].split()[:5] == ["buggy", "kcfake_buggy", "1.0", "run", "failed"]
    problem = " ".join(line.strip() for line in listed[2:])  # wrapped at 80 columns
    assert problem.startswith("✗ funding source 'fake-ok' failed on ")
    assert problem.endswith(": ZeroDivisionError: division by zero")
    assert oct((tmp_path / "data" / "plugins" / "failures.json").stat().st_mode & 0o777) == "0o600"
    assert ketcover("plugins", "--forget-failures", site=site, env=env).stdout == "Forgot 1 remembered run failure.\n"
    assert ketcover("plugins", site=site, env=env).stdout.splitlines()[1].split()[3] == "ok"
