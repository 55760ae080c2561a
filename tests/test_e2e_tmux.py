"""End to end in a real terminal: tmux runs the app, keys are typed, the screen is read."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from ketcover_tui.store import CaseStore, mark_demo_folder

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.clock,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]


TMUX_SOCKET = f"ketcover-tests-{os.getpid()}"  # our own tmux server: never the user's, never stale


def tmux(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", TMUX_SOCKET, *args], **kwargs)


class Terminal:
    def __init__(self, command: str, width: int = 80, height: int = 24):
        self.session = f"ketcover-test-{uuid.uuid4().hex[:8]}"
        # The test's date goes to the app explicitly (KETCOVER_TODAY, honoured in demo folders only).
        day = shlex.quote(os.environ.get("KETCOVER_TODAY", ""))
        tmux("new-session", "-d", "-s", self.session, "-x", str(width), "-y", str(height),
             f"export KETCOVER_TODAY={day}; {command}; echo EXITED $?; sleep 60", check=True)

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.session, capture_output=True, text=True, check=True).stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys, check=True)
        time.sleep(0.15)

    def type(self, text: str) -> None:
        self.keys(text, literal=True)

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; screen was:\n{self.screen()}")

    def close(self) -> None:
        tmux("kill-session", "-t", self.session, capture_output=True)


@pytest.fixture
def terminal():
    opened: list[Terminal] = []

    def start(command: str) -> Terminal:
        opened.append(Terminal(command))
        return opened[-1]

    yield start
    for t in opened:
        t.close()


@pytest.fixture(autouse=True, scope="module")
def _own_tmux_server():
    yield
    tmux("kill-server", capture_output=True)


def test_create_a_case_by_keys_quit_and_find_it_again(terminal, tmp_path):
    data = tmp_path / "data"
    mark_demo_folder(data)  # made-up patients: the test's date applies
    command = f"TERM=xterm-256color {shlex.quote(sys.executable)} -m ketcover_tui.cli --data-dir {shlex.quote(str(data))}"

    first = terminal(command)
    first.wait_for("No cases yet")
    first.keys("n")
    first.wait_for("New case")
    first.type("José Müller")
    first.keys("Tab")
    first.type("1984-03-07")
    first.keys("Tab")
    first.type("CA")
    first.keys("Tab")
    first.type("F33.2 Major depressive disorder")
    first.keys("C-s")
    screen = first.wait_for("1 case")
    assert "José Müller" in screen
    first.keys("C-q")
    first.wait_for("EXITED 0")

    second = terminal(command)
    screen = second.wait_for("José Müller")
    assert "Researching" in screen
    second.keys("Enter")
    screen = second.wait_for("F33.2")
    assert "1984-03-07" in screen and "CA (California)" in screen
    second.keys("C-q")
    second.wait_for("EXITED 0")

    [summary] = CaseStore(data).summaries()
    assert summary.patient == "José Müller"


@pytest.mark.parametrize("env", ["TERM=linux", "TERM=xterm-256color NO_COLOR=1"])
def test_legible_on_a_16_colour_console_and_without_colour(terminal, tmp_path, env):
    data = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data), "demo", "--cases", "40"],
                   check=True, capture_output=True)
    command = f"{env} {shlex.quote(sys.executable)} -m ketcover_tui.cli --data-dir {shlex.quote(str(data))} --no-mouse --no-animation"
    term = terminal(command)
    term.wait_for("40 cases")
    screen = term.wait_for("? Help")
    lines = screen.splitlines()
    assert "Patient" in lines[1] and "Updated" in lines[1]  # header not cut at 80 columns
    assert "Quit" in lines[-1] and "Help" in lines[-1]  # footer keys visible
    term.keys("Enter")
    screen = term.wait_for("Conditions")
    term.keys("2")
    screen = term.wait_for("Source:")
    assert "[ ]" in screen
    term.keys("C-q")
    term.wait_for("EXITED 0")


def test_demo_data_says_so_in_the_header(terminal, tmp_path):
    home = tmp_path / "home"
    command = (f"TERM=xterm-256color KETCOVER_HOME={shlex.quote(str(home))} "
               f"{shlex.quote(sys.executable)} -m ketcover_tui.cli --demo --no-animation")
    term = terminal(command)
    screen = term.wait_for("30 cases", timeout=60)
    assert "DEMO DATA" in screen.splitlines()[0]
    term.keys("Enter")
    screen = term.wait_for("DEMO DATA · ")
    term.keys("C-q")
    term.wait_for("EXITED 0")
