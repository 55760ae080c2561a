"""The deadline engine: one row per rule, each asserting the date, who, and the citation."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ketcover_tui.domain import deadlines as dl
from ketcover_tui.domain.deadlines import Event
from ketcover_tui.domain.vocab import PlanType as P

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

D = date
CASES = [
    # plan, event, when, options, expected due, who, citation fragment, check_this
    (P.SELF_FUNDED_ERISA, Event.DENIAL_RECEIVED, D(2026, 3, 2), {}, D(2026, 8, 29), "patient",
     "29 CFR 2560.503-1(h)(3)(i)", True),
    (P.COMMERCIAL_FULLY_INSURED, Event.DENIAL_RECEIVED, D(2027, 12, 31), {}, D(2028, 6, 28), "patient",
     "45 CFR 147.136(b)", True),  # leap year: 2028-02-29 is counted
    (P.SELF_FUNDED_ERISA, Event.PA_SUBMITTED, D(2026, 1, 20), {}, D(2026, 2, 4), "insurer",
     "2560.503-1(f)", True),
    (P.SELF_FUNDED_ERISA, Event.PA_SUBMITTED, D(2026, 1, 20), {"post_service": True}, D(2026, 2, 19), "insurer",
     "2560.503-1(f)", True),
    (P.SELF_FUNDED_ERISA, Event.PA_SUBMITTED, datetime(2026, 1, 20, 9, 30), {"urgent": True},
     datetime(2026, 1, 23, 9, 30), "insurer", "2560.503-1(f)", True),
    (P.SELF_FUNDED_ERISA, Event.APPEAL_FILED, D(2026, 1, 31), {}, D(2026, 3, 2), "insurer",
     "29 CFR 2560.503-1(i)", True),  # pre-service 30 days across February's end
    (P.MARKETPLACE, Event.APPEAL_FILED, D(2028, 1, 31), {"post_service": True}, D(2028, 3, 31), "insurer",
     "2560.503-1(i)", True),  # post-service 60 days, leap February
    (P.COMMERCIAL_FULLY_INSURED, Event.APPEAL_FILED, datetime(2026, 2, 27, 16, 0), {"urgent": True},
     datetime(2026, 3, 2, 16, 0), "insurer", "2560.503-1(i)", True),
    # External review: 4 months, first day of the fifth month when the day does not exist.
    (P.SELF_FUNDED_ERISA, Event.FINAL_DENIAL_RECEIVED, D(2026, 3, 15), {}, D(2026, 7, 15), "patient",
     "45 CFR 147.136(c)/(d)", False),
    (P.SELF_FUNDED_ERISA, Event.FINAL_DENIAL_RECEIVED, D(2026, 10, 31), {}, D(2027, 3, 1), "patient",
     "147.136", False),
    (P.SELF_FUNDED_ERISA, Event.FINAL_DENIAL_RECEIVED, D(2027, 10, 29), {}, D(2028, 2, 29), "patient",
     "147.136", False),  # leap year: Feb 29 exists
    (P.SELF_FUNDED_ERISA, Event.FINAL_DENIAL_RECEIVED, D(2026, 10, 29), {}, D(2027, 3, 1), "patient",
     "147.136", False),  # no Feb 29 in 2027
    (P.MARKETPLACE, Event.FINAL_DENIAL_RECEIVED, D(2026, 8, 31), {}, D(2026, 12, 31), "patient",
     "147.136", False),
    (P.COMMERCIAL_FULLY_INSURED, Event.FINAL_DENIAL_RECEIVED, D(2026, 11, 30), {}, D(2027, 3, 30), "patient",
     "147.136", False),
    (P.SELF_FUNDED_ERISA, Event.EXTERNAL_REVIEW_FILED, D(2026, 12, 20), {}, D(2027, 2, 3), "insurer",
     "147.136", False),
    (P.SELF_FUNDED_ERISA, Event.EXTERNAL_REVIEW_FILED, datetime(2026, 12, 31, 8, 0), {"urgent": True},
     datetime(2027, 1, 3, 8, 0), "insurer", "147.136", False),
    # Original Medicare, five levels.
    (P.MEDICARE, Event.DENIAL_RECEIVED, D(2026, 1, 5), {"level": 1}, D(2026, 5, 5), "patient", "level 1", False),
    (P.MEDICARE, Event.APPEAL_FILED, D(2026, 1, 5), {"level": 1}, D(2026, 3, 6), "insurer", "level 1", False),
    (P.MEDICARE, Event.DENIAL_RECEIVED, D(2028, 1, 1), {"level": 2}, D(2028, 6, 29), "patient", "level 2", False),
    (P.MEDICARE, Event.APPEAL_FILED, D(2026, 6, 1), {"level": 2}, D(2026, 7, 31), "insurer", "level 2", False),
    (P.MEDICARE, Event.DENIAL_RECEIVED, D(2026, 12, 31), {"level": 3}, D(2027, 3, 1), "patient", "level 3", False),
    (P.MEDICARE, Event.APPEAL_FILED, D(2026, 1, 1), {"level": 3}, D(2026, 4, 1), "insurer", "level 3", False),
    (P.MEDICARE, Event.FINAL_DENIAL_RECEIVED, D(2026, 1, 1), {"level": 4}, D(2026, 3, 2), "patient", "level 4",
     False),
    (P.MEDICARE, Event.APPEAL_FILED, D(2026, 1, 1), {"level": 4}, D(2026, 4, 1), "insurer", "level 4", False),
    (P.MEDICARE, Event.DENIAL_RECEIVED, D(2026, 1, 1), {"level": 5}, D(2026, 3, 2), "patient", "level 5", False),
    # Medicare Advantage.
    (P.MEDICARE_ADVANTAGE, Event.DENIAL_RECEIVED, D(2026, 2, 1), {}, D(2026, 4, 2), "patient",
     "Part C reconsideration", True),
    (P.MEDICARE_ADVANTAGE, Event.APPEAL_FILED, D(2026, 2, 1), {}, D(2026, 3, 3), "insurer", "42 CFR 422.590",
     False),
    (P.MEDICARE_ADVANTAGE, Event.APPEAL_FILED, D(2026, 2, 1), {"post_service": True}, D(2026, 4, 2), "insurer",
     "42 CFR 422.590", False),
    (P.MEDICARE_ADVANTAGE, Event.APPEAL_FILED, datetime(2026, 2, 1, 12, 0), {"urgent": True},
     datetime(2026, 2, 4, 12, 0), "insurer", "42 CFR 422.590", False),
    (P.MEDICARE_ADVANTAGE, Event.DENIAL_RECEIVED, D(2026, 2, 1), {"level": 3}, D(2026, 4, 2), "patient",
     "level 3", False),
    # Medicaid managed care and fee-for-service.
    (P.MEDICAID_MANAGED_CARE, Event.DENIAL_RECEIVED, D(2026, 12, 15), {}, D(2027, 2, 13), "patient",
     "42 CFR 438.402(c)", False),
    (P.MEDICAID_MANAGED_CARE, Event.APPEAL_FILED, D(2026, 2, 10), {}, D(2026, 3, 12), "insurer", "42 CFR 438.408",
     False),
    (P.MEDICAID_MANAGED_CARE, Event.APPEAL_FILED, datetime(2026, 2, 10, 7, 0), {"urgent": True},
     datetime(2026, 2, 13, 7, 0), "insurer", "42 CFR 438.408", False),
    (P.MEDICAID_MANAGED_CARE, Event.FINAL_DENIAL_RECEIVED, D(2028, 1, 15), {}, D(2028, 5, 14), "patient",
     "438.408(f)(2)", True),
    (P.MEDICAID, Event.DENIAL_RECEIVED, D(2026, 3, 10), {"notice_dated": D(2026, 3, 3)}, D(2026, 6, 1),
     "patient", "42 CFR 431.221(d)", True),  # counted from the mailing date
]


@pytest.mark.parametrize("plan, event, when, options, due, who, cite, check", CASES)
def test_rule(plan, event, when, options, due, who, cite, check):
    first = dl.compute(plan, event, when, **options)[0]
    assert first.due == due
    assert type(first.due) is type(due)  # hour rules give a moment, day rules a date
    assert first.who == who
    assert cite in first.rule
    assert first.source
    assert first.check_this is check
    assert bool(first.warning()) is check


def test_medicare_notice_presumed_received_five_days_after_its_date():
    found = dl.compute(P.MEDICARE, Event.DENIAL_RECEIVED, None, notice_dated=date(2026, 2, 24), level=1)
    assert found[0].due == date(2026, 3, 1) + (date(2026, 5, 5) - date(2026, 1, 5))  # 120 days after Mar 1
    assert "presumed received 5 days" in found[0].note


def test_medicaid_managed_care_lists_continued_benefits_request():
    found = dl.compute(P.MEDICAID_MANAGED_CARE, Event.DENIAL_RECEIVED, date(2026, 5, 1))
    assert [d.due for d in found] == [date(2026, 6, 30), date(2026, 5, 11)]
    assert found[1].check_this


def test_marketplace_one_level_rule_is_flagged_as_uncertain():
    found = dl.compute(P.MARKETPLACE, Event.DENIAL_RECEIVED, date(2026, 5, 1))
    assert any(d.confidence == "MED" and "147.136(b)(3)(ii)(G)" in d.rule for d in found)


@pytest.mark.parametrize("plan, message", [
    (None, "Set the plan type"),
    (P.TRICARE_VA, "no verified appeal rules"),
    (P.OTHER, "no verified appeal rules"),
])
def test_no_rules_say_what_to_do(plan, message):
    with pytest.raises(dl.NoRules, match=message):
        dl.compute(plan, Event.DENIAL_RECEIVED, date(2026, 1, 1))


def test_bad_medicare_level_and_court_decision():
    with pytest.raises(dl.NoRules, match="levels are 1 to 5"):
        dl.compute(P.MEDICARE, Event.DENIAL_RECEIVED, date(2026, 1, 1), level=6)
    with pytest.raises(dl.NoRules, match="no decision deadline"):
        dl.compute(P.MEDICARE, Event.APPEAL_FILED, date(2026, 1, 1), level=5)


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 3, 1)),
    (date(2028, 1, 31), 1, date(2028, 3, 1)),
    (date(2028, 1, 29), 1, date(2028, 2, 29)),
    (date(2026, 9, 30), 4, date(2027, 1, 30)),
    (date(2026, 8, 31), 4, date(2026, 12, 31)),
    (date(2026, 11, 30), 3, date(2027, 3, 1)),
])
def test_fifth_month_rule(start, months, expected):
    assert dl.add_months_fifth_month_rule(start, months) == expected


def test_countdown():
    deadline = dl.compute(P.SELF_FUNDED_ERISA, Event.EXTERNAL_REVIEW_FILED, date(2026, 1, 1))[0]
    assert dl.countdown(deadline, date(2026, 2, 15)) == "today"
    assert dl.countdown(deadline, date(2026, 2, 10)) == "in 5 d"
    assert dl.countdown(deadline, date(2026, 2, 20)) == "overdue 5 d"
