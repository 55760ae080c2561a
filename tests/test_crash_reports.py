"""A crash writes its report to a private file and prints one line: no patient data on the terminal.

Textual's crash output printed every local variable (name, date of birth, member
id, calls) and Python's the exception message; both reached the terminal's
scrollback. Real crashes here: an exporter plugin failing under
KETCOVER_STRICT_PLUGINS=1, in the app (in tmux) and on the command line, and
the same with a full disk, where not even the report can be written.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import time
import uuid

import pytest

from fake_plugins import install

pytestmark = [pytest.mark.clock, pytest.mark.permissions]

BOOM = """
    from ketcover_tui.documents.model import Exporter
    from ketcover_tui.hookspecs import hookimpl

    def render(document):
        stamp = document.stamp_line()  # a local value: name, date of birth, member id
        local_only = "LOCAL-ONLY-VALUE"
        raise RuntimeError(f"cannot render the calls of {stamp}")

    @hookimpl
    def register_exporters(register):
        register(Exporter("boom", "Boom", "txt", render, "Fails"))
"""


@pytest.fixture
def crashing(site, tmp_path):
    from ketcover_tui.demo import add_demo_cases, demo_cases
    from ketcover_tui.store import CaseStore

    install(site, "boom", BOOM)
    data = tmp_path / "data"
    store = CaseStore(data)
    add_demo_cases(store, demo_cases(1, 1))
    [summary] = store.summaries()
    case = store.load(summary.id)
    env = {**os.environ, "PYTHONPATH": str(site), "KETCOVER_STRICT_PLUGINS": "1",
           "KETCOVER_LOAD_PLUGINS": "exporters,boom"}
    return data, env, case.id, [case.patient.name, case.patient.date_of_birth.isoformat(), case.plan.member_id]


def assert_private_report(data, output: str, facts: list[str]) -> None:
    for fact in [*facts, "LOCAL-ONLY-VALUE", "Traceback", "cannot render"]:
        assert fact not in output, f"{fact!r} reached the terminal:\n{output}"
    lines = [line for line in output.splitlines() if "ketcover stopped" in line]
    assert len(lines) == 1 and "(RuntimeError)" in lines[0], output
    [report] = (data / "crash-reports").iterdir()
    assert str(report) in output.replace("\n", "")
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(report.parent.stat().st_mode) == 0o700
    text = report.read_text(encoding="utf-8")
    assert "kcfake_boom.py" in text and 'raise RuntimeError' in text  # the frames are there
    assert "LOCAL-ONLY-VALUE" not in text.split("local_only =")[0] and "stamp = '" not in text  # no local values


def test_the_command_line_writes_the_report_and_one_line(crashing, tmp_path):
    data, env, case_id, facts = crashing
    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data), "export", "calls",
                             case_id, "-f", "boom", "-o", str(tmp_path / "out.txt")],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert_private_report(data, result.stdout + result.stderr, facts)


def test_with_a_full_disk_not_even_the_report_leaks(crashing, tmp_path):
    data, env, case_id, facts = crashing

    def full_disk():
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data), "export", "calls",
                             case_id, "-f", "boom", "-o", str(tmp_path / "out.txt")], capture_output=True,
                            text=True, env={**env, "HOME": str(tmp_path)}, timeout=60, preexec_fn=full_disk)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    for fact in [*facts, "LOCAL-ONLY-VALUE", "Traceback"]:
        assert fact not in output, output
    assert "ketcover stopped on an unexpected error (RuntimeError); no report could be written" in output


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_the_app_in_a_terminal_shows_one_line_and_no_record(crashing):
    data, env, case_id, facts = crashing
    socket, session = f"ketcover-crash-{os.getpid()}", f"crash-{uuid.uuid4().hex[:8]}"

    def tmux(*args):
        return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, check=True)

    command = (f"{sys.executable} -m ketcover_tui.cli --data-dir {data}; echo EXITED $?; sleep 60")
    exports = " ".join(f"{k}={json.dumps(env[k])}" for k in ("PYTHONPATH", "KETCOVER_STRICT_PLUGINS",
                                                              "KETCOVER_LOAD_PLUGINS"))
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", f"export {exports}; cd {data}; {command}")
    try:
        def wait_for(text, timeout=30):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                screen = tmux("capture-pane", "-p", "-t", session, "-S", "-500").stdout
                if text in screen:
                    return screen
                time.sleep(0.2)
            raise AssertionError(f"{text!r} never appeared:\n{screen}")

        wait_for("Patient")
        for keys in (["Enter"], ["6"], ["x"]):
            tmux("send-keys", "-t", session, *keys)
            time.sleep(0.6)
        wait_for("Boom")
        for key in ("Down", "Down", "Down", "Down", "Enter"):
            tmux("send-keys", "-t", session, key)
            time.sleep(0.3)
        screen = wait_for("EXITED")
        assert "EXITED 1" in screen
        assert_private_report(data, screen, facts)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def test_a_plugins_value_error_in_strict_mode_is_a_crash_report_not_its_message(site, tmp_path, data_dir):
    install(site, "badvalue", BOOM.replace("RuntimeError", "ValueError").replace('"boom"', '"badvalue"'))
    from ketcover_tui.domain.case import Case, Patient
    from ketcover_tui.store import CaseStore

    case = CaseStore(data_dir).create(Case(patient=Patient(name="Ana Secret-Name")))
    env = {**os.environ, "PYTHONPATH": str(site), "KETCOVER_STRICT_PLUGINS": "1",
           "KETCOVER_LOAD_PLUGINS": "exporters,badvalue"}
    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir), "export",
                             "calls", case.id, "-f", "badvalue", "-o", str(tmp_path / "out.txt")],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "Secret-Name" not in result.stderr + result.stdout and "(ValueError); report: " in result.stderr
