"""A team's shared data folder: group permissions, and two OS users at once."""

from __future__ import annotations

import grp
import multiprocessing
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore

TEAM_GROUP, USERS = "kcteam", ("kcalice", "kcbob")


def make_team_folder(parent: Path) -> Path:
    folder = parent / "team"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    return folder


@pytest.mark.permissions
def test_team_folder_gives_group_access_and_nothing_to_others(tmp_path):
    root = make_team_folder(tmp_path)
    store = CaseStore(root)
    case = store.create(Case(patient=Patient("José Müller")))
    store.update(case.id, lambda c: c.tick("a/b", True))
    store.summaries()
    for folder in (store.cases_dir, store.trash_dir, store.locks_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o2770, folder
    for path in (store.case_path(case.id), store.index_path, *store.locks_dir.iterdir()):
        assert stat.S_IMODE(path.stat().st_mode) & 0o777 == 0o660, path
    assert stat.S_IMODE(store.delete(case.id).stat().st_mode) == 0o660


@pytest.mark.permissions
def test_a_private_folder_stays_private(tmp_path):
    store = CaseStore(tmp_path / "mine")
    case = store.create(Case(patient=Patient("Ana")))
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.case_path(case.id).stat().st_mode) == 0o600


def _as_user(user: str, root: str, case_id: str, count: int) -> None:
    """Become ``user`` (a real OS account), then save ``count`` changes."""
    account = pwd.getpwnam(user)
    team = grp.getgrnam(TEAM_GROUP).gr_gid
    os.setgroups([team])
    os.setgid(account.pw_gid)
    os.setuid(account.pw_uid)
    store = CaseStore(Path(root))
    for n in range(count):
        store.update(case_id, lambda c, n=n: c.tick(f"{user}/{n}", True, by=user))


@pytest.fixture
def team_accounts():
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("needs root and useradd to create two real OS accounts")
    subprocess.run(["groupadd", "-f", TEAM_GROUP], check=True)
    for user in USERS:
        if subprocess.run(["id", user], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "-M", "-N", "-g", TEAM_GROUP, "-s", "/usr/sbin/nologin", user], check=True)
    yield USERS
    for user in USERS:
        subprocess.run(["userdel", user], capture_output=True)
    subprocess.run(["groupdel", TEAM_GROUP], capture_output=True)


@pytest.mark.permissions
def test_two_os_users_editing_one_case_at_once_lose_nothing(team_accounts):
    parent = Path(tempfile.mkdtemp(prefix="ketcover-team-"))
    try:
        os.chmod(parent, 0o755)
        root = make_team_folder(parent)
        os.chown(root, 0, grp.getgrnam(TEAM_GROUP).gr_gid)
        case = CaseStore(root).create(Case(patient=Patient("李雷")))

        ctx = multiprocessing.get_context("fork")
        workers = [ctx.Process(target=_as_user, args=(user, str(root), case.id, 150)) for user in team_accounts]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=180)
            assert worker.exitcode == 0

        store = CaseStore(root)
        saved = store.load(case.id)
        assert len(saved.checklist) == 300
        assert {t.by for t in saved.checklist.values()} == set(team_accounts)
        assert saved.updated_by in team_accounts
        # The last writer owns the file now; the group (and only the group) can still write it.
        case_file = store.case_path(case.id).stat()
        assert pwd.getpwuid(case_file.st_uid).pw_name in team_accounts
        assert grp.getgrgid(case_file.st_gid).gr_name == TEAM_GROUP
        assert stat.S_IMODE(case_file.st_mode) == 0o660
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def test_every_record_keeps_who_changed_it_last_and_when(tmp_path):
    from ketcover_tui.documents.case_text import overview_lines
    from ketcover_tui.domain.calls import CallEntry

    store = CaseStore(tmp_path / "data")
    case = store.create(Case(patient=Patient("Ana")))
    call = CallEntry(started_at="2026-03-02T10:15:00-05:00", number="800-555-0100")
    saved = store.update(case.id, lambda c: c.calls.append(call))
    [(key, stamp)] = saved.record_stamps.items()
    assert key == f"calls:{call.id}" and stamp["by"] == saved.updated_by and stamp["at"] == saved.updated
    # A save that does not touch the call leaves its stamp alone.
    again = store.update(case.id, lambda c: setattr(c, "notes", "unrelated"))
    assert again.record_stamps[key] == stamp
    assert any("Call" in line and stamp["by"] in line for line in overview_lines(again, []))
    # Removing the record removes its stamp.
    gone = store.update(case.id, lambda c: c.calls.clear())
    assert gone.record_stamps == {}
