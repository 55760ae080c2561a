"""Funding sources: the contract every funding-source plugin implements.

A funding source (financing, crowdfunding, clinical trials, state programs, or
anything a plugin adds) is data plus one function: it declares typed input
fields, whose defaults may be drawn from the case, and ``run(values, context)``
turns validated values into a ``FundingResult`` (summary, rows, notes, links,
sources with as-of dates, and options the user may save to the case's plan).
The TUI and the CLI render any source generically, so a plugin never imports
Textual. Money is always ``Decimal``, never float; ``money()`` and ``percent()``
show it.

Plugins import everything they need from here. What the user types into a
source's fields is read by ``funding_inputs``; the options a case pursues are
kept by ``funding_plan``.

Pure Python: no Textual, no TinyDB, no network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol

from . import clock

if TYPE_CHECKING:
    from .case import Case

CENT = Decimal("0.01")


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


_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SOURCE_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


# --- Showing amounts ------------------------------------------------------------

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
