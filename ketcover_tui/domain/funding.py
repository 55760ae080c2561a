"""Funding: the contract for funding-source plugins, and a case's funding plan.

A funding source (financing, crowdfunding, clinical trials, state programs, or
anything a plugin adds) is data plus one function: it declares typed input
fields, whose defaults may be drawn from the case, and ``run(values, context)``
turns validated values into a ``FundingResult`` (summary, rows, notes, links,
sources with as-of dates, and options the user may save to the case's plan).
The TUI and the CLI render any source generically, so a plugin never imports
Textual. Money is always ``Decimal``, never float.

Pure Python: no Textual, no TinyDB, no network.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from . import clock

if TYPE_CHECKING:
    from .case import Case

CENT = Decimal("0.01")
MONEY_MAX = Decimal("10000000")  # ten million dollars: anything above is a typo


class Category(str, Enum):
    """Where a source is listed on the Funding screen."""

    FINANCING = "financing"
    CROWDFUNDING = "crowdfunding"
    CLINICAL_TRIALS = "clinical_trials"
    STATE_PROGRAMS = "state_programs"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.FINANCING: "Financing",
    Category.CROWDFUNDING: "Crowdfunding",
    Category.CLINICAL_TRIALS: "Clinical trials",
    Category.STATE_PROGRAMS: "State programs",
    Category.OTHER: "Other",
}


class FieldKind(str, Enum):
    TEXT = "text"
    MONEY = "money"  # dollars and cents -> Decimal
    PERCENT = "percent"  # 0-100 -> Decimal
    INTEGER = "integer"  # -> int
    CHOICE = "choice"  # one of ``choices`` -> str
    FLAG = "flag"  # yes/no -> bool
    MONEY_LIST = "money_list"  # "100, 50 25.50" -> list[Decimal]


class ChoiceStatus(str, Enum):
    """Where an option in the funding plan stands."""

    CONSIDERING = "considering"
    APPLIED = "applied"
    APPROVED = "approved"
    RECEIVED = "received"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return self.value.capitalize()


SECURED = frozenset({ChoiceStatus.APPROVED, ChoiceStatus.RECEIVED})

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SOURCE_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YES = {"yes", "y", "true", "1", "on"}
_NO = {"no", "n", "false", "0", "off", ""}


class InvalidInputs(ValueError):
    """Bad input: one message per field name, saying what to type instead."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.errors.items()))


class SourceUnavailable(Exception):
    """The source cannot answer now (offline, a service error); the message says what to do.

    Raise it from ``run`` for trouble outside the user's input and outside your
    code; any other exception counts as a bug in the plugin.
    """


# --- What a source declares ------------------------------------------------------

@dataclass(frozen=True)
class InputField:
    """One typed input of a funding source.

    ``default`` is text as typed. ``from_case(case)`` may return a better
    default drawn from the case (or None/"" to keep ``default``). ``hint`` is
    where a typical value goes, always labelled with its source, confidence
    and as-of date: it is shown, never filled in. ``hidden`` fields (paging
    tokens) are not drawn in forms but the CLI accepts them.
    """

    name: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    default: str = ""
    from_case: Callable[["Case"], str | None] | None = None
    required: bool = False
    help: str = ""
    hint: str = ""
    placeholder: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    hidden: bool = False

    @property
    def flag(self) -> str:
        """The CLI option: ``--term-months`` for ``term_months``."""
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class SourceRef:
    """Where a fact shown to the user comes from, and when that source was read."""

    name: str
    as_of: str = ""  # YYYY-MM-DD
    confidence: str = ""  # HIGH / MED / LOW / UNVERIFIED, as the reference notes rate it
    url: str = ""

    def line(self) -> str:
        parts = [self.name]
        if self.confidence:
            parts.append(f"{self.confidence} confidence")
        if self.as_of:
            parts.append(f"as of {self.as_of}")
        return " · ".join(parts)


@dataclass(frozen=True)
class ResultRow:
    """One row of a result table; ``detail`` lines are shown under it (sites, contacts)."""

    cells: tuple[str, ...]
    detail: tuple[str, ...] = ()


def row(*cells: str, detail: tuple[str, ...] | list[str] = ()) -> ResultRow:
    return ResultRow(tuple(cells), tuple(detail))


@dataclass
class FundingChoice:
    """An option in a case's funding plan: offered by a result, saved by the user."""

    label: str
    amount: Decimal
    terms: str = ""
    status: ChoiceStatus = ChoiceStatus.CONSIDERING
    source: str = ""  # the source id (the host fills it in for offered choices)
    source_title: str = ""
    id: str = ""  # set when saved to a case
    added: str = ""  # ISO timestamp (UTC)
    by: str = ""  # OS user name
    note: str = ""

    @property
    def counts(self) -> bool:
        """Declined options do not count toward the plan's total."""
        return self.status != ChoiceStatus.DECLINED


@dataclass(frozen=True)
class FundingResult:
    summary: str
    columns: tuple[str, ...] = ()
    rows: tuple[ResultRow, ...] = ()
    notes: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    body: str = ""  # longer text, e.g. a campaign story draft
    choices: tuple[FundingChoice, ...] = ()  # options the user can save to the plan
    warning: str = ""  # e.g. "Offline: showing results fetched 2026-03-01 10:00 UTC"
    next_page: Mapping[str, str] | None = None  # inputs that fetch the next page
    fetched_at: str = ""  # when live data was fetched (ISO, UTC)


class ResultCache(Protocol):
    """A small private key -> JSON store a source may use (see FundingContext.cache)."""

    def get(self, key: str) -> tuple[str, Any] | None:
        """``(fetched_at ISO, data)`` or None."""

    def put(self, key: str, data: Any) -> str:
        """Store ``data`` now; returns the fetched_at timestamp it recorded."""


@dataclass
class FundingContext:
    """What a running source may use besides its inputs."""

    case: "Case | None" = None
    cache: ResultCache | None = None
    timeout: float = 15.0  # seconds, for sources that use the network

    def now(self) -> datetime:
        """The current time (UTC): plugins ask the context, never the system clock."""
        return clock.utc_now()

    def today(self) -> date:
        """The user's local date."""
        return clock.today()


@dataclass(frozen=True)
class FundingSource:
    """A funding source contributed by a plugin (see hookspecs.register_funding_sources)."""

    id: str  # stable: `ketcover fund ID`, and saved plan entries name it
    title: str
    category: Category
    run: Callable[[dict[str, Any], FundingContext], FundingResult]
    fields: tuple[InputField, ...] = ()
    description: str = ""
    uses_network: bool = False  # the app runs it off the UI thread and shows progress
    plugin: str = field(default="", compare=False)  # set by the plugin host

    def field(self, name: str) -> InputField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def by_category(sources: list[FundingSource]) -> list[tuple[Category, list[FundingSource]]]:
    """Sources grouped in Category order (financing first), keeping load order inside a group."""
    groups = [(category, [s for s in sources if s.category == category]) for category in Category]
    return [(category, members) for category, members in groups if members]


# --- Checking what a plugin hands over ---------------------------------------------

def validate_source(obj: object) -> FundingSource:
    """Raise TypeError/ValueError naming what is wrong with a registered source."""
    if not isinstance(obj, FundingSource):
        raise TypeError(f"register() expects a FundingSource, got {type(obj).__name__}")
    if not isinstance(obj.id, str) or not _SOURCE_ID.match(obj.id):
        raise ValueError(f"funding source id {obj.id!r} must be lower-case letters, digits and dashes")
    if not isinstance(obj.title, str) or not obj.title.strip():
        raise ValueError(f"funding source {obj.id!r} has no title")
    if not isinstance(obj.category, Category):
        raise TypeError(f"funding source {obj.id!r}: category must be a Category, got {obj.category!r}")
    if not callable(obj.run):
        raise TypeError(f"funding source {obj.id!r}: run must be callable")
    seen: set[str] = set()
    for f in obj.fields:
        if not isinstance(f, InputField):
            raise TypeError(f"funding source {obj.id!r}: fields must be InputField, got {type(f).__name__}")
        if not _NAME.match(f.name) or f.name in seen:
            raise ValueError(f"funding source {obj.id!r}: field name {f.name!r} is invalid or repeated "
                             "(lower-case letters, digits and _)")
        if f.name in RESERVED_FIELD_NAMES:
            raise ValueError(f"funding source {obj.id!r}: field name {f.name!r} is reserved by the CLI")
        if not isinstance(f.kind, FieldKind):
            raise TypeError(f"funding source {obj.id!r}: field {f.name!r} kind must be a FieldKind")
        if f.kind == FieldKind.CHOICE and not f.choices:
            raise ValueError(f"funding source {obj.id!r}: choice field {f.name!r} has no choices")
        seen.add(f.name)
    return obj


# Options `ketcover fund SOURCE` itself uses.
RESERVED_FIELD_NAMES = frozenset({"case", "json", "save", "status", "help", "data_dir", "list", "plan"})


def validate_result(result: object, source: FundingSource) -> FundingResult:
    """Check a source's return value; returns it with offered choices stamped with the source."""
    if not isinstance(result, FundingResult):
        raise TypeError(f"funding source {source.id!r} returned {type(result).__name__}, not a FundingResult")
    if not isinstance(result.summary, str):
        raise TypeError(f"funding source {source.id!r}: summary must be text")
    width = len(result.columns)
    for r in result.rows:
        if not isinstance(r, ResultRow) or not all(isinstance(c, str) for c in r.cells):
            raise TypeError(f"funding source {source.id!r}: rows must be ResultRow objects holding text")
        if width and len(r.cells) != width:
            raise ValueError(f"funding source {source.id!r}: a row has {len(r.cells)} cells for {width} columns")
    for item, kind in ((result.links, Link), (result.sources, SourceRef)):
        if not all(isinstance(x, kind) for x in item):
            raise TypeError(f"funding source {source.id!r}: expected {kind.__name__} objects")
    for s in result.sources:
        if s.as_of and not _ISO_DATE.match(s.as_of):
            raise ValueError(f"funding source {source.id!r}: as_of {s.as_of!r} must be YYYY-MM-DD")
    choices = []
    for c in result.choices:
        if not isinstance(c, FundingChoice) or not isinstance(c.amount, Decimal):
            raise TypeError(f"funding source {source.id!r}: choices must be FundingChoice with a Decimal amount")
        choices.append(replace(c, source=c.source or source.id, source_title=c.source_title or source.title))
    return replace(result, choices=tuple(choices))


# --- Inputs: defaults and parsing --------------------------------------------------

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
    """'$1,234.5' -> Decimal('1234.50'); more than two decimals or junk is an error."""
    cleaned = text.strip().replace("$", "").replace(" ", "")
    if not in_list:
        cleaned = cleaned.replace(",", "")
    example = "like 100, 50, 25.50" if in_list else "like 4200 or 4,200.00"
    amount = _decimal(cleaned, f"{label}: enter dollars and cents, {example}")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{label}: use at most two decimals (cents), {example}")
    if amount < 0:
        raise ValueError(f"{label}: enter an amount of $0 or more")
    return amount.quantize(CENT)


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


def money(amount: Decimal | int | None) -> str:
    """'$1,234.50' (and '—' for None)."""
    if amount is None:
        return "—"
    amount = Decimal(amount).quantize(CENT, ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


def percent(value: Decimal) -> str:
    """'9.99%' without trailing zeros ('0%' for zero)."""
    text = format(Decimal(value).normalize(), "f")
    return f"{text}%"


# --- The funding plan on a case ----------------------------------------------------

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
        saved = replace(choice, id=choice.id or uuid.uuid4().hex[:8],
                        added=choice.added or _now_iso(), by=choice.by or by)
        self.entries.append(saved)
        return saved

    def entry(self, entry_id: str) -> FundingChoice | None:
        return next((e for e in self.entries if e.id == entry_id), None)


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
