"""The superbill's billing details, as typed on the Money tab (d): read and checked field by field.

Empty fields are allowed here (the superbill check says which it needs); a value
that is there must be right: NPIs with their check digit, a state code, a
2-digit place of service, an NDC spelled 5-4-2, addresses that end with the
state and a ZIP code.
"""

from __future__ import annotations

import re

from . import coding
from .fields import InvalidFields
from .identifiers import normalize_npi, npi_error
from .money import BillingDetails
from .vocab import US_STATES


BILLING_FIELDS = ("patient_address", "clinician", "rendering_npi", "group_npi", "practice_address", "phone",
                  "license", "license_state", "place_of_service", "ndc", "drug_name", "patient_sex",
                  "insured_relationship", "insured_name", "signer")
ZIP_AT_END = re.compile(r"\b([A-Z]{2})\s+(\d{5})(-\d{4})?$")


def address_error(address: str) -> str | None:
    """A US address ends with the state's two letters and the ZIP code (CMS-1500 items 5 and 32)."""
    match = ZIP_AT_END.search(address.strip())
    if not match:
        return "End the address with the state and the 5-digit ZIP code, like 12 Main St, Springfield, MA 01103"
    if match.group(1) not in US_STATES:
        return f"{match.group(1)} is not a US state code: end the address with the state and ZIP, like MA 01103"
    return None


def billing_values(b) -> dict[str, str]:
    return {name: getattr(b, name) for name in BILLING_FIELDS}


def billing_from_form(values: dict[str, str]) -> BillingDetails:
    """Validate the billing details; raise InvalidFields naming every bad field. Empty fields are allowed
    (the superbill check says which it needs)."""
    v = {name: " ".join((values.get(name) or "").split()) for name in BILLING_FIELDS}
    errors: dict[str, str] = {}
    for key in ("rendering_npi", "group_npi"):
        if v[key] and (message := npi_error(v[key])):
            errors[key] = message
        elif v[key]:
            v[key] = normalize_npi(v[key])
    if v["rendering_npi"] and "rendering_npi" not in errors and not v["rendering_npi"].startswith("1"):
        errors["rendering_npi"] = "The clinician's NPI is a Type 1 NPI and starts with 1 (an organisation's goes " \
                                  "under Group NPI)"
    state = v["license_state"].upper()
    if state and state not in US_STATES:
        errors["license_state"] = "Use the two-letter code of the state that issued the license, like CA"
    pos = v["place_of_service"] or "11"
    if not (pos.isdigit() and len(pos) == 2):
        errors["place_of_service"] = "A place-of-service code has 2 digits, like 11 (office)"
    if v["ndc"]:
        try:
            v["ndc"] = coding.normalize_ndc(v["ndc"])
        except ValueError as exc:
            errors["ndc"] = str(exc)
    for key in ("patient_address", "practice_address"):
        if v[key] and (message := address_error(v[key])):
            errors[key] = message
    v["patient_sex"] = v["patient_sex"].upper()[:1] if v["patient_sex"] else ""
    if v["patient_sex"] and v["patient_sex"] not in ("F", "M"):
        errors["patient_sex"] = "Choose F or M, as on the insurance card (CMS-1500 item 3)"
    v["insured_relationship"] = v["insured_relationship"].lower()
    if v["insured_relationship"] and v["insured_relationship"] not in ("self", "spouse", "child", "other"):
        errors["insured_relationship"] = "Choose self, spouse, child or other (CMS-1500 item 6)"
    if errors:
        raise InvalidFields(errors)
    return BillingDetails(**{**v, "license_state": state, "place_of_service": pos})
