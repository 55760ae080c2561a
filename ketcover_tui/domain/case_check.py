"""A whole case document taken in as new input (``cases import``, a restored file): every rule, all or nothing.

First the text and shape rules of ``input_rules`` over the raw document, then
the stored-format reader (``case_json``), then every record is shown to its own
form's validator, so an imported call meets exactly the rules of the call form.
Errors are keyed by path (``calls[3].follow_up_due``); nothing is half-taken.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from . import clock
from .appeals import LISTS, from_form, kind_of, values_of
from .calls import call_from_form
from .calls import form_values as call_values
from .case import Case, InvalidCase, apply_form, form_values
from .case_json import MALFORMED, case_from_dict
from .fields import InvalidFields
from .input_rules import escaped, shape_problems, stamps_problems, text_problems
from .journal_forms import prior_from_form, prior_values, session_from_form, session_values
from .measures import entry_from_form as measure_from_form
from .measures import entry_values as measure_values
from .money_forms import entry_from_form as money_from_form
from .money_forms import entry_values as money_values
from .providers import candidate_from_form, candidate_values
from .superbill import billing_from_form, billing_values

# The case form's fields -> where they are in a case document.
CASE_FORM_PATHS = {
    "patient_name": "patient.name", "date_of_birth": "patient.date_of_birth", "state": "patient.state",
    "conditions": "conditions", "insurer": "plan.insurer", "plan_type": "plan.plan_type",
    "member_id": "plan.member_id", "group_id": "plan.group_id", "clinic": "provider.clinic",
    "npi": "provider.npi", "tax_id": "provider.tax_id", "stage": "stage", "notes": "notes",
}


def import_day(exported: object) -> date:
    """"Today" for an imported case's date rules: no record can be later than its export (made on
    a machine whose clock or time zone may be ahead), so the later of that day and ours, plus a day."""
    day = clock.today()
    if isinstance(exported, str):
        try:
            day = max(day, datetime.fromisoformat(exported).date())
        except ValueError:
            pass
    return day + timedelta(days=1)


def strict_case(data: object, *, today: date | None = None) -> Case:
    """The case in ``data`` if every rule holds; InvalidCase keyed by path otherwise."""
    if not isinstance(data, dict):
        raise InvalidCase({"case": "expected a JSON object"})
    problems = text_problems(data) | shape_problems(data) | stamps_problems(data.get("record_stamps"))
    if problems:
        raise InvalidCase(problems)
    try:
        case = case_from_dict(data)
    except InvalidCase as exc:
        raise InvalidCase(locate(data, exc.errors)) from None
    except MALFORMED as exc:
        raise InvalidCase({"case": f"malformed ({type(exc).__name__})"}) from None
    problems = form_problems(case, data, today or clock.today())
    if problems:
        raise InvalidCase(problems)
    return case


# Sections whose records sit in lists: (section, path of the list inside it).
RECORD_LISTS = [("calls", ""), ("journal", "sessions"), ("journal", "prior"), ("journal", "measures"),
                ("money", "entries"), ("appeals", "prior_auths"), ("appeals", "claims"), ("appeals", "denials"),
                ("provider_search", "candidates"), ("funding", "entries"), ("benefits", "exclusions"),
                ("documents", ""), ("exports", "")]
_RECORD_PREFIX = re.compile(r"^[a-z_ ]+? 1(?:[: ]+| (?=[a-z]))")


def locate(data: dict, errors: dict[str, str]) -> dict[str, str]:
    """Section errors from the stored-format reader, narrowed to the record that caused them.

    Each record of a failing section is read alone; the first that fails names the path
    (``calls[3].follow_up_due``) as it stands in the file.
    """
    located = {CASE_FORM_PATHS.get(name, name): message for name, message in errors.items()}
    for section, inner in RECORD_LISTS:
        if section not in errors:
            continue
        records = data.get(section) if not inner else (data.get(section) or {}).get(inner)
        if not isinstance(records, list):
            continue
        siblings = {other: [] for name, other in RECORD_LISTS if name == section and other and other != inner}
        for n, record in enumerate(records):
            trial = {**data, section: [record] if not inner else {**data[section], **siblings, inner: [record]}}
            try:
                case_from_dict(trial)
            except InvalidCase as exc:
                if section in exc.errors:
                    message = _RECORD_PREFIX.sub("", exc.errors[section], count=1)
                    where = f"{section}[{n}]" if not inner else f"{section}.{inner}[{n}]"
                    field, sep, rest = message.partition(": ")
                    located.pop(section, None)
                    if sep and field.isidentifier():
                        located[f"{where}.{field}"] = rest
                    else:
                        located[where] = message
                    break
            except MALFORMED:
                continue
    return located


def _positions(data: dict, path: str) -> dict[str, int]:
    """Record id -> its index in the document's list at ``path`` (a.b), for error paths."""
    value: object = data
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if not isinstance(value, list):
        return {}
    return {str(item.get("id")): n for n, item in enumerate(value) if isinstance(item, dict)}


def form_problems(case: Case, data: dict, today: date) -> dict[str, str]:
    """Every record of ``case`` checked by its form's validator; path -> message."""
    problems: dict[str, str] = {}

    def check(path: str, validate) -> None:
        try:
            validate()
        except (InvalidFields, InvalidCase) as exc:
            for name, message in exc.errors.items():
                problems[f"{path}.{name}" if path else CASE_FORM_PATHS.get(name, name)] = message
        except ValueError as exc:
            problems[path or "case"] = str(exc)
        except MALFORMED as exc:  # e.g. an answer naming a plan fact this version does not know
            problems[path or "case"] = f"malformed ({type(exc).__name__}: {escaped(str(exc)[:60])})"

    def each(path: str, records: list, validate) -> None:
        positions = _positions(data, path)
        for n, record in enumerate(records):
            check(f"{path}[{positions.get(record.id, n)}]", lambda r=record: validate(r))

    check("", lambda: apply_form(Case(patient=case.patient), form_values(case), today=today))
    each("calls", case.calls, lambda c: call_from_form(call_values(c), c.answers, original=c, on=c.started.date()))
    each("provider_search.candidates", case.provider_search.candidates,
         lambda c: candidate_from_form(candidate_values(c), keep_id=c.id))
    weight = case.journal.weight_kg
    each("journal.sessions", case.journal.sessions,
         lambda s: session_from_form(session_values(s, weight), original=s, today=today))
    each("journal.prior", case.journal.prior, lambda p: prior_from_form(prior_values(p), original=p))
    each("journal.measures", case.journal.measures,
         lambda m: measure_from_form(m.instrument, measure_values(m), original=m, today=today))
    session_ids = {s.id for s in case.journal.sessions}
    each("money.entries", case.money.entries,
         lambda e: money_from_form(e.kind, money_values(e), session_ids=session_ids, original=e, today=today))
    check("money.billing", lambda: billing_from_form(billing_values(case.money.billing)))
    for kind, attribute in LISTS.items():
        each(f"appeals.{attribute}", getattr(case.appeals, attribute),
             lambda r: from_form(kind_of(r), values_of(r), r))
    return problems
