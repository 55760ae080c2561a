"""The `ketcover` command, run as a real subprocess against real data folders."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from fake_plugins import install

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)


def ketcover(*args, env=None, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True,
                            text=True, env={**os.environ, **(env or {})}, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


def test_version_and_help_list_every_subcommand():
    assert ketcover("--version").stdout.startswith("ketcover ")
    help_text = ketcover("--help").stdout
    for command in ("cases", "demo", "plugins", "install", "uninstall", "screenshots"):
        assert command in help_text
    cases_help = ketcover("cases", "--help").stdout
    for action in ("list", "show", "export", "import"):
        assert action in cases_help


@pytest.mark.permissions
def test_demo_is_deterministic_for_a_seed(tmp_path):
    for name in ("a", "b"):
        ketcover("--data-dir", str(tmp_path / name), "demo", "--cases", "12", "--seed", "5")
    listed = [json.loads(ketcover("--data-dir", str(tmp_path / n), "cases", "list", "--json").stdout)
              for n in ("a", "b")]
    assert len(listed[0]) == 12 and listed[0] == listed[1]
    again = ketcover("--data-dir", str(tmp_path / "a"), "demo", "--cases", "12", "--seed", "5").stdout
    assert "Added 0 demo cases" in again
    other_seed = tmp_path / "c"
    ketcover("--data-dir", str(other_seed), "demo", "--cases", "12", "--seed", "6")
    assert json.loads(ketcover("--data-dir", str(other_seed), "cases", "list", "--json").stdout) != listed[0]
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700


@pytest.mark.permissions
def test_list_show_export_import_round_trip(tmp_path, data_dir):
    ketcover("demo", "--data-dir", str(data_dir), "--cases", "3", "--seed", "2")
    rows = json.loads(ketcover("cases", "list", "--json").stdout)
    case_id = rows[0]["id"]
    table = ketcover("cases", "list").stdout
    assert rows[0]["patient"] in table and "Stage" in table

    shown = json.loads(ketcover("cases", "show", case_id[:6], "--json").stdout)
    assert shown["id"] == case_id
    human = ketcover("cases", "show", case_id).stdout
    assert shown["patient"]["name"] in human and "Understand your plan" in human

    target = tmp_path / "case.json"
    ketcover("cases", "export", case_id, "-o", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    refused = ketcover("cases", "export", case_id, "-o", str(target), check=False)
    assert refused.returncode == 2 and "already exists" in refused.stderr

    advocate = tmp_path / "advocate"
    ketcover("--data-dir", str(advocate), "cases", "import", str(target))
    assert json.loads(ketcover("--data-dir", str(advocate), "cases", "show", case_id, "--json").stdout) == shown
    dup = ketcover("--data-dir", str(advocate), "cases", "import", str(target), check=False)
    assert dup.returncode == 2 and "--as-new" in dup.stderr


@pytest.mark.parametrize("content, reason", [
    ("{not json", "not valid JSON"),
    ('{"format": "something-else"}', "not a ketcover case export"),
    ('{"format": "ketcover-case", "schema": 1, "case": {"id": "abc", "patient": {"name": ""}}}', "patient.name"),
])
def test_invalid_import_is_refused_with_one_line_and_nothing_written(tmp_path, content, reason):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    folder = tmp_path / "data"
    # A fresh folder is no demo folder: run on the real date (KETCOVER_TODAY would be ignored, with a warning).
    result = ketcover("--data-dir", str(folder), "cases", "import", str(bad), check=False, env={"KETCOVER_TODAY": ""})
    assert result.returncode == 2
    assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (folder / "cases").exists() or list((folder / "cases").iterdir()) == []


@pytest.mark.parametrize("args", [
    ["demo", "--cases", "lots"],
    ["demo", "--cases", "0"],
    ["cases"],
    ["cases", "show"],
    ["frobnicate"],
    ["cases", "export", "abc"],
])
def test_bad_arguments_one_line_exit_2_nothing_written(tmp_path, args):
    folder = tmp_path / "data"
    result = ketcover("--data-dir", str(folder), *args, check=False)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("ketcover: ")
    assert not folder.exists()


def test_unknown_case_id_is_a_clear_error(data_dir):
    result = ketcover("cases", "show", "nosuchcase", check=False)
    assert result.returncode == 2 and "cases list" in result.stderr


def test_unreadable_case_is_named_on_stderr_and_others_listed(data_dir):
    ketcover("demo", "--data-dir", str(data_dir), "--cases", "2")
    bad = data_dir / "cases" / "0000000bad.json"
    bad.write_text("[1, 2")
    result = ketcover("cases", "list", "--json")
    assert len(json.loads(result.stdout)) == 2
    assert str(bad) in result.stderr
    assert bad.read_text() == "[1, 2"


def test_failing_plugin_gets_one_stderr_line_and_the_command_still_works(data_dir, site):
    install(site, "broken", 'raise RuntimeError("boom on import")\n')
    ketcover("demo", "--data-dir", str(data_dir), "--cases", "1")
    case_id = json.loads(ketcover("cases", "list", "--json").stdout)[0]["id"]
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    result = ketcover("cases", "show", case_id, env=env)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken" in lines[0] and "boom on import" in lines[0]
    assert "Understand your plan" in result.stdout


def test_demo_flag_points_subcommands_at_the_demo_folder(tmp_path):
    home = {"KETCOVER_HOME": str(tmp_path / "home")}
    ketcover("--demo", "demo", "--cases", "2", env=home)
    assert len(json.loads(ketcover("--demo", "cases", "list", "--json", env=home).stdout)) == 2
    assert json.loads(ketcover("cases", "list", "--json", env=home).stdout) == []
