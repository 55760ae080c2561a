"""Keys sent in one burst by tmux, and a bracketed paste, land in the fields they were typed for."""

from __future__ import annotations

import shlex
import sys
import time

import pytest

from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore, mark_demo_folder
from test_e2e_tmux import _own_tmux_server, pytestmark, terminal, tmux  # noqa: F401  (fixtures)


def app_command(data) -> str:
    return f"TERM=xterm-256color {shlex.quote(sys.executable)} -m ketcover_tui.cli --data-dir {shlex.quote(str(data))}"


def burst(term, *keys: str) -> None:
    """One send-keys call: tmux writes the whole sequence to the terminal at once."""
    tmux("send-keys", "-t", term.session, *keys, check=True)


def settled(store: CaseStore, case_id: str, ready, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        case = store.load(case_id)
        if ready(case):
            return case
        time.sleep(0.1)
    raise AssertionError("the burst was never saved")


def test_one_burst_per_form_fills_each_field(terminal, tmp_path):
    data = tmp_path / "data"
    mark_demo_folder(data)
    term = terminal(app_command(data))
    term.wait_for("No cases yet")
    burst(term, "n", "Alice Example", "Tab", "1990-01-01", "Tab", "OR", "Tab", "F33.2", "C-s")
    term.wait_for("1 case")
    store = CaseStore(data)
    [summary] = store.summaries()
    case = store.load(summary.id)
    assert (case.patient.name, case.patient.date_of_birth.isoformat(), case.patient.state) == \
        ("Alice Example", "1990-01-01", "OR")
    assert [c.icd10 for c in case.conditions] == ["F33.2"]

    burst(term, "Enter", "6", "n", "1-800-555-0142", "Tab", "Prior authorization", "Tab", "Dana", "Tab",
          "D-77", "Tab", "REF-1", "C-s")
    call = settled(store, case.id, lambda c: c.calls).calls[0]
    assert (call.number, call.department, call.rep_name, call.rep_id, call.reference) == \
        ("1-800-555-0142", "Prior authorization", "Dana", "D-77", "REF-1")

    burst(term, "5", "a", "Providence Interventional Psychiatry", "Tab", "4805 NE Glisan St, Portland, OR", "Tab",
          "5.5", "C-s")
    clinic = settled(store, case.id, lambda c: c.provider_search.candidates).provider_search.candidates[0]
    assert clinic.name == "Providence Interventional Psychiatry"
    assert clinic.address == "4805 NE Glisan St, Portland, OR"
    assert str(clinic.distance_miles) == "5.5"
    term.keys("C-q")
    term.wait_for("EXITED 0")


def test_a_bracketed_paste_stays_in_one_field_on_one_line(terminal, tmp_path):
    data = tmp_path / "data"
    mark_demo_folder(data)
    store = CaseStore(data)
    case = store.create(Case(patient=Patient("Paste Test")))
    term = terminal(app_command(data))
    term.wait_for("Paste Test")
    burst(term, "Enter", "6", "n", "1-800-555-0142", "Tab")
    term.wait_for("Number dialled")  # the call form is open (screens in between may never be drawn)
    time.sleep(0.5)
    tmux("set-buffer", "-b", "kc", "Member\tservices\nline two", check=True)
    tmux("paste-buffer", "-p", "-d", "-b", "kc", "-t", term.session, check=True)
    burst(term, "Tab", "Dana", "C-s")
    call = settled(store, case.id, lambda c: c.calls).calls[0]
    assert call.number == "1-800-555-0142"
    assert call.department == "Member services line two"
    assert call.rep_name == "Dana"
    term.keys("C-q")
    term.wait_for("EXITED 0")
