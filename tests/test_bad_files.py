"""One bad file never stops listing or start-up: it is reported with its path and reason, and skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from ketcover_tui.cli.main import main
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp


def two_cases(data_dir) -> tuple[CaseStore, list[str]]:
    store = CaseStore(data_dir)
    ids = [store.create(Case(patient=Patient(name))).id for name in ("Good One", "Good Two")]
    store.summaries()  # the index now knows them
    return store, ids


def break_plan_changes(store: CaseStore) -> str:
    bad = store.create(Case(patient=Patient("Odd File")))
    path = store.case_path(bad.id)
    data = json.loads(path.read_text())
    data["case"]["1"]["calls"] = [{"id": "c1", "started_at": "2026-01-05T10:00:00", "plan_changes": 5}]
    path.write_text(json.dumps(data))
    return bad.id


def listed(data_dir, capsys) -> tuple[int, list[str], str]:
    code = main(["--data-dir", str(data_dir), "cases", "list", "--json"])
    out = capsys.readouterr()
    return code, sorted(s["patient"] for s in json.loads(out.out or "[]")), out.err


BAD_FILES = {
    "plan_changes: 5": lambda store: store.case_path(break_plan_changes(store)),
    "a FIFO": lambda store: (os.mkfifo(store.cases_dir / "fifo0001.json"), store.cases_dir / "fifo0001.json")[1],
    "a symlink to /dev/zero": lambda store: (os.symlink("/dev/zero", store.cases_dir / "zero0001.json"),
                                             store.cases_dir / "zero0001.json")[1],
    "a symlink loop": lambda store: (os.symlink("loop0001.json", store.cases_dir / "loop0001.json"),
                                     store.cases_dir / "loop0001.json")[1],
    "not JSON": lambda store: (store.cases_dir.joinpath("junk0001.json").write_bytes(b"\x00\xff{"),
                               store.cases_dir / "junk0001.json")[1],
}


@pytest.mark.parametrize("what", list(BAD_FILES))
def test_cases_list_reports_a_bad_file_and_lists_the_rest(what, data_dir, capsys):
    store, _ = two_cases(data_dir)
    bad_path = BAD_FILES[what](store)
    code, names, err = listed(data_dir, capsys)
    assert code == 0 and names == ["Good One", "Good Two"]
    assert str(bad_path) in err and "Traceback" not in err


@pytest.mark.parametrize("what", list(BAD_FILES))
async def test_start_up_shows_the_other_cases_and_the_problem(what, data_dir):
    store, _ = two_cases(data_dir)
    BAD_FILES[what](store)
    (data_dir / "index.json").unlink()  # start-up reads every file
    app = KetcoverApp(CaseStore(data_dir), plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert sorted(s.patient for s in app.case_summaries()) == ["Good One", "Good Two"]
        assert "Could not read" in str(app.screen.query_one("#home-problems").render())


INDEXES = {
    "a folder": lambda path: path.mkdir(),
    "wrong value types": lambda path: path.write_text(json.dumps({
        "schema": 3, "fields": ["id", "patient", "insurer", "plan_type", "stage", "updated", "follow_ups",
                                "deadlines", "demo"],
        "rows": [["abc", 5, None, [], {}, 1, "x", "y", "z", 1, 2, 3]]})),
    "rows not a list": lambda path: path.write_text(json.dumps({"schema": 3, "fields": [], "rows": 7})),
}


@pytest.mark.parametrize("what", list(INDEXES))
async def test_an_unusable_index_is_rebuilt_or_bypassed(what, data_dir, capsys):
    _, _ = two_cases(data_dir)
    index = data_dir / "index.json"
    index.unlink()
    INDEXES[what](index)
    code, names, _ = listed(data_dir, capsys)
    assert code == 0 and names == ["Good One", "Good Two"]
    app = KetcoverApp(CaseStore(data_dir), plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert sorted(s.patient for s in app.case_summaries()) == ["Good One", "Good Two"]


def test_a_symlink_at_the_index_lock_is_a_warning_not_a_traceback(data_dir, capsys):
    store, _ = two_cases(data_dir)
    (data_dir / "index.json").unlink()
    lock = store.locks_dir / "index.lock"
    lock.unlink(missing_ok=True)
    os.symlink("index.lock", lock)  # a loop: ELOOP on open
    code, names, err = listed(data_dir, capsys)
    assert code == 0 and names == ["Good One", "Good Two"]
    assert "could not be updated" in err and "Traceback" not in err


def test_listing_while_others_create_and_delete_never_fails(data_dir):
    store = CaseStore(data_dir)
    stop = threading.Event()
    errors: list[BaseException] = []

    def churn() -> None:
        other = CaseStore(data_dir)
        while not stop.is_set():
            case = other.create(Case(patient=Patient("Churn")))
            other.delete(case.id)

    worker = threading.Thread(target=churn)
    worker.start()
    try:
        for _ in range(150):
            try:
                store.summaries()
                assert store.problems == [], store.problems
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
    finally:
        stop.set()
        worker.join()
    assert errors == []


@pytest.mark.parametrize("folder", ["/etc/passwd", "/proc/1"])
def test_an_unusable_data_dir_is_one_line_exit_2(folder):
    run = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", folder, "cases", "list"],
                         capture_output=True, text=True, timeout=60, env={**os.environ, "KETCOVER_TODAY": ""})
    assert run.returncode == 2, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "data folder" in run.stderr
