"""A slow plugin in a real terminal (tmux, 80×24): the app keeps drawing, and ctrl+q quits within a second."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time

import pytest

from fake_plugins import install
from ketcover_tui.store import CaseStore, mark_demo_folder
from ketcover_tui.testing import sample_case

from test_e2e_tmux import _own_tmux_server, terminal, tmux  # noqa: F401 - the same tmux fixtures
from test_plugin_timeouts import slow_plugin

pytestmark = [  # not marked clock: nothing here depends on the date
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]


@pytest.mark.parametrize("network", [False, True])
def test_ctrl_q_quits_within_a_second_while_a_plugin_run_hangs(terminal, tmp_path, site, network):  # noqa: F811
    install(site, "slow", slow_plugin(30, network=network))
    data = tmp_path / "data"
    mark_demo_folder(data)
    CaseStore(data).create(sample_case())
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
           "KETCOVER_LOAD_PLUGINS": "slow", "TERM": "xterm-256color"}
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    app = terminal(f"{exports} {shlex.quote(sys.executable)} -m ketcover_tui.cli --data-dir {shlex.quote(str(data))}")
    app.wait_for("Zoë Ørsted")
    app.keys("Enter")
    app.wait_for("3 Funding")
    app.keys("3")
    app.wait_for("Slow lender")
    app.keys("Enter")
    app.wait_for("ctrl+r")
    app.keys("C-r")
    screen = app.wait_for("esc cancels")
    assert ("Searching" if network else "Running") + " Slow lender…" in screen
    app.wait_for("… 1 s · esc cancels")  # still drawing while the plugin sleeps
    took = seconds_to_quit(app)
    # The same app quit with nothing running, in the same run: on a loaded host both are slower;
    # what the hanging plugin may add is less than a second.
    idle = terminal(f"{exports} {shlex.quote(sys.executable)} -m ketcover_tui.cli --data-dir {shlex.quote(str(data))}")
    idle.wait_for("Zoë Ørsted")
    baseline = seconds_to_quit(idle)
    print(f"ctrl+q took {took:.3f} s, {baseline:.3f} s with nothing running (uses_network={network})")
    assert took < max(1.0, baseline + 1.0), f"ctrl+q took {took:.2f} s ({baseline:.2f} s with nothing running)"


def seconds_to_quit(app) -> float:
    started = time.monotonic()
    tmux("send-keys", "-t", app.session, "C-q", check=True)
    while "EXITED" not in app.screen():
        assert time.monotonic() - started < 5, app.screen()
        time.sleep(0.02)
    took = time.monotonic() - started
    assert "EXITED 0" in app.screen()
    return took
