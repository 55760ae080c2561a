"""`ketcover import denial` and `ketcover import sbc`: review, then write the record and keep the file, or nothing."""

from __future__ import annotations

import json
import os
import stat

import pytest

import intake_pdfs as pdfs
from ketcover_tui.cli.main import main
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.case_json import case_to_dict
from ketcover_tui.domain.input_rules import text_problems
from ketcover_tui.store import CaseStore

pytestmark = pytest.mark.clock  # the import checks dates against today


@pytest.fixture
def case_id(data_dir) -> str:
    return CaseStore(data_dir).create(Case(patient=Patient(name="José Müller", state="IL"))).id


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_a_dry_run_shows_every_field_with_its_words_and_page_and_writes_nothing(data_dir, case_id, tmp_path,
                                                                                 capsys):
    letter = write(tmp_path, "letter.pdf", pdfs.denial_letter_commercial())
    assert main(["import", "denial", case_id, letter, "--received", "2026-03-07", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Notice date: 2026-03-03 ← “March 3, 2026”  [p. 1, line 3]" in out
    assert "Appeals fax: (555) 010-4477" in out and "Dry run" in out
    case = CaseStore(data_dir).load(case_id)
    assert case.appeals.denials == [] and case.documents == []
    assert not (data_dir / "documents" / case_id / "letter.pdf").exists()


@pytest.mark.permissions
def test_yes_adds_the_denial_and_keeps_the_letter_in_one_save(data_dir, case_id, tmp_path, capsys):
    letter = write(tmp_path, "letter.pdf", pdfs.denial_letter_commercial())
    assert main(["import", "denial", case_id, letter, "--received", "2026-03-07", "--skip", "appeals_fax",
                 "--yes"]) == 0
    case = CaseStore(data_dir).load(case_id)
    [denial] = case.appeals.denials
    assert (denial.notice_date.isoformat(), denial.received.isoformat()) == ("2026-03-03", "2026-03-07")
    assert denial.notice_deadline.isoformat() == "2026-08-31" and denial.reason == "medical_necessity"
    assert "not medically necessary" in denial.quoted and denial.appeals_fax == ""
    [document] = case.documents
    assert (document.label, document.dated, document.filled) == ("denial letter", "2026-03-03",
                                                                  (f"denial:{denial.id}",))
    assert any(line.startswith("Notice date: 2026-03-03 (p. 1, line 3)") for line in document.taken)
    assert text_problems(case_to_dict(case)) == {}  # opens without "values today's rules refuse"
    stored = data_dir / "documents" / case_id / document.name
    assert stored.read_bytes() == open(letter, "rb").read()
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600


def test_a_text_letter_is_read_and_kept_as_text(data_dir, case_id, tmp_path, capsys):
    letter = write(tmp_path, "notice.txt", pdfs.denial_text_medicaid())
    assert main(["import", "denial", case_id, letter, "--yes", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["applied"] and any(c["details"].get("field") == "reason" for c in result["changes"])
    case = CaseStore(data_dir).load(case_id)
    assert case.appeals.denials[0].reason == "step_therapy" and case.documents[0].kind == "text"


@pytest.mark.parametrize("make, message", [
    (pdfs.zip_named_pdf, "is a ZIP archive"),
    (pdfs.scanned_pdf, "type the fields from it by hand"),
    (lambda: b"%PDF-1.4 broken", "not a readable PDF"),
])
def test_a_file_that_is_not_a_letter_is_one_line_exit_2_and_nothing_written(data_dir, case_id, tmp_path, capsys,
                                                                             make, message):
    path = write(tmp_path, "letter.pdf", make())
    assert main(["import", "denial", case_id, path, "--yes"]) == 2
    err = capsys.readouterr().err
    assert message in err and "nothing was imported" in err and len(err.strip().splitlines()) == 1
    case = CaseStore(data_dir).load(case_id)
    assert case.appeals.denials == [] and case.documents == []


def test_without_a_terminal_or_yes_nothing_is_written(data_dir, case_id, tmp_path, capsys):
    path = write(tmp_path, "sbc.pdf", pdfs.sbc_pdf())
    assert main(["import", "sbc", case_id, path]) == 1
    assert CaseStore(data_dir).load(case_id).benefits.ded_in_ind is None


def test_an_sbc_sets_the_accepted_plan_facts_marked_with_their_page(data_dir, case_id, tmp_path, capsys):
    path = write(tmp_path, "sbc.pdf", pdfs.sbc_pdf())
    assert main(["import", "sbc", case_id, path, "--skip", "oop_out_fam", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Deductible, in-network, individual: $1,500.00 ← “$1,500 individual / $3,000 family for network " \
           "providers”  [p. 1, line 11]" in out
    case = CaseStore(data_dir).load(case_id)
    plan = case.benefits
    assert plan.ded_in_ind == 1500 and plan.oop_out_ind == 12000 and plan.oop_out_fam is None
    assert plan.fact_sources["ded_in_ind"] == "from SBC p. 1" and "oop_out_fam" not in plan.fact_sources
    assert {r.key for r in plan.sbc_rows} >= {"specialist", "mental_health_outpatient", "rx_specialty"}
    assert any("ketamine for depression" in e.text and e.where.startswith("SBC p. 4") for e in plan.exclusions)
    assert case.documents[0].label == "SBC" and case.documents[0].filled == ("plan",)
    # the same SBC again: nothing changes, the file is not stored twice
    assert main(["import", "sbc", case_id, path, "--skip", "oop_out_fam", "--yes"]) == 0
    again = CaseStore(data_dir).load(case_id)
    assert len(again.documents) == 1 and again.benefits.exclusions == plan.exclusions


def test_a_denial_letter_is_not_an_sbc(data_dir, case_id, tmp_path, capsys):
    path = write(tmp_path, "letter.pdf", pdfs.denial_letter_commercial())
    assert main(["import", "sbc", case_id, path, "--yes"]) == 2
    assert "does not read as a Summary of Benefits and Coverage" in capsys.readouterr().err
