"""The insurer directory: 86 U.S. insurers with their appeals routing and medical-policy pages.

Read from ``ketcover_tui/data/insurance_companies.json`` (the Fight Health
Insurance fixture converted to JSON, Apache-2.0; see ``data/NOTICE.md``),
once, on first use. ``matches`` offers insurers for what is typed (their name,
alternative names and match patterns); ``lookup`` is the one a case's insurer
text means; ``published_route`` says whether the directory's appeals address
may be used for a kind of plan.

Many insurers route appeals per plan, so a published address is used only
where the record's own notes say which plans it serves (``ROUTES``: ketcover's
reading of those notes, with the words it rests on, which a test finds in the
notes). Anything else is not a destination: the address on the denial letter
is. Pure Python: reads one package data file, imports nothing of ours but the
vocabulary.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .vocab import PlanType

DATA = Path(__file__).resolve().parent.parent / "data" / "insurance_companies.json"
AS_OF = "2026-08-21"
SOURCE = "Fight Health Insurance insurer directory (insurance_companies.yaml, commit 63deffb, Apache-2.0)"
CHECK_FIRST = "The address printed on your own denial letter or EOB comes first."

COMMERCIAL = frozenset({PlanType.COMMERCIAL_FULLY_INSURED, PlanType.SELF_FUNDED_ERISA})
# insurer pk -> (the plan types its published appeals address serves, the words of its notes that say so)
ROUTES: dict[int, tuple[frozenset, tuple[str, ...]]] = {
    3: (COMMERCIAL, ("Address shown is the National Appeals address for member commercial appeals",)),
    13: (frozenset({PlanType.MEDICAID_MANAGED_CARE}), ("Default address shown is Health Options (Medicaid)",)),
    23: (frozenset({PlanType.MARKETPLACE, PlanType.COMMERCIAL_FULLY_INSURED}),
         ("primarily individual and small group markets", "Oscar's central appeals routing")),
    34: (frozenset({PlanType.MEDICAID_MANAGED_CARE}), ("Aetna's Medicaid managed care brand",)),
    35: (frozenset({PlanType.SELF_FUNDED_ERISA}), ("Third-party administrator (TPA) for self-funded employer "
                                                   "health plans",)),
    36: (frozenset({PlanType.SELF_FUNDED_ERISA}), ("Third-party administrator for self-funded employer plans",)),
}
PLAN_ROUTE_WORDS = "Routing is specific to this plan"  # a plan row whose notes say this serves that plan


@dataclass(frozen=True)
class DirectoryPlan:
    """A regional or product row (e.g. 'Medicaid, CA') of an insurer."""

    pk: int
    insurer_pk: int
    name: str
    state: str
    pattern: str
    notes: str
    appeal_address: tuple[str, ...] = ()
    appeal_fax: str = ""


@dataclass(frozen=True)
class Insurer:
    pk: int
    name: str
    alt_names: tuple[str, ...]
    pattern: str
    negative: str = ""
    parent_pk: int | None = None
    website: str = ""
    member_services_url: str = ""
    appeals_info_url: str = ""
    appeals_portal_url: str = ""
    appeal_address: tuple[str, ...] = ()
    appeal_fax: str = ""
    appeal_phone: str = ""
    notes: str = ""
    medical_policy_name: str = ""
    medical_policy_url: str = ""
    medical_policy_notes: str = ""
    pa_list_url: str = ""
    plans: tuple[DirectoryPlan, ...] = ()


@dataclass(frozen=True)
class Match:
    insurer: Insurer
    plan: DirectoryPlan | None = None
    how: str = ""  # "name", "alternative name “UHC”", "pattern", "start of the name"

    @property
    def label(self) -> str:
        if self.plan is None:
            return self.insurer.name
        return f"{self.insurer.name}: {self.plan.name}" + (f" ({self.plan.state})" if self.plan.state else "")


@dataclass(frozen=True)
class Route:
    """The directory's published appeals destination for one kind of plan, and whether it may be used."""

    address: tuple[str, ...] = ()
    fax: str = ""
    applies: bool = False
    because: str = ""  # the directory's words that say it serves this kind of plan
    why_not: str = ""  # why it is not used ('' when it applies or there is none)
    portal: str = ""
    source: str = SOURCE
    as_of: str = AS_OF


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1)
def insurers() -> tuple[Insurer, ...]:
    records = json.loads(DATA.read_text(encoding="utf-8"))["records"]
    plans: dict[int, list[DirectoryPlan]] = {}
    for record in records:
        if record["model"].endswith("insuranceplan"):
            f = record["fields"]
            plans.setdefault(f["insurance_company"], []).append(DirectoryPlan(
                record["pk"], f["insurance_company"], f.get("plan_name") or "", f.get("state") or "",
                f.get("regex") or "", f.get("notes") or "", _lines(f.get("appeal_address")),
                (f.get("appeal_fax_number") or "").strip()))
    found = []
    for record in records:
        if not record["model"].endswith("insurancecompany"):
            continue
        f = record["fields"]
        found.append(Insurer(
            record["pk"], f["name"], _lines(f.get("alt_names")), f.get("regex") or "", f.get("negative_regex") or "",
            f.get("parent_company"), f.get("website") or "", f.get("member_services_url") or "",
            f.get("appeals_info_url") or "", f.get("appeals_portal_url") or "", _lines(f.get("appeal_address")),
            (f.get("appeal_fax_number") or "").strip(), (f.get("appeal_phone_number") or "").strip(),
            f.get("notes") or "", f.get("medical_policy_name") or "", f.get("medical_policy_url") or "",
            f.get("medical_policy_notes") or "", f.get("pa_requirement_list_url") or "",
            tuple(plans.get(record["pk"], ()))))
    return tuple(found)


def by_pk(pk: int) -> Insurer:
    return next(i for i in insurers() if i.pk == pk)


@lru_cache(maxsize=256)
def _search(pattern: str, text: str) -> bool:
    return bool(pattern) and re.search(pattern, text, re.IGNORECASE) is not None


def _ranked(text: str) -> list[tuple[int, Match]]:
    folded = _fold(text)
    ranked: list[tuple[int, Match]] = []
    for insurer in insurers():
        excluded = _search(insurer.negative, folded)
        if _fold(insurer.name) == folded:
            ranked.append((0, Match(insurer, how="name")))
        for plan in insurer.plans:
            if _search(plan.pattern, folded):
                ranked.append((1, Match(insurer, plan, "pattern")))
        if not excluded and _search(insurer.pattern, folded):
            ranked.append((2, Match(insurer, how="pattern")))
        for alt in insurer.alt_names:
            if _fold(alt) == folded:
                ranked.append((3, Match(insurer, how=f"alternative name “{alt}”")))
            elif len(folded) >= 2 and _fold(alt).startswith(folded):
                ranked.append((5, Match(insurer, how=f"start of “{alt}”")))
        if len(folded) >= 2 and _fold(insurer.name).startswith(folded):
            ranked.append((4, Match(insurer, how="start of the name")))
    return sorted(ranked, key=lambda pair: pair[0])


def matches(text: str, limit: int = 3) -> list[Match]:
    """What the directory offers for typed text, best first (one entry per insurer and plan row)."""
    if not text.strip():
        return []
    seen, out = set(), []
    for _rank, match in _ranked(text):
        key = (match.insurer.pk, match.plan.pk if match.plan else None)
        if key not in seen:
            seen.add(key)
            out.append(match)
    return out[:limit]


def lookup(text: str) -> Match | None:
    """The insurer a case's insurer text names (its name, a pattern or an alternative name), or None."""
    for rank, match in _ranked(text) if text.strip() else ():
        if rank <= 3:
            return match
    return None


def published_route(match: Match | None, plan_type: PlanType | None) -> Route:
    """The directory's appeals address and fax for ``match``, used only where its notes name this kind of plan."""
    if match is None:
        return Route(why_not="the insurer is not in the directory")
    insurer, plan = match.insurer, match.plan
    portal = insurer.appeals_portal_url
    if plan is not None and plan.appeal_address and PLAN_ROUTE_WORDS in plan.notes:
        return Route(plan.appeal_address, plan.appeal_fax, True, PLAN_ROUTE_WORDS, portal=portal)
    if not insurer.appeal_address:
        return Route(why_not=f"the directory lists no appeals address for {insurer.name}", portal=portal)
    kinds, words = ROUTES.get(insurer.pk, (frozenset(), ()))
    if plan_type in kinds:
        return Route(insurer.appeal_address, insurer.appeal_fax, True, "; ".join(words), portal=portal)
    if kinds:
        why = f"the directory's notes say this address serves other plans (“{words[0]}”)"
    else:
        why = "the directory's notes do not say which plans this address serves"
    return Route(insurer.appeal_address, insurer.appeal_fax, False, why_not=why, portal=portal)
