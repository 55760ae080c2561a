"""Stored text never reaches a terminal as control codes: `cases list`/`show` print them visibly.

A name imported before the input rules refused escapes (or written by another
program) must not set the terminal's title or clipboard, clear the screen or
reorder text when a command prints it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.input_rules import text_error, visible
from ketcover_tui.store import CaseStore

pytestmark = pytest.mark.clock

EVIL = "Eve\x1b]52;c;ZWNobyBwd25lZAo=\x07\x1b]0;PWNED\x07\x1b[2J\u202eabc\u2066\x9b"


def ketcover(*args, env=None):
    return subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True,
                          text=True, env={**os.environ, "KETCOVER_LOAD_PLUGINS": "", **(env or {})}, timeout=120)


def no_raw_controls(text: str) -> None:
    bad = [ch for ch in text if (ord(ch) < 32 and ch not in "\n\t") or 0x7f <= ord(ch) <= 0x9f
           or 0x202a <= ord(ch) <= 0x202e or 0x2066 <= ord(ch) <= 0x2069]
    assert not bad, f"raw control characters written: {bad!r}"


def test_visible_writes_controls_and_bidi_out_and_keeps_line_breaks():
    assert visible("a\x1b[2Jb\u202ec\nd\te") == "a\\x1b[2Jb⟨U+202E⟩c\nd\te"
    assert visible("a\nb\tc", multiline=False) == "a\\x0ab\\x09c"
    assert visible("José Müller 李雷 محمد") == "José Müller 李雷 محمد"


def test_input_rules_already_refuse_the_attack_on_input():
    assert "control character" in text_error(EVIL)
    assert "override" in text_error("Eve\u202eabc")


@pytest.fixture
def evil_case(data_dir):
    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient(name="placeholder")))
    store.update(case.id, lambda c: setattr(c.patient, "name", EVIL))  # stored before today's rules
    store.update(case.id, lambda c: setattr(c.plan, "insurer", "Aetna\x1b[31m\u202d"))
    return case


def test_cases_list_and_show_print_escapes_visibly(data_dir, evil_case):
    for args in (("cases", "list"), ("cases", "show", evil_case.id)):
        result = ketcover("--data-dir", str(data_dir), *args)
        assert result.returncode == 0, result.stderr
        no_raw_controls(result.stdout + result.stderr)
        assert "Eve\\x1b]52;c;ZWNobyBwd25lZAo=\\x07\\x1b]0;PWNED\\x07\\x1b[2J⟨U+202E⟩abc⟨U+2066⟩\\x9b" in result.stdout
        assert "Aetna\\x1b[31m⟨U+202D⟩" in result.stdout


def test_an_error_naming_a_hostile_argument_is_visible(data_dir):
    result = ketcover("--data-dir", str(data_dir), "cases", "show", "x\x1b]0;PWNED\x07")
    assert result.returncode == 2
    no_raw_controls(result.stdout + result.stderr)
    assert "\\x1b]0;PWNED\\x07" in result.stderr


def test_json_output_stays_exact_json(data_dir, evil_case):
    import json

    result = ketcover("--data-dir", str(data_dir), "cases", "show", evil_case.id, "--json")
    no_raw_controls(result.stdout)  # json.dumps escapes control characters itself
    assert json.loads(result.stdout)["patient"]["name"] == EVIL


def test_cases_import_refuses_the_escapes_and_says_so_visibly(data_dir, evil_case, tmp_path):
    exported = tmp_path / "case.json"
    store = CaseStore(data_dir)
    store.update(evil_case.id, lambda c: setattr(c.plan, "insurer", "Aetna"))
    result = ketcover("--data-dir", str(data_dir), "cases", "export", evil_case.id, "-o", str(exported))
    assert result.returncode == 0, result.stderr
    from ketcover_tui.store import mark_demo_folder

    mark_demo_folder(tmp_path / "other")  # the test's frozen date applies there
    result = ketcover("--data-dir", str(tmp_path / "other"), "cases", "import", str(exported))
    assert result.returncode == 2
    no_raw_controls(result.stdout + result.stderr)
    assert "patient.name" in result.stderr and "control character (\\x1b)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.e2e
@pytest.mark.skipif(__import__("shutil").which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")
def test_in_a_real_terminal_neither_the_app_nor_cases_list_sets_the_title(data_dir, evil_case):
    import shlex
    import time
    import uuid

    socket = f"ketcover-title-{os.getpid()}"

    def tmux(*args):
        return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, check=True).stdout

    def run(command: str, wait_for: str) -> tuple[str, str]:
        session = f"title-{uuid.uuid4().hex[:8]}"
        env = f"KETCOVER_LOAD_PLUGINS= KETCOVER_TODAY={shlex.quote(os.environ.get('KETCOVER_TODAY', ''))}"
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", f"export {env}; {command}; sleep 30")
        tmux("set-option", "-t", session, "allow-rename", "on")
        deadline = time.monotonic() + 30
        screen = ""
        while wait_for not in screen and time.monotonic() < deadline:
            time.sleep(0.2)
            screen = tmux("capture-pane", "-p", "-t", session)
        title = tmux("display-message", "-p", "-t", session, "#{pane_title}")
        return screen, title

    base = f"{shlex.quote(sys.executable)} -m ketcover_tui.cli --data-dir {shlex.quote(str(data_dir))}"
    try:
        screen, title = run(f"{base} cases list", "Patient")
        assert "PWNED" not in title and "Eve\\x1b]52;c;" in screen
        screen, title = run(base, "1 case")
        assert "PWNED" not in title and "Eve\\x1b]52;c;" in screen
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
