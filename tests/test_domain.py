"""Validation of the domain model: every bad field gets a message, nothing half-applied."""

from __future__ import annotations

from datetime import date

import pytest

from ketcover_tui.domain.case import Case, InvalidCase, Patient, apply_form, form_values
from ketcover_tui.domain.case_json import case_from_dict, case_to_dict
from ketcover_tui.domain.identifiers import icd10_error, normalize_icd10, npi_check_digit, npi_error, tax_id_error
from ketcover_tui.domain.vocab import PlanType, Stage

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

GOOD = {
    "patient_name": "José Müller", "date_of_birth": "1984-03-07", "state": "ca",
    "conditions": "F33.2 Major depressive disorder, recurrent severe, F411",
    "insurer": "Blue Cross", "plan_type": "self_funded_erisa", "member_id": "XYZ1", "group_id": "G9",
    "clinic": "Calm Clinic", "npi": "1234567893", "tax_id": "12-3456789", "stage": "denied", "notes": "n",
}


@pytest.mark.parametrize("npi, ok", [
    ("1234567893", True),   # the CMS worked example
    ("1245319599", True),
    ("1234567890", False),  # wrong check digit
    ("123456789", False),   # too short
    ("3234567893", False),  # must start with 1 or 2
    ("12345678a3", False),
])
def test_npi_luhn_check(npi, ok):
    assert (npi_error(npi) is None) is ok


def test_npi_check_digit_matches_cms_example():
    assert npi_check_digit("123456789") == 3


@pytest.mark.parametrize("code, ok", [
    ("F33.2", True), ("f33.2", True), ("F332", True), ("G90.511", True), ("F32.A", True),
    ("G89.29", True), ("F43.12", True), ("U07.1", False), ("33.2", False), ("F3", False),
    ("F33.22222", False), ("", False),
])
def test_icd10_format(code, ok):
    assert (icd10_error(code) is None) is ok


def test_icd10_dot_is_restored():
    assert normalize_icd10("g90511") == "G90.511"


@pytest.mark.parametrize("tax_id, ok", [("123456789", True), ("12-3456789", True), ("12345678", False), ("12-345678X", False)])
def test_tax_id(tax_id, ok):
    assert (tax_id_error(tax_id) is None) is ok


def test_good_form_is_applied_and_normalised():
    case = apply_form(Case(patient=Patient("")), GOOD)
    assert case.patient.state == "CA" and case.patient.date_of_birth == date(1984, 3, 7)
    assert [c.icd10 for c in case.conditions] == ["F33.2", "F41.1"]
    assert case.conditions[0].description == "Major depressive disorder, recurrent severe"
    assert case.plan.plan_type is PlanType.SELF_FUNDED_ERISA and case.stage is Stage.DENIED
    assert case.provider.tax_id == "12-3456789"
    assert apply_form(Case(patient=Patient(""), id=case.id), form_values(case)) == case


def test_every_bad_field_gets_its_own_message_and_nothing_changes():
    case = Case(patient=Patient("Original"))
    bad = dict(GOOD, patient_name=" ", date_of_birth="07/03/1984", state="XX", conditions="F33.2, 123",
               plan_type="gold", npi="1234567890", tax_id="12", stage="winning")
    with pytest.raises(InvalidCase) as info:
        apply_form(case, bad)
    assert set(info.value.errors) == {"patient_name", "date_of_birth", "state", "conditions",
                                      "plan_type", "npi", "tax_id", "stage"}
    assert "YYYY-MM-DD" in info.value.errors["date_of_birth"]
    assert "123" in info.value.errors["conditions"]
    assert case.patient.name == "Original"


def test_future_birth_date_is_refused():
    with pytest.raises(InvalidCase) as info:
        apply_form(Case(patient=Patient("")), dict(GOOD, date_of_birth="2999-01-01"), today=date(2026, 11, 26))
    assert "future" in info.value.errors["date_of_birth"]


def test_dict_round_trip_and_rejection():
    case = apply_form(Case(patient=Patient("")), dict(GOOD, patient_name="李雷"))
    case.tick("a/b", True, "called")
    assert case_from_dict(case_to_dict(case)) == case
    with pytest.raises(InvalidCase):
        case_from_dict({"id": "abc", "patient": "not an object"})
    with pytest.raises(InvalidCase):
        case_from_dict([1, 2])


def test_unknown_sections_survive_a_round_trip():
    """A newer ketcover's (or a plugin's) data must not be dropped by this version's writes."""
    case = apply_form(Case(patient=Patient("")), GOOD)
    data = case_to_dict(case)
    data["future_section"] = [{"kept": True}]
    again = case_from_dict(data)
    assert again.extra == {"future_section": [{"kept": True}]}
    assert case_to_dict(again)["future_section"] == [{"kept": True}]


def test_merge_edit_keeps_both_peoples_changes_and_flags_real_conflicts():
    from ketcover_tui.domain.case import merge_edit

    initial = {"insurer": "Aetna", "member_id": "W1", "notes": "", "stage": "denied"}
    mine = {**initial, "member_id": "W2", "notes": "called twice"}
    theirs = {**initial, "insurer": "Aetna Better Health", "notes": "faxed LMN"}
    merged, conflicts = merge_edit(initial, mine, theirs)
    assert merged["insurer"] == "Aetna Better Health"  # only they changed it
    assert merged["member_id"] == "W2"  # only I changed it
    assert conflicts == ["notes"]  # both changed it differently
    same, none = merge_edit(initial, mine, {**initial, "member_id": "W2"})
    assert none == [] and same["member_id"] == "W2"


def test_semicolons_separate_conditions_and_each_needs_a_code():
    from ketcover_tui.domain.case import conditions_text, parse_conditions

    conditions, error = parse_conditions("F33.2 Major depressive disorder, recurrent; F41.1")
    assert error is None and [c.icd10 for c in conditions] == ["F33.2", "F41.1"]
    assert conditions_text(conditions) == "F33.2 Major depressive disorder, recurrent; F41.1"
    _, error = parse_conditions("F33.2 Major depressive disorder; depression; F41.1")
    assert error and "depression" in error


def test_an_impossible_date_says_so():
    with pytest.raises(InvalidCase) as info:
        apply_form(Case(patient=Patient("")), dict(GOOD, date_of_birth="1990-02-30"))
    assert "does not exist" in info.value.errors["date_of_birth"]
