"""One clock: today is the user's local date, tests can move it, real records never get a fake one."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import time_machine

from ketcover_tui.domain import clock
from ketcover_tui.demo import demo_cases
from ketcover_tui.domain.funding import FundingContext
from ketcover_tui.store import CaseStore, is_demo_folder

pytestmark = pytest.mark.clock

REPO = Path(__file__).resolve().parents[1]


def ketcover(*args, env=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, cwd=cwd)


def test_every_read_of_the_clock_goes_through_the_one_clock():
    """No module but domain/clock.py asks the system for today or now (the trash file name excepted)."""
    allowed = {REPO / "ketcover_tui" / "domain" / "clock.py"}
    offenders = []
    for path in [*REPO.joinpath("ketcover_tui").rglob("*.py"), *REPO.joinpath("plugins").rglob("*.py")]:
        if path in allowed or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("today", "now", "utcnow") \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in ("date", "datetime"):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    # The one exception: a trashed file's unique name, a real timestamp never shown as a date.
    assert [spot.split(":")[0] for spot in offenders] == ["ketcover_tui/store/trash.py"], offenders


def test_today_is_the_local_date_of_the_process_not_utc(monkeypatch):
    instant = datetime(2026, 12, 2, 5, 30, tzinfo=timezone.utc)  # still Dec 1 in California, Dec 2 in Tokyo
    try:
        for tz, expected in (("America/Los_Angeles", date(2026, 12, 1)), ("Asia/Tokyo", date(2026, 12, 2)),
                             ("UTC", date(2026, 12, 2))):
            monkeypatch.setenv("TZ", tz)
            time.tzset()
            with time_machine.travel(instant.timestamp(), tick=False):  # an instant: keeps our TZ
                assert clock.today() == expected, tz
                assert clock.now().date() == expected and clock.now().utcoffset() is not None
                assert clock.now_iso().startswith("2026-12-02T05:30:00")  # records: UTC
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_frozen_test_clock_moves_the_date_but_not_the_monotonic_clock(frozen_clock):
    assert clock.today() == frozen_clock == date.today()
    start = time.monotonic()
    time.sleep(0.05)
    assert time.monotonic() - start >= 0.04  # Textual's timers and file-lock timeouts still see real time


def test_a_fixed_day_keeps_the_real_time_of_day():
    clock.fix_today(date(2030, 2, 28))
    try:
        assert clock.today() == date(2030, 2, 28)
        assert clock.now().date() == date(2030, 2, 28)
        assert clock.now_iso().startswith(("2030-02-27", "2030-02-28", "2030-03-01"))  # UTC of a local time
    finally:
        clock.fix_today(None)


def test_plugins_get_the_clock_through_their_context():
    clock.fix_today(date(2031, 7, 4))
    try:
        context = FundingContext()
        assert context.today() == date(2031, 7, 4)
        assert context.now().tzinfo is not None and context.now().astimezone().date() == date(2031, 7, 4)
    finally:
        clock.fix_today(None)


@pytest.mark.parametrize("text", ["2026-13-01", "tomorrow", "2026-2-3"])
def test_a_bad_ketcover_today_is_one_line_that_says_what_to_type(tmp_path, text):
    result = ketcover("--demo", "cases", "list", env={"KETCOVER_HOME": str(tmp_path), "KETCOVER_TODAY": text})
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr or "not a real date" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ketcover_today_dates_demo_data_but_never_real_records(tmp_path):
    home = tmp_path / "home"
    env = {"KETCOVER_HOME": str(home), "KETCOVER_TODAY": "2031-05-20"}
    made = ketcover("demo", "--cases", "4", env=env)
    assert made.returncode == 0 and "warning" not in made.stderr
    demo = json.loads(ketcover("--demo", "cases", "list", "--json", env=env).stdout)
    assert {row["updated"][:7] for row in demo} <= {"2031-05", "2031-04"}  # dated around the fixed day
    # A real folder: the fixed day is ignored, with a warning, and the record gets the real date.
    case = {"format": "ketcover-case", "schema": 1,
            "case": {"id": "abc123", "patient": {"name": "Ann Real"}, "stage": "researching"}}
    (tmp_path / "case.json").write_text(json.dumps(case))
    imported = ketcover("cases", "import", str(tmp_path / "case.json"), env=env)
    assert imported.returncode == 0
    assert imported.stderr.count("\n") == 1 and "KETCOVER_TODAY is ignored" in imported.stderr
    assert "not a demo folder" in imported.stderr
    stored = CaseStore(home).load("abc123")
    real_today = time_machine.escape_hatch.datetime.datetime.now(timezone.utc).date()  # the child's clock
    assert abs((date.fromisoformat(stored.created[:10]) - real_today).days) <= 1, stored.created


def test_demo_without_data_dir_goes_to_the_demo_folder_even_with_ketcover_home(tmp_path):
    home = tmp_path / "real-patients"
    env = {"KETCOVER_HOME": str(home)}
    result = ketcover("demo", "--cases", "3", env=env)
    assert result.returncode == 0 and str(home / "demo") in result.stdout
    assert json.loads(ketcover("cases", "list", "--json", env=env).stdout) == []  # the real folder: untouched
    listed = json.loads(ketcover("--demo", "cases", "list", "--json", env=env).stdout)
    assert len(listed) == 3 and all(row["demo"] for row in listed)
    assert is_demo_folder(home / "demo") and not is_demo_folder(home)
    assert "(demo)" in ketcover("--demo", "cases", "list", env=env).stdout


def test_demo_cases_among_real_ones_need_data_dir_say_where_and_can_be_removed(tmp_path):
    folder = tmp_path / "clinic"
    real = CaseStore(folder)
    from ketcover_tui.domain.case import Case, Patient

    kept = real.create(Case(patient=Patient("Real Person")))
    added = ketcover("demo", "--data-dir", str(folder), "--cases", "2")
    assert added.returncode == 0 and str(folder) in added.stdout and "--remove" in added.stdout
    assert not is_demo_folder(folder)  # it holds a real case: never marked a demo folder
    rows = json.loads(ketcover("--data-dir", str(folder), "cases", "list", "--json").stdout)
    assert sorted(r["demo"] for r in rows) == [False, True, True]
    removed = ketcover("demo", "--remove", "--data-dir", str(folder))
    assert removed.returncode == 0 and "Moved 2 demo cases" in removed.stdout
    rows = json.loads(ketcover("--data-dir", str(folder), "cases", "list", "--json").stdout)
    assert [r["id"] for r in rows] == [kept.id]


@pytest.mark.parametrize("day", [date(2026, 12, 2), date(2027, 1, 1), date(2028, 2, 29), date(2031, 6, 15)])
def test_demo_data_looks_current_on_any_day_and_is_the_same_for_a_seed_and_a_day(day):
    clock.fix_today(day)
    try:
        cases = demo_cases(30, 1)
        assert [c.id for c in cases] == [c.id for c in demo_cases(30, 1)]
        assert [c.calls[-1].follow_up_due for c in cases if c.calls] == \
               [c.calls[-1].follow_up_due for c in demo_cases(30, 1) if c.calls]
        due = [call.follow_up_due for c in cases for call in c.calls if call.follow_up_due and not call.follow_up_done]
        overdue = [(day - d).days for d in due if d < day]
        upcoming = [d for d in due if d >= day]
        assert 0 < len(overdue) < len(upcoming), (overdue, len(upcoming))  # a few overdue, most upcoming
        assert max(overdue) <= 30  # overdue by days, not by a year
        for c in cases:
            assert c.demo and c.updated[:10] <= day.isoformat() and c.created <= c.updated
            assert all(s.on < day for s in c.journal.sessions)
            assert all(call.started.date() <= day for call in c.calls)
    finally:
        clock.fix_today(None)


def test_demo_data_moves_with_the_day():
    clock.fix_today(date(2026, 12, 2))
    try:
        before = {c.id: c.updated for c in demo_cases(5, 3)}
        clock.fix_today(date(2026, 12, 2) + timedelta(days=400))
        after = {c.id: c.updated for c in demo_cases(5, 3)}
    finally:
        clock.fix_today(None)
    assert before.keys() == after.keys()
    for case_id in before:
        shift = datetime.fromisoformat(after[case_id]) - datetime.fromisoformat(before[case_id])
        assert shift == timedelta(days=400)
