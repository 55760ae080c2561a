"""What users read about deadlines: the form's help, the Appeals tab detail, letters and the Medicare checklist."""

from __future__ import annotations

from datetime import date as D

import pytest

from ketcover_tui.domain import appeals as ap
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.vocab import PlanType as P
from ketcover_tui.documents.letters import LetterContext, find_template, missing_in
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.tui.screens.appeal_form import NOTES
from ketcover_tui.tui.widgets.appeal_deadline_text import deadline_detail, deadlines_text


def case_with(plan: P, *denials) -> Case:
    case = Case(Patient(name="Ana María Souza"), id="case000001")
    case.plan.plan_type = plan
    case.plan.member_id = "M123"
    case.appeals.denials.extend(denials)
    return case


def test_the_denial_form_says_which_date_each_rule_counts_from():
    help_of = {name: help_text for name, _label, _typ, help_text in ap.SPECS["denial"]}
    assert "Medicaid counts from it" in help_of["notice_date"]
    assert "Medicare presumes +5 days" in help_of["notice_date"]
    assert "fair hearings count from it" in help_of["final_notice_date"]
    assert "external review counts from it" in help_of["final_denial_received"]
    assert "employer and ACA plans count from it" in help_of["received"]
    assert "deadlines count from here" not in help_of["received"]
    for words in ("employer and ACA plans, the day the notice arrived", "5 days after the notice's date",
                  "Medicaid managed care, the date printed on the notice", "the day it was mailed",
                  "the day the plan received your appeal"):
        assert words in NOTES["denial"], words


def test_detail_of_an_overdue_erisa_appeal_says_deemed_exhaustion_with_the_cite():
    record = ap.Denial(received=D(2026, 3, 2), appeal_filed=D(2026, 3, 20), id="den00001")
    text = deadline_detail(record, case_with(P.SELF_FUNDED_ERISA, record), D(2026, 5, 1)).plain
    assert "Due 2026-04-19 (plan late): Plan decides the pre-service appeal" in text
    assert "assumed to be the day the plan received it" in text and "⚠" in text
    assert "late since 2026-04-20" in text and "29 CFR 2560.503-1(l)" in text and "deemed" in text
    assert "1-866-444-3272" in text


def test_detail_of_a_missed_medicare_window_lists_the_good_cause_rule():
    record = ap.Denial(notice_date=D(2026, 1, 5), id="den00001")
    text = deadline_detail(record, case_with(P.MEDICARE, record), D(2026, 6, 1)).plain
    assert "Due 2026-05-10 (missed)" in text and "42 CFR 405.942(a), (a)(1)" in text
    assert "The window has passed" in text and "42 CFR 405.942(b)" in text and "1-800-633-4227" in text
    assert "receipt presumed 5 days after the notice's date 2026-01-05 (2026-01-15)" not in text
    assert "(2026-01-10)" in text


def test_state_set_window_and_marketplace_fact_are_shown():
    sfh = ap.Denial(notice_date=D(2026, 1, 5), final_notice_date=D(2026, 4, 1), id="den00001")
    text = deadline_detail(sfh, case_with(P.MEDICAID_MANAGED_CARE, sfh), D(2026, 4, 5)).plain
    assert "Due 2026-06-30" in text and "at most — your state or your notice may allow more." in text
    market = ap.Denial(received=D(2026, 5, 1), id="den00002")
    text = deadline_detail(market, case_with(P.MARKETPLACE, market), D(2026, 5, 5)).plain
    assert "Plan fact: Individual market: one internal appeal level only" in text
    assert text.count("Due ") == 1


def test_no_rule_plan_says_so_on_the_case():
    record = ap.Denial(received=D(2026, 3, 2), id="den00001")
    top = deadlines_text(case_with(P.TRICARE_VA, record), D(2026, 3, 5)).plain
    assert "ketcover has no appeal rules for TRICARE / VA plans: use the deadline printed on your notice" in top
    assert "no appeal rules for Other plans" in deadlines_text(case_with(P.OTHER), D(2026, 3, 5)).plain


@pytest.fixture(scope="module")
def letters():
    return PluginHost(env={"KETCOVER_LOAD_PLUGINS": "letters"}).load().letter_templates()


def _letter(letters, case: Case) -> str:
    template = find_template(letters, "internal-appeal")
    return template.build(LetterContext(case, case.appeals.denials[0], today=D(2026, 3, 5))).text


def test_medicare_advantage_letter_cites_the_filing_rule(letters):
    text = _letter(letters, case_with(P.MEDICARE_ADVANTAGE, ap.Denial(notice_date=D(2026, 3, 2), id="den00001")))
    assert "reconsideration of the plan's organization determination (42 CFR 422.582)" in text
    assert "(42 CFR 422.582(b), (b)(1)): that time ends on 2026-05-06" in text and "by on or before" not in text
    assert "one source says 65" not in text and "147.136" not in text  # never ACA external review for MA
    assert "independent review entity itself (42 CFR 422.590; 42 CFR 422.592)" in text


def test_letter_for_a_plan_without_rules_says_so(letters):
    text = _letter(letters, case_with(P.TRICARE_VA, ap.Denial(received=D(2026, 3, 2), id="den00001")))
    assert any("no appeal rules for TRICARE / VA plans" in gap for gap in missing_in(text))


def test_medicare_checklist_has_the_presumption_and_the_right_cites():
    from ketcover_checklists.data import MEDICARE

    item = next(i for i in MEDICARE.items if i.id == "appeal-deadlines")
    assert "65 days from the date printed on it" in item.help and "prove it arrived later" in item.help
    assert "one source says 65" not in item.help and "treat it as 60" not in item.help
    assert "422.582(b)" in item.source and "405.942(a)" in item.source and item.as_of == "2026-12-02"
