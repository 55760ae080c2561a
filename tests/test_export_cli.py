"""`ketcover export calls`, run as a real subprocess on a real demo data folder."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys

import pypdf
import pytest

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)


def ketcover(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=120)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export-cli") / "data"
    assert ketcover("--data-dir", str(folder), "demo", "--cases", "6").returncode == 0
    listed = json.loads(ketcover("--data-dir", str(folder), "cases", "list", "--json").stdout)
    ids = {row["patient"]: row["id"] for row in listed}
    return folder, ids


@pytest.mark.permissions
def test_pdf_by_default_in_the_current_folder_named_without_the_patient(demo_dir, tmp_path):
    folder, ids = demo_dir
    result = ketcover("--data-dir", str(folder), "export", "calls", ids["José Müller"][:6], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [path] = tmp_path.glob("ketcover-calls-*.pdf")
    assert ids["José Müller"] in path.name and "Müller" not in path.name
    assert str(path) in result.stdout.decode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    assert "José Müller" in text and "Member id:" in text
    # The same command again does not overwrite: it picks the next free name.
    again = ketcover("--data-dir", str(folder), "export", "calls", ids["José Müller"], cwd=tmp_path)
    assert again.returncode == 0 and len(list(tmp_path.glob("ketcover-calls-*.pdf"))) == 2


def test_csv_json_md_with_a_date_range(demo_dir, tmp_path):
    folder, ids = demo_dir
    case_id = ids["Zoë Ørsted"]
    full = json.loads(ketcover("--data-dir", str(folder), "export", "calls", case_id, "-f", "json", "-o", "-").stdout)
    records = [b["fields"] for b in full["blocks"] if b["type"] == "record"]
    assert len(records) >= 2
    day = records[1]["started_at"][:10]
    out = tmp_path / "calls.csv"
    result = ketcover("--data-dir", str(folder), "export", "calls", case_id, "--format", "csv",
                      "--from", day, "--to", day, "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows and all(r["started_at"].startswith(day) for r in rows)
    assert [r["id"] for r in rows] == [r["id"] for r in records if r["started_at"].startswith(day)]
    md = ketcover("--data-dir", str(folder), "export", "calls", case_id, "-f", "md", "-o", "-").stdout.decode()
    assert md.startswith("# Call log · Zoë Ørsted")


@pytest.mark.parametrize("args, message", [
    (["--format", "xlsx"], "unknown format 'xlsx'; available: pdf, csv, md, json, docx, txt"),
    (["--from", "2026-02-30"], "expected a date written YYYY-MM-DD"),
    (["--from", "2026-05-01", "--to", "2026-04-01"], "is after --to"),
])
def test_bad_input_is_one_line_and_exit_2(demo_dir, tmp_path, args, message):
    folder, ids = demo_dir
    result = ketcover("--data-dir", str(folder), "export", "calls", ids["李雷"], *args, cwd=tmp_path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_existing_file_and_unknown_case_are_refused(demo_dir, tmp_path):
    folder, ids = demo_dir
    target = tmp_path / "mine.pdf"
    target.write_bytes(b"keep me")
    result = ketcover("--data-dir", str(folder), "export", "calls", ids["李雷"], "-o", str(target))
    assert result.returncode == 2 and b"already exists" in result.stderr
    assert target.read_bytes() == b"keep me"
    missing = ketcover("--data-dir", str(folder), "export", "calls", "zzzz")
    assert missing.returncode == 2 and b"no case with id" in missing.stderr


def test_without_exporter_plugins_the_message_says_why(demo_dir, tmp_path):
    folder, ids = demo_dir
    result = ketcover("--data-dir", str(folder), "export", "calls", ids["李雷"], cwd=tmp_path,
                      env={"KETCOVER_LOAD_PLUGINS": ""})
    assert result.returncode == 2 and b"KETCOVER_LOAD_PLUGINS" in result.stderr
