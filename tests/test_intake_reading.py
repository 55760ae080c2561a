"""Denial letters and an SBC, made by reportlab, read back field by field with the page and line of each."""

from __future__ import annotations

from decimal import Decimal

import pytest

import intake_pdfs as pdfs
from ketcover_tui.domain.benefits import Benefits
from ketcover_tui.intake.denial_letter import read_denial
from ketcover_tui.intake.proposals import apply_sbc, denial_record, sbc_proposals
from ketcover_tui.intake.sbc import looks_like_sbc, read_sbc
from ketcover_tui.intake.source_text import NotReadable, NoTextLayer, read_source


def values(reading) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for found in reading.fields:
        out.setdefault(found.key, []).append(found.value)
    return out


def test_a_commercial_claim_denial_gives_each_number_the_reason_quoted_and_where_to_appeal():
    reading = read_denial(read_source(pdfs.denial_letter_commercial(), "letter.pdf"))
    got = values(reading)
    assert got["notice_date"] == ["2026-03-03"]
    assert got["claim_number"] == ["2026030300123"] and got["reference"] == ["APL-77812"]
    assert got["member_id"] == ["XKM123456789"]
    assert got["code"] == ["96365", "96366", "J3490"] and got["diagnosis"] == ["F33.2"]
    assert ("The requested service is not medically necessary because the clinical information we received does "
            "not show that you meet the criteria in our medical policy MP-2.114 for intravenous ketamine for "
            "depression (F33.2).") in got["quoted"]  # wrapped over four lines in the PDF, quoted as one
    assert got["reason"] == ["medical_necessity"]
    assert "Not medically necessary" in reading.get("reason").label  # its denial_language.json entry
    assert got["service_timing"] == ["post"] and "urgent" not in got  # "you may ask for an expedited appeal"
    assert got["appeals_address"] == ["Northwind Health Plan\nAttn: Appeals Department\nPO Box 12345\n"
                                      "Springfield, IL 62701"]
    assert got["appeals_fax"] == ["(555) 010-4477"]
    assert got["notice_deadline"] == ["2026-08-31"]
    assert "Your appeal must be received by August 31, 2026." in got["deadline_sentence"]
    date = reading.get("notice_date")
    assert (date.page, date.line, date.quote) == (1, 3, "March 3, 2026")


def test_a_two_column_table_notice_pairs_each_label_with_the_cell_beside_it():
    reading = read_denial(read_source(pdfs.denial_notice_table(), "notice.pdf"))
    got = values(reading)
    assert got["notice_date"] == ["2026-02-14"] and got["auth_number"] == ["PA-2026-000481"]
    assert got["member_id"] == ["W2284-1190-03"] and got["code"] == ["G2083"]
    assert got["quoted"] == ["We denied your request for prior authorization because the service is experimental "
                             "or investigational for your condition."]
    assert got["reason"] == ["experimental"] and got["service_timing"] == ["pre"]
    assert got["appeals_address"] == ["Lakeshore Care Advantage\nAppeals and Grievances\n900 Harbor Way\nSuite 12\n"
                                      "Milwaukee, WI 53202"]
    assert got["appeals_fax"] == ["(555) 010-9911"] and got["notice_deadline"] == ["2026-04-15"]
    assert "claim_number" not in got  # not printed: left empty, never guessed


def test_a_hard_wrapped_text_notice_with_a_word_broken_over_two_lines():
    reading = read_denial(read_source(pdfs.denial_text_medicaid(), "notice.txt"))
    got = values(reading)
    assert got["notice_date"] == ["2026-01-20"] and got["auth_number"] == ["88-1234-XYZ"]
    assert got["reason"] == ["step_therapy"] and got["service_timing"] == ["pre"]
    assert got["quoted"][0].endswith("and our records do not show those tri-als.")
    assert got["deadline_sentence"] == ["You must ask for an appeal within 60 calendar days from the date on this "
                                        "notice."]
    assert "notice_deadline" not in got  # no date printed: the deadline engine counts from the rule
    assert "appeals_address" not in got and "appeals_fax" not in got


def test_the_accepted_fields_make_the_denial_the_form_would_and_skipped_ones_stay_empty():
    reading = read_denial(read_source(pdfs.denial_letter_commercial()))
    denial = denial_record(reading, {"appeals_fax"}, received="2026-03-07")
    assert denial.notice_date.isoformat() == "2026-03-03" and denial.received.isoformat() == "2026-03-07"
    assert denial.notice_deadline.isoformat() == "2026-08-31" and denial.reason == "medical_necessity"
    assert denial.reference == "2026030300123" and denial.post_service and not denial.urgent
    assert denial.appeals_fax == "" and denial.appeals_address.endswith("Springfield, IL 62701")
    assert "Reference number: APL-77812" in denial.notes and "Code: J3490" in denial.notes


def test_an_sbc_gives_deductibles_limits_cost_rows_prior_auth_and_exclusions_with_their_pages():
    source = read_source(pdfs.sbc_pdf(), "sbc.pdf")
    assert looks_like_sbc(source)
    reading = read_sbc(source)
    facts = {f.key: f.value for f in reading.facts}
    assert facts == {"plan_year_start": "2026-01-01", "plan_year_end": "2026-12-31",
                     "ded_in_ind": "1500", "ded_in_fam": "3000", "ded_out_ind": "3000", "ded_out_fam": "6000",
                     "oop_in_ind": "6000", "oop_in_fam": "12000", "oop_out_ind": "12000", "oop_out_fam": "24000",
                     "prior_auth_required": "yes"}
    rows = {r.key: r for r in reading.rows}
    assert (rows["specialist"].network, rows["specialist"].out_network) == ("$60 copay/visit", "40% coinsurance")
    mental = rows["mental_health_outpatient"]
    assert mental.network == "$30 copay/office visit; 20% coinsurance for other outpatient services"
    assert mental.out_network == "40% coinsurance" and mental.where == "SBC p. 2"
    assert "ketamine infusion" in mental.note
    assert rows["outpatient_facility"].network == "20% coinsurance"
    assert rows["rx_generic"].network == "$10 copay/prescription (retail)"
    assert rows["rx_generic"].out_network == "Not covered"
    assert rows["rx_specialty"].note.startswith("Prior authorization required.")
    excluded = {f.value: f.page for f in reading.exclusions}
    assert excluded["Experimental or investigational services, including intravenous ketamine for depression"] == 4
    assert len(excluded) == 10 and "Hearing aids" not in excluded  # "Other Covered Services" are not exclusions


def test_sbc_facts_show_as_a_diff_and_apply_marked_from_their_page_leaving_skipped_ones():
    reading = read_sbc(read_source(pdfs.sbc_pdf()))
    plan = Benefits(ded_in_ind=Decimal("1500"))
    shown = {p.key for p in sbc_proposals(plan, reading, set())}
    assert "ded_in_ind" not in shown and "ded_in_fam" in shown  # the same value is no change
    new = apply_sbc(plan, reading, {"oop_out_fam", "exclusions"})
    assert new.ded_out_fam == 6000 and new.oop_out_fam is None and new.exclusions == []
    assert new.fact_sources["ded_out_fam"] == "from SBC p. 1" and "oop_out_fam" not in new.fact_sources
    assert plan.fact_sources == {}  # the old plan is left as it was


@pytest.mark.parametrize("data, message", [
    (pdfs.zip_named_pdf(), "ZIP archive"),
    (b"\x00\x01\x02binary", "neither a PDF"),
    (b"%PDF-1.7\n garbage that is no PDF", "not a readable PDF"),
    ("Grüße\n".encode("latin-1"), "not UTF-8"),
], ids=["zip-named-pdf", "binary", "broken-pdf", "latin-1-text"])
def test_files_that_are_not_what_they_claim_are_refused_saying_so(data, message):
    with pytest.raises(NotReadable, match=message):
        read_source(data, "letter.pdf")


def test_a_scan_without_a_text_layer_says_to_type_the_fields():
    with pytest.raises(NoTextLayer, match="type the fields"):
        read_source(pdfs.scanned_pdf(), "scan.pdf")


def test_a_huge_file_is_refused_before_it_is_parsed():
    with pytest.raises(NotReadable, match="larger than 50 MB"):
        read_source(b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024), "huge.pdf")


def test_control_characters_and_bidi_overrides_in_the_text_never_reach_a_field():
    letter = "Date: 2026-01-20\nMember ID: AB\x1b[31mCD1234\nThe service is not medically \u202enecessary.\n"
    reading = read_denial(read_source(letter.encode()))
    assert all("\x1b" not in f.value + f.quote and "\u202e" not in f.quote for f in reading.fields)
