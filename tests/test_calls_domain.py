"""Plan facts, candidate clinics and the call log: the pure domain core, and how the store keeps them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ketcover_tui.domain import benefits as bf
from ketcover_tui.domain import benefit_changes as bc
from ketcover_tui.domain import benefit_guidance as bg
from ketcover_tui.domain import calls as calllog
from ketcover_tui.domain import providers as pv
from ketcover_tui.domain.call_scripts import CallScript, ScriptQuestion, applicable_scripts, question_text, validate_script
from ketcover_tui.domain.case import Case, Condition, Patient, Plan, Provider
from ketcover_tui.domain.case_json import case_from_dict, case_to_dict
from ketcover_tui.domain.due import due_label
from ketcover_tui.demo import demo_cases
from ketcover_tui.domain.fields import InvalidFields, parse_day, parse_money, parse_percent, parse_tristate
from ketcover_tui.domain.vocab import PlanType
from ketcover_tui.store import CaseStore

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)


def a_call(**changes) -> calllog.CallEntry:
    values = dict(started_at="2026-03-02T10:15:00-05:00", number="1-800-555-0142", department="Member services",
                  rep_name="José Müller", rep_id="A1", reference="R-1", outcome="PA needed")
    values.update(changes)
    return calllog.CallEntry(**values)


# --- parsing what people type -----------------------------------------------------------------

def test_money_is_decimal_and_bad_amounts_say_what_to_type():
    assert parse_money("$1,500") == Decimal("1500.00")
    assert parse_money("1500.5") == Decimal("1500.50")
    assert parse_money("  ") is None
    for bad in ("1.500,00", "12,34", "abc", "$1.234"):
        with pytest.raises(ValueError, match="like 1500"):
            parse_money(bad)
    with pytest.raises(ValueError, match="negative"):
        parse_money("-5")
    assert parse_percent("20%") == Decimal(20)
    with pytest.raises(ValueError, match="0 to 100"):
        parse_percent("120")


def test_yes_no_answers_need_a_leading_yes_or_no():
    assert parse_tristate("Yes, with prior auth") == "yes"
    assert parse_tristate("no - investigational") == "no"
    assert parse_tristate("unknown") == parse_tristate("") == ""
    with pytest.raises(ValueError, match="Start the answer with yes, no or unknown"):
        parse_tristate("probably")


def test_relative_follow_up_dates():
    today = date(2026, 3, 2)
    assert parse_day("+7", today=today, relative=True) == date(2026, 3, 9)
    assert parse_day("2w", today=today, relative=True) == date(2026, 3, 16)
    assert parse_day("2026-04-01", relative=True) == date(2026, 4, 1)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_day("next tuesday", relative=True)


# --- plan and benefits -----------------------------------------------------------------------

def test_benefits_form_reports_every_bad_field_and_changes_nothing():
    old = bf.Benefits(ded_in_ind=Decimal("1000.00"))
    values = {"ded_in_ind": "1000", "ded_in_ind_met": "abc", "coinsurance_in": "150", "plan_year_start": "2026-13-01"}
    with pytest.raises(InvalidFields) as caught:
        bc.benefits_from_form(old, values)
    assert set(caught.value.errors) == {"ded_in_ind_met", "coinsurance_in", "plan_year_start"}
    assert old == bf.Benefits(ded_in_ind=Decimal("1000.00"))


def test_met_above_the_limit_and_a_backwards_plan_year_are_refused():
    with pytest.raises(InvalidFields) as caught:
        bc.benefits_from_form(bf.Benefits(), {"ded_in_ind": "500", "ded_in_ind_met": "900",
                                              "plan_year_start": "2026-12-31", "plan_year_end": "2026-01-01"})
    assert "More than the deductible" in caught.value.errors["ded_in_ind_met"]
    assert "end after it starts" in caught.value.errors["plan_year_end"]


def test_a_value_changed_by_hand_loses_its_call_confirmation():
    b = bf.Benefits(ded_in_ind_met=Decimal("100.00"), copay_in=Decimal("30.00"))
    b.confirmed = {"ded_in_ind_met": bf.Confirmation("c1", "R-1", "2026-03-02"),
                   "copay_in": bf.Confirmation("c1", "R-1", "2026-03-02")}
    new, changes = bc.benefits_from_form(b, {"ded_in_ind_met": "250", "copay_in": "30.00"})
    assert [c.line() for c in changes] == ["Deductible met, in-network, individual: $100.00 → $250.00"]
    assert set(new.confirmed) == {"copay_in"}


def test_call_answers_update_plan_facts_and_confirm_them():
    b = bf.Benefits(ded_in_ind=Decimal("1500.00"), prior_auth_required="no")
    conf = bf.Confirmation("c1", "REF-9", "2026-03-02")
    changes = bc.apply_answers(b, {"ded_in_ind_met": "$650", "prior_auth_required": "yes, for J3490",
                                   "network_status": "no", "benefit_type": "unknown"}, conf)
    assert b.ded_in_ind_met == Decimal("650.00") and b.prior_auth_required == "yes" and b.network_status == "out"
    assert {c.key for c in changes} == {"ded_in_ind_met", "prior_auth_required", "network_status"}
    assert b.confirmed["ded_in_ind_met"].label() == "confirmed on call REF-9, 2026-03-02"
    assert "benefit_type" not in b.confirmed  # "unknown" confirms nothing
    with pytest.raises(InvalidFields) as caught:
        bc.apply_answers(b, {"ded_in_ind_met": "about half"}, conf)
    assert "ded_in_ind_met" in caught.value.errors


def test_funding_decides_the_regulator_and_cites_its_source():
    note = bg.regulator_note(bf.Benefits(), PlanType.SELF_FUNDED_ERISA)
    assert "ERISA" in note.text and "DOL/EBSA" in note.text
    assert "§6" in note.source and note.as_of
    assert bg.effective_funding(bf.Benefits(), PlanType.COMMERCIAL_FULLY_INSURED) == ("fully_insured",
                                                                                        "from the plan type")
    explicit = bg.regulator_note(bf.Benefits(funding="fully_insured"), PlanType.SELF_FUNDED_ERISA)
    assert "Department of Insurance" in explicit.text
    assert bg.regulator_note(bf.Benefits(), None) is None


def test_accumulators_and_progress_bar():
    b = bf.Benefits(ded_in_ind=Decimal("1000.00"), ded_in_ind_met=Decimal("250.00"), oop_in_ind=Decimal("5000"))
    accs = {a.label: a for a in bg.accumulators(b)}
    assert accs["Deductible in-network individual"].fraction == 0.25
    assert accs["Deductible in-network individual"].remaining == Decimal("750.00")
    assert accs["Out-of-pocket max in-network individual"].fraction is None  # met not known
    assert bg.progress_bar(0.25, 8) == "██░░░░░░"


# --- providers -------------------------------------------------------------------------------

def test_candidate_form_checks_npi_prices_and_rating():
    with pytest.raises(InvalidFields) as caught:
        pv.candidate_from_form({"name": "", "npi": "1234567890", "price_infusion": "six hundred", "rating": "7"})
    assert set(caught.value.errors) == {"name", "npi", "price_infusion", "rating"}
    c = pv.candidate_from_form({"name": "Clínica Sol", "npi": "1234567893", "price_infusion": "$650",
                                "price_series": "3,600", "series_infusions": "6", "network": "out"})
    assert c.price_infusion == Decimal("650.00") and pv.price_per_infusion_in_series(c) == Decimal("600.00")


def test_choosing_a_candidate_sets_the_case_provider_without_borrowing_numbers():
    case = Case(patient=Patient("Ana"), provider=Provider("Old Clinic", "1234567893", "12-3456789"))
    new = pv.ProviderCandidate(name="New Clinic")
    same = pv.ProviderCandidate(name="old clinic", network="in")
    case.provider_search.candidates = [new, same]
    pv.choose(case, new.id)
    assert (case.provider.clinic, case.provider.npi, case.provider.tax_id) == ("New Clinic", "", "")
    case.provider = Provider("Old Clinic", "1234567893", "12-3456789")
    pv.choose(case, same.id)
    assert case.provider.npi == "1234567893" and case.provider_search.chosen == same.id
    with pytest.raises(KeyError):
        pv.choose(case, "nope")


# --- calls -----------------------------------------------------------------------------------

def test_call_form_validates_each_field_and_script_answers():
    answers = [calllog.Answer("Deductible met?", "lots", "ded_in_ind_met"), calllog.Answer("Anything else?", "no")]
    with pytest.raises(InvalidFields) as caught:
        calllog.call_from_form({"started_at": "yesterday", "duration": "ten", "number": "call <me>",
                                "follow_up_due": "soon"}, answers)
    assert set(caught.value.errors) == {"started_at", "duration", "number", "follow_up_due", "answer-0"}
    entry = calllog.call_from_form({"started_at": "2026-03-02 10:15", "duration": "12:30", "number": "1-800-555-0142",
                                    "follow_up_due": "+7", "promised": "  “We will call back.” "},
                                   answers[1:], on=date(2026, 3, 2))
    assert entry.duration_s == 750 and entry.follow_up_due == date(2026, 3, 9)
    assert entry.promised == "“We will call back.”" and entry.started.utcoffset() is not None


def test_record_call_updates_plan_and_keeps_the_change_lines_on_the_call():
    case = Case(patient=Patient("李雷"), benefits=bf.Benefits(ded_in_ind=Decimal("1000.00")))
    call = a_call(answers=[calllog.Answer("Met?", "400", "ded_in_ind_met"), calllog.Answer("Note", "fine")])
    changes = calllog.record_call(case, call)
    assert case.benefits.ded_in_ind_met == Decimal("400.00")
    assert call.plan_changes == ["Deductible met, in-network, individual: — → $400.00"] == [c.line() for c in changes]
    assert case.benefits.confirmed["ded_in_ind_met"].reference == "R-1"
    # Editing the call: only a changed answer touches the plan again; a new reference follows along.
    edited = a_call(id=call.id, reference="R-2", answers=[calllog.Answer("Met?", "400", "ded_in_ind_met")],
                    plan_changes=list(call.plan_changes))
    assert calllog.record_call(case, edited, previous=call) == []
    assert case.benefits.confirmed["ded_in_ind_met"].reference == "R-2"
    assert len(case.calls) == 1
    calllog.delete_call(case, call.id)
    assert case.calls == [] and "ded_in_ind_met" not in case.benefits.confirmed
    assert case.benefits.ded_in_ind_met == Decimal("400.00")  # the value stays; only the confirmation goes


def test_search_across_every_field_and_date_range():
    calls = [a_call(id="a", promised="We will mail the form"),
             a_call(id="b", started_at="2026-04-10T09:00:00-05:00", rep_name="李雷",
                    answers=[calllog.Answer("Timely filing?", "180 days")])]
    assert [c.id for c in calllog.search(calls, "mail form")] == ["a"]
    assert [c.id for c in calllog.search(calls, "180 DAYS")] == ["b"]
    assert [c.id for c in calllog.search(calls, "李")] == ["b"]
    assert [c.id for c in calllog.in_range(calls, date(2026, 4, 1), None)] == ["b"]
    assert [c.id for c in calllog.in_range(calls, None, date(2026, 3, 2))] == ["a"]


def test_follow_up_index_holds_open_ones_earliest_first():
    calls = [a_call(id="a", follow_up_due=date(2026, 5, 1)), a_call(id="b", follow_up_due=date(2026, 4, 1)),
             a_call(id="c", follow_up_due=date(2026, 3, 1), follow_up_done="2026-03-01"), a_call(id="d")]
    index = calllog.follow_up_index(calls)
    assert [(due, call_id) for due, call_id, _ in index] == [("2026-04-01", "b"), ("2026-05-01", "a")]
    case = Case(patient=Patient("Ana"), calls=calls)
    calllog.mark_follow_up(case, "b", True, on=date(2026, 4, 2))
    assert [i[1] for i in case.summary().follow_ups] == ["a"]
    assert due_label(date(2026, 4, 1), date(2026, 4, 3)) == "overdue 2 d"
    far = date(2026, 4, 3) + timedelta(days=179)
    assert due_label(far, date(2026, 4, 3)) == far.isoformat()  # alone: the date says more
    assert due_label(far, date(2026, 4, 3), dated=True) == "in 179 d"  # beside the date (the Due list): never twice


def test_records_round_trip_every_field():
    call = a_call(duration_s=754, follow_up_due=date(2026, 3, 9), notes="line 1\nline 2", script="Benefits",
                  plan_changes=["A: — → yes", "B: $1.00 → $2.00"],
                  answers=[calllog.Answer("Q one?", "yes"), calllog.Answer("Q two?", "")])
    row = {key: value for key, _, value in calllog.call_record(call)}
    assert calllog.call_from_record(row) == call


# --- scripts ---------------------------------------------------------------------------------

def test_scripts_fill_case_details_and_are_validated():
    script = CallScript("s", "Aetna script", (ScriptQuestion("q", "Covered for {diagnoses} at {clinic}?"),),
                        insurers=("aetna",))
    generic = CallScript("g", "Generic", (ScriptQuestion("q", "Hi"),))
    case = Case(patient=Patient("Ana"), conditions=[Condition("F33.2"), Condition("F41.1")],
                plan=Plan(insurer="Aetna Better Health"), provider=Provider("Harbor"))
    assert question_text(script.questions[0], case) == "Covered for F33.2, F41.1 at Harbor?"
    asked = ScriptQuestion("q", "Is 96365 covered for {diagnosis_codes}?")
    assert question_text(asked, case) == "Is 96365 covered for diagnosis codes F33.2, F41.1?"
    case.conditions = [Condition("F33.2")]
    assert question_text(asked, case) == "Is 96365 covered for diagnosis code F33.2?"
    case.conditions = []  # a question that still reads as one, and says what to do
    assert question_text(asked, case) == ("Is 96365 covered for the patient's diagnosis (no ICD-10-CM code on the "
                                          "case yet: ask the clinic for it)?")
    assert [s.id for s in applicable_scripts([generic, script], "Aetna Better Health", None)] == ["s", "g"]
    assert [s.id for s in applicable_scripts([generic, script], "Cigna", None)] == ["g"]
    with pytest.raises(ValueError, match="unknown plan fact"):
        validate_script(CallScript("x", "X", (ScriptQuestion("q", "?", fact="deductible_typo"),)))


# --- on disk -----------------------------------------------------------------------------------

def test_case_round_trips_and_old_files_without_the_sections_load():
    case = demo_cases(3, 1)[1]
    assert case.calls and case.provider_search.candidates and case.benefits.ded_in_ind is not None
    assert case_from_dict(json.loads(json.dumps(case_to_dict(case)))) == case
    old = case_to_dict(case)
    for key in ("benefits", "provider_search", "calls"):
        del old[key]
    loaded = case_from_dict(old)
    assert loaded.calls == [] and loaded.benefits == bf.Benefits() and loaded.provider_search == pv.ProviderSearch()


def test_a_damaged_call_log_is_reported_not_guessed(data_dir):
    data = case_to_dict(Case(patient=Patient("Ana")))
    data["calls"] = [{"started_at": "not a time"}]
    with pytest.raises(Exception, match="calls"):
        case_from_dict(data)


def test_index_without_follow_ups_is_rebuilt_from_the_case_files(data_dir):
    store = CaseStore(data_dir)
    case = Case(patient=Patient("Zoë"), calls=[a_call(follow_up_due=date(2026, 5, 1))])
    store.create(case)
    assert store.summaries()[0].follow_ups  # index written with the new field
    index = json.loads(store.index_path.read_text())
    at = index["fields"].index("follow_ups")
    del index["fields"][at]  # as an index written by an older ketcover
    for row in index["rows"]:
        del row[at]
    store.index_path.write_text(json.dumps(index))
    [summary] = store.summaries()
    assert [tuple(f) for f in summary.follow_ups] == [("2026-05-01", case.calls[0].id,
                                                       "Member services · José Müller: PA needed")]
    assert "follow_ups" in json.loads(store.index_path.read_text())["fields"]


def test_demo_data_has_every_insurer_side_feature():
    cases = demo_cases(30, 1)
    assert demo_cases(30, 1) == cases  # deterministic
    assert all(c.calls and c.provider_search.chosen for c in cases)
    assert any(c.benefits.exclusions for c in cases)
    assert any(call.script and call.plan_changes for c in cases for call in c.calls)
    assert any(c.summary().follow_ups for c in cases)
    assert any(c.provider_search.in_network_within_reach == "no" for c in cases)
    for c in cases:
        for cand in c.provider_search.candidates:  # prices inside the reference range (§5.1)
            assert Decimal(400) <= cand.price_infusion <= Decimal(900)
        for call in c.calls:
            assert "555-01" in call.number  # the fictional-use range
