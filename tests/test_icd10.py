"""ICD-10-CM codes against the CMS list, wherever a code is entered: the case form, import, the superbill."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ketcover_tui.domain import icd10cm
from ketcover_tui.domain.case import Case, InvalidCase, Patient, apply_form, form_values
from ketcover_tui.domain.identifiers import icd10_error
from ketcover_tui.store import CaseStore
from ketcover_tui.store.case_store import StoreError


def test_billable_codes_pass_and_a_category_names_its_billable_codes():
    for code in ("F33.2", "F32.A", "F43.12", "G90.511", "G43.709", "F41.1"):
        assert icd10_error(code) is None, code
    message = icd10_error("F33")
    assert "category, non-billable" in message and "Major depressive disorder, recurrent" in message
    assert "F33.0 Major depressive disorder, recurrent, mild" in message and "more" in message


@pytest.mark.parametrize("made_up", ["E92.17Y", "O7C.17", "F33.20", "G90.5Z"])
def test_made_up_codes_of_the_right_shape_are_refused_with_the_nearest_valid_codes(made_up):
    message = icd10_error(made_up)
    assert message and "not in the CMS ICD-10-CM code list" in message
    if made_up.startswith(("F33", "G90")):  # a valid start: the billable codes under it, with descriptions
        assert "nearest valid codes: " in message and ("F33.2 Major depressive" in message or "G90.5" in message)


def test_every_non_billable_category_of_chapter_f_is_refused():
    import simple_icd_10_cm as cm

    categories = [c for c in cm.get_all_codes(True)
                  if c.startswith("F") and cm.is_category_or_subcategory(c) and not cm.is_leaf(c)]
    assert len(categories) > 100
    assert [c for c in categories if not icd10cm.code_error(c)] == []


def test_the_case_form_flags_a_code_not_on_the_list():
    case = Case(patient=Patient("José Müller"))
    values = form_values(case) | {"conditions": "F33 Major depression; F41.1 Generalized anxiety disorder"}
    with pytest.raises(InvalidCase) as caught:
        apply_form(case, values)
    assert "F33" in caught.value.errors["conditions"] and "F33.0" in caught.value.errors["conditions"]
    assert [c.icd10 for c in apply_form(case, values | {"conditions": "F33.2; F41.1"}).conditions] == \
        ["F33.2", "F41.1"]


def test_import_refuses_a_code_not_on_the_list_and_writes_nothing(data_dir):
    from ketcover_tui.testing import sample_case

    store = CaseStore(data_dir)
    case = store.create(sample_case(), stamp=False)
    document = store.export_document(case.id)
    document["case"]["conditions"] = [{"icd10": "O7C.17", "description": "made up"}]
    with pytest.raises(StoreError, match="not in the CMS ICD-10-CM code list"):
        store.import_document(document, as_new=True)
    assert len(store.summaries()) == 1


def test_start_up_does_not_load_the_code_list():
    code = ("import sys, ketcover_tui.domain.case, ketcover_tui.store, ketcover_tui.tui.app;"
            "print('simple_icd_10_cm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
