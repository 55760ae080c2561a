"""Plan and benefits: the plan's facts as its Summary of Benefits and Coverage states them.

Every fact has a key in ``FACTS`` (label, kind, group). The form, the call script
and "confirmed on call" all work through those keys, so adding a fact is one line
here plus a field on ``Benefits``. Here: the facts table, the ``Benefits`` record,
one fact read from text and shown as text, and benefits to and from JSON.
Changing facts (from the plan form or a call) is in ``benefit_changes``; what
the numbers mean (accumulators, which regulator) in ``benefit_guidance``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from .fields import (
    NO,
    UNKNOWN,
    YES,
    date_or_none,
    day_text,
    decimal_or_none,
    decimal_text,
    format_money,
    format_percent,
    money_text,
    parse_day,
    parse_money,
    parse_percent,
    parse_tristate,
    tristate_label,
)
from .sbc_facts import SbcRow, row_to_dict, rows_from_list


@dataclass(frozen=True)
class FactSpec:
    key: str
    label: str
    kind: str  # "money" | "percent" | "date" | "yesno" | "choice" | "text"
    group: str
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for "choice"
    aliases: tuple[tuple[str, str], ...] = ()  # answer word -> value, for "choice"
    placeholder: str = ""
    short: str = ""  # label under its group heading, where the group name goes without saying

    @property
    def short_label(self) -> str:
        return self.short or self.label


NETWORK_OPTIONS = (("in", "In network"), ("out", "Out of network"))
BENEFIT_OPTIONS = (("medical", "Medical benefit"), ("pharmacy", "Pharmacy benefit"))
FUNDING_OPTIONS = (("fully_insured", "Fully insured"), ("self_funded", "Self-funded (ASO)"))


def _money(key: str, label: str, group: str) -> FactSpec:
    return FactSpec(key, label, "money", group, placeholder="e.g. 1500")


def _accumulator_facts(prefix: str, name: str) -> list[FactSpec]:
    specs = []
    for net, net_label in (("in", "in-network"), ("out", "out-of-network")):
        for tier, tier_label in (("ind", "individual"), ("fam", "family")):
            key = f"{prefix}_{net}_{tier}"
            short = f"{net_label.capitalize()}, {'indiv.' if tier == 'ind' else tier_label}"
            specs.append(replace(_money(key, f"{name}, {net_label}, {tier_label}", name), short=short))
            specs.append(replace(_money(f"{key}_met", f"{name} met, {net_label}, {tier_label}", name),
                                 short=f"{short}: met"))
    return specs


FACTS: tuple[FactSpec, ...] = (
    FactSpec("plan_year_start", "Plan year starts", "date", "Plan year", placeholder="YYYY-MM-DD"),
    FactSpec("plan_year_end", "Plan year ends", "date", "Plan year", placeholder="YYYY-MM-DD"),
    *_accumulator_facts("ded", "Deductible"),
    *_accumulator_facts("oop", "Out-of-pocket max"),
    FactSpec("coinsurance_in", "Coinsurance, in-network", "percent", "Cost sharing", placeholder="e.g. 20%"),
    FactSpec("coinsurance_out", "Coinsurance, out-of-network", "percent", "Cost sharing", placeholder="e.g. 40%"),
    _money("copay_in", "Copay, in-network", "Cost sharing"),
    _money("copay_out", "Copay, out-of-network", "Cost sharing"),
    FactSpec("network_status", "Provider's network status", "choice", "Coverage", NETWORK_OPTIONS,
             aliases=(("yes", "in"), ("y", "in"), ("in", "in"), ("in-network", "in"),
                      ("no", "out"), ("n", "out"), ("out", "out"), ("out-of-network", "out"))),
    FactSpec("covered_in_network", "Codes covered in network", "yesno", "Coverage"),
    FactSpec("covered_out_network", "Codes covered out of network", "yesno", "Coverage"),
    FactSpec("prior_auth_required", "Prior authorization required", "yesno", "Coverage"),
    FactSpec("prior_auth_codes", "Prior auth needed for codes", "text", "Coverage", placeholder="e.g. 96365, J3490"),
    FactSpec("prior_auth_how", "How to request prior auth", "text", "Coverage",
             placeholder="portal / form / fax, who submits"),
    FactSpec("benefit_type", "Medical or pharmacy benefit", "choice", "Coverage", BENEFIT_OPTIONS,
             aliases=(("medical", "medical"), ("med", "medical"), ("pharmacy", "pharmacy"),
                      ("rx", "pharmacy"), ("drug", "pharmacy"))),
    FactSpec("funding", "Fully insured or self-funded", "choice", "Plan", FUNDING_OPTIONS,
             aliases=(("fully", "fully_insured"), ("fully-insured", "fully_insured"), ("insured", "fully_insured"),
                      ("self", "self_funded"), ("self-funded", "self_funded"), ("aso", "self_funded"),
                      ("erisa", "self_funded"))),
    FactSpec("timely_filing", "Timely filing limit", "text", "Claims", placeholder="as the insurer states it"),
    FactSpec("claims_submission", "Where and how to submit claims", "text", "Claims",
             placeholder="address or portal, form, attachments"),
    FactSpec("gap_exception", "Network gap exception / SCA", "text", "Claims",
             placeholder="possible? how to request it"),
    FactSpec("sbc_source", "Where these facts come from", "text", "Plan", placeholder="e.g. SBC 2026, p. 2"),
)
FACT_BY_KEY = {spec.key: spec for spec in FACTS}


@dataclass
class Exclusion:
    """An exclusion that could apply: the plan's exact words and where they were found."""

    text: str
    where: str = ""


@dataclass
class Confirmation:
    """A value confirmed on a call: which call, its reference number, and the call's date."""

    call_id: str
    reference: str = ""
    on: str = ""  # YYYY-MM-DD

    def label(self) -> str:
        ref = self.reference or "(no reference)"
        return f"confirmed on call {ref}" + (f", {self.on}" if self.on else "")


@dataclass
class Benefits:
    plan_year_start: date | None = None
    plan_year_end: date | None = None
    ded_in_ind: Decimal | None = None
    ded_in_ind_met: Decimal | None = None
    ded_in_fam: Decimal | None = None
    ded_in_fam_met: Decimal | None = None
    ded_out_ind: Decimal | None = None
    ded_out_ind_met: Decimal | None = None
    ded_out_fam: Decimal | None = None
    ded_out_fam_met: Decimal | None = None
    oop_in_ind: Decimal | None = None
    oop_in_ind_met: Decimal | None = None
    oop_in_fam: Decimal | None = None
    oop_in_fam_met: Decimal | None = None
    oop_out_ind: Decimal | None = None
    oop_out_ind_met: Decimal | None = None
    oop_out_fam: Decimal | None = None
    oop_out_fam_met: Decimal | None = None
    coinsurance_in: Decimal | None = None
    coinsurance_out: Decimal | None = None
    copay_in: Decimal | None = None
    copay_out: Decimal | None = None
    network_status: str = ""
    covered_in_network: str = ""
    covered_out_network: str = ""
    prior_auth_required: str = ""
    prior_auth_codes: str = ""
    prior_auth_how: str = ""
    benefit_type: str = ""
    funding: str = ""
    timely_filing: str = ""
    claims_submission: str = ""
    gap_exception: str = ""
    sbc_source: str = ""
    exclusions: list[Exclusion] = field(default_factory=list)
    confirmed: dict[str, Confirmation] = field(default_factory=dict)
    fact_sources: dict[str, str] = field(default_factory=dict)  # fact key -> "from SBC p. 1" (set by an import)
    sbc_rows: list[SbcRow] = field(default_factory=list)  # the SBC's cost table rows that matter here

    def is_empty(self) -> bool:
        return self == Benefits()


# --- one fact: parse, format ---------------------------------------------------------------

def parse_fact(key: str, text: str):
    """The typed value of fact ``key`` from typed text (a form field or a call answer)."""
    spec = FACT_BY_KEY[key]
    if spec.kind == "money":
        return parse_money(text, label=spec.label)
    if spec.kind == "percent":
        return parse_percent(text, label=spec.label)
    if spec.kind == "date":
        return parse_day(text, label=spec.label)
    if spec.kind == "yesno":
        return parse_tristate(text)
    if spec.kind == "choice":
        return _parse_choice(spec, text)
    return " ".join(text.split()) if "\n" not in text else text.strip()


def _parse_choice(spec: FactSpec, text: str) -> str:
    raw = text.strip().lower()
    if not raw or raw in {"?", "unknown", "not known"}:
        return UNKNOWN
    if raw in {value for value, _ in spec.options}:
        return raw
    first = raw.replace(",", " ").split()[0]
    for word, value in spec.aliases:
        if first == word:
            return value
    words = ", ".join(sorted({w for w, _ in spec.aliases}))
    raise ValueError(f"Start the answer with one of: {words} (or 'unknown')")


def format_fact(benefits: Benefits, key: str) -> str:
    """A fact as shown to people ('—' when not known)."""
    return format_value(key, getattr(benefits, key))


def format_value(key: str, value) -> str:
    spec = FACT_BY_KEY[key]
    if spec.kind == "money":
        return format_money(value)
    if spec.kind == "percent":
        return format_percent(value)
    if spec.kind == "date":
        return value.isoformat() if value else "—"
    if spec.kind == "yesno":
        return tristate_label(value)
    if spec.kind == "choice":
        return dict(spec.options).get(value, "not known")
    return value or "—"


def input_text(benefits: Benefits, key: str) -> str:
    """A fact as a form field shows it (the inverse of parse_fact)."""
    spec = FACT_BY_KEY[key]
    value = getattr(benefits, key)
    if spec.kind == "money":
        return money_text(value)
    if spec.kind == "percent":
        return "" if value is None else f"{value}"
    if spec.kind == "date":
        return day_text(value)
    return value or ""


# --- to and from JSON ------------------------------------------------------------------------

def benefits_to_dict(b: Benefits) -> dict:
    data: dict = {}
    for spec in FACTS:
        value = getattr(b, spec.key)
        if spec.kind in ("money", "percent"):
            data[spec.key] = decimal_text(value)
        elif spec.kind == "date":
            data[spec.key] = value.isoformat() if value else None
        else:
            data[spec.key] = value
    data["exclusions"] = [{"text": e.text, "where": e.where} for e in b.exclusions]
    data["confirmed"] = {key: {"call_id": c.call_id, "reference": c.reference, "on": c.on}
                         for key, c in b.confirmed.items()}
    data["fact_sources"] = dict(b.fact_sources)
    data["sbc_rows"] = [row_to_dict(row) for row in b.sbc_rows]
    return data


def benefits_from_dict(data: object) -> Benefits:
    """Raises ValueError naming the first bad value (the case is then reported unreadable)."""
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    b = Benefits()
    for spec in FACTS:
        raw = data.get(spec.key)
        if spec.kind in ("money", "percent"):
            setattr(b, spec.key, decimal_or_none(raw, what=spec.key))
        elif spec.kind == "date":
            setattr(b, spec.key, date_or_none(raw, what=spec.key))
        elif spec.kind == "yesno":
            setattr(b, spec.key, raw if raw in (YES, NO) else UNKNOWN)
        elif spec.kind == "choice":
            setattr(b, spec.key, raw if raw in dict(spec.options) else UNKNOWN)
        else:
            setattr(b, spec.key, str(raw or ""))
    raw_exclusions = data.get("exclusions") or []
    if not isinstance(raw_exclusions, list) or not all(isinstance(e, dict) for e in raw_exclusions):
        raise ValueError("exclusions: expected a list of {text, where}")
    b.exclusions = [Exclusion(str(e.get("text") or ""), str(e.get("where") or "")) for e in raw_exclusions]
    raw_confirmed = data.get("confirmed") or {}
    if not isinstance(raw_confirmed, dict) or not all(isinstance(c, dict) for c in raw_confirmed.values()):
        raise ValueError("confirmed: expected an object of fact -> {call_id, reference, on}")
    b.confirmed = {str(k): Confirmation(str(c.get("call_id") or ""), str(c.get("reference") or ""),
                                        str(c.get("on") or ""))
                   for k, c in raw_confirmed.items() if k in FACT_BY_KEY}
    raw_sources = data.get("fact_sources") or {}
    if not isinstance(raw_sources, dict):
        raise ValueError("fact_sources: expected an object of fact -> where it came from")
    b.fact_sources = {str(k): str(v) for k, v in raw_sources.items() if k in FACT_BY_KEY}
    b.sbc_rows = rows_from_list(data.get("sbc_rows") or [])
    return b
