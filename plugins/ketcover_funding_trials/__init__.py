"""Built-in funding source: search ClinicalTrials.gov for ketamine / esketamine trials.

A trial can pay for treatment (and often for travel). The search runs live
against the ClinicalTrials.gov API v2 (reference notes §5.4); results are
cached for an hour in the data folder with their fetch time, and a failed
search falls back to the last cached page with a clear message. The base URL
is configurable with ``KETCOVER_CLINICALTRIALS_URL`` (tests point it at a
local server).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from ketcover_tui.domain import funding_facts as facts
from ketcover_tui.domain.funding import (
    Category,
    FieldKind,
    FundingChoice,
    FundingResult,
    FundingSource,
    InputField,
    SourceUnavailable,
    row,
)
from ketcover_tui.domain.vocab import US_STATES
from ketcover_tui.hookspecs import hookimpl

from . import client

FRESH_FOR = timedelta(hours=1)

STATUS_CHOICES = {
    # field value: (label, filter.overallStatus values)
    "recruiting": ("Recruiting or not yet recruiting", ("RECRUITING", "NOT_YET_RECRUITING")),
    "recruiting_now": ("Recruiting now", ("RECRUITING",)),
    "any_open": ("Also enrolling by invitation", ("RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION")),
}
INTERVENTIONS = {
    "either": ("Ketamine or esketamine", "ketamine OR esketamine"),
    "ketamine": ("Ketamine", "ketamine"),
    "esketamine": ("Esketamine (Spravato)", "esketamine"),
}
STATUS_LABELS = {
    "RECRUITING": "Recruiting", "NOT_YET_RECRUITING": "Not yet recruiting",
    "ENROLLING_BY_INVITATION": "By invitation", "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "COMPLETED": "Completed", "SUSPENDED": "Suspended", "TERMINATED": "Terminated", "WITHDRAWN": "Withdrawn",
}
# ICD-10-CM prefixes (reference notes §1.3) -> the words ClinicalTrials.gov indexes conditions by.
SEARCH_TERMS = (
    ("F32", "depression"), ("F33", "depression"), ("F43.1", "post-traumatic stress disorder"),
    ("F41.1", "generalized anxiety disorder"), ("G89", "chronic pain"),
    ("G90.5", "complex regional pain syndrome"), ("G43", "migraine"),
)
STATE_BY_NAME = {name.casefold(): name for name in US_STATES.values()}


def condition_from_case(case) -> str | None:
    for condition in case.conditions:
        for prefix, term in SEARCH_TERMS:
            if condition.icd10.startswith(prefix):
                return term
    return None


def location_from_case(case) -> str | None:
    return US_STATES.get(case.patient.state)


def search_params(values: dict) -> dict[str, str]:
    params = {
        "query.cond": values["condition"],
        "query.intr": INTERVENTIONS[values["intervention"]][1],
        "filter.overallStatus": ",".join(STATUS_CHOICES[values["recruitment"]][1]),
        "pageSize": str(values["page_size"]),
        "countTotal": "true",
        "format": "json",
    }
    if values["location"]:
        params["query.locn"] = values["location"]
    if values["page_token"]:
        params["pageToken"] = values["page_token"]
    return params


def _phase(phases: object) -> str:
    if not isinstance(phases, list) or not phases:
        return "—"
    if phases == ["NA"]:
        return "N/A"
    numbers = [str(p).replace("EARLY_PHASE", "early ").replace("PHASE", "") for p in phases if p != "NA"]
    return "Phase " + "/".join(numbers)


def _target_state(location: str | None) -> str | None:
    if not location:
        return None
    text = location.strip()
    if text.upper() in US_STATES:
        return US_STATES[text.upper()]
    return STATE_BY_NAME.get(text.casefold())


def nearest_sites(locations: object, location: str | None, limit: int = 3) -> list[dict]:
    """Sites in the chosen state (or matching the typed place) first, then the US, recruiting first."""
    if not isinstance(locations, list):
        return []
    state = _target_state(location)
    place = (location or "").strip().casefold()

    def rank(site: dict) -> tuple:
        here = (state is not None and site.get("state") == state) or \
            (bool(place) and place in {str(site.get("city", "")).casefold(), str(site.get("state", "")).casefold()})
        in_us = site.get("country") == "United States"
        return (not here, not in_us, site.get("status") != "RECRUITING")

    sites = [s for s in locations if isinstance(s, dict)]
    return sorted(sites, key=rank)[:limit]


def _site_line(site: dict) -> str:
    where = ", ".join(str(site[k]) for k in ("city", "state", "country") if site.get(k))
    name = site.get("facility") or "Site"
    status = STATUS_LABELS.get(str(site.get("status")), "")
    return f"{name} — {where}" + (f" ({status})" if status else "")


def _contact_line(contact: dict) -> str:
    bits = [str(contact[k]) for k in ("name", "phone", "email") if contact.get(k)]
    return ", ".join(bits)


def study_row(study: dict, location: str | None):
    protocol = study["protocolSection"]
    ident = protocol.get("identificationModule") or {}
    status = protocol.get("statusModule") or {}
    design = protocol.get("designModule") or {}
    places = protocol.get("contactsLocationsModule") or {}
    nct = ident["nctId"]
    title = ident.get("briefTitle") or ident.get("officialTitle") or "(no title)"
    detail = [title]
    sites = nearest_sites(places.get("locations"), location)
    if sites:
        detail.append("Nearest sites: " + "; ".join(_site_line(s) for s in sites))
    contacts = [c for c in places.get("centralContacts") or [] if isinstance(c, dict) and _contact_line(c)]
    if not contacts:
        contacts = [c for s in sites for c in s.get("contacts") or [] if isinstance(c, dict) and _contact_line(c)]
    if contacts:
        detail.append("Contact: " + " · ".join(_contact_line(c) for c in contacts[:2]))
    detail.append(client.STUDY_PAGE.format(nct))
    overall = status.get("overallStatus")
    return row(nct, STATUS_LABELS.get(str(overall), str(overall or "—")), _phase(design.get("phases")),
               detail=detail), nct, title


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ") + " UTC" if iso else "an unknown time"


def run(values: dict, context) -> FundingResult:
    try:
        url = client.studies_url(search_params(values))
    except client.FetchError as exc:
        raise SourceUnavailable(str(exc)) from None
    cache = context.cache
    cached = cache.get(url) if cache is not None else None
    warning, data, fetched_at = "", None, ""
    if cached and not values["refresh"]:
        fetched_at, data = cached
        try:
            age = context.now() - datetime.fromisoformat(fetched_at)
        except ValueError:
            age = FRESH_FOR
        if age >= FRESH_FOR or client.shape_problem(data):
            data = None
    if data is None:
        try:
            data = client.fetch_json(url, context.timeout)
            fetched_at = cache.put(url, data) if cache is not None else \
                context.now().replace(microsecond=0).isoformat()
        except client.FetchError as exc:
            if not cached or client.shape_problem(cached[1]):
                raise SourceUnavailable(str(exc)) from None
            fetched_at, data = cached
            warning = f"{exc} Showing the results fetched {_when(fetched_at)}."
    return _result(values, data, fetched_at, warning)


def _result(values: dict, data: dict, fetched_at: str, warning: str) -> FundingResult:
    studies = data["studies"]
    page, size = values["page"], values["page_size"]
    total = data.get("totalCount")
    what = (f"{INTERVENTIONS[values['intervention']][0].lower()} · {values['condition']} · "
            f"{STATUS_CHOICES[values['recruitment']][0].lower()}")
    if values["location"]:
        what += f" · {values['location']}"
    if not studies:
        summary = (f"No studies found for {what}." if page == 1 else f"No more studies for {what}.")
        notes = (("Try without a location, with a broader condition (for example 'depression'), or with "
                 "'Also enrolling by invitation'."),)
    else:
        first = (page - 1) * size + 1
        shown = f"{first}–{first + len(studies) - 1}"
        count = f"{total} studies" if isinstance(total, int) else "Studies"
        summary = f"{count} found for {what}; showing {shown} (page {page})."
        notes = ("Ask the study contact about eligibility and whether the study pays for treatment or travel.",
                 "Statuses change; the study page on ClinicalTrials.gov is the current word.")
    rows, choices = [], []
    for study in studies:
        study_line, nct, title = study_row(study, values["location"])
        rows.append(study_line)
        choices.append(FundingChoice(label=f"Clinical trial {nct}", amount=Decimal("0.00"),
                                     terms=f"{title[:120]} — ask about eligibility and costs covered"))
    next_token = data.get("nextPageToken")
    next_page = {"page_token": next_token, "page": str(page + 1)} if studies and next_token else None
    if next_page:
        notes = notes + ("More studies: next page available.",)
    return FundingResult(
        summary=summary, columns=("NCT id", "Status", "Phase"), rows=tuple(rows), notes=notes,
        sources=(facts.CTGOV_API,), choices=tuple(choices), warning=warning, next_page=next_page,
        fetched_at=fetched_at)


TRIALS = FundingSource(
    id="clinical-trials",
    title="Clinical trials (ClinicalTrials.gov)",
    category=Category.CLINICAL_TRIALS,
    description="Live search of ClinicalTrials.gov for recruiting ketamine and esketamine studies: status, "
                "phase, nearest sites, contacts and the study page.",
    run=run,
    uses_network=True,
    fields=(
        InputField("condition", "Condition", from_case=condition_from_case, required=True,
                   placeholder="e.g. depression", help="Drawn from the case's diagnosis codes."),
        InputField("intervention", "Treatment", FieldKind.CHOICE, default="either",
                   choices=tuple((k, v[0]) for k, v in INTERVENTIONS.items())),
        InputField("recruitment", "Recruitment", FieldKind.CHOICE, default="recruiting",
                   choices=tuple((k, v[0]) for k, v in STATUS_CHOICES.items())),
        InputField("location", "State or place", from_case=location_from_case, placeholder="optional, e.g. Ohio",
                   help="Ranks and filters studies by where they run; the case's state is filled in."),
        InputField("page_size", "Results per page", FieldKind.INTEGER, default="10", minimum=1, maximum=100),
        InputField("page_token", "Page token", hidden=True),
        InputField("page", "Page number", FieldKind.INTEGER, default="1", minimum=1, maximum=10_000, hidden=True),
        InputField("refresh", "Skip the 1-hour cache", FieldKind.FLAG, default="no", hidden=True),
    ),
)


@hookimpl
def register_funding_sources(register):
    register(TRIALS)
