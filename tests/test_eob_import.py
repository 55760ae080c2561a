"""`ketcover import eob`: real 835 and FHIR files into real case files, reviewed, deduplicated, reversed, matched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from eob_samples import fhir_bundle, fhir_eob, fhir_patient_and_coverage, reversal_of, visit, x12_835
from ketcover_tui.domain.case import Case, Patient, Plan
from ketcover_tui.domain.journal import Session
from ketcover_tui.store import CaseStore

pytestmark = pytest.mark.clock

MARCH_2, MARCH_4 = date(2026, 3, 2), date(2026, 3, 4)


def ketcover(*args, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, env=os.environ.copy(), timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


def make_case(data_dir, name="José Müller", member="W100200300", sessions=(MARCH_2, MARCH_4)) -> Case:
    case = Case(patient=Patient(name=name), plan=Plan(insurer="Acme Health Plan", member_id=member))
    case.journal.sessions = [Session(on=day) for day in sessions]
    return CaseStore(data_dir).create(case)


def eobs(data_dir, case_id):
    return [e for e in CaseStore(data_dir).load(case_id).money.entries if e.kind == "eob"]


def test_835_dry_run_shows_changes_writes_nothing_then_yes_applies(tmp_path, data_dir):
    case = make_case(data_dir)
    remit = tmp_path / "remit.835"
    remit.write_text(x12_835([visit(1, MARCH_2), visit(2, MARCH_4)]))
    dry = json.loads(ketcover("import", "eob", case.id, str(remit), "--dry-run", "--json").stdout)
    assert [(c["area"], c["action"]) for c in dry["changes"]] == [("Money", "add"), ("Money", "add"),
                                                                   ("Documents", "add")]
    assert dry["changes"][0]["details"]["billed"] == "500.00" and eobs(data_dir, case.id) == []
    assert ketcover("import", "eob", case.id, str(remit), check=False).returncode == 1  # no terminal, no --yes
    assert eobs(data_dir, case.id) == []

    ketcover("import", "eob", case.id, str(remit), "--yes")
    saved = CaseStore(data_dir).load(case.id)
    first = next(e for e in saved.money.entries if e.reference == "PAYER0000001")
    assert (first.billed, first.allowed, first.paid_plan, first.patient_share, first.deductible) == (
        Decimal("500.00"), Decimal("350.00"), Decimal("280.00"), Decimal("70.00"), Decimal("20.00"))
    assert [line.code for line in first.lines] == ["96365", "J3490"] and first.on == date(2026, 3, 10)
    assert first.session_ids == [saved.journal.sessions[0].id]
    assert [d.kind for d in saved.documents] == ["x12"]

    again = json.loads(ketcover("import", "eob", case.id, str(remit), "--dry-run", "--json").stdout)
    assert {c["action"] for c in again["changes"]} == {"keep"}  # re-import: nothing new
    ketcover("import", "eob", case.id, str(remit), "--yes")
    assert len(eobs(data_dir, case.id)) == 2 and len(CaseStore(data_dir).load(case.id).documents) == 1


def test_reversal_adjusts_the_original_instead_of_adding_one(tmp_path, data_dir):
    case = make_case(data_dir)
    paid = visit(1, MARCH_2)
    (tmp_path / "a.835").write_text(x12_835([paid]))
    ketcover("import", "eob", case.id, str(tmp_path / "a.835"), "--yes")
    (tmp_path / "b.835").write_text(x12_835([reversal_of(paid)], check="EFT0002", paid_on=date(2026, 4, 1)))
    plan = json.loads(ketcover("import", "eob", case.id, str(tmp_path / "b.835"), "--dry-run", "--json").stdout)
    assert plan["changes"][0]["action"] == "adjust"
    ketcover("import", "eob", case.id, str(tmp_path / "b.835"), "--yes")
    [entry] = eobs(data_dir, case.id)
    assert entry.paid_plan == Decimal("0.00") and entry.billed == Decimal("0.00") and "Reversal" in entry.notes
    ketcover("import", "eob", case.id, str(tmp_path / "b.835"), "--yes")  # the same reversal again: no change
    assert len(eobs(data_dir, case.id)) == 1 and eobs(data_dir, case.id)[0].paid_plan == Decimal("0.00")


def test_denied_lines_become_denials_only_with_notice_and_receipt_dates(tmp_path, data_dir):
    case = make_case(data_dir)
    remit = tmp_path / "denied.835"
    remit.write_text(x12_835([visit(2, MARCH_4, denied_with="50")]))
    plan = json.loads(ketcover("import", "eob", case.id, str(remit), "--dry-run", "--json").stdout)
    assert "Appeals" not in {c["area"] for c in plan["changes"]}
    assert any("--notice-date" in n and "CO-50" in n for n in plan["notes"])
    ketcover("import", "eob", case.id, str(remit), "--yes", "--notice-date", "2026-03-12", "--received", "2026-03-16")
    [denial] = CaseStore(data_dir).load(case.id).appeals.denials
    assert denial.reason == "medical_necessity" and denial.reference == "PAYER0000002"
    assert (denial.notice_date, denial.received) == (date(2026, 3, 12), date(2026, 3, 16))  # never 03-10, the EFT
    assert denial.post_service and "CO-50" in denial.notes
    assert denial.quoted == ""  # an EOB has codes, not the notice's words: a letter never quotes ours as theirs


def test_clinic_file_is_matched_by_member_and_name_and_each_vault_keeps_only_its_patient(tmp_path, data_dir):
    jose = make_case(data_dir)
    li = make_case(data_dir, name="李雷 Li Lei", member="W900")
    remit = tmp_path / "clinic.835"
    remit.write_text(x12_835([visit(1, MARCH_2), visit(2, MARCH_2, member="W900", last="LI", first="LEI"),
                              visit(3, MARCH_2, member="W555", last="DOE", first="JANE"),
                              visit(4, MARCH_2, member="W900", last="SMITH", first="ANN")]))
    plan = json.loads(ketcover("import", "eob", "--match", str(remit), "--dry-run", "--json").stdout)
    assert sum("unmatched" in n for n in plan["notes"]) == 2
    ketcover("import", "eob", "--match", str(remit), "--yes")
    assert [e.reference for e in eobs(data_dir, jose.id)] == ["PAYER0000001"]
    assert [e.reference for e in eobs(data_dir, li.id)] == ["PAYER0000002"]
    kept = (data_dir / "documents" / li.id)
    [extract] = list(kept.iterdir())
    text = extract.read_text()
    assert "PAYER0000002" in text and "MULLER" not in text and "DOE" not in text and "SMITH" not in text
    from ketcover_tui.intake.x12_835 import read_835
    with extract.open("rb") as stream:  # the extract is itself a valid 835 (pyx12 finds no error)
        assert [c.claim_number for c in read_835(stream, extract.name).file.claims] == ["PAYER0000002"]


def test_a_claim_for_another_member_is_not_imported_into_a_named_case(tmp_path, data_dir):
    case = make_case(data_dir)
    remit = tmp_path / "r.835"
    remit.write_text(x12_835([visit(1, MARCH_2), visit(2, MARCH_2, member="W555", last="DOE", first="JANE")]))
    plan = json.loads(ketcover("import", "eob", case.id, str(remit), "--dry-run", "--json").stdout)
    assert [c["action"] for c in plan["changes"] if c["area"] == "Money"] == ["add"]
    assert any("another member id" in n for n in plan["notes"])


@pytest.mark.parametrize("form", ["bundle", "single", "ndjson"])
def test_fhir_eobs_import_from_a_bundle_a_resource_or_ndjson(tmp_path, data_dir, form):
    case = make_case(data_dir)
    resources = [fhir_eob(1, MARCH_2), fhir_eob(2, MARCH_4)] + fhir_patient_and_coverage()
    path = tmp_path / "eob.json"
    if form == "bundle":
        path.write_text(json.dumps(fhir_bundle(resources)))
    elif form == "single":
        path.write_text(json.dumps(resources[0], indent=2))
    else:
        path.write_text("\n".join(json.dumps(r) for r in resources) + "\n")
    ketcover("import", "eob", case.id, str(path), "--yes")
    entries = sorted(eobs(data_dir, case.id), key=lambda e: e.reference)
    assert len(entries) == (1 if form == "single" else 2)
    assert (entries[0].allowed, entries[0].paid_plan, entries[0].patient_share) == (
        Decimal("350.00"), Decimal("280.00"), Decimal("70.00"))
    [kept] = CaseStore(data_dir).load(case.id).documents
    assert kept.kind == "fhir"


def test_only_one_denial_date_is_a_usage_error(tmp_path, data_dir):
    case = make_case(data_dir)
    remit = tmp_path / "r.835"
    remit.write_text(x12_835([visit(2, MARCH_4, denied_with="96")]))
    result = ketcover("import", "eob", case.id, str(remit), "--yes", "--notice-date", "2026-03-12", check=False)
    assert result.returncode == 2 and "--received" in result.stderr and eobs(data_dir, case.id) == []


@pytest.mark.permissions
def test_in_a_terminal_the_import_asks_and_writes_on_yes(tmp_path, data_dir):
    import pty
    import select

    case = make_case(data_dir)
    remit = tmp_path / "r.835"
    remit.write_text(x12_835([visit(1, MARCH_2)]))
    for answer, written in ((b"n\n", 0), (b"y\n", 1)):
        leader, follower = pty.openpty()
        child = subprocess.Popen([sys.executable, "-m", "ketcover_tui.cli", "import", "eob", case.id, str(remit)],
                                 stdin=follower, stdout=follower, stderr=follower, env=os.environ.copy())
        os.close(follower)
        seen = b""
        while b"[y/N]" not in seen:
            ready, _, _ = select.select([leader], [], [], 30)
            assert ready, seen
            seen += os.read(leader, 4096)
        assert b"add    Money" in seen
        os.write(leader, answer)
        assert child.wait(timeout=60) == 0
        os.close(leader)
        assert len(eobs(data_dir, case.id)) == written
    folder = data_dir / "documents" / case.id
    [kept] = list(folder.iterdir())
    assert (folder.stat().st_mode & 0o777, kept.stat().st_mode & 0o777) == (0o700, 0o600)


def test_progress_is_shown_on_a_terminal_only():
    import io

    from ketcover_tui.cli.import_flow import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    shown, hidden = Terminal(), io.StringIO()
    for stream in (shown, hidden):
        progress = Progress("Reading r.835", "claims", stream=stream)
        for n in range(1, 4):
            progress(n)
        progress.done()
    assert "Reading r.835: 3 claims." in shown.getvalue() and hidden.getvalue() == ""


def test_a_corrected_claim_updates_its_eob(tmp_path, data_dir):
    case = make_case(data_dir)
    first = visit(1, MARCH_2)
    (tmp_path / "a.835").write_text(x12_835([first]))
    ketcover("import", "eob", case.id, str(tmp_path / "a.835"), "--yes")
    first.lines[0].paid, first.status = "250", "1"  # the payer re-adjudicated: 50 more on 96365
    first.lines[0].cas = [("CO", "45", "100")]
    (tmp_path / "b.835").write_text(x12_835([first], check="EFT0009"))
    plan = json.loads(ketcover("import", "eob", case.id, str(tmp_path / "b.835"), "--dry-run", "--json").stdout)
    [money] = [c for c in plan["changes"] if c["area"] == "Money"]
    assert money["action"] == "update" and money["details"]["paid_plan"] == ["280.00", "330.00"]
    ketcover("import", "eob", case.id, str(tmp_path / "b.835"), "--yes")
    [entry] = eobs(data_dir, case.id)
    assert entry.paid_plan == Decimal("330.00")


def test_a_multi_patient_fhir_file_is_matched_and_each_case_keeps_only_its_own(tmp_path, data_dir):
    from fhir.resources.R4B.explanationofbenefit import ExplanationOfBenefit

    jose = make_case(data_dir)
    li = make_case(data_dir, name="李雷 Li Lei", member="W900")
    other = fhir_eob(7, MARCH_4)
    other["patient"] = {"reference": "Patient/p2"}
    other["insurance"] = [{"focal": True, "coverage": {"reference": "Coverage/c2"}}]
    people = fhir_patient_and_coverage()
    people += [{**people[0], "id": "p2", "name": [{"family": "Li", "given": ["Lei"]}],
                "identifier": [{**people[0]["identifier"][0], "value": "W900"}]},
               {**people[1], "id": "c2", "subscriberId": "W900", "beneficiary": {"reference": "Patient/p2"}}]
    path = tmp_path / "export.ndjson"
    path.write_text("\n".join(json.dumps(r) for r in [fhir_eob(1, MARCH_2), other, *people]) + "\n")
    ketcover("import", "eob", "--match", str(path), "--yes")
    assert [e.reference for e in eobs(data_dir, jose.id)] == ["PAYER0000001"]
    assert [e.reference for e in eobs(data_dir, li.id)] == ["PAYER0000007"]
    [extract] = list((data_dir / "documents" / li.id).iterdir())
    resources = [json.loads(line) for line in extract.read_text().splitlines()]
    assert {r["id"] for r in resources} == {"p2", "c2", "eob-7"} and "Müller" not in extract.read_text()
    ExplanationOfBenefit.model_validate(resources[-1])


def test_two_files_in_one_command_are_planned_in_order(tmp_path, data_dir):
    case = make_case(data_dir)
    paid = visit(1, MARCH_2)
    (tmp_path / "a.835").write_text(x12_835([paid]))
    (tmp_path / "b.835").write_text(x12_835([reversal_of(paid)], check="EFT0002", paid_on=date(2026, 4, 1)))
    files = [str(tmp_path / "a.835"), str(tmp_path / "b.835")]
    plan = json.loads(ketcover("import", "eob", case.id, *files, "--dry-run", "--json").stdout)
    assert [c["action"] for c in plan["changes"] if c["area"] == "Money"] == ["add", "adjust"]
    ketcover("import", "eob", case.id, *files, "--yes")
    [entry] = eobs(data_dir, case.id)
    assert entry.paid_plan == Decimal("0.00")
