"""Funding inputs: a source's fields as text, and that text read into typed values.

Each field's text starts from its default (drawn from the case where the source
says so, then overlaid with what the user typed last time on this case);
``parse_inputs`` checks every field and turns the text into ``Decimal``,
``int``, ``bool``, ``str`` or ``list[Decimal]``, or raises ``InvalidInputs``
naming each bad field. The Funding tab's form and ``ketcover fund`` both go
through here.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .funding import FieldKind, FundingSource, InputField, InvalidInputs, money
from .fields import parse_money as strict_money

if TYPE_CHECKING:
    from .case import Case

MONEY_MAX = Decimal("10000000")  # ten million dollars: anything above is a typo
_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off", ""}


def default_inputs(source: FundingSource, case: "Case | None" = None) -> dict[str, str]:
    """Each field's text before the user types: drawn from the case where the source says so.

    A ``from_case`` that raises is a plugin bug: the exception propagates (the
    host records it).
    """
    values: dict[str, str] = {}
    for f in source.fields:
        value = f.default
        if case is not None and f.from_case is not None:
            drawn = f.from_case(case)
            if drawn not in (None, ""):
                value = str(drawn)
        values[f.name] = value
    return values


def initial_inputs(source: FundingSource, case: "Case | None" = None) -> dict[str, str]:
    """Defaults, overlaid with what the user typed last time on this case (kept on the case)."""
    values = default_inputs(source, case)
    if case is not None:
        saved = case.funding.inputs.get(source.id, {})
        for f in source.fields:
            if f.name in saved and not f.hidden:
                values[f.name] = saved[f.name]
    return values


def typed_inputs(source: FundingSource, raw: Mapping[str, str], case: "Case | None") -> dict[str, str]:
    """What is worth remembering on the case: the values that differ from the defaults.

    Fields the user left at their case-drawn default keep following the case
    (change the cost estimate, and the next run sees it).
    """
    defaults = default_inputs(source, case)
    return {f.name: str(raw[f.name]) for f in source.fields
            if not f.hidden and f.name in raw and str(raw[f.name]) != defaults.get(f.name, "")}


def parse_inputs(source: FundingSource, raw: Mapping[str, str]) -> dict[str, Any]:
    """Validate text for every field; raise InvalidInputs naming every bad one.

    Missing keys take the field's default. Empty optional fields become None
    (an empty list for money lists, False for flags).
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in source.fields:
        text = raw.get(f.name)
        text = f.default if text is None else str(text)
        try:
            values[f.name] = parse_field(f, text)
        except ValueError as exc:
            errors[f.name] = str(exc)
    if errors:
        raise InvalidInputs(errors)
    return values


def parse_field(f: InputField, text: str) -> Any:
    text = text.strip()
    if f.kind == FieldKind.FLAG:
        if text.lower() in _YES:
            return True
        if text.lower() in _NO:
            return False
        raise ValueError(f"{f.label}: answer yes or no")
    if not text:
        if f.required:
            raise ValueError(f"Enter {_lower_first(f.label)}")
        return [] if f.kind == FieldKind.MONEY_LIST else None
    if f.kind == FieldKind.TEXT:
        if len(text) > 500:
            raise ValueError(f"{f.label}: keep it under 500 characters")
        return text
    if f.kind == FieldKind.CHOICE:
        for value, label in f.choices:
            if text == value or text.casefold() == label.casefold():
                return value
        options = ", ".join(value for value, _ in f.choices)
        raise ValueError(f"{f.label}: choose one of {options}")
    if f.kind == FieldKind.INTEGER:
        try:
            number = int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise ValueError(f"{f.label}: enter a whole number, like 12") from None
        _check_range(f, number)
        return number
    if f.kind == FieldKind.PERCENT:
        number = _decimal(text.rstrip("%").strip(), f"{f.label}: enter a percentage, like 9.99")
        _check_range(f, number, default_max=Decimal(100))
        return number
    if f.kind == FieldKind.MONEY:
        amount = parse_money(text, f.label)
        _check_range(f, amount, default_max=MONEY_MAX)
        return amount
    if f.kind == FieldKind.MONEY_LIST:
        amounts = []
        for piece in re.split(r"[,;\s]+", text):
            if piece:
                amount = parse_money(piece, f.label, in_list=True)
                if amount <= 0:
                    raise ValueError(f"{f.label}: each amount must be more than $0 "
                                     "(separate amounts with commas, without thousands separators)")
                _check_range(f, amount, default_max=MONEY_MAX)
                amounts.append(amount)
        return amounts
    raise ValueError(f"{f.label}: unknown field kind {f.kind!r}")


def _lower_first(label: str) -> str:
    """'Amount ($)' -> 'amount ($)', but 'APR (%)' stays 'APR (%)'."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _decimal(text: str, message: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(message) from None
    if not number.is_finite():
        raise ValueError(message)
    return number


def parse_money(text: str, label: str = "Amount", *, in_list: bool = False) -> Decimal:
    """The one strict money parser (``fields.parse_money``), for a field that must hold an amount.

    '$1,234.50' and '1234.5' are fine; '$1,2,3', '1e3', '12.345', NaN and negatives are
    refused with a message saying what to type. In a list the amounts are split on
    commas first, so each is written without thousands separators.
    """
    amount = strict_money(text, label=label)
    if amount is None:
        example = "like 100, 50, 25.50" if in_list else "like 4200 or $4,200.00"
        raise ValueError(f"{label}: enter dollars and cents, {example}")
    return amount


def _check_range(f: InputField, number, default_max=None) -> None:
    low = f.minimum if f.minimum is not None else 0
    high = f.maximum if f.maximum is not None else default_max
    if number < low or (high is not None and number > high):
        shown_low = money(low) if f.kind in (FieldKind.MONEY, FieldKind.MONEY_LIST) else _plain(low)
        shown_high = (money(high) if f.kind in (FieldKind.MONEY, FieldKind.MONEY_LIST) else _plain(high)) \
            if high is not None else None
        if shown_high is None:
            raise ValueError(f"{f.label}: enter {shown_low} or more")
        raise ValueError(f"{f.label}: enter a value from {shown_low} to {shown_high}")


def _plain(number) -> str:
    return f"{number:,}" if isinstance(number, int) else format(Decimal(number).normalize(), "f")
