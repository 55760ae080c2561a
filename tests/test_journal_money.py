"""The treatment journal and the money ledger: validation, conversions, totals, the plan's accumulators."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from ketcover_tui.domain import benefits as bf
from ketcover_tui.domain import benefit_changes as bc
from ketcover_tui.domain import journal as jn
from ketcover_tui.domain import journal_forms as jf
from ketcover_tui.domain import money as mn
from ketcover_tui.domain import money_forms as mf
from ketcover_tui.domain.case_json import case_from_dict, case_to_dict
from ketcover_tui.domain.fields import InvalidFields
from ketcover_tui.store import CaseStore
from ketcover_tui.testing import sample_case

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

TODAY = date(2026, 11, 26)


def session_values(**changes) -> dict[str, str]:
    return jf.session_values(None, None) | {"on": "2026-03-02", "start": "09:30", "stop": "10:10",
                                            "dose_mg": "35", "weight": "70"} | changes


# --- sessions ----------------------------------------------------------------------------------

def test_session_duration_and_mg_per_kg_from_mg():
    session, weight = jf.session_from_form(session_values(), today=TODAY)
    assert session.duration_min == 40 and session.start == time(9, 30)
    assert weight == Decimal("70.0") and session.dose_mg == Decimal("35")
    assert jn.mg_per_kg(session.dose_mg, weight) == Decimal("0.50")
    assert jn.dose_text(session, weight) == "35 mg (0.50 mg/kg)"


def test_dose_typed_in_mg_per_kg_and_weight_in_pounds():
    session, weight = jf.session_from_form(session_values(dose_mg="", dose_per_kg="0.5", weight="154 lb"),
                                           today=TODAY)
    assert weight == Decimal("69.9")  # 154 lb × 0.45359237, to 0.1 kg
    assert session.dose_mg == Decimal("35.0")


def test_session_errors_name_each_field():
    with pytest.raises(InvalidFields) as caught:
        jf.session_from_form(session_values(on="2026-02-30", start="9:70", stop="", dose_mg="lots",
                                            before_mood="11", drug="esketamine", route="iv"), today=TODAY)
    errors = caught.value.errors
    assert set(errors) == {"on", "start", "dose_mg", "before_mood", "route"}
    assert "24-hour time" in errors["start"] and "0 to 10" in errors["before_mood"]
    assert "nasal spray" in errors["route"]


@pytest.mark.parametrize("changes,field,words", [
    ({"stop": "09:30"}, "stop", "not after the start"),
    ({"stop": ""}, "stop", "stop time too"),
    ({"start": ""}, "start", "start time too"),
    ({"on": "2026-12-25"}, "on", "future"),
    ({"dose_mg": "", "dose_per_kg": "0.5", "weight": ""}, "weight", "Enter the weight"),
    ({"dose_mg": "50", "dose_per_kg": "0.5"}, "dose_per_kg", "is 0.71 mg/kg, not 0.5"),
    ({"weight": "700 kg"}, "weight", "plausible"),
    ({"side_effects": "nausea,other", "side_effect_notes": ""}, "side_effect_notes", "ticked Other"),
])
def test_session_checks(changes, field, words):
    with pytest.raises(InvalidFields) as caught:
        jf.session_from_form(session_values(**changes), today=TODAY)
    assert words in caught.value.errors[field]


def test_ratings_side_effects_and_editing_keep_everything():
    values = session_values(before_mood="3", after_mood="6", before_pain="7", after_pain="4",
                            side_effects="dissociation,other", side_effect_notes="blurred vision",
                            provider="Dana Reyes, MD", notes="Calm.")
    session, weight = jf.session_from_form(values, today=TODAY)
    assert session.before == {"mood": 3, "pain": 7} and session.after == {"mood": 6, "pain": 4}
    assert session.side_effect_words() == "dissociation, blurred vision"
    again, _ = jf.session_from_form(jf.session_values(session, weight), original=session, today=TODAY)
    assert again == session


def test_prior_treatments_accept_partial_dates_and_check_their_order():
    prior = jf.prior_from_form({"name": "Sertraline", "kind": "drug", "dose": "200 mg daily", "start": "2024-01-15",
                                "end": "2024-04-15", "outcome": "failed"})
    assert prior.weeks() == 13 and "Sertraline · 200 mg daily · 2024-01-15 to 2024-04-15 (13 weeks)" in prior.line()
    assert jf.prior_from_form({"name": "CBT", "kind": "therapy", "start": "2023", "end": "2023-06"}).period() \
        == "2023 to 2023-06"
    with pytest.raises(InvalidFields) as caught:
        jf.prior_from_form({"name": "", "kind": "drug", "start": "2024-05", "end": "2024-02", "outcome": "meh"})
    assert set(caught.value.errors) == {"name", "end", "outcome"}
    with pytest.raises(InvalidFields) as caught:
        jf.prior_from_form({"name": "X", "kind": "drug", "start": "2024-13"})
    assert "not a real date" in caught.value.errors["start"]


def test_deleting_a_session_keeps_its_scores_unlinked():
    from ketcover_tui.domain.measures import MeasureEntry

    j = jn.Journal()
    s = jn.Session(on=date(2026, 3, 2))
    jn.record_session(j, s, Decimal("70"))
    j.measures.append(MeasureEntry("pain", date(2026, 3, 2), (6,), session_id=s.id))
    jn.delete_session(j, s.id)
    assert j.sessions == [] and j.measures[0].session_id == "" and j.weight_kg == Decimal("70")


# --- money ---------------------------------------------------------------------------------

def test_service_lines_are_parsed_with_clear_messages():
    lines = mf.parse_lines("96365 x1 $1,450.00 dx A\n\n99214-25 x1 180 dx AB on 2026-03-02\nJ3490 200.5")
    assert [line.code for line in lines] == ["96365", "99214", "J3490"]
    assert lines[0].charge == Decimal("1450.00") and lines[1].modifiers == ("25",) and lines[1].pointers == "AB"
    assert lines[1].on == date(2026, 3, 2) and lines[2].charge == Decimal("200.50") and lines[2].units == 1
    assert mf.parse_lines(mf.lines_text(lines)) == lines
    for text, words in [("9636 x1 100", "Line 1: '9636' is not a CPT or HCPCS code"),
                        ("96365 x1 100\n96366-K x1 50", "Line 2: modifier 'K'"),
                        ("96365 x1 100 dx M", "letters A–L"),
                        ("96365 x1 100 200", "two amounts"),
                        ("96365 x1 -5", "did not understand '-5'"),
                        ("96365 x1 100 on 03/02/2026", "not a date")]:
        with pytest.raises(ValueError, match=words):
            mf.parse_lines(text)


def test_money_forms_check_amounts_per_kind():
    with pytest.raises(InvalidFields) as caught:
        mf.entry_from_form("receipt", {"date_of_service": "", "paid_patient": "12.345"}, today=TODAY)
    assert set(caught.value.errors) == {"date_of_service", "paid_patient"}
    with pytest.raises(InvalidFields) as caught:
        mf.entry_from_form("invoice", {"date_of_service": "2026-03-02", "lines": "96365 x1 450\nJ3490 x1 200",
                                       "billed": "700"}, today=TODAY)
    assert "add up to $650.00, not $700.00" in caught.value.errors["billed"]
    with pytest.raises(InvalidFields) as caught:
        mf.entry_from_form("receipt", {"date_of_service": "2026-03-02", "lines": "96365 x1\nJ3490 x1 200",
                                       "paid_patient": "650"}, today=TODAY)
    assert "Line 1 (96365) has no charge" in caught.value.errors["lines"]
    with pytest.raises(InvalidFields) as caught:
        mf.entry_from_form("eob", {"date_of_service": "2026-03-02", "billed": "700", "allowed": "800",
                                   "reimbursed": "900", "deductible": "300", "patient_share": "200"}, today=TODAY)
    errors = caught.value.errors
    assert "more than billed" in errors["allowed"] and "more than the allowed" in errors["reimbursed"]
    assert "more than your share" in errors["deductible"]
    invoice = mf.entry_from_form("invoice", {"date_of_service": "2026-03-02", "lines": "96365 x1 450\nJ3490 x1 200"},
                                 today=TODAY)
    assert invoice.billed == Decimal("650.00")  # the lines' sum when billed is left empty
    with pytest.raises(InvalidFields, match="no longer in the journal"):
        mf.entry_from_form("receipt", {"date_of_service": "2026-03-02", "paid_patient": "1", "sessions": "gone1"},
                           session_ids={"here1"}, today=TODAY)


def receipt(day: int, paid: str) -> mn.MoneyEntry:
    return mn.MoneyEntry("receipt", date(2026, 3, day), paid_patient=Decimal(paid))


def eob(day: int, **amounts) -> mn.MoneyEntry:
    return mn.MoneyEntry("eob", date(2026, 3, day), network="out", **{k: Decimal(v) for k, v in amounts.items()})


def test_totals_count_each_amount_from_the_document_that_states_it():
    ledger = mn.Ledger(entries=[
        mn.MoneyEntry("invoice", date(2026, 3, 2), billed=Decimal("700.00")),
        receipt(2, "700.00"),
        eob(2, billed="700.00", allowed="490.00", deductible="490.00", patient_share="490.00",
            reimbursed="0.00"),
        receipt(4, "700.10"),
        eob(4, billed="700.00", allowed="490.00", deductible="10.00", patient_share="202.00", reimbursed="288.00"),
    ])
    t = mn.totals(ledger)
    assert t.billed == Decimal("700.00")  # the invoice; the EOBs' "billed" is the same charge, not more
    assert t.eob_billed == Decimal("1400.00")
    assert t.paid_by_you == Decimal("1400.10") and t.reimbursed == Decimal("288.00")
    assert t.net_cost == Decimal("1112.10") and isinstance(t.net_cost, Decimal)
    assert dict(t.counts) == {"invoice": 1, "receipt": 2, "eob": 2}


def test_eob_sums_feed_the_plan_only_when_asked():
    case = sample_case()
    case.benefits = bf.Benefits(plan_year_start=date(2026, 1, 1), plan_year_end=date(2026, 12, 31),
                                ded_out_ind=Decimal("1000.00"), ded_out_ind_met=Decimal("100.00"),
                                oop_out_ind=Decimal("5000.00"), network_status="out")
    case.money.entries = [eob(2, deductible="490.00", patient_share="490.00"),
                          eob(4, deductible="10.00", patient_share="202.00"),
                          mn.MoneyEntry("eob", date(2025, 12, 30), deductible=Decimal("999.00"))]  # last plan year
    progress = {p.key: p for p in mn.eob_progress(case.money, case.benefits)}
    assert progress["ded_out_ind_met"].from_eobs == Decimal("500.00") and progress["ded_out_ind_met"].eobs == 2
    assert progress["oop_out_ind_met"].from_eobs == Decimal("692.00")
    assert case.benefits.ded_out_ind_met == Decimal("100.00")  # nothing changes by itself
    updates = mn.plan_updates(list(progress.values()))
    case.benefits, changes = bc.benefits_from_form(case.benefits, updates)
    assert case.benefits.ded_out_ind_met == Decimal("500.00") and case.benefits.oop_out_ind_met == Decimal("692.00")
    assert {c.key for c in changes} == {"ded_out_ind_met", "oop_out_ind_met"}
    # More than the deductible itself is refused by the plan's own check.
    case.money.entries.append(eob(6, deductible="900.00"))
    with pytest.raises(InvalidFields, match="More than the deductible"):
        bc.benefits_from_form(case.benefits, mn.plan_updates(mn.eob_progress(case.money, case.benefits)))


# --- the case file ---------------------------------------------------------------------------

def test_case_round_trips_through_the_store_and_old_files_load(data_dir):
    from ketcover_tui.demo import demo_cases

    store = CaseStore(data_dir)
    case = next(c for c in demo_cases(30, 1) if c.money.entries and c.journal.prior)
    store.create(case, stamp=False)
    loaded = store.load(case.id)
    assert loaded.journal == case.journal and loaded.money == case.money
    raw = (store.cases_dir / f"{case.id}.json").read_text(encoding="utf-8")
    assert '"paid_patient":"' in raw  # amounts are stored as decimal strings, never floats
    old = case_to_dict(sample_case())
    del old["journal"], old["money"]
    restored = case_from_dict(old)
    assert restored.journal == jn.Journal() and restored.money == mn.Ledger()


def test_a_damaged_journal_makes_the_case_unreadable_not_half_loaded():
    data = case_to_dict(sample_case())
    data["journal"] = {"sessions": [{"on": "yesterday"}]}
    with pytest.raises(ValueError, match="journal: session 1 date"):
        case_from_dict(data)
    data = case_to_dict(sample_case())
    data["money"] = {"entries": [{"kind": "receipt", "date_of_service": "2026-03-02", "paid_patient": 12.5}]}
    with pytest.raises(ValueError, match="expected a decimal written as a string"):
        case_from_dict(data)
