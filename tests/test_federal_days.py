"""The holiday calendar behind the external-review roll-forward, checked against the statute.

Expected dates are written out by hand from 5 U.S.C. 6103(a) (fixed dates and
"the third Monday in January" etc.) with the weekend shifts of 6103(b) and
Executive Order 11582 (Saturday -> the Friday before, Sunday -> the Monday after),
as domain-facts §8.3 asks. They are not produced by the package under test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ketcover_tui.domain import federal_days as fd

# (year): the weekday on which each 6103(a) holiday is observed, in the statute's order:
# New Year's Day, MLK Jr. (3rd Mon Jan), Washington's Birthday (3rd Mon Feb), Memorial Day
# (last Mon May), Juneteenth (June 19), Independence Day (July 4), Labor Day (1st Mon Sep),
# Columbus Day (2nd Mon Oct), Veterans Day (Nov 11), Thanksgiving (4th Thu Nov), Christmas (Dec 25).
OBSERVED = {
    2026: ["2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19",
           "2026-07-03",  # July 4 is a Saturday: observed Friday July 3
           "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"],
    2027: ["2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31",
           "2027-06-18",  # June 19 is a Saturday
           "2027-07-05",  # July 4 is a Sunday: observed Monday July 5
           "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25",
           "2027-12-24",  # Christmas is a Saturday
           "2027-12-31"],  # New Year's Day 2028 is a Saturday: observed Friday Dec 31, 2027
    2028: ["2028-01-17", "2028-02-21", "2028-05-29", "2028-06-19", "2028-07-04", "2028-09-04",
           "2028-10-09",
           "2028-11-10",  # Veterans Day is a Saturday
           "2028-11-23", "2028-12-25"],
    2029: ["2029-01-01", "2029-01-15", "2029-02-19", "2029-05-28", "2029-06-19", "2029-07-04",
           "2029-09-03", "2029-10-08",
           "2029-11-12",  # Veterans Day is a Sunday
           "2029-11-22", "2029-12-25"],
    2030: ["2030-01-01", "2030-01-21", "2030-02-18", "2030-05-27", "2030-06-19", "2030-07-04",
           "2030-09-02", "2030-10-14", "2030-11-11", "2030-11-28", "2030-12-25"],
}


@pytest.mark.parametrize("year", sorted(OBSERVED))
def test_weekday_holidays_match_5_usc_6103a(year):
    expected = {date.fromisoformat(d) for d in OBSERVED[year]}
    day, found = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and fd.is_federal_holiday(day):
            found.add(day)
        day += timedelta(days=1)
    assert found == expected


def test_inauguration_day_is_not_a_6103a_holiday():
    # Inauguration Day is 6103(c), for the Washington area only; 2029-01-20 falls on a Saturday anyway,
    # so check the Monday after it is a business day.
    assert fd.is_business_day(date(2029, 1, 22))


@pytest.mark.parametrize("day, expected, why", [
    (date(2026, 7, 3), date(2026, 7, 6), "Independence Day (observed)"),  # Fri holiday, Sat, Sun
    (date(2026, 7, 4), date(2026, 7, 6), "Saturday"),
    (date(2027, 12, 24), date(2027, 12, 27), "Christmas Day (observed)"),
    (date(2027, 12, 31), date(2028, 1, 3), "New Year's Day (observed)"),  # across the year boundary
    (date(2026, 11, 26), date(2026, 11, 27), "Thanksgiving Day"),  # the Friday after is a business day
    (date(2026, 3, 4), date(2026, 3, 4), ""),  # a Wednesday: unchanged
])
def test_next_business_day(day, expected, why):
    assert fd.next_business_day(day) == expected
    assert fd.why_not_business_day(day) == why
