"""Leftovers and restore: stale temp files swept, the trash listed and restored, whole-folder backups."""

from __future__ import annotations

import io
import json
import os
import stat
import tarfile
import time

import pytest

from ketcover_tui.cli.main import main
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.trash import TrashScreen


def store_with(data_dir, *names: str) -> tuple[CaseStore, list[str]]:
    store = CaseStore(data_dir)
    return store, [store.create(Case(patient=Patient(name))).id for name in names]


def leftover(folder, name: str, *, age_s: float) -> str:
    """A temp file as a writer killed mid-save leaves it (a full copy of the case)."""
    path = folder / f".{name}.json.k1ll3d_{int(age_s)}.tmp"
    path.write_text('{"case": {"1": {"patient": {"name": "Private Name"}}}}')
    old = time.time() - age_s
    os.utime(path, (old, old))
    return path.name


async def test_start_up_sweeps_stale_temp_files_but_not_a_write_in_progress(data_dir):
    store, [case_id, other_id] = store_with(data_dir, "Kept One", "Kept Two")
    stale = leftover(store.cases_dir, case_id, age_s=3600)
    fresh = leftover(store.cases_dir, case_id, age_s=5)
    held = leftover(store.cases_dir, other_id, age_s=3600)
    stale_index = leftover(store.root, "index", age_s=3600)
    lock = CaseStore(data_dir)._lock(other_id)
    lock.acquire()  # someone is saving that case right now
    try:
        app = KetcoverApp(CaseStore(data_dir), plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
    finally:
        lock.release()
    names = set(os.listdir(store.cases_dir)) | set(os.listdir(store.root))
    assert stale not in names and stale_index not in names
    assert fresh in names and held in names


def test_a_delete_sweeps_that_cases_temp_files_at_once(data_dir):
    store, [case_id, other_id] = store_with(data_dir, "Gone", "Stays")
    mine = leftover(store.cases_dir, case_id, age_s=1)
    theirs = leftover(store.cases_dir, other_id, age_s=1)
    store.delete(case_id)
    assert mine not in os.listdir(store.cases_dir) and theirs in os.listdir(store.cases_dir)


def test_trash_lists_and_restore_brings_a_case_back(data_dir, capsys):
    store, [case_id, _] = store_with(data_dir, "Ana Restored", "Ben Stays")
    store.delete(case_id)
    assert main(["cases", "trash"]) == 0
    out = capsys.readouterr().out
    assert case_id in out and "Ana Restored" in out
    assert main(["cases", "restore", case_id[:6]]) == 0
    assert "Restored case" in capsys.readouterr().out
    assert sorted(s.patient for s in CaseStore(data_dir).summaries()) == ["Ana Restored", "Ben Stays"]
    assert store.trashed() == []
    assert main(["cases", "restore", case_id]) == 2  # no longer in the trash
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_restore_never_replaces_a_case_of_the_same_id(data_dir, capsys):
    store, [case_id] = store_with(data_dir, "First")
    exported = store.export_document(case_id)
    store.delete(case_id)
    store.import_document(exported)  # the same id is back in use
    before = store.case_path(case_id).read_bytes()
    assert main(["cases", "restore", case_id]) == 1
    assert "exists already" in capsys.readouterr().err
    assert store.case_path(case_id).read_bytes() == before and len(store.trashed()) == 1


async def test_the_trash_screen_restores_with_enter(data_dir):
    store, [case_id, _] = store_with(data_dir, "Cleo Trash", "Dan Home")
    app = KetcoverApp(CaseStore(data_dir), plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())
    async with app.run_test(size=(80, 24)) as pilot:
        app.store.delete(case_id)
        app.home.table.remove(case_id)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrashScreen)
        assert "Cleo Trash" in str(app.screen.query_one("#trash-list").get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert "Cleo Trash" in {s.patient for s in app.case_summaries()}
    assert store.load(case_id).patient.name == "Cleo Trash"


def test_backup_then_restore_into_an_empty_folder_gives_the_same_cases(data_dir, tmp_path, capsys):
    store, ids = store_with(data_dir, "José Müller", "李雷")
    store.delete(ids[1])
    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", str(archive)]) == 0
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    target = tmp_path / "restored"
    assert main(["restore", str(archive), "--data-dir", str(target)]) == 0
    restored = CaseStore(target)
    assert [s.patient for s in restored.summaries()] == ["José Müller"]
    assert restored.export_document(ids[0])["case"] == store.export_document(ids[0])["case"]
    assert [t.patient for t in restored.trashed()] == ["李雷"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert main(["backup", str(archive)]) == 2  # never over an existing file
    capsys.readouterr()


def tampered(archive, tmp_path, how: str):
    with tarfile.open(archive) as source:
        members = [(m, source.extractfile(m).read()) for m in source.getmembers()]
    out = tmp_path / f"bad-{how}.tar.gz"
    with tarfile.open(out, "w:gz") as target:
        for member, data in members:
            if how == "changed byte" and member.name.startswith("cases/"):
                data = data.replace(b"Ana", b"Eve")
            target.addfile(member, io.BytesIO(data))
        if how == "path outside":
            info = tarfile.TarInfo("../outside.json")
            info.size = 2
            target.addfile(info, io.BytesIO(b"{}"))
        if how == "symlink":
            info = tarfile.TarInfo("cases/link.json")
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            target.addfile(info)
    return out


@pytest.mark.parametrize("how", ["changed byte", "path outside", "symlink"])
def test_a_tampered_backup_restores_nothing(how, data_dir, tmp_path, capsys):
    store_with(data_dir, "Ana Original")
    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", str(archive)]) == 0
    bad = tampered(archive, tmp_path, how)
    target = tmp_path / "restored"
    assert main(["restore", str(bad), "--data-dir", str(target)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not target.exists() and not (tmp_path / "outside.json").exists()
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []


def test_restore_refuses_a_folder_that_is_not_empty(data_dir, tmp_path, capsys):
    store_with(data_dir, "Ana")
    archive = tmp_path / "backup.tar.gz"
    assert main(["backup", str(archive)]) == 0
    assert main(["restore", str(archive), "--data-dir", str(data_dir)]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert json.loads(json.dumps([s.patient for s in CaseStore(data_dir).summaries()])) == ["Ana"]
