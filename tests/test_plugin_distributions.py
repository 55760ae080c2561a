"""Plugin distributions install into a fresh virtualenv the ways docs/plugins.md says, and work there.

One fresh venv for all of it (they are slow to make): ketcover from a VCS
requirement together with the two example distributions in one pip command;
then the guide's own plugin with `ketcover install`, checked and used from the
command line; then a plugin written by `ketcover plugins new`, with its tests.
"""

from __future__ import annotations

import json
import shutil

import pytest

from fresh_venv import REPO, FreshVenv, copy_distribution, ketcover_source
from ketcover_tui.store import CaseStore, mark_demo_folder
from ketcover_tui.testing import sample_case
from plugin_guide import DIST, MODULE, NAME, write_guide_plugin

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for the VCS requirement")


def plugins(venv: FreshVenv) -> dict[str, dict]:
    return {p["name"]: p for p in json.loads(venv.ketcover("plugins", "--json").stdout)}


def test_examples_the_guides_plugin_and_a_new_one_install_and_work_in_a_fresh_venv(tmp_path):
    venv = FreshVenv(tmp_path)
    assert venv.run_python("-c", "import importlib.util; print(importlib.util.find_spec('ketcover_tui'))") == "None\n"

    # 1. ketcover is not on a public index: a VCS requirement next to the examples, in one command.
    source = ketcover_source(tmp_path / "ketcover-src")
    examples = [copy_distribution(REPO / "plugins" / name, tmp_path / name)
                for name in ("ketcover-example-hsa", "ketcover-example-spravato")]
    # The same form as "ketcover @ git+https://host/ketcover.git@v0.1.0"; a git+ URL needs a host: localhost.
    venv.run_python("-m", "pip", "install", "-q", "--no-build-isolation", f"ketcover @ git+file://localhost{source}",
                    *map(str, examples))
    where = venv.run_python("-c", "import ketcover_tui; print(ketcover_tui.__file__)")
    assert where.startswith(str(tmp_path / "env"))  # its own ketcover, not the repository's
    found = plugins(venv)
    assert found["hsa"]["contributions"] == {"register_funding_sources": ["hsa-fsa"]}
    assert found["spravato"]["contributions"] == {"register_checklists": ["spravato-coverage"]}
    assert all(p["state"] == "ok" for p in found.values()), found
    ran = venv.ketcover("fund", "hsa-fsa", "--amount", "4200", "--tax-rate", "22").stdout
    assert "saves about $924.00" in ran and "UNVERIFIED" in ran
    states = venv.ketcover("fund", "state-programs", "--state", "CA").stdout  # bundled data made it into the wheel
    assert "California Department of Insurance" in states and "Apache License" in states

    # 2. The guide's plugin, exactly as docs/plugins.md shows it.
    guide = write_guide_plugin(tmp_path / "guide")
    venv.ketcover("install", "--no-build-isolation", str(guide))
    checked = venv.ketcover("plugins", "--check", check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert any(line.startswith(f"ok      {NAME} ({DIST} 0.1.0)") for line in checked.stdout.splitlines())
    tests = venv.run_python("-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=guide)
    assert "7 passed" in tests
    assert f"{MODULE}" in plugins(venv)[NAME]["module"] and plugins(venv)[NAME]["state"] == "ok"
    fund = venv.ketcover("fund", "sliding-scale", "--amount", "4200", "--discount", "20", "--months", "12").stdout
    assert "With a 20% discount you pay $3,360.00: $280.00 a month for 12 months." in fund
    data = tmp_path / "data"
    mark_demo_folder(data)  # made-up cases: the test's date applies
    case = CaseStore(data).create(sample_case(records=True))
    letter = venv.ketcover("export", "letter", case.id, "hardship-request", "--format", "html", "-o", "-").stdout
    assert letter.startswith("<!DOCTYPE html>") and "<h1>Request for a hardship discount</h1>" in letter
    calls = venv.ketcover("export", "calls", case.id, "--format", "html", "-o", "-").stdout
    assert "INQ-7781" in calls and "<h1>" in calls

    # 3. A new plugin from the scaffold: installed, its own tests pass, and so do the checks.
    venv.ketcover("plugins", "new", "my-lender", "--dir", str(tmp_path))
    new = tmp_path / "ketcover-my-lender"
    assert {p.name for p in new.iterdir()} == {"pyproject.toml", "README.md", "LICENSE", "ketcover_my_lender", "tests"}
    venv.ketcover("install", "--no-build-isolation", str(new))
    assert "8 passed" in venv.run_python("-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=new)
    checked = venv.ketcover("plugins", "--check", check=False)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1] == "11 of 11 plugins passed."  # 7 built in, 2 examples, 2 new
    assert plugins(venv)["my-lender"]["contributions"] == {
        "register_checklists": ["my-lender-steps"], "register_call_scripts": ["my-lender-network"],
        "register_funding_sources": ["my-lender-payments"], "register_letter_templates": ["my-lender-payment-plan"],
        "register_exporters": ["my-lender-adoc"]}

    # 4. Uninstalling takes a plugin away again.
    venv.ketcover("uninstall", "ketcover-example-hsa")
    assert "hsa" not in {p["name"] for p in json.loads(venv.ketcover("plugins", "--json", "--all").stdout)}
    assert "hsa-fsa" not in venv.ketcover("fund", "--list").stdout
