"""The built-in funding sources, run the way the app and the CLI run them (ketcover_tui.testing)."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from ketcover_tui.domain.case import Case, Condition, Patient, Plan
from ketcover_tui.domain.funding import Category, InvalidInputs
from ketcover_tui.domain.vocab import US_STATES, PlanType, Stage
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.testing import check_plugin, run_source, sample_case

REPO = Path(__file__).resolve().parents[1]
STATE_DATA = json.loads((REPO / "plugins" / "ketcover_funding_states" / "data" / "state_help.json").read_text())
SHARED_DATA = Path("/work/shared/data/state_help.json")


def test_builtin_plugins_load_through_entry_points_with_their_sources():
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "financing,crowdfunding,trials,state-programs"})
    by_id = {s.id: s for s in host.funding_sources()}
    assert set(by_id) == {"loan", "deferred-interest", "compare-offers", "crowdfunding", "clinical-trials",
                          "state-programs"}
    assert {s.category for s in by_id.values()} == {Category.FINANCING, Category.CROWDFUNDING,
                                                    Category.CLINICAL_TRIALS, Category.STATE_PROGRAMS}
    assert by_id["clinical-trials"].uses_network and not by_id["loan"].uses_network
    assert all(r.status == "ok" for r in host.plugins())


@pytest.mark.parametrize("module", ["ketcover_funding_financing", "ketcover_funding_crowdfunding",
                                    "ketcover_funding_trials", "ketcover_funding_states"])
def test_builtin_plugins_pass_the_plugin_author_checks(module):
    report = check_plugin(module)
    assert report.hooks == ["register_funding_sources"] and report.funding_sources


def test_plugin_modules_do_not_import_textual():
    import subprocess
    import sys

    code = ("import sys; import ketcover_funding_financing, ketcover_funding_crowdfunding, "
            "ketcover_funding_trials, ketcover_funding_states, ketcover_tui.testing, ketcover_tui.cli.fund; "
            "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


# --- financing ---------------------------------------------------------------------------

def test_loan_defaults_to_the_case_estimate_and_offers_one_option():
    result = run_source("ketcover_funding_financing", "loan", {"apr": "6", "months": "36", "amount": "10000"})
    assert result.summary.startswith("$304.22 a month for 36 months at 6% APR")
    assert [r.cells[0] for r in result.rows] == ["Year 1", "Year 2", "Year 3"]
    assert result.rows[-1].cells[-1] == "$0.00"
    [choice] = result.choices
    assert choice.amount == D("10000.00") and "$304.22/month × 36" in choice.terms
    from_case = run_source("ketcover_funding_financing", "loan", {"apr": "0", "months": "24"}, case=sample_case())
    assert from_case.summary.startswith("$175.00 a month for 24 months at 0% APR: $4,200.00 in total, no interest")


def test_loan_rate_is_user_input_never_filled_in():
    with pytest.raises(InvalidInputs) as caught:
        run_source("ketcover_funding_financing", "loan", {"months": "12"}, case=sample_case())
    assert set(caught.value.errors) == {"apr"}
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "financing"})
    apr = host.funding_source("loan").field("apr")
    assert apr.default == "" and "32.99%" in apr.hint and "LOW confidence" in apr.hint and "as of" in apr.hint


def test_deferred_interest_shows_the_miss_in_dollars_and_labels_the_low_confidence_rate():
    result = run_source("ketcover_funding_financing", "deferred-interest",
                        {"amount": "2000", "promo_months": "12", "apr": "26.99", "payment": "150"})
    assert "$200.00 is still owed after 12 months" in result.summary
    assert "$317.13 of interest is charged back to the purchase date" in result.summary
    assert "owe $517.13" in result.summary
    rows = {r.cells[0]: r.cells for r in result.rows}
    assert rows["12 months ◀"] == ("12 months ◀", "$166.67", "$200.00", "$317.13 charged")
    assert rows["18 months"][3] == "no interest"  # $150 × 18 clears $2,000
    confidences = {ref.confidence for ref in result.sources}
    assert "LOW" in confidences and all(ref.as_of for ref in result.sources)


def test_compare_three_offers_side_by_side():
    result = run_source("ketcover_funding_financing", "compare-offers", {
        "amount": "4200", "offer_a_name": "Card plan", "offer_a_apr": "0", "offer_a_months": "12",
        "offer_b_name": "Credit union", "offer_b_apr": "8.5", "offer_b_months": "36",
        "offer_c_name": "Clinic lender", "offer_c_apr": "17.9", "offer_c_months": "24"})
    assert result.columns == ("", "Card plan", "Credit union", "Clinic lender")
    rows = {r.cells[0]: r.cells[1:] for r in result.rows}
    assert rows["Monthly payment"][0] == "$350.00"
    assert rows["vs cheapest"][0] == "cheapest"
    assert rows["Interest"][0] == "$0.00"
    assert result.summary.startswith("Cheapest in total: Card plan ($4,200.00")
    assert "Lowest monthly payment: Credit union" in result.summary
    assert len(result.choices) == 3


def test_compare_names_a_half_entered_offer():
    with pytest.raises(InvalidInputs) as caught:
        run_source("ketcover_funding_financing", "compare-offers",
                   {"amount": "4200", "offer_a_apr": "5", "offer_a_months": "12", "offer_b_apr": "7"})
    assert set(caught.value.errors) == {"offer_b_months"}


# --- crowdfunding ---------------------------------------------------------------------------

def test_crowdfunding_goal_donations_and_progress():
    result = run_source("ketcover_funding_crowdfunding", "crowdfunding", {
        "cost_per_infusion": "700", "infusions": "6", "average_gift": "100", "donations": "100, 100"})
    assert result.summary.startswith("Ask for $4,338.85 to keep $4,200.00 after fees (about 44 gifts of $100.00)")
    assert "Raised $200.00 from 2 donations: $193.60 after fees" in result.summary  # 2 × $96.80
    rows = {r.cells[0]: r.cells[2] for r in result.rows}
    assert rows["Fees on them"] == "-$6.40" and rows["Net raised"] == "$193.60"
    assert rows["Still needed"] == "$4,006.40"
    assert [c.amount for c in result.choices] == [D("4200.00"), D("193.60")]
    assert any("2.9% + $0.30" in ref.name and ref.confidence == "HIGH" for ref in result.sources)


def test_crowdfunding_subtracts_funding_already_planned_elsewhere():
    case = sample_case()
    from ketcover_tui.domain.funding import FundingChoice

    case.funding.add(FundingChoice("Loan", D("3000.00"), source="loan"))
    case.funding.add(FundingChoice("Crowdfunding: raised so far", D("500.00"), source="crowdfunding"))
    result = run_source("ketcover_funding_crowdfunding", "crowdfunding", {"average_gift": "50"}, case=case)
    assert "to keep $1,200.00 after fees" in result.summary  # 4,200 − the loan; its own raising not subtracted


def test_story_includes_nothing_private_unless_chosen():
    case = sample_case()
    private = [case.patient.name.split()[0], "Massachusetts", "depression", case.plan.insurer,
               case.patient.name, "F33"]
    story = run_source("ketcover_funding_crowdfunding", "crowdfunding", {"average_gift": "50"}, case=case).body
    assert story and all(word not in story for word in private)
    chosen = run_source("ketcover_funding_crowdfunding", "crowdfunding", {
        "average_gift": "50", "story_name": "yes", "story_condition": "yes", "story_state": "yes",
        "story_insurer": "yes"}, case=case)
    assert "Zoë" in chosen.body and "Massachusetts" in chosen.body and "depression" in chosen.body
    assert f"My insurance ({case.plan.insurer}) has denied coverage" in chosen.body
    assert "Ørsted" not in chosen.body and "F33" not in chosen.body  # first name only, never codes
    assert "first name, condition, state, insurer" in " ".join(chosen.notes)


def test_story_with_a_cjk_name():
    case = sample_case(patient=Patient(name="李雷", state="CA"))
    body = run_source("ketcover_funding_crowdfunding", "crowdfunding",
                      {"average_gift": "50", "story_name": "yes"}, case=case).body
    assert body.startswith("Help 李雷 pay for ketamine infusion therapy")


def test_crowdfunding_refuses_nothing_to_raise_and_tiny_gifts():
    with pytest.raises(InvalidInputs) as caught:
        run_source("ketcover_funding_crowdfunding", "crowdfunding",
                   {"cost_per_infusion": "100", "infusions": "1", "already_covered": "100", "average_gift": "5"})
    assert "nothing to raise" in caught.value.errors["already_covered"]


# --- state programs ------------------------------------------------------------------------

def test_bundled_state_data_is_the_shared_file_with_its_attribution():
    bundled = REPO / "plugins" / "ketcover_funding_states" / "data"
    if SHARED_DATA.exists():
        assert (bundled / "state_help.json").read_bytes() == SHARED_DATA.read_bytes()
    notice = (bundled / "NOTICE.md").read_text()
    assert "Fight Health Insurance" in notice and "Apache License" in notice and "63deffb5" in notice


STATES = sorted((entry["abbreviation"], slug) for slug, entry in STATE_DATA.items() if slug != "national")


def test_fifty_states_and_dc():
    assert len(STATES) == 51 and {code for code, _ in STATES} <= set(US_STATES)


@pytest.mark.parametrize("code, slug", STATES)
def test_state_lookup_for_every_entry(code, slug):
    entry = STATE_DATA[slug]
    case = sample_case(patient=Patient(name="Ana", state=code),
                       plan=Plan(insurer="X", plan_type=PlanType.COMMERCIAL_FULLY_INSURED))
    result = run_source("ketcover_funding_states", "state-programs", case=case)
    rows = {r.cells[0].removeprefix("★ "): r for r in result.rows}
    dept = entry["insurance_department"]
    assert rows["Insurance regulator"].cells[1:] == (dept["name"], dept["consumer_line"])
    assert rows["Insurance regulator"].cells[0].startswith("★ ")  # fully insured: the state regulator
    assert rows["Consumer assistance"].cells[2] == entry["consumer_assistance"]["cap_phone"]
    assert rows["Medicare counselling (SHIP)"].cells[1] == entry["consumer_assistance"]["ship_name"]
    assert rows["Medicaid agency"].cells[2] == entry["medicaid"]["agency_phone"]
    assert ("Managed-care ombudsman" in rows) == bool(entry["medicaid"].get("managed_care_ombudsman"))
    assert entry["external_review"]["info_url"] in rows["External review"].detail
    assert entry["name"] in result.summary
    assert any("Fight Health Insurance" in ref.name and "Apache" in ref.name and ref.as_of == "2026-08-21"
               for ref in result.sources)


@pytest.mark.parametrize("plan_type, fits", [
    (PlanType.COMMERCIAL_FULLY_INSURED, {"Insurance regulator", "External review"}),
    (PlanType.MARKETPLACE, {"Insurance regulator", "External review"}),
    (PlanType.SELF_FUNDED_ERISA, {"Employer plan regulator"}),
    (PlanType.MEDICARE, {"Medicare counselling (SHIP)", "Medicare (national)"}),
    (PlanType.MEDICARE_ADVANTAGE, {"Medicare counselling (SHIP)", "Medicare (national)"}),
    (PlanType.MEDICAID, {"Medicaid agency"}),
    (PlanType.MEDICAID_MANAGED_CARE, {"Managed-care ombudsman"}),  # Texas has one
    (PlanType.TRICARE_VA, set()),
    (None, set()),
])
def test_which_office_fits_the_plan_type(plan_type, fits):
    case = sample_case(patient=Patient(name="Ana", state="TX"), plan=Plan(insurer="X", plan_type=plan_type))
    result = run_source("ketcover_funding_states", "state-programs", case=case)
    marked = {r.cells[0].removeprefix("★ ") for r in result.rows if r.cells[0].startswith("★ ")}
    assert marked == fits
    assert len(result.choices) == len(fits)
    if plan_type == PlanType.SELF_FUNDED_ERISA:
        ebsa = result.rows[0]
        # reference notes §8.4: EBSA 1-866-444-3272, askebsa.dol.gov (HIGH), shown with its source and date
        assert "EBSA" in ebsa.cells[1] and ebsa.cells[2] == "1-866-444-3272"
        assert any("askebsa.dol.gov" in line for line in ebsa.cells[3:]) or "askebsa.dol.gov" in str(result)
    if plan_type is None:
        assert "Set the case's plan type" in result.summary


def test_managed_care_without_an_ombudsman_points_to_the_agency():
    no_ombudsman = next(e["abbreviation"] for s, e in STATE_DATA.items()
                        if s != "national" and not e["medicaid"].get("managed_care_ombudsman"))
    case = sample_case(patient=Patient(name="Ana", state=no_ombudsman),
                       plan=Plan(insurer="X", plan_type=PlanType.MEDICAID_MANAGED_CARE))
    result = run_source("ketcover_funding_states", "state-programs", case=case)
    assert [r.cells[0] for r in result.rows if r.cells[0].startswith("★")] == ["★ Medicaid agency"]


def test_state_names_and_territories():
    by_name = run_source("ketcover_funding_states", "state-programs", {"state": "new york"})
    assert "New York" in by_name.summary
    territory = run_source("ketcover_funding_states", "state-programs", {"state": "PR"})
    assert "not Puerto Rico" in territory.summary and any("Medicare (CMS)" in r.cells[0] for r in territory.rows)
    with pytest.raises(InvalidInputs) as caught:
        run_source("ketcover_funding_states", "state-programs", {"state": "Atlantis"})
    assert "two-letter code" in caught.value.errors["state"]


def test_trials_defaults_come_from_the_case():
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "trials"})
    source = host.funding_source("clinical-trials")
    case = sample_case(conditions=[Condition("F43.12", "PTSD, chronic")],
                       patient=Patient(name="Ana", state="OH"), stage=Stage.DENIED)
    defaults = host.funding_defaults(source, case)
    assert (defaults["condition"], defaults["location"]) == ("post-traumatic stress disorder", "Ohio")
    assert defaults["recruitment"] == "recruiting" and defaults["page_size"] == "10"
    assert host.funding_defaults(source, Case(patient=Patient("X")))["condition"] == ""  # no diagnosis: type one
