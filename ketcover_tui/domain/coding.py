"""Billing codes for ketamine and esketamine sessions, from the reference notes (§1.1, §1.2, §3.4).

What each code means, the codes that must never be used (a wrong-code list the
reference notes document), place-of-service codes, NDC spelling, and the lines a
session suggests (infusion time rules). Every fact carries its source and the
date the notes were read; nothing here is made up, and codes the notes mark
UNVERIFIED say so wherever they are shown.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .money import ServiceLine

NOTES = "ketcover reference notes"
AS_OF = "2026-11-26"


@dataclass(frozen=True)
class CodeInfo:
    code: str
    description: str
    source: str
    confidence: str = "HIGH"
    as_of: str = AS_OF


_S11 = f"{NOTES} §1.1 (IV ketamine)"
_S12 = f"{NOTES} §1.2 (Esketamine)"
CODES: dict[str, CodeInfo] = {c.code: c for c in (
    CodeInfo("96365", "IV infusion, for therapy, prophylaxis, or diagnosis; initial, up to 1 hour", _S11),
    CodeInfo("96366", "IV infusion, each additional hour (add-on to 96365)", _S11),
    CodeInfo("96374", "IV push (administration of 15 minutes or less)", _S11),
    CodeInfo("96372", "IM injection (commonly used for IM ketamine; not confirmed in the reference notes)", _S11,
             "UNVERIFIED"),
    CodeInfo("J3490", "Unclassified drugs (ketamine: drug name, dose and NDC required)", _S11),
    CodeInfo("G2082", "Esketamine nasal self-administration, up to 56 mg, with E/M and 2 h observation", _S12),
    CodeInfo("G2083", "Esketamine nasal self-administration, more than 56 mg, with E/M and 2 h observation", _S12),
    CodeInfo("J0013", "Esketamine, nasal spray, 1 mg (from 2026-01-01)", _S12),
    *(CodeInfo(code, f"Office/outpatient visit, new patient ({minutes} min by time)", f"{NOTES} §1.1 (E/M)")
      for code, minutes in (("99202", 15), ("99203", 30), ("99204", 45), ("99205", 60))),
    CodeInfo("99211", "Office/outpatient visit, established patient", f"{NOTES} §1.1 (E/M)"),
    *(CodeInfo(code, f"Office/outpatient visit, established patient ({minutes} min by time)", f"{NOTES} §1.1 (E/M)")
      for code, minutes in (("99212", 10), ("99213", 20), ("99214", 30), ("99215", 40))),
    CodeInfo("90832", "Psychotherapy, 16–37 min", f"{NOTES} §1.1 (Psychotherapy)"),
    CodeInfo("90834", "Psychotherapy, 38–52 min", f"{NOTES} §1.1 (Psychotherapy)"),
    CodeInfo("90837", "Psychotherapy, 53 min or more", f"{NOTES} §1.1 (Psychotherapy)"),
    CodeInfo("90833", "Psychotherapy add-on with E/M, 16–37 min", f"{NOTES} §1.1 (Psychotherapy)"),
    CodeInfo("90836", "Psychotherapy add-on with E/M, 38–52 min", f"{NOTES} §1.1 (Psychotherapy)"),
    CodeInfo("90838", "Psychotherapy add-on with E/M, 53 min or more", f"{NOTES} §1.1 (Psychotherapy)"),
    CodeInfo("90791", "Psychiatric diagnostic evaluation (not confirmed in the reference notes)",
             f"{NOTES} §1.1", "UNVERIFIED"),
    CodeInfo("90792", "Psychiatric diagnostic evaluation with medical services (not confirmed in the reference "
             "notes)", f"{NOTES} §1.1", "UNVERIFIED"),
)}

# Codes the reference notes say are wrong for this treatment (the message says what to use instead).
WRONG_CODES = {
    "J3000": ("J3000 is streptomycin, not ketamine: bill ketamine as J3490 with the drug name, dose and NDC",
              f"{NOTES} §1.1 (Wrong-code warning)"),
    "J0222": ("J0222 is patisiran, not esketamine", f"{NOTES} §1.2"),
    "S0013": ("S0013 was discontinued on 2026-01-01 and replaced by J0013 (esketamine, nasal spray, 1 mg)",
              f"{NOTES} §1.2"),
}

PLACES_OF_SERVICE = {
    "11": "Office",
    "02": "Telehealth, patient not at home",
    "10": "Telehealth in the patient's home",
    "22": "On-campus outpatient hospital",
    "19": "Off-campus outpatient hospital",
}
POS_SOURCE = f"{NOTES} §1.1 (Place of service; CMS-1500 box 24B)"

INFUSION_CODES = {"96365", "96366", "96374"}
ESKETAMINE_LOW_MAX_MG = 56  # G2082 up to 56 mg, G2083 more (reference notes §1.2)


def describe(code: str) -> str:
    info = CODES.get(code)
    return info.description if info else ""


# --- NDC ----------------------------------------------------------------------------------------

_NDC_FORMS = {(5, 4, 2): (0, 0, 0), (4, 4, 2): (1, 0, 0), (5, 3, 2): (0, 1, 0), (5, 4, 1): (0, 0, 1)}


def normalize_ndc(text: str) -> str:
    """An NDC in the 11-digit 5-4-2 form claims need (reference notes §1.1, §3.4: N4 + 11 digits).

    Accepts 11 digits, or the hyphenated 10-digit forms on packages (4-4-2, 5-3-2,
    5-4-1), which are padded with a leading zero in the short segment.
    """
    raw = text.strip().upper().removeprefix("N4").strip()
    if re.fullmatch(r"\d{11}", raw):
        return f"{raw[:5]}-{raw[5:9]}-{raw[9:]}"
    parts = raw.split("-")
    lengths = tuple(len(p) for p in parts)
    if len(parts) == 3 and all(p.isdigit() for p in parts) and lengths in _NDC_FORMS:
        padded = [("0" * pad) + p for p, pad in zip(parts, _NDC_FORMS[lengths])]
        return "-".join(padded)
    if re.fullmatch(r"\d{10}", raw):
        raise ValueError("A 10-digit NDC without hyphens is ambiguous: type it with the hyphens as printed on "
                         "the vial (like 12345-678-90), so it can be padded to 11 digits")
    raise ValueError("An NDC has 11 digits (5-4-2, like 12345-6789-01), or 10 digits with hyphens as printed "
                     "on the package")


def ndc_error(text: str) -> str | None:
    try:
        normalize_ndc(text)
    except ValueError as exc:
        return str(exc)
    return None


# --- what a session suggests --------------------------------------------------------------------

def additional_hours(duration_min: int) -> int:
    """Units of +96366: each needs more than 30 minutes past the previous hour (a 16–90 min infusion = 0)."""
    return max(0, (duration_min - 31) // 60)


def suggested_lines(session, *, medicare: bool = False) -> tuple[list[ServiceLine], list[str]]:
    """Codes a session suggests, without charges, and notes on how they were chosen.

    The clinic's own invoice is what counts; these fill the superbill only for a
    session with no invoice or receipt lines, and the superbill check asks for
    their charges.
    """
    notes: list[str] = []
    lines: list[ServiceLine] = []
    minutes = session.duration_min
    if session.drug == "esketamine":
        if session.dose_mg is None:
            notes.append("No dose recorded: G2082 (up to 56 mg) or G2083 (more) depends on it")
            return lines, notes
        code = "G2082" if session.dose_mg <= ESKETAMINE_LOW_MAX_MG else "G2083"
        # Medicare: modifier KX shows REMS enrollment (CGS, reference notes §1.2).
        lines.append(ServiceLine(code, ("KX",) if medicare else ()))
        notes.append(f"{code}: the code includes the drug, so no separate J-code ({_S12})")
        return lines, notes
    if session.route == "iv":
        if minutes is None:
            lines.append(ServiceLine("96365"))
            notes.append("No start/stop times: 96365 assumed; insurers need both times documented")
        elif minutes <= 15:
            lines.append(ServiceLine("96374"))
            notes.append(f"{minutes} min: 15 minutes or less is IV push 96374 ({_S11})")
        else:
            lines.append(ServiceLine("96365"))
            if extra := additional_hours(minutes):
                lines.append(ServiceLine("96366", units=extra))
                notes.append(f"{minutes} min: 96365 + {extra} × 96366 (each added hour needs more than 30 min)")
    elif session.route == "im":
        lines.append(ServiceLine("96372"))
        notes.append("96372 for IM ketamine is commonly used but UNVERIFIED in the reference notes: check with "
                     "the clinic")
    else:
        notes.append("No code suggested for intranasal racemic ketamine: copy the lines from the clinic's invoice")
        return lines, notes
    lines.append(ServiceLine("J3490"))
    return lines, notes
