"""The review step every `ketcover import …` shares: show the changes, ask, --dry-run, --json, --yes, no terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from ketcover_tui.cli.import_flow import Change, ImportPlan, plain, review

pytestmark = pytest.mark.clock


def ketcover(*args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, env=os.environ.copy(), timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


def plan(written: list) -> ImportPlan:
    changes = [Change("c1", "Money", "add", "EOB 2026-03-02 \x1b[31m90834", {"billed": "200.00"}, "CLP 1"),
               Change("c1", "Money", "keep", "EOB 2026-02-02 already recorded")]
    return ImportPlan("EOBs from remit.835", changes, apply=lambda: written.append(1) or "Added 1 EOB",
                      notes=["claim 9 not matched"])


def options(**kw):
    return SimpleNamespace(**({"dry_run": False, "json": False, "yes": False} | kw))


def test_dry_run_prints_changes_and_never_applies(capsys):
    written: list = []
    assert review(options(dry_run=True), plan(written)) == 0
    out = capsys.readouterr().out
    assert written == [] and "add    Money" in out and "[CLP 1]" in out and "claim 9 not matched" in out
    assert "\x1b" not in out and "nothing was written" in out


def test_json_dry_run_is_json_on_stdout(capsys):
    assert review(options(dry_run=True, json=True), plan([])) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["dry_run"] is True and document["applied"] is False
    assert [c["action"] for c in document["changes"]] == ["add", "keep"]
    assert document["changes"][0]["details"] == {"billed": "200.00"}


def test_no_terminal_and_no_yes_writes_nothing(capsys):
    written: list = []
    assert review(options(), plan(written), is_terminal=lambda: False) == 1
    assert written == [] and "--yes" in capsys.readouterr().err


@pytest.mark.parametrize("answer, applied", [("y", True), ("YES", True), ("", False), ("n", False)])
def test_terminal_asks_and_only_yes_applies(answer, applied):
    written: list = []
    assert review(options(), plan(written), ask=lambda prompt: answer, is_terminal=lambda: True) == 0
    assert bool(written) is applied


def test_yes_applies_without_asking(capsys):
    written: list = []
    assert review(options(yes=True, json=True), plan(written), ask=lambda p: pytest.fail("asked")) == 0
    assert written == [1] and json.loads(capsys.readouterr().out)["result"] == "Added 1 EOB"


def test_plain_never_passes_control_codes():
    assert plain("a\x1b[2Jb\rc\x00") == "a?[2Jb?c?"


@pytest.mark.permissions
def test_import_case_reviews_then_writes_only_with_yes(tmp_path, data_dir):
    ketcover("demo", "--data-dir", str(tmp_path / "src"), "--cases", "1", "--seed", "3")
    case_id = json.loads(ketcover("--data-dir", str(tmp_path / "src"), "cases", "list", "--json").stdout)[0]["id"]
    export = tmp_path / "case.json"
    ketcover("--data-dir", str(tmp_path / "src"), "cases", "export", case_id, "-o", str(export))

    dry = ketcover("import", "case", str(export), "--dry-run", "--json")
    assert json.loads(dry.stdout)["changes"][0]["details"]["id"] == case_id
    assert json.loads(ketcover("cases", "list", "--json").stdout) == []
    refused = ketcover("import", "case", str(export), check=False)  # no terminal, no --yes
    assert refused.returncode == 1 and json.loads(ketcover("cases", "list", "--json").stdout) == []
    assert "Imported case" in ketcover("import", "case", str(export), "--yes").stdout
    assert [r["id"] for r in json.loads(ketcover("cases", "list", "--json").stdout)] == [case_id]


def test_import_case_of_a_file_that_is_not_an_export_is_one_line_exit_2(tmp_path, data_dir):
    bad = tmp_path / "x.json"
    bad.write_bytes(b"PK\x03\x04 not json at all")
    result = ketcover("import", "case", str(bad), "--yes", check=False)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert not (data_dir / "cases").exists() or not list((data_dir / "cases").iterdir())
