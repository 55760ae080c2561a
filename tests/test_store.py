"""The case store against real TinyDB files on disk."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import stat
import time
from pathlib import Path

import pytest

from ketcover_tui.domain.case import Case, Patient, Plan
from ketcover_tui.domain.case_json import case_to_dict
from ketcover_tui.domain.vocab import PlanType, Stage
from ketcover_tui.store import CaseNotFound, CaseStore, StoreError, UnreadableFile
from ketcover_tui.store.migrations import CASE_SCHEMA


def make_case(name: str = "José Müller") -> Case:
    return Case(patient=Patient(name=name, state="CA"),
                plan=Plan(insurer="Aetna", plan_type=PlanType.SELF_FUNDED_ERISA, member_id="W123"))


def test_round_trip_keeps_every_field_and_unicode(data_dir):
    store = CaseStore(data_dir)
    case = make_case("李雷")
    case.notes = "Première note — 日本語"
    saved = store.create(case)
    loaded = store.load(saved.id)
    assert case_to_dict(loaded) == case_to_dict(saved)
    assert loaded.patient.name == "李雷"
    raw = json.loads(store.case_path(saved.id).read_text(encoding="utf-8"))
    assert raw["_meta"]["1"]["schema"] == CASE_SCHEMA


def test_update_changes_only_what_was_asked_and_stamps_time(data_dir):
    store = CaseStore(data_dir)
    case = store.create(make_case())
    updated = store.update(case.id, lambda c: setattr(c, "stage", Stage.DENIED))
    assert store.load(case.id).stage is Stage.DENIED
    assert store.load(case.id).plan.insurer == "Aetna"
    assert updated.updated >= case.updated
    assert updated.updated_by


@pytest.mark.permissions
def test_folder_0700_and_files_0600(data_dir):
    store = CaseStore(data_dir)
    case = store.create(make_case())
    store.summaries()
    for folder in (data_dir, store.cases_dir, store.trash_dir, store.locks_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in (store.case_path(case.id), store.index_path, *store.locks_dir.iterdir()):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    trashed = store.delete(case.id)
    assert stat.S_IMODE(trashed.stat().st_mode) == 0o600


def test_index_is_rebuilt_when_missing_or_stale(data_dir):
    store = CaseStore(data_dir)
    first = store.create(make_case("Ana"))
    store.create(make_case("Ben"))
    assert sorted(s.patient for s in store.summaries()) == ["Ana", "Ben"]
    store.index_path.unlink()
    assert sorted(s.patient for s in store.summaries()) == ["Ana", "Ben"]
    # Another process renames a patient: the index entry is stale and gets refreshed.
    CaseStore(data_dir).update(first.id, lambda c: setattr(c.patient, "name", "Ana María"))
    assert sorted(s.patient for s in store.summaries()) == ["Ana María", "Ben"]
    store.index_path.write_text("{ not json")
    assert len(store.summaries()) == 2


def test_corrupt_case_file_is_reported_never_overwritten_and_others_still_open(data_dir):
    store = CaseStore(data_dir)
    good = store.create(make_case("Good"))
    bad = store.create(make_case("Bad"))
    bad_path = store.case_path(bad.id)
    bad_path.write_text('{"_meta": {"1": {"schema": 1}}, "case": {"1": {"id": ')
    damaged = bad_path.read_bytes()

    summaries = store.summaries()
    assert [s.patient for s in summaries] == ["Good"]
    assert [p.path for p in store.problems] == [bad_path]
    assert "not valid JSON" in store.problems[0].reason
    with pytest.raises(UnreadableFile) as info:
        store.update(bad.id, lambda c: setattr(c, "notes", "overwrite?"))
    assert str(bad_path) in str(info.value)
    assert bad_path.read_bytes() == damaged
    assert store.load(good.id).patient.name == "Good"


def test_file_from_a_newer_ketcover_is_refused_and_kept(data_dir):
    store = CaseStore(data_dir)
    case = store.create(make_case())
    path = store.case_path(case.id)
    data = json.loads(path.read_text())
    data["_meta"]["1"]["schema"] = CASE_SCHEMA + 1
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(UnreadableFile, match="newer ketcover"):
        store.update(case.id, lambda c: None)
    assert path.read_bytes() == before


def test_v0_file_is_migrated_on_read_and_saved_as_current_schema(data_dir):
    store = CaseStore(data_dir)
    v0 = {"_default": {"1": {
        "id": "abc123", "patient_name": "Zoë Ortiz", "dob": "1990-02-28", "state": "TX",
        "insurer": "Cigna", "plan_type": "marketplace", "member_id": "M1",
        "icd10": ["F33.2", "F41.1"], "stage": "denied", "notes": "from the prototype",
    }}}
    path = store.case_path("abc123")
    path.write_text(json.dumps(v0))
    case = store.load("abc123")
    assert case.patient.name == "Zoë Ortiz"
    assert [c.icd10 for c in case.conditions] == ["F33.2", "F41.1"]
    assert case.plan.plan_type is PlanType.MARKETPLACE and case.stage is Stage.DENIED
    assert [s.patient for s in store.summaries()] == ["Zoë Ortiz"]
    store.update("abc123", lambda c: setattr(c, "notes", "migrated"))
    raw = json.loads(path.read_text())
    assert raw["_meta"]["1"]["schema"] == CASE_SCHEMA and "_default" not in raw
    assert raw["case"]["1"]["patient"]["name"] == "Zoë Ortiz"


def _tick_many(root: str, case_id: str, writer: str, count: int) -> None:
    store = CaseStore(Path(root))
    for n in range(count):
        store.update(case_id, lambda c, n=n: c.tick(f"{writer}/{n}", True))


def test_two_processes_writing_500_changes_each_lose_none(data_dir):
    store = CaseStore(data_dir)
    case = store.create(make_case())
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_tick_many, args=(str(data_dir), case.id, name, 500))
               for name in ("alice", "bob")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=240)
        assert worker.exitcode == 0
    ticks = store.load(case.id).checklist
    assert len(ticks) == 1000
    assert all(f"{w}/{n}" in ticks for w in ("alice", "bob") for n in range(500))


def _write_forever(root: str, case_id: str) -> None:
    store = CaseStore(Path(root))
    n = 0
    while True:
        n += 1
        # A large note makes each write take long enough to be killed half-way.
        store.update(case_id, lambda c, n=n: setattr(c, "notes", f"{n}:" + "x" * 200_000))


def test_writer_killed_mid_write_100_times_leaves_every_file_readable(data_dir):
    store = CaseStore(data_dir)
    case = store.create(make_case())
    other = store.create(make_case("Untouched"))
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(7)
    for _ in range(100):
        writer = ctx.Process(target=_write_forever, args=(str(data_dir), case.id))
        writer.start()
        time.sleep(rng.uniform(0.005, 0.04))
        os.kill(writer.pid, signal.SIGKILL)
        writer.join()
        assert store.load(case.id).patient.name == "José Müller"
    assert store.load(other.id).patient.name == "Untouched"
    assert {s.patient for s in store.summaries()} == {"José Müller", "Untouched"}
    assert store.problems == []
    # The last completed write is intact, and the lock is free again.
    store.update(case.id, lambda c: setattr(c, "notes", "after"))
    assert store.load(case.id).notes == "after"


def test_delete_moves_the_file_to_trash(data_dir):
    store = CaseStore(data_dir)
    case = store.create(make_case())
    trashed = store.delete(case.id)
    assert trashed.parent == store.trash_dir and trashed.exists()
    assert store.summaries() == []
    with pytest.raises(CaseNotFound):
        store.load(case.id)


def test_export_then_import_elsewhere_and_refusals(data_dir, tmp_path):
    store = CaseStore(data_dir)
    case = store.create(make_case("李雷"))
    store.update(case.id, lambda c: c.tick("understand-plan/sbc", True, "got it"))
    document = store.export_document(case.id)

    other = CaseStore(tmp_path / "advocate")
    imported = other.import_document(json.loads(json.dumps(document)))
    assert imported.id == case.id and other.load(case.id).checklist["understand-plan/sbc"].note == "got it"
    with pytest.raises(StoreError, match="already exists"):
        other.import_document(document)
    copy = other.import_document(document, as_new=True)
    assert copy.id != case.id

    broken = json.loads(json.dumps(document))
    broken["case"]["provider"]["npi"] = "1234567890"
    with pytest.raises(StoreError, match="npi"):
        CaseStore(tmp_path / "third").import_document(broken)
    assert list((tmp_path / "third" / "cases").iterdir()) == []
    with pytest.raises(StoreError, match="not a ketcover case export"):
        other.import_document({"hello": 1})


def test_resolve_by_unique_prefix(data_dir):
    store = CaseStore(data_dir)
    case = store.create(make_case())
    assert store.resolve(case.id[:6]) == case.id
    with pytest.raises(CaseNotFound):
        store.resolve("zzzz")


def test_cached_summaries_paint_from_the_index_and_changes_are_noticed(data_dir):
    store = CaseStore(data_dir)
    assert store.cached_summaries() is None  # no index yet: the caller builds it
    first = store.create(make_case("Ana"))
    store.summaries()
    fresh = CaseStore(data_dir)
    assert [s.patient for s in fresh.cached_summaries()] == ["Ana"]
    assert not fresh.changed_since_cache()
    CaseStore(data_dir).update(first.id, lambda c: setattr(c.patient, "name", "Ana María"))
    assert fresh.changed_since_cache()
    assert [s.patient for s in fresh.summaries()] == ["Ana María"]


def test_case_files_are_the_compact_utf8_json_the_standard_library_writes(data_dir):
    import json

    from ketcover_tui.store.atomic import json_bytes

    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient(name="محمد 李雷 José\u2028\x1b")))
    stored = json.loads(store.case_path(case.id).read_bytes())
    assert store.case_path(case.id).read_bytes() == json.dumps(
        stored, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # What the fast writer refuses, the standard library still writes, the same way.
    for odd in ({"n": 2 ** 70}, {1: "one"}):
        assert json_bytes(odd) == json.dumps(odd, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
