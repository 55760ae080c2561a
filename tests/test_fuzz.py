"""Fuzz what comes in: generated and mutated case documents to import, generated text to every validator.

Never a traceback, never a partial write, and whatever is accepted round-trips
through export and import unchanged. Bounded (a few seconds in CI).
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketcover_tui.demo.cases import demo_cases
from ketcover_tui.domain import fields
from ketcover_tui.domain.case_json import case_to_dict
from ketcover_tui.store import CaseStore, StoreError


FUZZ = settings(max_examples=int(os.environ.get("KETCOVER_FUZZ_EXAMPLES", "60")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

SEEDS = [case_to_dict(case) for case in demo_cases(6, seed=4)]

json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                      st.text(max_size=30), st.sampled_from(["", "1e400", "-5", "12.345", "2126-01-01", "\x1b[2J",
                                                             "a\u202eb", "NaN", "\x00", "9" * 40]))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                          max_leaves=12)


def paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a document where a value could be swapped."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            found += paths(inner, (*prefix, n))
    return found


def replaced(document: dict, where: tuple, new: object) -> dict:
    result = copy.deepcopy(document)
    target = result
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = new
    return result


@st.composite
def case_documents(draw) -> dict:
    """A real case with up to three of its values swapped for generated ones."""
    document = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    places = paths(document)
    for _ in range(draw(st.integers(0, 3))):
        document = replaced(document, draw(st.sampled_from(places)), draw(json_value))
        places = paths(document)
    return document


def fresh_store() -> CaseStore:
    return CaseStore(Path(tempfile.mkdtemp(prefix="ketcover-fuzz-")) / "data")


def case_files(store: CaseStore) -> list[str]:
    return sorted(os.listdir(store.cases_dir))


@FUZZ
@given(case_documents())
def test_import_never_crashes_never_half_writes_and_what_it_takes_round_trips(data_dir, document):
    store = fresh_store()
    export = {"format": "ketcover-case", "schema": 1, "case": document}
    try:
        case = store.import_document(json.loads(json.dumps(export)))
    except StoreError as exc:
        assert "\n" not in str(exc)
        assert case_files(store) == []  # nothing written
        return
    assert case_files(store) == [f"{case.id}.json"]
    first = store.export_document(case.id)
    again = fresh_store()
    imported = again.import_document(json.loads(json.dumps(first)))
    second = again.export_document(imported.id)
    assert first["case"] == second["case"]


def call_form(values):
    from ketcover_tui.domain.calls import call_from_form
    return call_from_form(values, [])


def case_form(values):
    from ketcover_tui.domain.case import Case, Patient, apply_form
    return apply_form(Case(patient=Patient("")), values)


def clinic_form(values):
    from ketcover_tui.domain.providers import candidate_from_form
    return candidate_from_form(values)


def session_form(values):
    from ketcover_tui.domain.journal_forms import session_from_form
    return session_from_form(values)


def prior_form(values):
    from ketcover_tui.domain.journal_forms import prior_from_form
    return prior_from_form(values)


def measure_form(values):
    from ketcover_tui.domain.measures import entry_from_form
    return entry_from_form("phq9", values)


def money_form(values):
    from ketcover_tui.domain.money_forms import entry_from_form
    return entry_from_form("invoice", values)


def appeal_form(values):
    from ketcover_tui.domain.appeals import from_form
    return from_form("denial", values)


def billing_form(values):
    from ketcover_tui.domain.superbill import billing_from_form
    return billing_from_form(values)


FORMS = {"case": (case_form, "ketcover_tui.domain.case", "FORM_FIELDS"),
         "call": (call_form, None, ("started_at", "duration", "number", "department", "rep_name", "rep_id",
                                    "reference", "promised", "outcome", "follow_up_due", "notes")),
         "clinic": (clinic_form, None, None), "session": (session_form, None, None),
         "prior": (prior_form, None, None), "measure": (measure_form, None, None),
         "money": (money_form, None, None), "appeal": (appeal_form, None, None),
         "billing": (billing_form, None, None)}


def names_for(form: str) -> tuple[str, ...]:
    from ketcover_tui.domain import case, journal_forms, money_forms, providers, superbill
    from ketcover_tui.domain.appeals import SPECS
    from ketcover_tui.domain.measures import INSTRUMENTS, item_key

    return {
        "case": case.FORM_FIELDS, "call": FORMS["call"][2],
        "clinic": tuple(name for name, _, _ in providers.CANDIDATE_FIELDS),
        "session": tuple(journal_forms.SESSION_FIELDS), "prior": tuple(journal_forms.PRIOR_FIELDS),
        "measure": ("on", "session_id", "note", "difficulty",
                    *(item_key(n) for n in range(len(INSTRUMENTS["phq9"].items)))),
        "money": tuple(money_forms.FORM_FIELDS), "appeal": tuple(name for name, *_ in SPECS["denial"]),
        "billing": tuple(superbill.BILLING_FIELDS),
    }[form]


typed_text = st.one_of(st.text(max_size=40), st.sampled_from(["$1,2,3", "1e3", "NaN", "-0", "+7", "2w", "99999999999",
                                                            "2026-02-30", "12:99", "\x1b[31m", "\u202e", "9" * 300]))


@FUZZ
@given(st.sampled_from(sorted(FORMS)), st.data())
def test_every_form_validator_only_ever_says_what_to_fix(form, data):
    values = {name: data.draw(typed_text) for name in names_for(form)}
    try:
        FORMS[form][0](values)
    except ValueError:
        pass  # InvalidFields / InvalidCase: a message per field


@FUZZ
@given(typed_text)
def test_every_parser_only_ever_says_what_to_fix(text):
    from ketcover_tui.domain.funding import FieldKind, InputField
    from ketcover_tui.domain.funding_inputs import parse_field

    parsers = [fields.parse_money, fields.parse_percent, fields.parse_tristate,
               lambda t: fields.parse_day(t, relative=True)]
    parsers += [lambda t, k=kind: parse_field(InputField("x", "X", k), t) for kind in FieldKind]
    for parse in parsers:
        try:
            parse(text)
        except ValueError:
            pass
