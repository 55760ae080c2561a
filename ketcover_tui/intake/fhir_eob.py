"""FHIR R4 ExplanationOfBenefit (one resource, a Bundle, or NDJSON) into ``EobClaim`` records.

Each resource is validated by fhir.resources' R4B models (the release closest
to the R4 that payers serve; R4B changed nothing in ExplanationOfBenefit). The
library does not check profiles, so the CARIN Blue Button fields ketcover
relies on are checked here (``carin_problems``): a claim identifier, status,
use "claim", the patient, the service dates, coded services, and amounts in
the adjudication categories CARIN BB names. Patient and Coverage resources in
the same Bundle or file give the member's name and id (for matching).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from .eob_model import Adjustment, EobClaim, EobFile, EobLine
from .source import IntakeError

CARIN = "http://hl7.org/fhir/us/carin-bb/CodeSystem/"
# CARIN BB adjudication categories (terminology.hl7.org adjudication + C4BBAdjudication) -> our amounts
CATEGORIES = {"submitted": "billed", "eligible": "allowed", "paidtoprovider": "paid", "benefit": "paid",
              "paidbypatient": "patient_share", "memberliability": "patient_share", "deductible": "deductible"}
CODE_SYSTEMS = ("http://www.ama-assn.org/go/cpt", "https://bluebutton.cms.gov/resources/codesystem/hcpcs",
                "urn:oid:2.16.840.1.113883.6.285", "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets")
CARC_SYSTEM = "https://x12.org/codes/claim-adjustment-reason-codes"
STATUSES = ("active", "cancelled", "draft", "entered-in-error")
MAX_LINE = 8 * 1024 * 1024  # one NDJSON line: an EOB is a few KB


def read_fhir(stream, name: str, kind: str, progress: Callable[[int], None] | None = None) -> EobFile:
    """``kind`` "json" (a resource or Bundle) or "ndjson"; IntakeError naming the first problems."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    result = EobFile(name=name, format="fhir", claims=[])
    people: dict[str, tuple[str, str]] = {}  # Patient/Coverage reference -> (name, member id)
    others: dict[str, dict] = {}  # Patient/Coverage reference -> its JSON, for extracts
    eobs: list[tuple[object, str, dict]] = []
    problems: list[str] = []
    for where, raw in _objects(stream, name, kind):
        kind_name = raw.get("resourceType") if isinstance(raw, dict) else None
        if kind_name not in ("Bundle", "ExplanationOfBenefit", "Patient", "Coverage"):
            problems.append(f"{where}: a {str(kind_name)[:40]!s} resource, not an ExplanationOfBenefit")
            continue
        try:
            model = get_fhir_model_class(kind_name).model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            problems.append(f"{where}: {'.'.join(str(p) for p in first['loc'])}: {first['msg'][:100]}")
            continue
        for resource, at, source in _resources(model, where, raw):
            _collect(resource, at, people, eobs, others, source)
        if progress:
            progress(len(eobs))
        if len(problems) > 20:
            break
    kept = []
    for resource, at, source in eobs:
        found = carin_problems(resource)
        if found:
            problems.append(f"{at}: " + "; ".join(found))
            continue
        claim = _claim(resource, at, people)
        claim.extract_index = len(kept)
        kept.append((resource, source))
        result.claims.append(claim)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise IntakeError(f"{name} is not valid FHIR R4 ExplanationOfBenefit data: " + "; ".join(problems[:3]) + more)
    if not result.claims:
        raise IntakeError(f"{name} holds no ExplanationOfBenefit resource")
    result.extractor = lambda claims: extract(kept, others, claims)
    return result


def extract(eobs: list, others: dict, claims: list[EobClaim]) -> bytes:
    """NDJSON of the chosen claims' EOBs, with their Patient and Coverage: what one case's vault keeps."""
    chosen = [eobs[c.extract_index] for c in claims]
    refs = dict.fromkeys(r for e, _ in chosen for r in (e.patient.reference, *(
        i.coverage.reference for i in e.insurance or () if i.coverage and i.coverage.reference)) if r in others)
    resources = [others[r] for r in refs] + [source for _, source in chosen]
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in resources)


def _objects(stream, name: str, kind: str) -> Iterator[tuple[str, object]]:
    """(where, parsed JSON) for the whole file, or for each NDJSON line (streamed)."""
    if kind == "json":
        try:
            yield "the file", json.loads(stream.read())
        except (ValueError, UnicodeDecodeError) as exc:
            raise IntakeError(f"{name} is not valid JSON ({str(exc)[:80]})") from None
        return
    for n, line in enumerate(iter(lambda: stream.readline(MAX_LINE + 1), b""), start=1):
        if len(line) > MAX_LINE:
            raise IntakeError(f"{name}: line {n} is longer than {MAX_LINE // (1024 * 1024)} MB; not NDJSON")
        if not line.strip():
            continue
        try:
            yield f"line {n}", json.loads(line)
        except (ValueError, UnicodeDecodeError):
            raise IntakeError(f"{name}: line {n} is not valid JSON; NDJSON has one resource a line") from None


def _resources(model, where: str, raw: dict) -> Iterable[tuple[object, str, dict]]:
    """(validated resource, where, the JSON it came from) for a resource, or each one in a Bundle."""
    if model.get_resource_type() != "Bundle":
        yield model, where, raw
        return
    for n, (entry, raw_entry) in enumerate(zip(model.entry or (), raw.get("entry") or ()), start=1):
        if entry.resource is not None:
            yield entry.resource, f"{where}, entry {n}", raw_entry["resource"]


def _collect(resource, at: str, people: dict, eobs: list, others: dict, source: dict) -> None:
    kind = resource.get_resource_type()
    if kind in ("Patient", "Coverage"):
        others[f"{kind}/{resource.id}"] = source
    if kind == "ExplanationOfBenefit":
        eobs.append((resource, at, source))
    elif kind == "Patient":
        name = resource.name[0] if resource.name else None
        text = ", ".join(p for p in ((name.family or ""), " ".join(name.given or ())) if p) if name else ""
        member = next((i.value for i in resource.identifier or () if i.value and _coded(i.type, "MB")), "")
        old = people.get(f"Patient/{resource.id}", ("", ""))
        people[f"Patient/{resource.id}"] = (text or old[0], old[1] or member)
    elif kind == "Coverage":
        beneficiary = resource.beneficiary.reference if resource.beneficiary else ""
        if resource.subscriberId:
            people[f"Coverage/{resource.id}"] = ("", resource.subscriberId)
            if beneficiary:
                old = people.get(beneficiary, ("", ""))
                people[beneficiary] = (old[0], resource.subscriberId)


def _coded(concept, code: str) -> bool:
    return bool(concept) and any(c.code == code for c in concept.coding or ())


def carin_problems(eob) -> list[str]:
    """What the CARIN Blue Button profile requires and ketcover uses, missing from ``eob``."""
    problems = []
    if not any(i.value for i in eob.identifier or ()):
        problems.append("no identifier (the payer's claim number)")
    if eob.status not in STATUSES:
        problems.append(f"status {eob.status!r} is not one of {', '.join(STATUSES)}")
    if eob.use != "claim":
        problems.append(f"use is {eob.use!r}, not 'claim' (a pre-authorization or predetermination)")
    if not (eob.patient and eob.patient.reference):
        problems.append("no patient reference")
    if not eob.item:
        problems.append("no service lines (item)")
    for item in eob.item or ():
        if not (item.servicedDate or (item.servicedPeriod and item.servicedPeriod.start)
                or (eob.billablePeriod and eob.billablePeriod.start)):
            problems.append(f"item {item.sequence}: no date of service")
        if not any(c.code for c in (item.productOrService.coding or ())):
            problems.append(f"item {item.sequence}: productOrService has no code")
        for adj in item.adjudication or ():
            if adj.amount is not None and adj.amount.currency not in (None, "USD"):
                problems.append(f"item {item.sequence}: an amount in {adj.amount.currency}, not USD")
    if not eob.insurer or not eob.provider:
        problems.append("no insurer or provider")
    return problems


def _claim(eob, where: str, people: dict) -> EobClaim:
    number = next(i.value for i in eob.identifier if i.value)
    coverage = next((i.coverage.reference for i in eob.insurance or () if i.coverage and i.focal), "")
    name, member = people.get(eob.patient.reference, ("", ""))
    member = member or people.get(coverage, ("", ""))[1]
    period_start = eob.billablePeriod.start if eob.billablePeriod else None
    claim = EobClaim(claim_number=number, source=f"{where} (EOB {number})", status=eob.outcome or eob.status,
                     member_id=member, patient_name=name, payer=_display(eob.insurer),
                     provider=_display(eob.provider), processed=_as_day(eob.payment.date if eob.payment else None)
                     or _as_day(eob.created), payment_ref=_identifier(eob.payment))
    parsed = []
    for item in eob.item:
        coding = next(c for c in item.productOrService.coding if c.code)
        modifiers = tuple(c.code for m in item.modifier or () for c in m.coding or () if c.code)
        day = _as_day(item.servicedDate or (item.servicedPeriod.start if item.servicedPeriod else None)
                      or period_start)
        amounts = _amounts(item.adjudication)
        units = item.quantity.value if item.quantity and item.quantity.value else 1
        line = EobLine(code=coding.code, modifiers=modifiers, units=max(1, int(units)), on=day,
                       billed=amounts.get("billed"), allowed=amounts.get("allowed"), paid=amounts.get("paid"))
        for adj in item.adjudication or ():
            for reason in (adj.reason.coding if adj.reason else ()) or ():
                if reason.code and (reason.system or CARC_SYSTEM) == CARC_SYSTEM:
                    group = "CO" if _coded(adj.category, "denialreason") else "OA"
                    line.adjustments.append(Adjustment(group, reason.code, _decimal(adj.amount) or Decimal(0)))
        parsed.append((line, amounts))
    totals = _amounts(eob.total)
    for field_name in ("billed", "allowed", "paid", "patient_share", "deductible"):
        values = [amounts.get(field_name) for _, amounts in parsed]
        summed = sum(values, Decimal(0)) if values and all(v is not None for v in values) else None
        setattr(claim, field_name, totals.get(field_name, summed))
    claim.lines = [line for line, _ in parsed]
    claim.date_of_service = min(claim.days(), default=_as_day(period_start))
    claim.reversal = eob.status == "cancelled" or any(
        v is not None and v < 0 for v in (claim.billed, claim.paid, claim.allowed))
    return claim


def _amounts(adjudications) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for adj in adjudications or ():
        for coding in adj.category.coding or ():
            name = CATEGORIES.get(coding.code or "")
            value = _decimal(adj.amount)
            if name and value is not None:
                found.setdefault(name, value)  # paidbypatient and memberliability say the same: never add them
                break
    return found


def _decimal(money) -> Decimal | None:
    if money is None or money.value is None:
        return None
    return Decimal(str(money.value)).quantize(Decimal("0.01"))


def _display(reference) -> str:
    return (reference.display or "") if reference else ""


def _identifier(payment) -> str:
    return (payment.identifier.value or "") if payment and payment.identifier else ""


def _as_day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
