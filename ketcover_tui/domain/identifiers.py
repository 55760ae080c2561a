"""Format checks for the identifiers insurers reject claims over.

Each check returns an error message (what is wrong and what to type instead),
or None when the value is fine. Normalisers return the canonical spelling.
"""

from __future__ import annotations

import re

# ICD-10-CM: a letter (U is reserved for special use), two characters, then an
# optional dot and up to four more (e.g. F33.2, G90.511, F32.A).
_ICD10_RE = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")


def normalize_icd10(code: str) -> str:
    """Upper-case and put the dot back if it was typed without one (F332 -> F33.2)."""
    code = code.strip().upper().replace(" ", "")
    if len(code) > 3 and "." not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def icd10_format_error(code: str) -> str | None:
    """The shape alone (fast; used when reading stored cases, which were checked when entered)."""
    code = normalize_icd10(code)
    if not _ICD10_RE.match(code):
        return (
            f"{code or '(empty)'} is not an ICD-10-CM code: expected a letter, two "
            "characters, then an optional dot and up to 4 more, like F33.2"
        )
    return None


def icd10_error(code: str) -> str | None:
    """The check wherever a diagnosis code is entered (case form, import, superbill): the shape, then
    the CMS list: a billable code, else the nearest valid codes with their descriptions."""
    if message := icd10_format_error(code):
        return message
    from .icd10cm import code_error  # the CMS list loads on first use only

    return code_error(normalize_icd10(code))


def npi_check_digit(first_nine: str) -> int:
    """The NPI check digit: Luhn over the nine digits prefixed with 80840.

    The prefix contributes a constant 24 to the Luhn sum (CMS NPI check digit spec).
    """
    total = 24
    for position, char in enumerate(reversed(first_nine)):
        digit = int(char)
        if position % 2 == 0:  # every second digit from the right, starting with the rightmost
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def normalize_npi(npi: str) -> str:
    return re.sub(r"[\s-]", "", npi)


def npi_error(npi: str) -> str | None:
    npi = normalize_npi(npi)
    if not re.fullmatch(r"\d{10}", npi):
        return "An NPI has exactly 10 digits"
    if npi[0] not in "12":
        return "An NPI starts with 1 (individual) or 2 (organisation)"
    if npi_check_digit(npi[:9]) != int(npi[9]):
        return "This NPI's check digit is wrong: check for a typo (look it up in the NPI registry)"
    return None


def normalize_tax_id(tax_id: str) -> str:
    """Keep digits only; shown as 12-3456789 (the usual EIN spelling)."""
    digits = re.sub(r"[\s-]", "", tax_id)
    return f"{digits[:2]}-{digits[2:]}" if re.fullmatch(r"\d{9}", digits) else tax_id.strip()


def tax_id_error(tax_id: str) -> str | None:
    digits = re.sub(r"[\s-]", "", tax_id)
    if not re.fullmatch(r"\d{9}", digits):
        return "A tax id (EIN/TIN) has 9 digits, like 12-3456789"
    return None


def fax_error(number: str) -> str | None:
    """A US fax number has 10 digits (an optional leading 1 aside)."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return "A fax number has 10 digits, like (555) 555-0199"
    return None


_CASE_ID = re.compile(r"[A-Za-z0-9]{1,64}")


def is_case_id(value: object) -> bool:
    """A case id names the case's file: ASCII letters and digits only, at most 64."""
    return isinstance(value, str) and _CASE_ID.fullmatch(value) is not None
