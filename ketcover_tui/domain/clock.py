"""The one clock: what "today" and "now" are for every rule, countdown and record.

Everything in ketcover that needs the date asks here, never ``date.today()`` or
``datetime.now()`` directly, so that one switch moves the whole app:

- "today" is the user's local date (the ``TZ`` of the process), not UTC;
- timestamps on records are UTC (``now_iso``), shown in local time;
- a fixed day (``fix_today``) is for demo data, screenshots and tests only. The
  command line honours ``KETCOVER_TODAY=YYYY-MM-DD`` only in demo and screenshot
  data folders, so real records are never stamped with a made-up date.

Tests freeze the process clock itself (time-machine), which this module reads.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

ENV_TODAY = "KETCOVER_TODAY"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_fixed_day: date | None = None


def today() -> date:
    """The user's local date (or the fixed demo day)."""
    return _fixed_day or date.today()


def now() -> datetime:
    """Local time, aware, to the second. On a fixed day, the real time of day on that day."""
    real = datetime.now().astimezone().replace(microsecond=0)
    if _fixed_day is None:
        return real
    return datetime.combine(_fixed_day, real.timetz())


def utc_now() -> datetime:
    return now().astimezone(timezone.utc)


def now_iso() -> str:
    """A record's timestamp: UTC, ISO 8601, to the second."""
    return utc_now().isoformat()


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day``, local time."""
    return datetime.combine(day, time()).astimezone()


def fixed_day() -> date | None:
    return _fixed_day


def fix_today(day: date | None) -> None:
    """Make ``today()`` return ``day`` (None: back to the real clock). Demo, screenshots, tests."""
    global _fixed_day
    _fixed_day = day


def parse_day(text: str) -> date:
    """'YYYY-MM-DD' -> date; ValueError with a message that says what to type."""
    text = text.strip()
    if not _ISO_DAY.match(text):
        raise ValueError(f"{ENV_TODAY} must be a date written YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{ENV_TODAY}={text} is not a real date") from None
