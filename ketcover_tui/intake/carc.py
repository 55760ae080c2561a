"""Claim Adjustment Reason Codes (CARC) that deny a service, and the Appeals-tab reason each one means.

Only codes that say the plan refused to pay for the service are here (not
contractual write-downs such as 45, nor cost sharing such as 1, 2, 3). The
wording is X12's published description, shown beside the code with its source;
what an EOB itself says is only the code, and that is what a denial quotes.
"""

from __future__ import annotations

SOURCE = "X12 Claim Adjustment Reason Codes (x12.org/codes/claim-adjustment-reason-codes)"
AS_OF = "the code list as published by X12; check a code's current wording there"

# code -> (Appeals-tab reason key, X12's description)
DENIALS = {
    "16": ("coding_error", "Claim/service lacks information or has submission/billing error(s)."),
    "29": ("timely_filing", "The time limit for filing has expired."),
    "50": ("medical_necessity", "These are non-covered services because this is not deemed a 'medical necessity' "
                                "by the payer."),
    "55": ("experimental", "Procedure/treatment/drug is deemed experimental/investigational by the payer."),
    "96": ("not_covered", "Non-covered charge(s)."),
    "197": ("no_prior_auth", "Precertification/authorization/notification/pre-treatment absent."),
    "204": ("not_covered", "This service/equipment/drug is not covered under the patient's current benefit plan."),
}


def denial_reason(code: str) -> str | None:
    """The Appeals-tab reason key for a denying CARC, else None."""
    entry = DENIALS.get(code.strip().upper())
    return entry[0] if entry else None


def description(code: str) -> str:
    entry = DENIALS.get(code.strip().upper())
    return f"CARC {code}: {entry[1]} (source: {SOURCE})" if entry else f"CARC {code}"
