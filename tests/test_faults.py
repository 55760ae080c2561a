"""Real faults, not mocks: a full disk (RLIMIT_FSIZE in a child) and a read-only folder (a non-root user).

The app and the CLI never crash on them: they say what happened and what to
do, keep what was typed, and a retry after the fault is lifted saves.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore, mark_demo_folder

HERE = Path(__file__).parent
TEST_USER = "kcfault"


def python_env() -> dict:
    paths = [p for p in sys.path if p and os.path.isdir(p)]
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), *paths])}


def as_non_root() -> tuple[list[str], dict]:
    """(command prefix, env) that runs Python as a non-root user; skips, saying why, if impossible."""
    if os.geteuid() != 0:
        return [sys.executable], python_env()
    if shutil.which("runuser") is None:
        pytest.skip("running as root and runuser is missing: cannot make a folder read-only for ourselves")
    try:
        pwd.getpwnam(TEST_USER)
    except KeyError:
        made = subprocess.run(["useradd", "--system", "--no-create-home", TEST_USER], capture_output=True)
        if made.returncode != 0:
            pytest.skip(f"running as root and cannot create a non-root user: {made.stderr.decode()[:200]}")
    # Our interpreter may live under /root; the system one of the same version can read our packages.
    system = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    python = system if os.path.exists(system) else sys.executable
    import site

    sites = os.pathsep.join(site.getsitepackages())
    prefix = ["runuser", "-u", TEST_USER, "--", "env", f"PYTHONPATH={python_env()['PYTHONPATH']}",
              f"KETCOVER_SITE_DIRS={sites}", python, str(HERE / "nonroot_python.py")]
    probe = subprocess.run([*prefix, "-c", "import ketcover_tui.tui.app"], capture_output=True, cwd="/")
    if probe.returncode != 0:
        pytest.skip(f"cannot run this Python as non-root user {TEST_USER}: {probe.stderr.decode()[-200:]}")
    return prefix, python_env()


def shared_data_folder() -> Path:
    """A data folder another user can own (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="ketcover-fault-"))
    base.chmod(0o755)
    data = base / "data"
    mark_demo_folder(data)
    return data


def big_case(data: Path) -> str:
    case = Case(patient=Patient("Ana Fault"))
    case.notes = "n" * 90_000  # the file is big enough that a rewrite passes the cap
    return CaseStore(data).create(case).id


def assert_kept_then_saved(result: dict, what: str) -> None:
    first, second = result["first"], result["second"]
    assert first["screen"] == "CallFormScreen" and first["number"] == "1-800-555-0142"
    assert first["unchanged"]
    assert any(what in m and "what you typed is kept" in m for m in first["messages"]), first["messages"]
    assert second["calls"] == [["1-800-555-0142", "Claims"]] and second["screen"] != "CallFormScreen"


def test_a_full_disk_keeps_the_typed_call_and_a_retry_saves(tmp_path):
    data = tmp_path / "data"
    mark_demo_folder(data)
    case_id = big_case(data)
    run = subprocess.run([sys.executable, str(HERE / "fault_child.py"), "full-disk", str(data), case_id],
                         capture_output=True, text=True, env=python_env(), timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert_kept_then_saved(json.loads(run.stdout.strip().splitlines()[-1]), "disk is full")
    assert not [p for p in (data / "cases").iterdir() if p.name.startswith(".")]  # no temp file left


@pytest.mark.permissions
def test_a_read_only_folder_keeps_the_typed_call_and_a_retry_saves():
    prefix, env = as_non_root()
    data = shared_data_folder()
    try:
        case_id = big_case(data)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", TEST_USER, str(data.parent)], check=True)
        run = subprocess.run([*prefix, str(HERE / "fault_child.py"), "read-only", str(data), case_id],
                             capture_output=True, text=True, env=env, timeout=120, cwd="/")
        assert run.returncode == 0, run.stderr[-2000:]
        assert_kept_then_saved(json.loads(run.stdout.strip().splitlines()[-1]), "may not write")
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)


def ketcover_command(prefix: list[str], *args: str) -> list[str]:
    return [*prefix, "-m", "ketcover_tui.cli", *args]


def full_disk(cap: int):
    def limit() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, resource.RLIM_INFINITY))
    return limit


def export_file(data: Path, case_id: str, target: Path) -> None:
    document = CaseStore(data).export_document(case_id)
    target.write_text(json.dumps(document), encoding="utf-8")


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".locks" not in p.parts}


COMMANDS = {
    "cases import": lambda d, f, c: ["--data-dir", str(d), "cases", "import", str(f), "--as-new"],
    "demo": lambda d, f, c: ["--data-dir", str(d), "demo", "--cases", "3"],
    "cases export -o": lambda d, f, c: ["--data-dir", str(d), "cases", "export", c, "-o", str(f.parent / "out.json")],
    "fund --save": lambda d, f, c: ["--data-dir", str(d), "fund", "loan", "--case", c, "--amount", "950",
                                    "--apr", "11.25", "--months", "36", "--save", "1"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_cli_on_a_full_disk_is_one_line_exit_1_files_untouched(command, tmp_path):
    data = tmp_path / "data"
    mark_demo_folder(data)
    case_id = big_case(data)
    source = tmp_path / "in" / "case.json"
    source.parent.mkdir()
    export_file(data, case_id, source)
    before = snapshot(data)
    run = subprocess.run(ketcover_command([sys.executable], *COMMANDS[command](data, source, case_id)),
                         capture_output=True, text=True, env=python_env(), timeout=120,
                         preexec_fn=full_disk(1000))
    assert run.returncode == 1, (run.returncode, run.stderr[-1500:])
    assert "disk is full" in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr[-1500:]
    assert snapshot(data) == before
    assert not (source.parent / "out.json").exists()


@pytest.mark.permissions
@pytest.mark.parametrize("command", list(COMMANDS))
def test_cli_in_a_read_only_folder_is_one_line_exit_1_files_untouched(command):
    prefix, env = as_non_root()
    data = shared_data_folder()
    try:
        case_id = big_case(data)
        source = data.parent / "in" / "case.json"
        source.parent.mkdir()
        export_file(data, case_id, source)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", TEST_USER, str(data.parent)], check=True)
        for folder in (data / "cases", source.parent):
            folder.chmod(0o500)
        before = snapshot(data)
        run = subprocess.run(ketcover_command(prefix, *COMMANDS[command](data, source, case_id)),
                             capture_output=True, text=True, env=env, timeout=120, cwd="/")
        assert run.returncode == 1, (run.returncode, run.stderr[-1500:])
        assert "no permission" in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr[-1500:]
        assert snapshot(data) == before
    finally:
        for folder in (data / "cases", data.parent / "in"):
            if folder.exists():
                folder.chmod(0o700)
        shutil.rmtree(data.parent, ignore_errors=True)


def stale_index_folder(data: Path) -> str:
    store = CaseStore(data)
    case_id = store.create(Case(patient=Patient("Read Only"))).id
    store.summaries()
    (data / "index.json").unlink()  # listing must rebuild it, and cannot write it
    return case_id


def test_list_and_show_on_a_full_disk_use_the_index_in_memory(tmp_path):
    data = tmp_path / "data"
    mark_demo_folder(data)
    case_id = stale_index_folder(data)
    for args in (["cases", "list"], ["cases", "show", case_id]):
        run = subprocess.run(ketcover_command([sys.executable], "--data-dir", str(data), *args),
                             capture_output=True, text=True, env=python_env(), timeout=120, preexec_fn=full_disk(0))
        assert run.returncode == 0, run.stderr[-1500:]
        assert "Read Only" in run.stdout and "Traceback" not in run.stderr
        if args[1] == "list":
            assert "warning: the case index" in run.stderr and len(run.stderr.strip().splitlines()) == 1


@pytest.mark.permissions
def test_list_and_show_in_a_read_only_folder_need_no_write_access():
    prefix, env = as_non_root()
    data = shared_data_folder()
    try:
        case_id = stale_index_folder(data)
        # Another user's folder (we are root) or our own made read-only: readable, not writable.
        mode = 0o555 if os.geteuid() == 0 else 0o500
        for folder in (data, data / "cases", data / ".locks", data / "trash"):
            folder.chmod(mode)
        for file in data.rglob("*"):
            if file.is_file():  # ".locks" matches "*.*" too; a folder without x hides its files
                file.chmod(0o444)
        for args in (["cases", "list"], ["cases", "show", case_id]):
            run = subprocess.run(ketcover_command(prefix, "--data-dir", str(data), *args),
                                 capture_output=True, text=True, env=env, timeout=60, cwd="/")
            assert run.returncode == 0, run.stderr[-1500:]
            assert "Read Only" in run.stdout and "Traceback" not in run.stderr
    finally:
        for folder in (data, data / "cases", data / ".locks", data / "trash"):
            if folder.exists():
                folder.chmod(0o700)
        shutil.rmtree(data.parent, ignore_errors=True)
