"""What an EOB says, whichever format it came in: one claim, its service lines, amounts and adjustments.

Both readers (``x12_835``, ``fhir_eob``) produce these; ``eob_changes`` turns
them into Money-tab entries and Appeals-tab denials. Amounts are ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Callable


@dataclass(frozen=True)
class Adjustment:
    """One CAS / adjudication reason: group (CO contractual, PR patient, OA other, PI payer) and CARC."""

    group: str
    reason: str  # the Claim Adjustment Reason Code, e.g. "45", "50", "96"
    amount: Decimal


@dataclass
class EobLine:
    code: str  # CPT / HCPCS
    modifiers: tuple[str, ...] = ()
    units: int = 1
    on: date | None = None
    billed: Decimal | None = None
    allowed: Decimal | None = None
    paid: Decimal | None = None
    adjustments: list[Adjustment] = field(default_factory=list)


@dataclass
class EobClaim:
    """One adjudicated claim as the payer reported it."""

    claim_number: str  # the payer's claim control number (835 CLP07; FHIR identifier or id)
    source: str  # where in the file, e.g. "CLP 3 (line 41)" or "entry 2"
    status: str = ""  # 835 CLP02 (1 primary, 4 denied, 22 reversal…) or FHIR outcome
    reversal: bool = False  # a reversal of an earlier payment (CLP02=22, or negative amounts)
    patient_control: str = ""  # the clinic's own claim number (CLP01)
    member_id: str = ""
    patient_name: str = ""  # as printed, "LAST, FIRST"
    payer: str = ""
    provider: str = ""
    date_of_service: date | None = None
    processed: date | None = None  # the day the payer adjudicated or paid it: never a notice date
    payment_ref: str = ""  # check or EFT trace number
    network: str = ""  # in / out when stated
    billed: Decimal | None = None
    allowed: Decimal | None = None
    paid: Decimal | None = None
    patient_share: Decimal | None = None
    deductible: Decimal | None = None
    lines: list[EobLine] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)  # claim-level
    extract_index: int = -1  # the reader's own handle for cutting this claim out of the file
    patient_ref: str = ""  # FHIR: the patient reference, to carry that Patient and Coverage into an extract

    def all_adjustments(self) -> list[Adjustment]:
        return [*self.adjustments, *(a for line in self.lines for a in line.adjustments)]

    def days(self) -> list[date]:
        found = {line.on for line in self.lines if line.on}
        if self.date_of_service:
            found.add(self.date_of_service)
        return sorted(found)


@dataclass
class EobFile:
    """Everything one file held, for one or many patients."""

    name: str
    format: str  # "x12-835" / "fhir"
    claims: list[EobClaim]
    # the reader's way to cut chosen claims out as a file of the same format (one patient's extract)
    extractor: Callable[[list[EobClaim]], bytes] | None = None
