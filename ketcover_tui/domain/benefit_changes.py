"""Changing a plan's facts: from the plan form, and from the answers given on a call.

A value changed by hand loses its "confirmed on call" mark (that confirmation
was for the old value); a value set from a call is confirmed by that call.
Each change comes back as a ``FactChange`` (old and new, as shown), for the
call record and the undo message.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .benefits import FACT_BY_KEY, FACTS, Benefits, Confirmation, format_fact, parse_fact
from .fields import UNKNOWN, InvalidFields, format_money


@dataclass(frozen=True)
class FactChange:
    key: str
    label: str
    old: str
    new: str

    def line(self) -> str:
        return f"{self.label}: {self.old} → {self.new}"


def benefits_from_form(old: Benefits, values: dict[str, str]) -> tuple[Benefits, list[FactChange]]:
    """Validate every fact typed in the plan form; raise InvalidFields naming each bad one.

    Returns a new Benefits (exclusions kept) and what changed. A value changed by
    hand is no longer "confirmed on call": that confirmation was for the old value.
    """
    errors: dict[str, str] = {}
    parsed = {}
    for spec in FACTS:
        text = values.get(spec.key)
        if text is None:
            parsed[spec.key] = getattr(old, spec.key)
            continue
        try:
            parsed[spec.key] = parse_fact(spec.key, text)
        except ValueError as exc:
            errors[spec.key] = str(exc)
    new = Benefits(**{**{f.name: getattr(old, f.name) for f in fields(Benefits)}, **parsed})
    new.exclusions = list(old.exclusions)
    new.confirmed = dict(old.confirmed)
    new.fact_sources = dict(old.fact_sources)
    for key, message in consistency_errors(new).items():  # also alongside parse errors: all at once
        errors.setdefault(key, message)
    if errors:
        raise InvalidFields(errors)
    changes = diff(old, new)
    for change in changes:
        new.confirmed.pop(change.key, None)
        new.fact_sources.pop(change.key, None)  # typed by hand: no longer what the SBC said
    return new, changes


def consistency_errors(b: Benefits) -> dict[str, str]:
    errors = {}
    if b.plan_year_start and b.plan_year_end and b.plan_year_end <= b.plan_year_start:
        errors["plan_year_end"] = "The plan year must end after it starts: check both dates"
    for spec in FACTS:
        if spec.key.endswith("_met"):
            limit_key = spec.key[: -len("_met")]
            met, limit = getattr(b, spec.key), getattr(b, limit_key)
            if met is not None and limit is not None and met > limit:
                errors[spec.key] = (f"More than the {FACT_BY_KEY[limit_key].label.lower()} "
                                    f"({format_money(limit)}): check both amounts")
    return errors


def diff(old: Benefits, new: Benefits) -> list[FactChange]:
    return [FactChange(spec.key, spec.label, format_fact(old, spec.key), format_fact(new, spec.key))
            for spec in FACTS if getattr(old, spec.key) != getattr(new, spec.key)]


def apply_answers(benefits: Benefits, answers: dict[str, str], confirmation: Confirmation) -> list[FactChange]:
    """Set the facts answered on a call, mark each as confirmed by that call, return what changed.

    ``answers`` maps fact key -> typed answer; empty or "unknown" answers change
    nothing. Raises InvalidFields if an answer cannot be read as its fact.
    """
    errors, values = {}, {}
    for key, text in answers.items():
        try:
            value = parse_fact(key, text)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        if value not in (None, "", UNKNOWN):
            values[key] = value
    if errors:
        raise InvalidFields(errors)
    changes = []
    for key, value in values.items():
        old_text = format_fact(benefits, key)
        if getattr(benefits, key) != value:
            setattr(benefits, key, value)
            changes.append(FactChange(key, FACT_BY_KEY[key].label, old_text, format_fact(benefits, key)))
        benefits.confirmed[key] = confirmation
    return changes


def confirm(benefits: Benefits, key: str, confirmation: Confirmation | None) -> None:
    if confirmation is None:
        benefits.confirmed.pop(key, None)
    else:
        benefits.confirmed[key] = confirmation
