"""Federal holidays and the next business day, for the federal external-review roll-forward.

"Federal holiday" is the list in 5 U.S.C. 6103(a), with the observed-day shifts
for weekends (notes §8.3). The ``holidays`` package's ``US()`` calendar (federal
holidays by default) implements it; tests/test_federal_days.py checks its
output for 2026–2030 against dates written out from the statute. The package is
imported on first use: start-up never needs it.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

STATUTE = "5 U.S.C. 6103(a)"


@lru_cache(maxsize=1)
def _calendar():
    import holidays

    return holidays.US()  # federal holidays, observed days included; years fill in as asked


def is_federal_holiday(day: date) -> bool:
    return day in _calendar()


def holiday_name(day: date) -> str:
    return _calendar().get(day) or ""


def is_business_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a Federal holiday."""
    return day.weekday() < 5 and not is_federal_holiday(day)


def next_business_day(day: date) -> date:
    """``day`` itself when it is a business day, else the next day that is one."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def why_not_business_day(day: date) -> str:
    """'Saturday', 'Sunday', or the holiday's name ('' for a business day)."""
    if day.weekday() == 5:
        return "Saturday"
    if day.weekday() == 6:
        return "Sunday"
    return holiday_name(day)
