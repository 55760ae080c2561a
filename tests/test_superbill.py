"""Superbills: coding rules, the check before export, the PDF read back, and `ketcover export superbill`."""

from __future__ import annotations

import io
import os
import stat
from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest
from pypdf import PdfReader

from ketcover_tui.cli.main import main
from ketcover_tui.domain import coding
from ketcover_tui.domain import superbill as sbl
from ketcover_tui.domain.case import Condition
from ketcover_tui.domain.fields import InvalidFields
from ketcover_tui.domain.journal import Session
from ketcover_tui.domain.money import BillingDetails, MoneyEntry, ServiceLine
from ketcover_tui.documents.superbill import superbill_document
from ketcover_tui.store import CaseStore
from ketcover_tui.testing import sample_case

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

BILLING = BillingDetails(
    patient_address="12 Rue Müller, Springfield, MA 01103", clinician="Dana Reyes, MD", rendering_npi="1234567893",
    group_npi="", practice_address="400 Harbor St, Suite 2, Boston, MA 02110", phone="(555) 555-0142",
    license="MD-48213", license_state="MA", place_of_service="11", ndc="12345-6789-01",
    drug_name="Ketamine HCl 50 mg/mL", patient_sex="F", insured_relationship="self")


def session(day: int, start=(9, 30), stop=(10, 15), dose="35", sid=None, **kw) -> Session:
    return Session(on=date(2026, 3, day), id=sid or f"s{day:07d}", start=time(*start) if start else None,
                   stop=time(*stop) if stop else None, dose_mg=Decimal(dose) if dose else None, **kw)


def ready_case(name: str = "José Müller"):
    """A case with everything a superbill needs: two IV sessions with receipts that itemize them."""
    case = sample_case()
    case.patient.name = name
    case.conditions.append(Condition("F41.1", "Generalized anxiety disorder"))
    case.journal.weight_kg = Decimal("70")
    case.journal.sessions = [session(2), session(5, start=(13, 0), stop=(14, 40))]
    case.money.billing = replace(BILLING)  # a copy: tests change it
    for s, lines in ((case.journal.sessions[0], [ServiceLine("96365", charge=Decimal("500.00"), pointers="A"),
                                                  ServiceLine("J3490", charge=Decimal("200.00"), pointers="A")]),
                     (case.journal.sessions[1], [ServiceLine("96365", charge=Decimal("500.00"), pointers="AB"),
                                                  ServiceLine("96366", charge=Decimal("150.00"), pointers="A"),
                                                  ServiceLine("J3490", charge=Decimal("200.00"), pointers="A")])):
        case.money.entries.append(MoneyEntry("receipt", s.on, on=s.on, payee=case.provider.clinic,
                                             reference=f"R-{s.on.day}", lines=lines,
                                             paid_patient=sum((x.charge for x in lines), Decimal("0.00")),
                                             session_ids=[s.id]))
    return case


def problems(case, start=None, end=None) -> dict[str, str]:
    return {p.where: p.message for p in sbl.check(sbl.build(case, start, end), case) if p.blocking}


# --- coding rules ----------------------------------------------------------------------------------

@pytest.mark.parametrize("minutes,codes", [
    (10, [("96374", 1)]), (15, [("96374", 1)]), (16, [("96365", 1)]), (90, [("96365", 1)]),
    (91, [("96365", 1), ("96366", 1)]), (150, [("96365", 1), ("96366", 1)]), (151, [("96365", 1), ("96366", 2)]),
])
def test_iv_session_suggests_codes_by_the_cpt_time_rules(minutes, codes):
    s = session(2, start=(9, 0), stop=(9 + minutes // 60, minutes % 60))
    lines, _ = coding.suggested_lines(s)
    assert [(line.code, line.units) for line in lines] == codes + [("J3490", 1)]


def test_esketamine_suggests_g2082_or_g2083_by_dose_and_kx_for_medicare():
    low, _ = coding.suggested_lines(session(2, dose="56", drug="esketamine", route="intranasal"))
    high, notes = coding.suggested_lines(session(2, dose="84", drug="esketamine", route="intranasal"), medicare=True)
    assert [line.code for line in low] == ["G2082"] and low[0].modifiers == ()
    assert [line.code for line in high] == ["G2083"] and high[0].modifiers == ("KX",)
    assert "no separate J-code" in notes[0]
    im, notes = coding.suggested_lines(session(2, route="im"))
    assert [line.code for line in im] == ["96372", "J3490"] and "UNVERIFIED" in notes[0]


@pytest.mark.parametrize("typed,expected", [("00000-1234-01", "00000-1234-01"), ("00000123401", "00000-1234-01"),
                                            ("1234-5678-90", "01234-5678-90"), ("12345-678-90", "12345-0678-90"),
                                            ("12345-6789-1", "12345-6789-01"), ("N4 00000123401", "00000-1234-01")])
def test_ndc_is_written_as_11_digits(typed, expected):
    assert coding.normalize_ndc(typed) == expected


@pytest.mark.parametrize("typed", ["1234567890", "12345-6789", "abc", "123-4567-89"])
def test_bad_ndcs_say_what_to_type(typed):
    with pytest.raises(ValueError, match="NDC"):
        coding.normalize_ndc(typed)


# --- the check ---------------------------------------------------------------------------------------

def test_a_complete_case_has_no_problem_and_the_right_lines():
    case = ready_case()
    bill = sbl.build(case)
    assert sbl.check(bill, case) == []
    assert [(line.on.day, line.code, line.pointers) for line in bill.lines] == [
        (2, "96365", "A"), (2, "J3490", "A"), (5, "96365", "AB"), (5, "96366", "A"), (5, "J3490", "A")]
    assert bill.total_charges == Decimal("1550.00") and bill.amount_paid == Decimal("1550.00") and bill.balance == 0
    assert bill.lines[1].drug == "Ketamine HCl 50 mg/mL, 35 mg (0.50 mg/kg), NDC N4 12345678901"
    assert [d.pointer for d in bill.diagnoses] == ["A", "B"]


@pytest.mark.parametrize("change,where,words", [
    (lambda c: setattr(c.money.billing, "rendering_npi", "1234567890"), "NPI", "check digit"),
    (lambda c: setattr(c.provider, "tax_id", "12-345"), "Tax id", "9 digits"),
    (lambda c: setattr(c.provider, "tax_id", ""), "Tax id", "missing"),
    (lambda c: setattr(c.money.billing, "ndc", ""), "NDC", "11-digit NDC"),
    (lambda c: setattr(c.money.billing, "ndc", "123"), "NDC", "11 digits"),
    (lambda c: setattr(c.money.billing, "place_of_service", "1"), "Place of service", "2-digit"),
    (lambda c: setattr(c.money.billing, "patient_address", ""), "Patient address", "missing"),
    (lambda c: setattr(c.money.billing, "phone", ""), "Provider phone", "missing"),
    (lambda c: setattr(c.plan, "member_id", ""), "Patient member id", "missing"),
    (lambda c: setattr(c, "conditions", [Condition("F43.1")]), "Diagnosis A", "non-billable"),
    (lambda c: setattr(c, "conditions", [Condition("F4")]), "Diagnosis A", "not an ICD-10-CM code"),
    (lambda c: setattr(c, "conditions", []), "Diagnoses", "no ICD-10-CM code"),
])
def test_check_finds_each_missing_or_invalid_field(change, where, words):
    case = ready_case()
    change(case)
    found = problems(case)
    assert where in found, found
    assert words in found[where]


def test_check_finds_line_problems():
    case = ready_case()
    day5 = case.money.entries[1]
    day5.lines = [line for line in day5.lines if line.code != "96365"]  # 96366 alone
    day5.lines[0].pointers = "C"
    case.money.entries[0].lines[0] = ServiceLine("J3000", charge=Decimal("1.00"))
    found = [p.line() for p in sbl.check(sbl.build(case), case) if p.blocking]
    assert "✗ Line 1 (J3000, 2026-03-02): J3000 is streptomycin, not ketamine: bill ketamine as J3490 with the " \
           "drug name, dose and NDC" in found
    assert "✗ Line 3 (96366, 2026-03-05): diagnosis pointer C has no diagnosis (the case has A, B)" in found
    assert "✗ Line 3 (96366, 2026-03-05): +96366 is an add-on: it needs 96365 (the initial hour) on the same day" \
        in found


def test_check_catches_times_and_doses_that_contradict_the_codes():
    case = ready_case()
    case.journal.sessions[0].stop = time(9, 40)  # 10 minutes: IV push, not 96365
    case.journal.sessions[1].stop = time(14, 20)  # 80 minutes: no additional hour
    case.journal.sessions[0].dose_mg = None
    found = sbl.check(sbl.build(case), case)
    text = " | ".join(p.line() for p in found)
    assert "✗ Line 1 (96365, 2026-03-02): the infusion ran 10 min: 15 minutes or less is IV push 96374" in text
    assert "! Line 4 (96366, 2026-03-05): the infusion ran 80 min" in text  # a warning (MED confidence)
    assert "J3490 needs the dose" in text
    esk = ready_case()
    esk.journal.sessions = [session(2, dose="84", drug="esketamine", route="intranasal")]
    esk.money.entries = [MoneyEntry("receipt", date(2026, 3, 2), lines=[ServiceLine("G2082", charge=Decimal(900))],
                                    paid_patient=Decimal(900))]
    assert "that is G2083" in " ".join(problems(esk).values())


def test_sessions_without_an_invoice_or_receipt_are_billed_from_suggested_codes_and_need_charges():
    case = ready_case()
    case.journal.sessions.append(session(9))
    found = problems(case)
    assert "no charge" in found["Line 6 (96365, 2026-03-09)"] and "no charge" in found["Line 7 (J3490, 2026-03-09)"]
    # An invoice for that day is preferred over the receipt lines and the suggestion.
    case.money.entries.append(MoneyEntry("invoice", date(2026, 3, 9), lines=[
        ServiceLine("96365", charge=Decimal("510.00")), ServiceLine("J3490", charge=Decimal("190.00"))]))
    bill = sbl.build(case)
    assert problems(case) == {}
    assert [(line.code, line.charge, line.source) for line in bill.lines if line.on.day == 9] == [
        ("96365", Decimal("510.00"), "invoice"), ("J3490", Decimal("190.00"), "invoice")]
    warnings = [p.line() for p in sbl.check(bill, case)]
    assert warnings == []  # two receipts still paid for two days; the third day is simply unpaid
    assert bill.balance == Decimal("700.00")


def test_date_range_keeps_only_those_dates_of_service():
    case = ready_case()
    bill = sbl.build(case, date(2026, 3, 3), date(2026, 3, 31))
    assert {line.on for line in bill.lines} == {date(2026, 3, 5)} and bill.amount_paid == Decimal("850.00")
    empty = problems(case, date(2026, 4, 1), date(2026, 4, 30))
    assert "from 2026-04-01 to 2026-04-30" in empty["Services"]


def test_billing_details_form_normalises_and_names_bad_fields():
    typed = sbl.billing_values(BILLING) | {"ndc": "1234-5678-90", "rendering_npi": "1234 567 893"}
    details = sbl.billing_from_form(typed)
    assert details.ndc == "01234-5678-90" and details.rendering_npi == "1234567893"
    with pytest.raises(InvalidFields) as caught:
        sbl.billing_from_form({"rendering_npi": "2234567891", "group_npi": "123", "license_state": "XX",
                               "place_of_service": "office", "ndc": "12"})
    assert set(caught.value.errors) == {"rendering_npi", "group_npi", "license_state", "place_of_service", "ndc"}


# --- the PDF ------------------------------------------------------------------------------------------

def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("name", ["José Müller", "李雷"])
def test_pdf_contains_every_required_field(name):
    from ketcover_exporters.pdf import render_pdf

    case = ready_case(name)
    text = pdf_text(render_pdf(superbill_document(sbl.build(case))))
    flat = " ".join(text.split())
    for required in (
        name, "1984-03-07", "12 Rue Müller, Springfield, MA", "XYZ123456789",  # patient, DOB, address, member id
        "Dana Reyes, MD", "1234567893", "12-3456789", "400 Harbor St, Suite 2, Boston, MA", "(555) 555-0142",
        "MD-48213 (MA)",  # provider: name and credentials, NPI, tax id, address, phone, license
        "2026-03-02", "2026-03-05", "Place of service: 11 = Office",  # exact dates of service, POS
        "96365", "96366", "J3490", "F33.2", "F41.1",  # CPT/HCPCS and ICD-10-CM
        "Ketamine HCl 50 mg/mL, 35 mg (0.50 mg/kg), NDC N4 12345678901",  # J3490: drug, dose, NDC
        "$500.00", "$150.00", "Total charges $1,550.00", "Amount paid $1,550.00", "Paid in full",
        "Signature:", "Date:", "§3.3",
    ):
        assert required in flat, required
    assert "AB" in flat  # the diagnosis pointers of the line that points at both


# --- the command line ---------------------------------------------------------------------------------

@pytest.fixture
def stored(data_dir):
    store = CaseStore(data_dir)
    return store, store.create(ready_case(), stamp=False)


@pytest.mark.permissions
def test_cli_writes_a_private_pdf_and_never_overwrites(stored, tmp_path, capsys):
    store, case = stored
    out = tmp_path / "sb.pdf"
    assert main(["export", "superbill", case.id[:6], "-o", str(out)]) == 0
    assert "5 lines, 2 dates of service" in capsys.readouterr().out
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert "José Müller" in pdf_text(out.read_bytes())
    before = out.read_bytes()
    assert main(["export", "superbill", case.id, "-o", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err and out.read_bytes() == before


def test_cli_lists_blocking_problems_and_writes_nothing(stored, tmp_path, capsys):
    store, case = stored
    store.update(case.id, lambda c: setattr(c.money.billing, "ndc", ""))
    out = tmp_path / "sb.pdf"
    assert main(["export", "superbill", case.id, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "superbill not written: 1 thing to fix first" in err and "NDC: J3490 needs" in err
    assert not out.exists()
    assert main(["export", "superbill", case.id, "--check"]) == 2
    assert "✗ NDC" in capsys.readouterr().out


def test_cli_dates_and_bad_input(stored, tmp_path, capsys):
    store, case = stored
    assert main(["export", "superbill", case.id, "--check", "--from", "2026-03-03"]) == 0
    assert "Ready: 3 service lines on 1 dates of service" in capsys.readouterr().out
    assert main(["export", "superbill", case.id, "--from", "2026-03-09", "--to", "2026-03-01"]) == 2
    assert "swap them" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["export", "superbill", case.id, "--from", "March"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "YYYY-MM-DD" in err
    assert main(["export", "superbill", "nosuchcase"]) == 2
    assert main(["export", "superbill", case.id, "-f", "xlsx", "-o", str(tmp_path / "x")]) == 2
    assert "unknown format 'xlsx'" in capsys.readouterr().err


def test_cli_journal_export_markdown_has_sessions_scores_and_footer(stored, capsys):
    from ketcover_tui.domain.measures import MeasureEntry

    store, case = stored

    def add_scores(c):
        c.journal.measures += [MeasureEntry("phq9", date(2026, 3, 2), (3, 3, 3, 3, 2, 2, 2, 2, 1)),
                               MeasureEntry("phq9", date(2026, 3, 5), (1, 1, 1, 1, 0, 0, 0, 0, 0))]

    store.update(case.id, add_scores)
    assert main(["export", "journal", case.id, "-f", "md", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "| PHQ-9 | 21 (severe), 2026-03-02 | 4 (minimal), 2026-03-05 | -81% | yes | yes | 2 |" in out
    assert "No permission required to reproduce" in out
    assert "| 2026-03-05 | Ketamine (racemic) | IV | 35 mg (0.50 mg/kg) | 100 min |" in out  # one row a session


@pytest.mark.parametrize("change,where,words", [
    (lambda c: setattr(c.money.billing, "ndc", "00000-1234-01"), "NDC", "placeholder"),
    (lambda c: setattr(c, "conditions", [Condition("F33")]), "Diagnosis A", "F33.2"),
    (lambda c: setattr(c, "conditions", [Condition("E92.17Y")]), "Diagnosis A", "not in the CMS"),
    (lambda c: setattr(c.money.entries[0].lines[0], "charge", Decimal("-500.00")), "Line 1 (96365, 2026-03-02)",
     "negative"),
    (lambda c: setattr(c.money.billing, "patient_sex", ""), "Patient sex", "item 3"),
    (lambda c: setattr(c.money.billing, "insured_relationship", "spouse"), "Insured's name", "policyholder"),
    (lambda c: setattr(c.money.billing, "patient_address", "12 Rue Müller, Springfield"), "Patient address",
     "ZIP"),
])
def test_check_refuses_placeholders_categories_and_bad_charges(change, where, words):
    case = ready_case()
    change(case)
    found = problems(case)
    assert where in found and words in found[where], found


def test_lines_without_pointers_point_at_the_diagnoses_and_medicare_esketamine_gets_a_kx_hint():
    case = ready_case()
    case.journal.sessions.append(session(9))
    bill = sbl.build(case)
    assert {line.pointers for line in bill.lines if line.on.day == 9} == {"AB"}
    esk = ready_case()
    esk.plan.plan_type = coding_plan_type("medicare")
    esk.money.entries = [MoneyEntry("receipt", date(2026, 3, 2), lines=[ServiceLine("G2082", charge=Decimal(900))],
                                    paid_patient=Decimal(900))]
    esk.journal.sessions = [session(2, dose="56", drug="esketamine", route="intranasal")]
    notes = [p.line() for p in sbl.check(sbl.build(esk), esk) if not p.blocking]
    assert any("modifier KX" in n for n in notes)


def coding_plan_type(value: str):
    from ketcover_tui.domain.vocab import PlanType

    return PlanType(value)


def test_pdf_has_the_fields_an_insurer_needs_and_nothing_overprints():
    from ketcover_exporters.pdf import render_pdf

    from pdf_checks import orphan_headings, overprinted

    case = ready_case()
    case.money.billing.insured_relationship, case.money.billing.insured_name = "spouse", "Ana Müller"
    case.money.billing.signer = "Dana Reyes, MD"
    data = render_pdf(superbill_document(sbl.build(case)))
    flat = " ".join(pdf_text(data).split())
    for required in ("Sex Female", "Insured's name Ana Müller", "Relationship to insured Spouse",
                     "Springfield, MA 01103", "I attest that the services listed above",
                     "Printed name: Dana Reyes, MD · NPI 1234567893", "A F33.2", "B F41.1"):
        assert required in flat, required
    assert overprinted(data) == [] and orphan_headings(data) == []
