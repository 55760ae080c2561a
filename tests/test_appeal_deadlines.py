"""From records to deadlines: the notice's own date, claims, overdue decisions, missed windows, the index."""

from __future__ import annotations

import json
from datetime import date as D

import pytest

from ketcover_tui.domain import appeals as ap
from ketcover_tui.domain.appeal_deadlines import denial_deadlines_all, open_deadlines
from ketcover_tui.domain.appeal_position import appeal_position
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.vocab import PlanType as P
from ketcover_tui.store import CaseStore

EV = "fax confirmation"


def denial(**values) -> ap.Denial:
    return ap.Denial(id="den00001", **values)


def test_the_notice_deadline_wins_when_earlier():
    found, _ = denial_deadlines_all(P.SELF_FUNDED_ERISA, denial(received=D(2026, 3, 2),
                                                                 notice_deadline=D(2026, 8, 1)))
    rule, printed = found
    assert (rule.due, printed.due, printed.from_notice) == (D(2026, 8, 29), D(2026, 8, 1), True)
    assert "earlier" in rule.superseded and not printed.superseded
    assert printed.cite_line() == "the date printed on your notice · your notice, as you entered it"
    assert [d.due for d in ap.denial_deadlines(P.SELF_FUNDED_ERISA, denial(received=D(2026, 3, 2),
                                                                            notice_deadline=D(2026, 8, 1)))] == [
        D(2026, 8, 1)]


def test_a_later_notice_deadline_is_shown_but_the_rule_wins():
    found, _ = denial_deadlines_all(P.MEDICAID_MANAGED_CARE, denial(notice_date=D(2026, 3, 2),
                                                                     notice_deadline=D(2026, 5, 30)))
    assert [(d.due, bool(d.superseded)) for d in found] == [(D(2026, 5, 1), False), (D(2026, 5, 30), True)]


@pytest.mark.parametrize("plan", [P.TRICARE_VA, P.OTHER])
def test_plans_without_rules_say_so_and_track_the_notice_deadline(plan):
    record = denial(received=D(2026, 3, 2))
    found, problems = open_deadlines(plan, ap.Appeals(denials=[record]))
    assert found == [] and problems == [f"ketcover has no appeal rules for {plan.label} plans: use the deadline "
                                        "printed on your notice (enter it as “Deadline printed on the notice” and "
                                        "ketcover tracks it)."]
    record.notice_deadline = D(2026, 4, 1)
    found, _ = open_deadlines(plan, ap.Appeals(denials=[record]))
    assert [(d.due, d.rule) for d, _ in found] == [(D(2026, 4, 1), "the date printed on your notice")]
    position = appeal_position(plan, record, D(2026, 3, 10))
    assert position.no_rule.startswith("ketcover has no appeal rules") and position.window.due == D(2026, 4, 1)


def test_claims_produce_deadlines():
    claim = ap.Claim(claim_number="C1", submitted=D(2026, 1, 29), received_by_plan=D(2026, 1, 31),
                     receipt_evidence=EV, id="clm00001")
    found, problems = open_deadlines(P.SELF_FUNDED_ERISA, ap.Appeals(claims=[claim]))
    assert [(d.due, d.rule, r.id) for d, r in found] == [(D(2026, 3, 2), "29 CFR 2560.503-1(f)(2)(iii)(B)",
                                                           "clm00001")]
    claim.status = "paid"
    assert open_deadlines(P.SELF_FUNDED_ERISA, ap.Appeals(claims=[claim])) == ([], [])
    claim.status = ""  # a Medicare claim has no decision clock in the notes: no deadline, no noise
    assert open_deadlines(P.MEDICARE, ap.Appeals(claims=[claim])) == ([], [])


def test_marketplace_has_one_dated_internal_appeal_deadline():
    found, _ = open_deadlines(P.MARKETPLACE, ap.Appeals(denials=[denial(received=D(2026, 5, 1))]))
    assert [d.what for d, _ in found] == ["File the internal appeal"]


def test_keep_benefits_only_for_reductions():
    first = denial(notice_date=D(2026, 5, 1), reason="no_prior_auth")
    assert [d.step for d in ap.denial_deadlines(P.MEDICAID_MANAGED_CARE, first)] == ["plan_appeal"]
    cut = denial(notice_date=D(2026, 5, 1), reduces_services=True, effective_date=D(2026, 5, 20))
    assert [(d.step, d.due) for d in ap.denial_deadlines(P.MEDICAID_MANAGED_CARE, cut)] == [
        ("plan_appeal", D(2026, 6, 30)), ("keep_benefits", D(2026, 5, 20))]


def test_overdue_erisa_decision_counts_from_plan_receipt_and_means_deemed_exhaustion():
    record = denial(received=D(2026, 3, 2), appeal_filed=D(2026, 3, 20), appeal_received=D(2026, 3, 23),
                    appeal_received_evidence="delivery tracking")
    before = appeal_position(P.SELF_FUNDED_ERISA, record, D(2026, 4, 22))  # Mar 23 + 30 = Apr 22: due today
    assert before.decision.due == D(2026, 4, 22) and not before.decision_overdue
    late = appeal_position(P.SELF_FUNDED_ERISA, record, D(2026, 5, 1))
    assert late.decision_overdue_since == D(2026, 4, 23)
    assert "deemed" in late.overdue_meaning and late.overdue_cite.startswith("29 CFR 2560.503-1(l)")
    assert "2590.715-2719(b)(2)(ii)(F)" in late.overdue_cite
    assert any("external review" in r.text and r.cite == late.overdue_cite for r in late.left)
    assert any("1-866-444-3272" in r.text for r in late.left)  # EBSA, notes §8.4


def test_missed_window_lists_what_is_left():
    medicare = denial(notice_date=D(2026, 1, 5))  # presumed Jan 10 + 120 = May 10
    open_day = appeal_position(P.MEDICARE, medicare, D(2026, 5, 10))
    assert not open_day.window_passed and open_day.next_step.due == D(2026, 5, 10) and open_day.left == ()
    missed = appeal_position(P.MEDICARE, medicare, D(2026, 5, 11))
    assert missed.window_passed and missed.next_step is None
    assert [r.cite for r in missed.left] == ["42 CFR 405.942(b)", ""]
    assert "1-800-633-4227" in missed.left[1].text
    ma = appeal_position(P.MEDICARE_ADVANTAGE, medicare, D(2026, 12, 1))
    assert ma.window_passed and any("IRE" in text for text, _, _ in ma.facts)


def test_next_step_has_its_cite():
    position = appeal_position(P.MEDICAID_MANAGED_CARE, denial(notice_date=D(2026, 3, 2), received=D(2026, 3, 9)),
                               D(2026, 3, 10))
    assert (position.next_step.due, position.next_step.rule) == (D(2026, 5, 1), "42 CFR 438.402(c)(2)(ii)")
    assert position.regulator.text.startswith("Your state Medicaid agency")


def test_form_records_evidence_and_checks_the_order_of_dates():
    with pytest.raises(ap.InvalidFields) as caught:
        ap.from_form("denial", {"notice_date": "2026-03-02", "received": "2026-03-20", "appeal_filed": "2026-03-25",
                                "appeal_received": "2026-03-24"})
    assert "before it was sent" in caught.value.errors["appeal_received"]
    with pytest.raises(ap.InvalidFields) as caught:
        ap.from_form("prior_auth", {"submitted": "2026-03-25", "received_by_plan": "2026-03-24"})
    assert "received_by_plan" in caught.value.errors
    fine = ap.from_form("denial", {"received": "2026-03-20", "receipt_proof": "portal timestamp"})
    assert fine.receipt_proof == "portal timestamp"


def test_index_is_rebuilt_when_the_rules_change(data_dir):
    case = Case(Patient(name="José Müller"), id="case000001")
    case.plan.plan_type = P.MEDICAID_MANAGED_CARE
    case.appeals.denials.append(denial(notice_date=D(2026, 3, 2), received=D(2026, 3, 9)))
    store = CaseStore(data_dir)
    store.create(case, stamp=False)
    assert store.summaries()[0].deadlines[0][0] == "2026-05-01"
    index = json.loads(store.index_path.read_text(encoding="utf-8"))
    assert index["rules"] == ap_rules_version()
    index["rules"] -= 1  # written by the previous engine, which counted from the day it arrived
    index["rows"][0][list(index["fields"]).index("deadlines")] = [["2026-05-08", "den00001", "old"]]
    store.index_path.write_text(json.dumps(index), encoding="utf-8")
    fresh = CaseStore(data_dir)
    assert fresh.cached_summaries() is None  # an index from other rules is not painted either
    assert [list(d) for d in fresh.summaries()[0].deadlines] == [["2026-05-01", "den00001",
                                                                  "File the appeal with the managed-care plan"]]
    assert json.loads(store.index_path.read_text(encoding="utf-8"))["rules"] == ap_rules_version()


def ap_rules_version() -> int:
    from ketcover_tui.domain.deadlines import RULES_VERSION

    return RULES_VERSION
