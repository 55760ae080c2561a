"""The EOB test files are the real formats (pyx12 and fhir.resources accept them), and bad files are refused whole."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import date

import pytest

from eob_samples import fhir_bundle, fhir_eob, fhir_patient_and_coverage, reversal_of, visit, x12_835
from ketcover_tui.domain.case import Case, Patient, Plan
from ketcover_tui.intake.source import MAX_IMPORT_BYTES, IntakeError, open_checked
from ketcover_tui.store import CaseStore

MARCH_2 = date(2026, 3, 2)


def pyx12_errors(text: str) -> list:
    """pyx12's own validator (x12n_document): the errors it reports, as JSON objects."""
    import pyx12.params
    import pyx12.x12n_document

    out = io.StringIO()
    ok = pyx12.x12n_document.x12n_document(pyx12.params.params(), io.StringIO(text), None, None, fd_json=out)
    found = []

    def walk(node):
        if isinstance(node, dict):
            found.extend(node.get("errors") or ())
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(out.getvalue()))
    return found if ok or found else ["x12n_document returned False"]


@pytest.mark.parametrize("claims", [
    [visit(1, MARCH_2)],
    [visit(1, MARCH_2), visit(2, MARCH_2, denied_with="50"), visit(3, MARCH_2, denied_with="96")],
    [reversal_of(visit(1, MARCH_2))],
])
def test_sample_835s_validate_with_pyx12(claims):
    assert pyx12_errors(x12_835(claims)) == []


def test_an_extract_is_itself_a_valid_835():
    from ketcover_tui.intake.x12_835 import read_835

    text = x12_835([visit(1, MARCH_2), visit(2, MARCH_2, member="W9", last="DOE", first="JANE")])
    remit = read_835(io.BytesIO(text.encode()), "r.835")
    extract = remit.file.extractor(remit.file.claims[1:]).decode()
    assert pyx12_errors(extract) == [] and "MULLER" not in extract and "DOE" in extract


def test_sample_fhir_resources_validate_with_fhir_resources_r4b_and_carin_fields():
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.explanationofbenefit import ExplanationOfBenefit

    from ketcover_tui.intake.fhir_eob import carin_problems

    eob = ExplanationOfBenefit.model_validate(fhir_eob(1, MARCH_2, denied_with="50"))
    assert carin_problems(eob) == []
    assert eob.meta.profile[0].endswith("C4BB-ExplanationOfBenefit-Professional-NonClinician")
    bundle = Bundle.model_validate(fhir_bundle([fhir_eob(2, MARCH_2), *fhir_patient_and_coverage()]))
    assert [e.resource.get_resource_type() for e in bundle.entry] == ["ExplanationOfBenefit", "Patient", "Coverage"]


# --- bad and hostile files: one line, exit 2, nothing written --------------------------------------------------

def ketcover(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=os.environ.copy(), timeout=120)


def refused(data_dir, path, *, expect: str):
    case = CaseStore(data_dir).create(Case(patient=Patient("José Müller"), plan=Plan(member_id="W100200300")))
    before = (data_dir / "cases" / f"{case.id}.json").read_bytes()
    result = ketcover("import", "eob", case.id, str(path), "--yes")
    assert result.returncode == 2, result.stderr
    assert expect in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert (data_dir / "cases" / f"{case.id}.json").read_bytes() == before
    assert not (data_dir / "documents").exists() or not any((data_dir / "documents").rglob("*.*"))


def good_835() -> str:
    return x12_835([visit(1, MARCH_2), visit(2, MARCH_2)])


def test_truncated_835_is_refused(tmp_path, data_dir):
    text = good_835()
    path = tmp_path / "cut.835"
    path.write_text(text[: text.index("CLP*PC00002")])
    refused(data_dir, path, expect="truncated")


def test_835_with_wrong_segment_terminators_is_refused(tmp_path, data_dir):
    path = tmp_path / "newlines.835"
    text = good_835()
    head, rest = text.split("\n", 1)
    path.write_text(head + "\n" + rest.replace("~\n", "\n"))  # the ISA says '~', the segments end in newlines
    refused(data_dir, path, expect="wrong segment terminators")


def test_835_with_a_bad_code_is_refused_naming_the_line(tmp_path, data_dir):
    path = tmp_path / "bad.835"
    path.write_text(good_835().replace("CLP*PC00001*1*", "CLP*PC00001*Q*"))
    refused(data_dir, path, expect="Claim Status Code")


def test_a_zip_named_like_an_eob_is_refused(tmp_path, data_dir):
    path = tmp_path / "eob.json"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("eob.json", json.dumps(fhir_eob(1, MARCH_2)))
    refused(data_dir, path, expect="is a ZIP archive")


def test_fhir_that_is_not_carin_blue_button_is_refused(tmp_path, data_dir):
    eob = fhir_eob(1, MARCH_2)
    eob["use"] = "preauthorization"
    del eob["identifier"]
    path = tmp_path / "eob.json"
    path.write_text(json.dumps(eob))
    refused(data_dir, path, expect="no identifier")


def test_fhir_that_fhir_resources_rejects_is_refused(tmp_path, data_dir):
    eob = fhir_eob(1, MARCH_2)
    eob["item"][0]["servicedDate"] = "2026-13-45"
    path = tmp_path / "eob.ndjson"
    path.write_text(json.dumps(eob) + "\n" + json.dumps(fhir_eob(2, MARCH_2)) + "\n")
    refused(data_dir, path, expect="line 1: item.0.servicedDate")


def test_a_200_mb_ndjson_is_refused_before_it_is_read(tmp_path, data_dir):
    path = tmp_path / "huge.ndjson"
    line = (json.dumps(fhir_eob(1, MARCH_2)) + "\n").encode()
    chunk = line * max(1, (4 << 20) // len(line))
    with path.open("wb") as out:  # streamed to disk, never held in memory
        while out.tell() <= MAX_IMPORT_BYTES:
            out.write(chunk)
    refused(data_dir, path, expect="larger than 200 MB")


def test_a_file_that_grows_past_the_limit_while_read_is_stopped(tmp_path):
    path = tmp_path / "x.ndjson"
    path.write_bytes(b"{}\n" * 10)
    with open_checked(path, limit=30) as stream:
        path.write_bytes(b"{}\n" * 1000)  # grows after the size check
        with pytest.raises(IntakeError, match="grew past"):
            stream.read()


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.835"
    os.mkfifo(fifo)
    with pytest.raises(IntakeError, match="not a regular file"):
        open_checked(fifo)


def test_control_codes_in_a_payer_file_never_reach_the_terminal(tmp_path, data_dir):
    eob = fhir_eob(1, MARCH_2)
    eob["provider"]["display"] = "Calm\x1b[2J Mind\u202e"
    path = tmp_path / "eob.json"
    path.write_text(json.dumps(eob))
    case = CaseStore(data_dir).create(Case(patient=Patient("José Müller"), plan=Plan(member_id="W100200300")))
    result = ketcover("import", "eob", case.id, str(path), "--dry-run")
    assert result.returncode == 0 and "\x1b" not in result.stdout + result.stderr
    assert "not imported" in result.stdout and "control character" in result.stdout


def test_start_up_and_the_cli_parser_do_not_load_fhir_or_pyx12():
    code = ("import sys, ketcover_tui.store, ketcover_tui.tui.app, ketcover_tui.cli.main as m; m.build_parser();"
            "import ketcover_tui.intake.eob_changes, ketcover_tui.intake.fhir_eob, ketcover_tui.intake.x12_835;"
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('fhir', 'pyx12', 'pydantic')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_arbitrary_bytes_are_refused_with_a_message_never_a_crash():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from ketcover_tui.intake.fhir_eob import read_fhir
    from ketcover_tui.intake.x12_835 import read_835

    good = good_835().encode()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, len(good)), st.binary(max_size=40), st.sampled_from(["x12", "json", "ndjson"]))
    def check(cut, junk, kind):
        data = good[:cut] + junk if kind == "x12" else b"{" + junk
        try:
            if kind == "x12":
                read_835(io.BytesIO(b"ISA" + data[3:]), "f.835")
            else:
                read_fhir(io.BytesIO(data), "f.json", kind)
        except IntakeError:
            pass

    check()
