"""`ketcover fund`, run as a real subprocess against real data folders (and a local trials server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

from ctgov_server import CtGovServer, closed_port_url
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.vocab import PlanType
from ketcover_tui.store import CaseStore
from ketcover_tui.testing import sample_case

BUILTIN = "financing,crowdfunding,trials,state-programs"


def ketcover(*args, env=None, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True, text=True,
                            env={**os.environ, "KETCOVER_LOAD_PLUGINS": BUILTIN, **(env or {})}, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def case_id(data_dir):
    return CaseStore(data_dir).create(sample_case()).id


def test_list_shows_every_builtin_source_by_category():
    out = ketcover("fund", "--list").stdout.splitlines()
    assert out[0].split() == ["ID", "Category", "Title", "Plugin"]
    ids = [line.split()[0] for line in out[1:]]
    assert ids == ["loan", "deferred-interest", "compare-offers", "crowdfunding", "clinical-trials",
                   "state-programs"]
    listed = json.loads(ketcover("fund", "--list", "--json").stdout)
    assert listed[0]["fields"] == ["amount", "apr", "months"] and listed[0]["category"] == "financing"


def test_run_a_source_with_field_options():
    out = ketcover("fund", "loan", "--amount", "10000", "--apr", "6", "--months", "36").stdout
    assert "$304.22 a month for 36 months at 6% APR" in out
    assert "Options you can save to a case's funding plan (--case ID --save N):" in out


def test_source_help_lists_fields_with_labelled_hints():
    out = ketcover("fund", "deferred-interest", "--help").stdout
    assert "--promo-months CHOICE" in out and "one of: 6, 12, 18, 24" in out
    assert "32.99%" in out and "LOW confidence" in out
    assert ketcover("fund", "--help").stdout.startswith("usage: ketcover fund")


@pytest.mark.parametrize("args, message", [
    (("loan", "--amount", "abc", "--apr", "5", "--months", "12"), "--amount: Amount to finance ($): enter dollars"),
    (("loan", "--amount", "100", "--months", "12"), "--apr: Enter APR (%)"),
    (("loan", "--nope", "1"), "unrecognized arguments: --nope 1"),
    (("lender-x",), "no funding source 'lender-x'"),
    (("loan", "--amount", "1", "--apr", "1", "--months", "1", "--save", "1"), "--save needs --case ID"),
    ((), "name a funding source"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, message, data_dir):
    result = ketcover("fund", *args, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_defaults_from_a_case_and_saving_an_option(data_dir, case_id):
    store = CaseStore(data_dir)
    before = store.load(case_id)
    out = ketcover("fund", "crowdfunding", "--case", case_id[:6], "--average-gift", "100",
                   "--donations", "100, 100").stdout
    assert "Ask for $4,338.85 to keep $4,200.00" in out  # 6 × $700 from the case
    assert store.load(case_id).updated == before.updated  # running alone writes nothing
    saved = ketcover("fund", "crowdfunding", "--case", case_id, "--average-gift", "100", "--donations",
                     "100, 100", "--save", "2", "--status", "received").stdout
    assert saved.startswith(f"Saved to the funding plan of {before.patient.name}: Crowdfunding: raised so far, $193.60")
    plan = store.load(case_id).funding
    [entry] = plan.entries
    assert (entry.amount, entry.status.value, entry.source) == (Decimal("193.60"), "received", "crowdfunding")
    assert plan.inputs["crowdfunding"] == {"average_gift": "100", "donations": "100, 100"}  # typed values kept
    shown = ketcover("fund", "--plan", "--case", case_id).stdout
    assert "Received" in shown and "$193.60" in shown and "Gap to the estimate: $4,006.40" in shown
    as_json = json.loads(ketcover("fund", "--plan", "--case", case_id, "--json").stdout)
    assert as_json["secured"] == "193.60" and as_json["entries"][0]["label"] == "Crowdfunding: raised so far"


def test_save_number_out_of_range_writes_nothing(data_dir, case_id):
    result = ketcover("fund", "loan", "--case", case_id, "--apr", "5", "--months", "12", "--save", "3",
                      check=False)
    assert result.returncode == 2 and "--save must be from 1 to 1" in result.stderr
    assert CaseStore(data_dir).load(case_id).funding.entries == []


def test_json_result_keeps_money_as_text():
    data = json.loads(ketcover("fund", "compare-offers", "--amount", "1000", "--offer-a-apr", "0",
                               "--offer-a-months", "10", "--json").stdout)
    assert data["choices"][0]["amount"] == "1000.00" and data["rows"][0]["cells"][1] == "$100.00"


def test_state_programs_for_a_unicode_named_case(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient("Ελένη Παπαδοπούλου", state="NY")))
    store.update(case.id, lambda c: setattr(c.plan, "plan_type", PlanType.MEDICAID))
    out = " ".join(ketcover("fund", "state-programs", "--case", case.id).stdout.split())  # unwrapped
    assert "For a Medicaid plan in New York, start with:" in out
    assert "★ Medicaid agency" in out and "Apache License 2.0" in out and "as of 2026-08-21" in out


def test_trials_against_a_local_server_and_offline(data_dir, case_id):
    with CtGovServer() as server:
        out = ketcover("fund", "clinical-trials", "--case", case_id, "--page-size", "2",
                       env={"KETCOVER_CLINICALTRIALS_URL": server.base_url}).stdout
    assert "NCT09000001 · Recruiting · Phase 2" in out
    assert "More results: run again with --page-token NF0g5JGBlPMuwQY --page 2" in out
    assert any((data_dir / "cache" / "funding" / "clinical-trials").iterdir())
    offline = ketcover("fund", "clinical-trials", "--condition", "migraine",
                       env={"KETCOVER_CLINICALTRIALS_URL": closed_port_url()}, check=False)
    assert offline.returncode == 1 and offline.stdout == ""
    assert offline.stderr.startswith("ketcover: Could not reach ClinicalTrials.gov")
    assert "You may be offline" in offline.stderr and len(offline.stderr.splitlines()) == 1
