"""Choosing a provider: candidate clinics compared side by side, one chosen for the case.

Whether an in-network provider exists within reach is recorded with the search,
because a network gap exception depends on it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from .benefit_guidance import NOTES, NOTES_AS_OF, SourcedNote
from .fields import (
    NO,
    UNKNOWN,
    YES,
    InvalidFields,
    decimal_or_none,
    decimal_text,
    format_money,
    money_text,
    parse_money,
    tristate_label,
)
from .identifiers import normalize_npi, normalize_tax_id, npi_error, tax_id_error

NETWORK_LABELS = {"in": "In network", "out": "Out of network", "": "not known"}
YESNO_OPTIONS = ((YES, "Yes"), (NO, "No"))


@dataclass
class ProviderCandidate:
    name: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    address: str = ""
    distance_miles: Decimal | None = None
    npi: str = ""
    tax_id: str = ""
    network: str = ""  # "in" / "out" / "" (for this case's plan)
    price_infusion: Decimal | None = None
    price_series: Decimal | None = None
    series_infusions: int | None = None
    accepts_insurance: str = UNKNOWN  # yes / no / ""
    superbills: str = UNKNOWN
    insurer_experience: str = ""  # their experience with this insurer
    prior_auth_protocol: str = ""  # who files prior authorization, and how
    rating: Decimal | None = None  # 0-5
    rating_source: str = ""
    review_notes: str = ""
    contact: str = ""  # phone, e-mail, website, person

    @property
    def network_label(self) -> str:
        return NETWORK_LABELS.get(self.network, "not known")


@dataclass
class ProviderSearch:
    """Every candidate clinic for one case, and which one was chosen."""

    candidates: list[ProviderCandidate] = field(default_factory=list)
    chosen: str = ""  # candidate id
    in_network_within_reach: str = UNKNOWN  # yes / no / "" — does an in-network provider exist within reach?
    search_note: str = ""  # which in-network options were tried (names, distance, wait)

    def chosen_candidate(self) -> ProviderCandidate | None:
        return next((c for c in self.candidates if c.id == self.chosen), None)

    def is_empty(self) -> bool:
        return not self.candidates and not self.chosen and not self.in_network_within_reach and not self.search_note


GAP_EXCEPTION_NOTE = SourcedNote(
    "A network gap exception covers an out-of-network provider at in-network cost sharing when no "
    "adequate in-network provider exists (specialty, distance, wait time). Record which in-network "
    "options were tried. Osmind notes out-of-network authorizations are often denied if an in-network "
    "provider exists within 30–75 miles (MED confidence).",
    f"{NOTES} §6 (Network gap exception); verywellhealth; lane.claims; thesuperbill; osmind",
    NOTES_AS_OF,
)

# (field, label, placeholder); the form and the comparison grid use the same order.
CANDIDATE_FIELDS = (
    ("name", "Clinic name *", "e.g. Harbor Light Ketamine Clinic"),
    ("address", "Address", "street, city, state"),
    ("distance_miles", "Distance (miles)", "e.g. 12.5"),
    ("npi", "NPI", "10 digits"),
    ("tax_id", "Tax id (EIN)", "9 digits"),
    ("network", "Network for this plan", ""),
    ("price_infusion", "Price per infusion", "e.g. 650"),
    ("price_series", "Price per series", "e.g. 3600"),
    ("series_infusions", "Infusions per series", "e.g. 6"),
    ("accepts_insurance", "Accepts insurance", ""),
    ("superbills", "Gives superbills", ""),
    ("insurer_experience", "Experience with insurer", "e.g. 3 approvals this year"),
    ("prior_auth_protocol", "Prior auth: who, how", "e.g. clinic files via portal"),
    ("rating", "Review rating (0-5)", "e.g. 4.6"),
    ("rating_source", "Rating from", "e.g. Google, 120 reviews"),
    ("review_notes", "Review notes", ""),
    ("contact", "Contact", "phone, e-mail, person"),
)


def candidate_values(c: ProviderCandidate) -> dict[str, str]:
    return {
        "name": c.name, "address": c.address,
        "distance_miles": "" if c.distance_miles is None else str(c.distance_miles),
        "npi": c.npi, "tax_id": c.tax_id, "network": c.network,
        "price_infusion": money_text(c.price_infusion), "price_series": money_text(c.price_series),
        "series_infusions": "" if c.series_infusions is None else str(c.series_infusions),
        "accepts_insurance": c.accepts_insurance, "superbills": c.superbills,
        "insurer_experience": c.insurer_experience, "prior_auth_protocol": c.prior_auth_protocol,
        "rating": "" if c.rating is None else str(c.rating), "rating_source": c.rating_source,
        "review_notes": c.review_notes, "contact": c.contact,
    }


def _decimal_in(text: str, low: Decimal, high: Decimal, message: str) -> Decimal | None:
    raw = text.strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except ArithmeticError:
        raise ValueError(message) from None
    if not value.is_finite() or not low <= value <= high:
        raise ValueError(message)
    return value


def candidate_from_form(values: dict[str, str], *, keep_id: str | None = None) -> ProviderCandidate:
    """Validate the candidate form; raise InvalidFields naming every bad field."""
    v = {name: (values.get(name) or "").strip() for name, _, _ in CANDIDATE_FIELDS}
    errors: dict[str, str] = {}
    if not v["name"]:
        errors["name"] = "Enter the clinic's name"
    parsed: dict = {}
    try:
        parsed["distance_miles"] = _decimal_in(v["distance_miles"], Decimal(0), Decimal(10000),
                                               "Write the distance in miles, like 12 or 12.5")
    except ValueError as exc:
        errors["distance_miles"] = str(exc)
    if v["npi"] and (message := npi_error(v["npi"])):
        errors["npi"] = message
    if v["tax_id"] and (message := tax_id_error(v["tax_id"])):
        errors["tax_id"] = message
    for key, label in (("price_infusion", "Price per infusion"), ("price_series", "Price per series")):
        try:
            parsed[key] = parse_money(v[key], label=label)
        except ValueError as exc:
            errors[key] = str(exc)
    parsed["series_infusions"] = None
    if v["series_infusions"]:
        if v["series_infusions"].isdigit() and 1 <= int(v["series_infusions"]) <= 100:
            parsed["series_infusions"] = int(v["series_infusions"])
        else:
            errors["series_infusions"] = "Write the number of infusions in a series, like 6"
    try:
        parsed["rating"] = _decimal_in(v["rating"], Decimal(0), Decimal(5), "Write a rating from 0 to 5, like 4.6")
    except ValueError as exc:
        errors["rating"] = str(exc)
    for key in ("network", "accepts_insurance", "superbills"):
        allowed = ("in", "out", "") if key == "network" else (YES, NO, UNKNOWN)
        if v[key] not in allowed:
            errors[key] = "Choose from the list"
    if errors:
        raise InvalidFields(errors)
    candidate = ProviderCandidate(
        name=v["name"], address=v["address"], npi=normalize_npi(v["npi"]) if v["npi"] else "",
        tax_id=normalize_tax_id(v["tax_id"]) if v["tax_id"] else "", network=v["network"],
        accepts_insurance=v["accepts_insurance"], superbills=v["superbills"],
        insurer_experience=v["insurer_experience"], prior_auth_protocol=v["prior_auth_protocol"],
        rating_source=v["rating_source"], review_notes=v["review_notes"], contact=v["contact"], **parsed)
    if keep_id:
        candidate.id = keep_id
    return candidate


def price_per_infusion_in_series(c: ProviderCandidate) -> Decimal | None:
    if c.price_series is None or not c.series_infusions:
        return None
    return (c.price_series / c.series_infusions).quantize(Decimal("0.01"))


def comparison_rows(candidates: list[ProviderCandidate]) -> list[tuple[str, list[str]]]:
    """(row label, one short value per candidate): the side-by-side grid."""
    def series(c: ProviderCandidate) -> str:
        if c.price_series is None:
            return "—"
        count = f" / {c.series_infusions}" if c.series_infusions else ""
        return f"{format_money(c.price_series)}{count}"

    def rating(c: ProviderCandidate) -> str:
        if c.rating is None:
            return "—"
        return f"{c.rating}/5" + (f" {c.rating_source}" if c.rating_source else "")

    rows = [
        ("Network", [c.network_label for c in candidates]),
        ("Distance", [f"{c.distance_miles} mi" if c.distance_miles is not None else "—" for c in candidates]),
        ("Per infusion", [format_money(c.price_infusion) for c in candidates]),
        ("Per series", [series(c) for c in candidates]),
        ("Insurance", [tristate_label(c.accepts_insurance) for c in candidates]),
        ("Superbills", [tristate_label(c.superbills) for c in candidates]),
        ("Insurer exp.", [c.insurer_experience or "—" for c in candidates]),
        ("Prior auth", [c.prior_auth_protocol or "—" for c in candidates]),
        ("Reviews", [rating(c) for c in candidates]),
        ("Review notes", [c.review_notes or "—" for c in candidates]),
        ("NPI", [c.npi or "—" for c in candidates]),
        ("Address", [c.address or "—" for c in candidates]),
        ("Contact", [c.contact or "—" for c in candidates]),
    ]
    return rows


# --- to and from JSON ------------------------------------------------------------------------

def search_to_dict(s: ProviderSearch) -> dict:
    return {
        "candidates": [{
            "id": c.id, "name": c.name, "address": c.address, "distance_miles": decimal_text(c.distance_miles),
            "npi": c.npi, "tax_id": c.tax_id, "network": c.network,
            "price_infusion": decimal_text(c.price_infusion), "price_series": decimal_text(c.price_series),
            "series_infusions": c.series_infusions, "accepts_insurance": c.accepts_insurance,
            "superbills": c.superbills, "insurer_experience": c.insurer_experience,
            "prior_auth_protocol": c.prior_auth_protocol, "rating": decimal_text(c.rating),
            "rating_source": c.rating_source, "review_notes": c.review_notes, "contact": c.contact,
        } for c in s.candidates],
        "chosen": s.chosen,
        "in_network_within_reach": s.in_network_within_reach,
        "search_note": s.search_note,
    }


def search_from_dict(data: object) -> ProviderSearch:
    if not isinstance(data, dict):
        raise ValueError("expected an object")
    raw = data.get("candidates") or []
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        raise ValueError("candidates: expected a list of objects")
    candidates = []
    for item in raw:
        series = item.get("series_infusions")
        candidates.append(ProviderCandidate(
            id=str(item.get("id") or uuid.uuid4().hex[:8]), name=str(item.get("name") or ""),
            address=str(item.get("address") or ""),
            distance_miles=decimal_or_none(item.get("distance_miles"), what="distance_miles"),
            npi=str(item.get("npi") or ""), tax_id=str(item.get("tax_id") or ""),
            network=item.get("network") if item.get("network") in ("in", "out") else "",
            price_infusion=decimal_or_none(item.get("price_infusion"), what="price_infusion"),
            price_series=decimal_or_none(item.get("price_series"), what="price_series"),
            series_infusions=series if isinstance(series, int) and series > 0 else None,
            accepts_insurance=_tri(item.get("accepts_insurance")), superbills=_tri(item.get("superbills")),
            insurer_experience=str(item.get("insurer_experience") or ""),
            prior_auth_protocol=str(item.get("prior_auth_protocol") or ""),
            rating=decimal_or_none(item.get("rating"), what="rating"),
            rating_source=str(item.get("rating_source") or ""), review_notes=str(item.get("review_notes") or ""),
            contact=str(item.get("contact") or ""),
        ))
    return ProviderSearch(candidates=candidates, chosen=str(data.get("chosen") or ""),
                          in_network_within_reach=_tri(data.get("in_network_within_reach")),
                          search_note=str(data.get("search_note") or ""))


def _tri(raw: object) -> str:
    return raw if raw in (YES, NO) else UNKNOWN


def _folded_name(name: str) -> str:
    from .summary import fold

    return " ".join(fold(name).split())


def same_clinic(provider, candidate: ProviderCandidate) -> bool:
    """The case's provider and a candidate are one clinic: the same NPI where both have one,
    else the same name (case, accents and spacing aside)."""
    npi, other = normalize_npi(provider.npi or ""), normalize_npi(candidate.npi or "")
    if npi and other:
        return npi == other
    return bool(provider.clinic.strip()) and _folded_name(provider.clinic) == _folded_name(candidate.name)


def provider_candidate(case) -> ProviderCandidate | None:
    """The candidate that is the case's provider: the one chosen, else the one that is the same clinic."""
    search: ProviderSearch = case.provider_search
    return search.chosen_candidate() or next((c for c in search.candidates if same_clinic(case.provider, c)), None)


def add_candidate(case, candidate: ProviderCandidate) -> None:
    """Add a candidate; the case's own clinic, added as a candidate, is its chosen one."""
    search: ProviderSearch = case.provider_search
    search.candidates.append(candidate)
    if search.chosen_candidate() is None and same_clinic(case.provider, candidate):
        search.chosen = candidate.id


def choose(case, candidate_id: str) -> ProviderCandidate:
    """Make one candidate the case's provider (clinic, NPI, tax id are copied to the case).

    A blank NPI or tax id on the candidate keeps the case's own only when the clinic
    is the same one; a different clinic never inherits another clinic's numbers.
    """
    search: ProviderSearch = case.provider_search
    candidate = next((c for c in search.candidates if c.id == candidate_id), None)
    if candidate is None:
        raise KeyError(candidate_id)
    search.chosen = candidate.id
    same_clinic = case.provider.clinic.strip().casefold() == candidate.name.strip().casefold()
    case.provider.clinic = candidate.name
    case.provider.npi = candidate.npi or (case.provider.npi if same_clinic else "")
    case.provider.tax_id = candidate.tax_id or (case.provider.tax_id if same_clinic else "")
    return candidate


def network_conflict(case) -> str:
    """What is wrong when the plan's "provider's network status" and the chosen clinic's network
    disagree ('' when they agree or one is not known): one of them was recorded wrongly, and the
    cost sharing, the gap exception and the letters all depend on which."""
    said, chosen = case.benefits.network_status, provider_candidate(case)
    if not said or chosen is None or not chosen.network or said == chosen.network:
        return ""
    return (f"The plan facts say the provider is {NETWORK_LABELS[said].lower()}, but the chosen clinic, "
            f"{chosen.name}, is marked {chosen.network_label.lower()} on the Clinics tab: check which is right "
            "and correct the other.")
