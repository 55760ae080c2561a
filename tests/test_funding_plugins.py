"""Third-party funding plugins: broken ones are reported and skipped; the example installs with one command.

Fake installed distributions (real entry-point discovery, see fake_plugins.py)
for the failure cases. Installing the example into a fresh virtual environment
is in test_plugin_distributions.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fake_plugins import install
from ketcover_tui.domain.funding import FundingContext, InvalidInputs
from ketcover_tui.plugin_host import PluginHost, PluginRunFailed
from ketcover_tui.testing import sample_case

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "plugins" / "ketcover-example-hsa"

SOURCE = """
    from ketcover_tui.domain.funding import (Category, FieldKind, FundingResult, FundingSource, InputField)
    from ketcover_tui.hookspecs import hookimpl

    def run(values, context):
        {body}

    SOURCE = FundingSource(id={source_id!r}, title="Fake source", category=Category.OTHER, run=run,
                           fields=(InputField("amount", "Amount", FieldKind.MONEY, default="10",
                                              from_case={from_case}),))

    @hookimpl
    def register_funding_sources(register):
        {register}
"""


def fake_source(source_id="fake", body='return FundingResult(summary=f"ok {values[\'amount\']}")',
                register="register(SOURCE)", from_case="None") -> str:
    return SOURCE.format(source_id=source_id, body=body, register=register, from_case=from_case)


def host_with(*names: str) -> PluginHost:
    return PluginHost(env={"KETCOVER_LOAD_PLUGINS": ",".join(("financing",) + names)})


def status(host: PluginHost, name: str) -> tuple[str, str]:
    [record] = [r for r in host.plugins() if r.name == name]
    return record.status, record.first_error_line


def test_a_working_third_party_source_sits_next_to_the_builtins(site):
    install(site, "good", fake_source())
    host = host_with("good")
    ids = [s.id for s in host.funding_sources()]
    assert ids[-1] == "fake" and "loan" in ids
    source = host.funding_source("fake")
    assert source.plugin == "good"
    result = host.run_funding_source(source, {"amount": "12.5"}, FundingContext())
    assert result.summary == "ok 12.50"


@pytest.mark.parametrize("module_source, error", [
    ('raise ImportError("No module named \'lender_sdk\'")\n', "ImportError: No module named 'lender_sdk'"),
    (fake_source(register='raise RuntimeError("hook exploded")'), "RuntimeError: hook exploded"),
    (fake_source(register="register(42)"), "TypeError: register() expects a FundingSource, got int"),
    (fake_source(source_id="loan"), "ValueError: funding source id 'loan' is already registered"),
    (fake_source(source_id="Bad Id"), "ValueError: funding source id 'Bad Id' must be lower-case"),
])
def test_a_broken_plugin_is_recorded_and_everything_else_works(site, module_source, error):
    install(site, "broken", module_source)
    host = host_with("broken")
    sources = host.funding_sources()
    assert {"loan", "deferred-interest", "compare-offers"} <= {s.id for s in sources}
    assert all(s.plugin != "broken" for s in sources)
    state, message = status(host, "broken")
    assert state == "failed" and message.startswith(error)
    loan = host.funding_source("loan")
    assert host.run_funding_source(loan, {"amount": "100", "apr": "0", "months": "4"}, FundingContext()).summary


@pytest.mark.parametrize("body, error", [
    ('raise ZeroDivisionError("division by zero")', "ZeroDivisionError: division by zero"),
    ('return "a string"', "TypeError: funding source 'fake' returned str, not a FundingResult"),
    ('return FundingResult(summary="x", columns=("a",), rows=(("not", "a row"),))',
     "TypeError: funding source 'fake' : rows must be ResultRow".replace(" :", ":")),
])
def test_a_source_that_fails_while_running_is_reported_once_and_others_still_run(site, body, error):
    install(site, "buggy", fake_source(body=body))
    host = host_with("buggy")
    source = host.funding_source("fake")
    with pytest.raises(PluginRunFailed) as caught:
        host.run_funding_source(source, {"amount": "1"}, FundingContext())
    message = str(caught.value)
    assert "'buggy'" in message and "Other sources still work" in message and "\n" not in message
    [record] = [r for r in host.plugins() if r.name == "buggy"]
    assert record.state == "run failed" and record.status == "ok"  # it loaded; its run failed
    [failure] = record.run_failures
    assert failure.what == "funding source 'fake'" and failure.error.startswith(error)
    assert record.what_happened().startswith(f"plugin 'buggy' (kcfake_buggy 1.0): funding source 'fake' failed on "
                                             f"{failure.when[:10]} ")
    loan = host.funding_source("loan")
    assert host.run_funding_source(loan, {"amount": "100", "apr": "5", "months": "2"}, FundingContext()).summary


def test_bad_input_is_not_a_plugin_failure(site):
    install(site, "good", fake_source())
    host = host_with("good")
    with pytest.raises(InvalidInputs):
        host.run_funding_source(host.funding_source("fake"), {"amount": "ten"}, FundingContext())
    assert status(host, "good") == ("ok", "")


def test_a_from_case_that_raises_falls_back_to_plain_defaults(site):
    install(site, "nosy", fake_source(from_case="lambda case: case.no_such_thing"))
    host = host_with("nosy")
    defaults = host.funding_defaults(host.funding_source("fake"), sample_case())
    assert defaults == {"amount": "10"}
    [record] = [r for r in host.plugins() if r.name == "nosy"]
    [failure] = record.run_failures
    assert failure.what == "the defaults of funding source 'fake'" and failure.error.startswith("AttributeError")


def test_strict_mode_raises_the_plugins_own_error(site):
    install(site, "buggy", fake_source(body='raise ZeroDivisionError("strict")'))
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "buggy", "KETCOVER_STRICT_PLUGINS": "1"})
    with pytest.raises(ZeroDivisionError, match="strict"):
        host.run_funding_source(host.funding_source("fake"), {}, FundingContext())


def _ketcover(*args, env=None, python=sys.executable, check=True):
    result = subprocess.run([python, "-m", "ketcover_tui.cli", *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stdout}\n{result.stderr}")
    return result


def test_cli_fund_list_reports_a_broken_plugin_and_lists_the_rest(site):
    install(site, "broken", fake_source(register='raise RuntimeError("hook exploded")'))
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
           "KETCOVER_LOAD_PLUGINS": "financing,crowdfunding,broken"}
    result = _ketcover("fund", "--list", env=env)
    assert {"loan", "crowdfunding"} <= {line.split()[0] for line in result.stdout.splitlines()[1:]}
    assert result.stderr.splitlines() == [
        ("ketcover: plugin 'broken' (kcfake_broken 1.0): it adds no funding sources (register_funding_sources: "
         "RuntimeError: hook exploded); it contributes nothing else; run 'ketcover plugins' for details")]


def test_the_example_plugin_passes_its_own_tests():
    """plugins/ketcover-example-hsa ships tests written with ketcover_tui.testing."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(EXAMPLE), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE / "tests")],
                            capture_output=True, text=True, env=env, cwd=EXAMPLE, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout
