"""Money forms: service lines as typed, and the invoice, receipt and EOB form read back.

A service line is typed as ``CODE xUNITS CHARGE`` (with optional modifiers,
diagnosis pointers and a date); a form is checked as a whole, so the amounts
must agree with the lines and with each other, and ``InvalidFields`` names
every bad field.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from . import clock
from .fields import InvalidFields, format_money, money_text, parse_day, parse_money
from .money import AMOUNT_FIELDS, AMOUNTS, KIND_LABELS, ZERO, MoneyEntry, ServiceLine

CODE_RE = re.compile(r"^(?:\d{4}[0-9A-Z]|[A-V]\d{4})$")  # CPT (5 digits, or 4 + F/T/U) or HCPCS Level II
_MODIFIER_RE = re.compile(r"^[0-9A-Z]{2}$")
_POINTERS_RE = re.compile(r"^[A-L]{1,4}$")
LINE_HINT = ("write CODE xUNITS CHARGE, like 96365 x1 450.00 (optional: modifiers as 99214-25, dx A for the "
             "diagnosis, on YYYY-MM-DD for another date)")


def parse_line(text: str, number: int = 1) -> ServiceLine:
    tokens = text.replace("×", "x").split()
    where = f"Line {number}"
    if not tokens:
        raise ValueError(f"{where} is empty")
    code, *modifiers = tokens[0].upper().replace(":", "-").split("-")
    if not CODE_RE.match(code):
        raise ValueError(f"{where}: {tokens[0]!r} is not a CPT or HCPCS code (5 characters, like 96365 or J3490)")
    modifiers = [m for m in modifiers if m]
    if bad := [m for m in modifiers if not _MODIFIER_RE.match(m)]:
        raise ValueError(f"{where}: modifier {bad[0]!r} must be 2 letters or digits, like 25 or KX")
    if len(modifiers) > 4:
        raise ValueError(f"{where}: at most 4 modifiers fit on a claim line")
    line = ServiceLine(code=code, modifiers=tuple(modifiers))
    rest = tokens[1:]
    while rest:
        token = rest.pop(0)
        low = token.lower()
        if re.fullmatch(r"x\d{1,3}", low):
            line.units = int(low[1:])
            if not 1 <= line.units <= 999:
                raise ValueError(f"{where}: units must be from 1 to 999")
        elif low in ("dx", "on"):
            if not rest:
                raise ValueError(f"{where}: '{token}' needs a value after it; {LINE_HINT}")
            value = rest.pop(0)
            if low == "dx":
                pointers = value.upper().replace("-", "")
                while rest and re.fullmatch(r"[A-La-l]", rest[0]):  # "dx A B" as well as "dx AB"
                    pointers += rest.pop(0).upper()
                if not _POINTERS_RE.match(pointers):
                    raise ValueError(f"{where}: diagnosis pointers are 1 to 4 letters A–L, like A or AB")
                line.pointers = pointers
            else:
                try:
                    line.on = date.fromisoformat(value)
                except ValueError:
                    raise ValueError(f"{where}: {value!r} is not a date; write YYYY-MM-DD") from None
        elif re.fullmatch(r"\$?\d[\d,]*(\.\d*)?", token):
            if line.charge is not None:
                raise ValueError(f"{where}: two amounts ({money_text(line.charge)} and {token}); {LINE_HINT}")
            try:
                line.charge = parse_money(token, label=f"{where} charge")
            except ValueError as exc:
                raise ValueError(str(exc)) from None
        else:
            raise ValueError(f"{where}: did not understand {token!r}; {LINE_HINT}")
    return line


def parse_lines(text: str) -> list[ServiceLine]:
    """One service line per line of text; blank lines are skipped. Raises ValueError naming the line."""
    lines = []
    for raw in text.splitlines():
        if raw.strip():
            lines.append(parse_line(raw, len(lines) + 1))
    return lines


def lines_text(lines: list[ServiceLine]) -> str:
    return "\n".join(line.text() for line in lines)


def lines_total(lines: list[ServiceLine]) -> Decimal | None:
    """The sum of the line charges, None unless every line has one."""
    if not lines or any(line.charge is None for line in lines):
        return None
    return sum((line.charge for line in lines), ZERO)


# --- the form -------------------------------------------------------------------------------

FORM_FIELDS = ("date_of_service", "on", "payee", "reference", "network", "lines", *AMOUNT_FIELDS,
               "sessions", "notes")


def entry_values(entry: MoneyEntry | None, kind: str = "receipt", *, payee: str = "") -> dict[str, str]:
    if entry is None:
        return {name: "" for name in FORM_FIELDS} | {"payee": payee}
    values = {
        "date_of_service": entry.date_of_service.isoformat(), "on": entry.on.isoformat() if entry.on else "",
        "payee": entry.payee, "reference": entry.reference, "network": entry.network,
        "lines": lines_text(entry.lines), "sessions": ",".join(entry.session_ids), "notes": entry.notes,
    }
    return values | {name: money_text(getattr(entry, name)) for name in AMOUNT_FIELDS}


def entry_from_form(kind: str, values: dict[str, str], *, session_ids: set[str] | None = None,
                    original: MoneyEntry | None = None, today: date | None = None) -> MoneyEntry:
    """Validate an invoice, receipt or EOB form; raise InvalidFields naming every bad field.

    Only the amounts that kind of document states are read (``AMOUNTS``).
    """
    if kind not in KIND_LABELS:
        raise InvalidFields({"kind": "Choose invoice, receipt or EOB"})
    v = {name: (values.get(name) or "").strip() for name in FORM_FIELDS}
    errors: dict[str, str] = {}
    today = today or clock.today()
    days: dict[str, date | None] = {}
    for key, label in (("date_of_service", "Date of service"), ("on", "Date")):
        try:
            days[key] = parse_day(v[key], label=label)
            if days[key] and days[key] > today:
                errors[key] = f"{label} is in the future: check it"
        except ValueError as exc:
            errors[key] = str(exc)
    if "date_of_service" not in errors and days.get("date_of_service") is None:
        errors["date_of_service"] = "Enter the date of service (the day of the treatment), YYYY-MM-DD"
    lines: list[ServiceLine] = []
    try:
        lines = parse_lines(values.get("lines") or "")
    except ValueError as exc:
        errors["lines"] = str(exc)
    amounts: dict[str, Decimal | None] = {}
    for name, label in AMOUNTS[kind]:
        try:
            amounts[name] = parse_money(v[name], label=label.split(" (")[0])
        except ValueError as exc:
            errors[name] = str(exc)
    network = v["network"] if kind == "eob" else ""
    if network not in ("", "in", "out"):
        errors["network"] = "Choose in or out of network"
    linked = [s for s in v["sessions"].split(",") if s]
    if session_ids is not None and (unknown := [s for s in linked if s not in session_ids]):
        errors["sessions"] = f"Session {unknown[0]} is no longer in the journal: untick it"
    if not errors:
        errors.update(_amount_errors(kind, amounts, lines))
    if errors:
        raise InvalidFields(errors)
    total = lines_total(lines)
    if "billed" in amounts and amounts["billed"] is None and total is not None:
        amounts["billed"] = total
    entry = MoneyEntry(kind=kind, date_of_service=days["date_of_service"], on=days.get("on"), payee=v["payee"],
                       reference=v["reference"], lines=lines, network=network, session_ids=linked,
                       notes=(values.get("notes") or "").strip(), **amounts)
    if original:
        entry.id = original.id
    return entry


def _amount_errors(kind: str, a: dict[str, Decimal | None], lines: list[ServiceLine]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if unpriced := [(n, line) for n, line in enumerate(lines, start=1) if line.charge is None]:
        n, line = unpriced[0]
        errors["lines"] = (f"Line {n} ({line.code}) has no charge: add it after the units, like "
                           f"{line.code} x{line.units} 200.00 (a superbill needs a charge on every line)")
    total = lines_total(lines)
    if kind == "invoice" and a["billed"] is None and total is None:
        errors["billed"] = "Enter the amount billed, or service lines that each have a charge"
    if kind == "receipt" and a["paid_patient"] is None:
        errors["paid_patient"] = "Enter the amount you paid"
    if a.get("billed") is not None and total is not None and a["billed"] != total:
        errors["billed"] = (f"The service lines add up to {format_money(total)}, not {format_money(a['billed'])}: "
                            "correct the lines or the amount (or clear it to use the lines' sum)")
    if kind == "eob":
        if all(value is None for value in a.values()):
            errors["allowed"] = "Enter at least one amount from the EOB"
        allowed = a["allowed"]
        if allowed is not None and a["billed"] is not None and allowed > a["billed"]:
            errors["allowed"] = "Allowed is more than billed: check both amounts on the EOB"
        for name, label in (("paid_plan", "Paid by plan"), ("reimbursed", "Reimbursed"),
                            ("deductible", "Applied to deductible"), ("patient_share", "Your share")):
            if allowed is not None and a[name] is not None and a[name] > allowed and name not in errors:
                errors[name] = f"{label} is more than the allowed amount ({format_money(allowed)}): check both"
        if (a["deductible"] is not None and a["patient_share"] is not None and a["deductible"] > a["patient_share"]
                and "deductible" not in errors):
            errors["deductible"] = "The deductible part is more than your share in total: check both"
    return errors
