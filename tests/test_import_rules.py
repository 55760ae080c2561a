"""Every way a case comes in meets the forms' rules: import refuses what the form refuses, by field path."""

from __future__ import annotations

import json
import os

import pytest

from ketcover_tui.cli.main import main
from ketcover_tui.demo.cases import demo_cases
from ketcover_tui.domain.case_check import strict_case
from ketcover_tui.domain.case_json import case_to_dict
from ketcover_tui.store import CaseStore, mark_demo_folder

pytestmark = pytest.mark.clock


def full_case() -> dict:
    """A demo case with calls, sessions and invoices with service lines, as an export holds it."""
    for case in demo_cases(30, seed=1):
        data = case_to_dict(case)
        if len(data["calls"]) >= 4 and data["journal"]["sessions"] and any(
                e.get("lines") for e in data["money"]["entries"]):
            return data
    raise AssertionError("no demo case with calls, sessions and service lines")


def invoice(data: dict) -> dict:
    return next(e for e in data["money"]["entries"] if e.get("lines"))


def set_call_follow_up(data, value):
    data["calls"][3]["follow_up_due"] = value


# (what, change to a valid document, the field path named in the one-line error)
BAD = [
    ("NUL in the name", lambda d: d["patient"].update(name="Ana\x00Lee"), "patient.name"),
    ("newline in the name", lambda d: d["patient"].update(name="Ana\nLee"), "patient.name"),
    ("ESC in the name", lambda d: d["patient"].update(name="Ana\x1b[31mLee"), "patient.name"),
    ("bidi override in the name", lambda d: d["patient"].update(name="Ana\u202eeeL"), "patient.name"),
    ("born in 2126", lambda d: d["patient"].update(date_of_birth="2126-01-01"), "patient.date_of_birth"),
    ("negative charge", lambda d: invoice(d)["lines"][0].update(charge="-5"), "money.entries"),
    ("three decimals", lambda d: invoice(d)["lines"][0].update(charge="12.345"), "money.entries"),
    ("a billion", lambda d: invoice(d)["lines"][0].update(charge="1e9"), "money.entries"),
    ("10 MB of notes", lambda d: d.update(notes="x" * 10_000_000), "notes: too long"),
    ("a 300-character id", lambda d: d.update(id="a" * 300), "id"),
    ("plan_changes: 5", lambda d: d["calls"][0].update(plan_changes=5), "calls[0].plan_changes"),
    ("modifiers: 7", lambda d: invoice(d)["lines"][0].update(modifiers=7), ".lines[0].modifiers"),
    ("stamps that are not objects", lambda d: d.update(record_stamps={"calls:x": 5}), "record_stamps"),
    ("dose 1e400", lambda d: d["journal"]["sessions"][0].update(dose_mg="1e400"), "journal"),
    ("a follow-up that is no date", lambda d: set_call_follow_up(d, "soon"), "calls"),
    ("a deeply nested array", lambda d: d.update(plugin_data="NESTED"), "nested"),
]


def run(*args: str) -> int:
    try:
        return main(list(args))
    except SystemExit as exc:  # argparse
        return int(exc.code)


@pytest.mark.parametrize("what,change,path", BAD, ids=[b[0] for b in BAD])
def test_import_refuses_with_the_field_path_exit_2_and_writes_nothing(what, change, path, tmp_path, capsys):
    data = full_case()
    change(data)
    source = tmp_path / "case.json"
    text = json.dumps({"format": "ketcover-case", "schema": 1, "case": data})
    source.write_text(text.replace('"NESTED"', "[" * 100_000 + "]" * 100_000), encoding="utf-8")
    folder = tmp_path / "data"
    mark_demo_folder(folder)
    assert run("--data-dir", str(folder), "cases", "import", str(source)) == 2
    err = capsys.readouterr().err
    assert path in err, err[:500]
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (folder / "cases").exists() or os.listdir(folder / "cases") == []


def test_the_error_names_the_record_as_it_stands_in_the_file(tmp_path):
    data = full_case()
    data["calls"][3]["follow_up_due"] = "2026-02-30"
    with pytest.raises(ValueError) as caught:
        strict_case(data)
    assert "calls[3].follow_up_due" in str(caught.value)


def test_a_folder_given_as_file_is_one_line(data_dir, capsys):
    assert run("--data-dir", str(data_dir), "cases", "import", str(data_dir.parent)) == 2
    err = capsys.readouterr().err
    assert "not a regular file" in err and len(err.strip().splitlines()) == 1


def test_every_demo_case_passes_and_round_trips_unchanged(data_dir):
    for case in demo_cases(30, seed=1):
        accepted = case_to_dict(strict_case(json.loads(json.dumps(case_to_dict(case)))))
        assert case_to_dict(strict_case(json.loads(json.dumps(accepted)))) == accepted


def test_a_stored_case_that_breaks_a_newer_rule_still_opens(data_dir):
    from ketcover_tui.domain.input_rules import escaped, text_problems

    store = CaseStore(data_dir)
    [case] = demo_cases(1, seed=3)
    case.patient.name = "Old\x1b[2JName"  # stored by an older version, before the rule
    store.create(case)
    loaded = store.load(case.id)
    assert loaded.patient.name == "Old\x1b[2JName"  # never rewritten
    assert "patient.name" in text_problems(case_to_dict(loaded))
    assert escaped(loaded.patient.name) == "Old\\x1b[2JName"
    assert [s.id for s in store.summaries()] == [case.id]


def test_conditions_that_start_with_a_comma_say_what_to_fix():
    from ketcover_tui.domain.case import parse_conditions

    conditions, error = parse_conditions(",:")
    assert conditions == [] and "ICD-10-CM code" in error


async def test_a_stored_value_breaking_a_newer_rule_is_shown_escaped_and_flagged(data_dir):
    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.tui.app import KetcoverApp

    store = CaseStore(data_dir)
    [case] = demo_cases(1, seed=3)
    case.patient.name = "Old\x1b[2JName"
    store.create(case)
    app = KetcoverApp(CaseStore(data_dir), plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Old\\x1b[2JName" in str(app.screen.query_one("#case-title").render())
        assert any("patient.name" in n.message and "escaped" in n.message for n in app._notifications)


def test_import_dates_are_checked_against_the_day_of_the_export(frozen_clock):
    from datetime import timedelta

    from ketcover_tui.domain.case_check import import_day

    ahead = (frozen_clock + timedelta(days=3)).isoformat() + "T09:00:00+14:00"
    assert import_day(ahead) == frozen_clock + timedelta(days=4)  # a clock or time zone ahead of ours
    assert import_day("not a time") == frozen_clock + timedelta(days=1)
    data = full_case()
    data["patient"]["date_of_birth"] = "2126-01-01"
    with pytest.raises(ValueError, match="patient.date_of_birth"):
        strict_case(data, today=import_day(ahead))
