"""Two people, one record: field-by-field merge, a real conflict shown and nothing saved until decided."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
import time_machine

from conftest import at_noon
from ketcover_tui.domain.case_json import case_to_dict
from ketcover_tui.domain.record_merge import RecordConflict, merge_records
from ketcover_tui.domain.record_stamps import recent_changes
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.screens.call_form import CallFormScreen
from ketcover_tui.tui.screenshots import demo_app

pytestmark = pytest.mark.clock


def set_call(call_id: str, **values):
    def change(case) -> None:
        call = next(c for c in case.calls if c.id == call_id)
        for name, value in values.items():
            setattr(call, name, value)
    return change


async def open_first_call(app, pilot):
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("6")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, CallFormScreen)
    return form, form.original


async def test_two_people_changing_different_fields_of_one_call_both_keep_theirs(data_dir):
    app = demo_app(data_dir, cases=3)
    other = CaseStore(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        form, call = await open_first_call(app, pilot)
        case_id = form.case.id
        base = case_to_dict(other.load(case_id))
        other.update(case_id, set_call(call.id, rep_name="Rep From Bob"), base=base)
        form.query_one("#department").value = "Dept From Ann"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
    saved = next(c for c in other.load(case_id).calls if c.id == call.id)
    assert (saved.department, saved.rep_name) == ("Dept From Ann", "Rep From Bob")


async def test_both_changing_the_same_field_is_shown_and_saves_nothing_until_decided(data_dir):
    app = demo_app(data_dir, cases=3)
    other = CaseStore(data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        form, call = await open_first_call(app, pilot)
        case_id = form.case.id
        other.update(case_id, set_call(call.id, department="Bob's Dept"))
        form.query_one("#department").value = "Ann's Dept"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        status = str(form.query_one("#form-status").render())
        assert "Bob's Dept" in status and "ctrl+s again" in status
        on_disk = next(c for c in other.load(case_id).calls if c.id == call.id)
        assert on_disk.department == "Bob's Dept"
        await pilot.press("ctrl+s")  # the user decides: mine
        await pilot.pause()
        assert app.screen is not form
    assert next(c for c in other.load(case_id).calls if c.id == call.id).department == "Ann's Dept"


RECORD_PATHS = [("calls", None), ("journal", "sessions"), ("journal", "measures"), ("money", "entries"),
                ("appeals", "denials"), ("provider_search", "candidates"), ("funding", "entries")]


def record_list(data: dict, section: str, inner: str | None) -> list:
    return data[section] if inner is None else data[section][inner]


@pytest.mark.parametrize("section,inner", RECORD_PATHS, ids=[f"{s}.{i}" if i else s for s, i in RECORD_PATHS])
def test_every_kind_of_record_merges_by_field_and_stops_on_a_conflict(section, inner):
    from ketcover_tui.demo.cases import demo_cases

    data = next(case_to_dict(c) for c in demo_cases(30, seed=1)
                if all(record_list(case_to_dict(c), s, i) for s, i in RECORD_PATHS))
    fields = [k for k, v in record_list(data, section, inner)[0].items() if isinstance(v, str) and k != "id"]
    mine_field, their_field = fields[0], fields[1]
    theirs = copy.deepcopy(data)
    record_list(theirs, section, inner)[0][their_field] = "theirs"
    mine = copy.deepcopy(theirs)  # my form's version replaced the record: their change undone, mine made
    record_list(mine, section, inner)[0].update(record_list(data, section, inner)[0], **{mine_field: "mine"})
    changed, conflicts = merge_records(data, theirs, mine)
    assert changed and conflicts == []
    merged = record_list(mine, section, inner)[0]
    assert (merged[mine_field], merged[their_field]) == ("mine", "theirs")

    record_list(mine, section, inner)[0][their_field] = "also mine"
    _, conflicts = merge_records(data, theirs, mine)
    assert [(c.field, c.theirs) for c in conflicts] == [(their_field, "theirs")]


def test_a_store_update_with_a_conflict_writes_nothing(data_dir):
    app = demo_app(data_dir, cases=1)
    store = app.store
    case_id = store.summaries()[0].id
    case = store.load(case_id)
    call_id = case.calls[0].id
    base = case_to_dict(case)
    store.update(case_id, set_call(call_id, department="Theirs"))
    before = store.case_path(case_id).read_bytes()
    with pytest.raises(RecordConflict):
        store.update(case_id, set_call(call_id, department="Mine"), base=base)
    assert store.case_path(case_id).read_bytes() == before


async def test_an_open_case_sees_a_save_made_within_the_same_second(data_dir, frozen_clock):
    with time_machine.travel(at_noon(frozen_clock).timestamp(), tick=False):  # every save: the same second
        app = demo_app(data_dir, cases=2)
        other = CaseStore(data_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            case_id = app.screen.case.id
            other.update(case_id, lambda c: setattr(c.plan, "insurer", "First Health"))
            app.screen.check_for_changes()
            await pilot.pause()
            shown = app.screen.case.updated
            saved = other.update(case_id, lambda c: setattr(c.plan, "insurer", "Same Second Health"))
            assert saved.updated == shown  # the one-second stamp cannot tell them apart
            app.screen.check_for_changes()
            await pilot.pause()
            assert "Same Second Health" in str(app.screen.query_one("#case-title").render())


def test_last_changes_are_ordered_by_the_change_counter_not_a_clock_ahead(data_dir, frozen_clock):
    app = demo_app(data_dir, cases=3)
    store = app.store
    case_id = next(s.id for s in store.summaries() if len(store.load(s.id).calls) >= 2)
    calls = store.load(case_id).calls
    with time_machine.travel(at_noon(frozen_clock + timedelta(days=365)).timestamp()):  # a host whose clock is ahead
        store.update(case_id, set_call(calls[0].id, notes="from the host ahead"))
    store.update(case_id, set_call(calls[1].id, notes="later, from a right clock"))
    stamps = store.load(case_id).record_stamps
    first = recent_changes(stamps)[0]
    assert calls[1].id[:8] in first
