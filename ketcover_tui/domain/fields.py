"""Parsing what people type into typed values: money, percentages, dates, yes/no.

Each parser raises ``ValueError`` with a message that says what to type instead,
so a form can show it next to the field. Money is always ``Decimal``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from . import clock

class InvalidFields(ValueError):
    """Every problem found in a form, keyed by field name (one message per field)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


# --- yes / no / not known ---------------------------------------------------------------

YES, NO, UNKNOWN = "yes", "no", ""

_YES_WORDS = {"y", "yes", "yeah", "yep", "true"}
_NO_WORDS = {"n", "no", "nope", "false"}
_UNKNOWN_WORDS = {"?", "unknown", "unsure", "dk", "n/a", "na"}


def parse_tristate(text: str) -> str:
    """'yes' / 'no' / '' (not known) from an answer that starts with yes or no.

    "yes, with prior auth" -> "yes". Anything that does not start with yes, no or
    unknown raises, because guessing a plan fact from free text would be wrong.
    """
    first = re.split(r"[\s,.;:!()-]+", text.strip().lower(), maxsplit=1)[0] if text.strip() else ""
    if not first or first in _UNKNOWN_WORDS or text.strip().lower().startswith(("don't know", "not sure")):
        return UNKNOWN
    if first in _YES_WORDS:
        return YES
    if first in _NO_WORDS:
        return NO
    raise ValueError("Start the answer with yes, no or unknown (details may follow, e.g. 'yes, with prior auth')")


def tristate_label(value: str) -> str:
    return {YES: "yes", NO: "no"}.get(value, "not known")


# --- money and percentages --------------------------------------------------------------

_MONEY_RE = re.compile(r"^\$?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$", re.ASCII)  # ASCII digits only
MONEY_LIMIT = Decimal("10000000")


_GROUPED_RE = re.compile(r"^\$?[0-9,]+(\.[0-9]*)?$", re.ASCII)
_TOO_PRECISE_RE = re.compile(r"^\$?(\d{1,3}(,\d{3})+|\d+)\.\d{3,}$", re.ASCII)


def parse_money(text: str, *, label: str = "Amount") -> Decimal | None:
    """'$1,500.00' / '1500' / '1500.5' -> Decimal('1500.00'); '' -> None.

    The one money parser: forms, the CLI and plugins' fields all use it. Thousands
    separators only in groups of three, at most two decimals, no exponent, NaN or
    infinity, no sign; the message says what to type instead.
    """
    raw = text.strip().replace(" ", "")
    if not raw:
        return None
    if raw.startswith("-") or raw.startswith("$-"):
        raise ValueError(f"{label} cannot be negative: enter an amount of $0 or more")
    if raw.upper().endswith("USD"):
        raw = raw[:-3]
    if not _MONEY_RE.match(raw):
        example = "like 1500 or $1,500.00"
        if _TOO_PRECISE_RE.match(raw):
            raise ValueError(f"{label}: use at most two decimals (cents), {example}")
        if _GROUPED_RE.match(raw) and "," in raw:
            raise ValueError(f"{label}: put commas only between groups of three digits, {example}")
        raise ValueError(f"{label}: enter dollars and cents (write an amount in dollars), {example}")
    digits = raw.lstrip("$").replace(",", "")
    if len(digits.split(".")[0].lstrip("0")) > len(str(int(MONEY_LIMIT))):  # before Decimal's precision runs out
        raise ValueError(f"{label} looks too large (at most $9,999,999.99): check the number of digits")
    value = Decimal(digits).quantize(Decimal("0.01"))
    if value >= MONEY_LIMIT:
        raise ValueError(f"{label} looks too large (at most $9,999,999.99): check the number of digits")
    return value


def format_money(value: Decimal | None, *, empty: str = "—") -> str:
    if value is None:
        return empty
    return f"${value:,.2f}"


def money_text(value: Decimal | None) -> str:
    """For a form field: '1500.00' (no symbol, no separators), '' when unset."""
    return "" if value is None else f"{value:.2f}"


def parse_percent(text: str, *, label: str = "Percentage") -> Decimal | None:
    raw = text.strip().rstrip("%").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{label}: write a percentage from 0 to 100, like 20 or 20%") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise ValueError(f"{label}: write a percentage from 0 to 100, like 20 or 20%")
    return value.normalize() if value == value.to_integral() else value


def format_percent(value: Decimal | None, *, empty: str = "—") -> str:
    if value is None:
        return empty
    return f"{value.quantize(Decimal(1)) if value == value.to_integral() else value}%"


def decimal_or_none(raw: object, *, what: str) -> Decimal | None:
    """From a stored JSON string (never a float) back to Decimal."""
    if raw in (None, ""):
        return None
    if not isinstance(raw, str):
        raise ValueError(f"{what}: expected a decimal written as a string")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{what}: {raw!r} is not a number") from None
    if not value.is_finite() or not -DECIMAL_EXPONENT_LIMIT <= value.adjusted() <= DECIMAL_EXPONENT_LIMIT:
        raise ValueError(f"{what}: {raw[:40]!r} is not a number of a sensible size")
    return value


DECIMAL_EXPONENT_LIMIT = 15  # |value| below 10^16 and, unless zero, above 10^-16


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# --- dates --------------------------------------------------------------------------------

_RELATIVE_RE = re.compile(r"^\+?\s*(\d{1,3})\s*(d|day|days|w|wk|week|weeks)?$")


def parse_day(text: str, *, label: str = "Date", today: date | None = None,
              relative: bool = False) -> date | None:
    """'2026-03-09' -> date; with ``relative``, '+7' / '7d' / '2w' count from today. '' -> None."""
    raw = text.strip().lower()
    if not raw:
        return None
    if relative and (match := _RELATIVE_RE.match(raw)):
        amount, unit = int(match.group(1)), match.group(2) or "d"
        return (today or clock.today()) + timedelta(days=amount * (7 if unit.startswith("w") else 1))
    try:
        return date.fromisoformat(raw)
    except ValueError:
        hint = ", or +7 for a week from today" if relative else ""
        raise ValueError(f"{label}: write a date as YYYY-MM-DD, like 2026-03-09{hint}") from None


def day_text(value: date | None) -> str:
    return value.isoformat() if value else ""


def date_or_none(raw: object, *, what: str) -> date | None:
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ValueError(f"{what}: {raw!r} is not a date (YYYY-MM-DD)") from None


def one_line(text: str, limit: int = 60) -> str:
    """First line of ``text``, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
