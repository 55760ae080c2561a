"""The export attack, typed as a ForceCommand user would: a real terminal at 80×24, a throwaway HOME.

A call note holding a shell command is exported as Markdown to ``~/.bashrc``,
``../x``, ``.ssh/rc`` and ``x.pth``: each is refused with what to fix, nothing
appears in HOME or beside the data folder, and a plain name lands in the exports
folder, recorded on the case.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import time

import pytest

from ketcover_tui.domain import calls as calllog
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore, mark_demo_folder
from test_e2e_tmux import Terminal

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]

ATTACK_NOTE = "'; exec /bin/bash --norc -i; :"
REFUSED = {
    "~/.bashrc": "without '/'",
    "../x": "without '/'",
    ".ssh/rc": "without '/'",
    ".bashrc": "may not start with '.'",
    "x.pth": "A .pth name is refused",
}


def flat(screen: str) -> str:
    """The screen as one line of words (dialog borders dropped), so wrapped messages still match."""
    return " ".join(re.sub(r"[│╭╮╰╯─▌▏▕]", " ", screen).split())


def wait_for_words(terminal, words: str, timeout: float = 10, *, compact: bool = False) -> str:
    """Wait until ``words`` show (``compact``: compared without any spaces, for a path wrapped over lines)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = flat(terminal.screen())
        if words in ("".join(screen.split()) if compact else screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{words!r} never appeared; screen was:\n{terminal.screen()}")


def test_exports_from_the_app_never_leave_the_exports_folder(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    (home / ".ssh").mkdir()
    mark_demo_folder(data)
    store = CaseStore(data)
    case = Case(patient=Patient("José Müller"))
    case.calls.append(calllog.CallEntry(started_at="2026-11-20T10:00:00-05:00", notes=ATTACK_NOTE, reference="R-1"))
    store.create(case)
    outside = {p for p in tmp_path.rglob("*") if not p.is_relative_to(data)}
    app = shlex.join(["env", f"HOME={home}", "TERM=xterm-256color", sys.executable, "-m", "ketcover_tui.cli",
                      "--data-dir", str(data)])
    terminal = Terminal(f"cd {shlex.quote(str(home))} && {app}")
    try:
        terminal.wait_for("José Müller", timeout=30)
        terminal.keys("Enter")
        terminal.wait_for("Calls")
        terminal.keys("6")
        terminal.wait_for("R-1")
        terminal.keys("x")
        terminal.wait_for("Export the call log")
        terminal.keys("Down", "Down")  # Markdown
        terminal.keys("Tab")
        for name, message in REFUSED.items():
            terminal.keys("End", "C-u")
            terminal.type(name)
            terminal.keys("Enter")
            wait_for_words(terminal, message)
            wait_for_words(terminal, "Not written: fix the file name")
        terminal.keys("End", "C-u")
        terminal.type("call-note.md")
        wait_for_words(terminal, f"→{data / 'exports' / 'call-note.md'}", compact=True)  # the full path it writes
        terminal.keys("Enter")
        terminal.wait_for("exported to")
        terminal.keys("C-q")
        terminal.wait_for("EXITED 0", timeout=15)
    finally:
        terminal.close()
    assert {p for p in tmp_path.rglob("*") if not p.is_relative_to(data)} == outside  # nothing new outside
    assert sorted(p.name for p in (data / "exports").iterdir()) == ["call-note.md"]
    assert ATTACK_NOTE in (data / "exports" / "call-note.md").read_text(encoding="utf-8")
    [record] = CaseStore(data).load(case.id).exports
    assert (record.what, record.file, record.format) == ("calls", str(data / "exports" / "call-note.md"), "md")
