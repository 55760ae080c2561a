"""The funding plan on a case: the cost estimate, the options pursued, and what they add up to.

An option saved from a source's result (a ``FundingChoice``) is kept here with
its status; approved and received options count as secured, declined ones not
at all. Also the plan to and from a JSON-ready dict, for the case file.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal

from . import clock
from .funding import CENT, ChoiceStatus, FundingChoice, money
from .funding_inputs import parse_money

SECURED = frozenset({ChoiceStatus.APPROVED, ChoiceStatus.RECEIVED})


@dataclass
class FundingPlan:
    """The treatment cost estimate, the options being pursued, and remembered form values."""

    cost_per_infusion: Decimal | None = None
    infusions: int | None = None
    other_costs: Decimal = Decimal("0.00")  # consultation and the like
    entries: list[FundingChoice] = field(default_factory=list)
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)  # source id -> field -> text

    @property
    def estimate(self) -> Decimal | None:
        if self.cost_per_infusion is None or self.infusions is None:
            return self.other_costs if self.other_costs else None
        return (self.cost_per_infusion * self.infusions + self.other_costs).quantize(CENT)

    @property
    def planned(self) -> Decimal:
        return sum((e.amount for e in self.entries if e.counts), Decimal("0.00"))

    @property
    def secured(self) -> Decimal:
        return sum((e.amount for e in self.entries if e.status in SECURED), Decimal("0.00"))

    @property
    def gap(self) -> Decimal | None:
        """What is still unplanned (never below zero); None without an estimate."""
        estimate = self.estimate
        return None if estimate is None else max(estimate - self.planned, Decimal("0.00"))

    def is_empty(self) -> bool:
        return self == FundingPlan()

    def add(self, choice: FundingChoice, *, by: str = "") -> FundingChoice:
        """Save an option (a plugin's result): the same text and money rules as any typed input."""
        check_choice(choice)
        saved = replace(choice, id=choice.id or uuid.uuid4().hex[:8],
                        added=choice.added or _now_iso(), by=choice.by or by)
        self.entries.append(saved)
        return saved

    def entry(self, entry_id: str) -> FundingChoice | None:
        return next((e for e in self.entries if e.id == entry_id), None)


def check_choice(choice: FundingChoice) -> None:
    """InvalidFields naming each field of an offered option that no form would accept."""
    from .fields import MONEY_LIMIT, InvalidFields
    from .input_rules import NAME_LIMIT, text_error

    errors: dict[str, str] = {}
    for name, limit in (("label", NAME_LIMIT), ("terms", None), ("source", NAME_LIMIT),
                        ("source_title", NAME_LIMIT), ("note", None)):
        value = getattr(choice, name)
        if not isinstance(value, str):
            errors[name] = "expected text"
        elif message := text_error(value, multiline=name == "note", limit=limit):
            errors[name] = message
    amount = choice.amount
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0 or amount >= MONEY_LIMIT \
            or amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = "expected an amount in dollars and cents, from $0 to under $10,000,000"
    if errors:
        raise InvalidFields(errors)


def estimate_text(plan: FundingPlan) -> str:
    """'$4,550.00 (6 × $700.00 + $350.00 other)', or 'not set'."""
    estimate = plan.estimate
    if estimate is None:
        return "not set"
    parts = []
    if plan.cost_per_infusion is not None and plan.infusions is not None:
        parts.append(f"{plan.infusions} × {money(plan.cost_per_infusion)}")
    if plan.other_costs:
        parts.append(f"{money(plan.other_costs)} other")
    return f"{money(estimate)} ({' + '.join(parts)})"


def plan_summary(plan: FundingPlan) -> str:
    """One line: estimate, planned, secured, gap."""
    estimate = plan.estimate
    parts = [f"Estimate {money(estimate) if estimate is not None else 'not set'}",
             f"planned {money(plan.planned)}", f"secured {money(plan.secured)}"]
    if estimate is not None:
        parts.append(f"gap {money(plan.gap)}")
    return " · ".join(parts)


def _now_iso() -> str:
    return clock.now_iso()


def choice_to_dict(c: FundingChoice) -> dict:
    return {"id": c.id, "source": c.source, "source_title": c.source_title, "label": c.label,
            "amount": str(c.amount), "terms": c.terms, "status": c.status.value,
            "added": c.added, "by": c.by, "note": c.note}


def funding_plan_to_dict(plan: FundingPlan) -> dict:
    return {
        "cost_per_infusion": None if plan.cost_per_infusion is None else str(plan.cost_per_infusion),
        "infusions": plan.infusions,
        "other_costs": str(plan.other_costs),
        "entries": [choice_to_dict(e) for e in plan.entries],
        "inputs": {source: dict(values) for source, values in plan.inputs.items()},
    }


def funding_plan_from_dict(data: object) -> FundingPlan:
    """Rebuild a plan from stored JSON; raise ValueError saying what is wrong (missing key = empty plan)."""
    if data is None:
        return FundingPlan()
    if not isinstance(data, dict):
        raise ValueError("expected an object")

    def amount(value, what: str) -> Decimal:
        try:
            return parse_money(str(value), what)
        except ValueError as exc:
            raise ValueError(f"{what}: {value!r} is not an amount ({exc})") from None

    plan = FundingPlan()
    if data.get("cost_per_infusion") not in (None, ""):
        plan.cost_per_infusion = amount(data["cost_per_infusion"], "cost_per_infusion")
    infusions = data.get("infusions")
    if infusions is not None:
        if not isinstance(infusions, int) or isinstance(infusions, bool) or infusions < 0:
            raise ValueError("infusions: expected a whole number")
        plan.infusions = infusions
    if data.get("other_costs") not in (None, ""):
        plan.other_costs = amount(data["other_costs"], "other_costs")
    entries = data.get("entries") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError("entries: expected a list of objects")
    for raw in entries:
        try:
            status = ChoiceStatus(raw.get("status") or ChoiceStatus.CONSIDERING.value)
        except ValueError:
            raise ValueError(f"entries: unknown status {raw.get('status')!r}") from None
        plan.entries.append(FundingChoice(
            label=str(raw.get("label") or ""), amount=amount(raw.get("amount", "0"), "entries.amount"),
            terms=str(raw.get("terms") or ""), status=status, source=str(raw.get("source") or ""),
            source_title=str(raw.get("source_title") or ""), id=str(raw.get("id") or uuid.uuid4().hex[:8]),
            added=str(raw.get("added") or ""), by=str(raw.get("by") or ""), note=str(raw.get("note") or "")))
    inputs = data.get("inputs") or {}
    if not isinstance(inputs, dict) or not all(isinstance(v, dict) for v in inputs.values()):
        raise ValueError("inputs: expected an object of source id -> {field: text}")
    plan.inputs = {str(s): {str(k): str(v) for k, v in values.items()} for s, values in inputs.items()}
    return plan
