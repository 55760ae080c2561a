"""A case's documents go with it: to the trash and back, and inside `cases export` / `cases import`, all or nothing."""

from __future__ import annotations

import base64
import json

import pytest

import intake_pdfs as pdfs
from ketcover_tui.cli.main import main
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore, StoreError
from ketcover_tui.store.attachments import DocumentVault, check_bytes

pytestmark = pytest.mark.clock  # import checks dates against the export's day


@pytest.fixture
def stored(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient(name="محمد Müller", state="IL")))
    vault = DocumentVault(store)
    vault.add(case.id, check_bytes(pdfs.denial_letter_commercial(), "denial.pdf"))
    vault.add(case.id, check_bytes(pdfs.denial_text_medicaid(), "notice.txt", text=True))
    return store, case.id


def test_deleting_a_case_moves_its_documents_to_the_trash_and_restore_brings_them_back(stored):
    store, case_id = stored
    folder = store.root / "documents" / case_id
    before = sorted(p.name for p in folder.iterdir())
    trashed = store.delete(case_id)
    assert not folder.exists()
    assert sorted(p.name for p in (store.trash_dir / "documents" / trashed.stem).iterdir()) == before
    store.restore(case_id)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert DocumentVault(store).usable(store.load(case_id))[1] == []


def test_an_export_carries_every_document_and_an_import_brings_them_all(stored, tmp_path, capsys):
    store, case_id = stored
    out = tmp_path / "case.json"
    assert main(["cases", "export", case_id, "-o", str(out)]) == 0
    exported = json.loads(out.read_text())
    assert sorted(exported["files"]) == ["denial.pdf", "notice.txt"]
    assert main(["cases", "import", str(out), "--as-new"]) == 0
    new_id = next(s.id for s in store.summaries() if s.id != case_id)
    vault = DocumentVault(store)
    copies = {d.name: vault.read(new_id, d) for d in store.load(new_id).documents}
    originals = {d.name: vault.read(case_id, d) for d in store.load(case_id).documents}
    assert copies == originals


@pytest.mark.parametrize("spoil, message", [
    (lambda files: files.update({"denial.pdf": base64.b64encode(b"%PDF-1.4 other").decode()}), "checksum differs"),
    (lambda files: files.pop("notice.txt"), "does not hold it"),
    (lambda files: files.update({"../../escape.pdf": "AAAA"}), "does not list"),
    (lambda files: files.update({"notice.txt": "not base64!"}), "not valid base64"),
])
def test_an_export_with_a_bad_file_imports_nothing(stored, spoil, message):
    store, case_id = stored
    document = store.export_document(case_id)
    spoil(document["files"])
    with pytest.raises(StoreError, match=message):
        store.import_document(document, as_new=True)
    assert [s.id for s in store.summaries()] == [case_id]
    assert sorted(p.name for p in (store.root / "documents").iterdir()) == [case_id]  # no staging left


def test_an_export_refuses_when_a_document_is_missing_from_the_folder(stored):
    store, case_id = stored
    (store.root / "documents" / case_id / "denial.pdf").unlink()
    with pytest.raises(StoreError, match="denial.pdf is missing"):
        store.export_document(case_id)
