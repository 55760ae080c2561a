"""Over a real SSH connection: Debian's OpenSSH server on 127.0.0.1, its own config and keys.

The server's ForceCommand runs ketcover, as a clinic's deployment would: a login
gets the app and never a shell.
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ketcover_tui.store import CaseStore, mark_demo_folder
from test_e2e_tmux import Terminal

SSHD = shutil.which("sshd") or "/usr/sbin/sshd"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.clock,
    pytest.mark.skipif(not (os.path.exists(SSHD) and shutil.which("ssh") and shutil.which("tmux")),
                       reason="needs openssh-server, openssh-client and tmux (.ci/run installs them)"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SSHServer:
    def __init__(self, folder: Path, data_dir: Path, *, force_command: str = "", extra: str = ""):
        """``force_command``: what every login runs (default: the app); ``extra``: more sshd_config lines."""
        folder.mkdir(mode=0o700, exist_ok=True)
        self.folder, self.port, self.user = folder, free_port(), getpass.getuser()
        self.client_key = folder / "client_key"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "host_key")], check=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(self.client_key)], check=True)
        (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
        os.chmod(folder / "authorized_keys", 0o600)
        app = shlex.join([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir)])
        (folder / "sshd_config").write_text(f"""
ListenAddress 127.0.0.1
Port {self.port}
HostKey {folder / 'host_key'}
PidFile {folder / 'sshd.pid'}
AuthorizedKeysFile {folder / 'authorized_keys'}
AllowUsers {self.user}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
ForceCommand {force_command or app}
SetEnv KETCOVER_TODAY={os.environ.get("KETCOVER_TODAY", "")}
{extra}
""")
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # privilege separation folder
        self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")],
                                        stderr=open(folder / "sshd.log", "w"))
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"sshd did not start: {(folder / 'sshd.log').read_text()}")

    def ssh_args(self, *extra: str) -> list[str]:
        return ["ssh", "-p", str(self.port), "-i", str(self.client_key), "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes", "-o", f"UserKnownHostsFile={self.folder / 'known_hosts'}",
                "-o", "StrictHostKeyChecking=accept-new", "-o", "LogLevel=ERROR", *extra,
                f"{self.user}@127.0.0.1"]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def server(tmp_path):
    data = tmp_path / "clinic-data"
    mark_demo_folder(data)  # made-up patients: the test's date (SetEnv KETCOVER_TODAY) applies
    running = SSHServer(tmp_path / "sshd", data)
    running.data = data
    yield running
    running.stop()


def test_create_a_case_over_ssh_then_quit(server):
    terminal = Terminal(shlex.join(["env", "TERM=xterm-256color", *server.ssh_args("-t")]))
    try:
        terminal.wait_for("No cases yet", timeout=30)
        terminal.keys("n")
        terminal.wait_for("New case")
        terminal.type("李雷")
        terminal.keys("Tab")
        terminal.type("1975-12-31")
        terminal.keys("C-s")
        screen = terminal.wait_for("1 case")
        assert "李雷" in screen
        terminal.keys("C-q")
        terminal.wait_for("EXITED 0", timeout=15)
    finally:
        terminal.close()
    [summary] = CaseStore(server.data).summaries()
    assert summary.patient == "李雷"
    assert CaseStore(server.data).load(summary.id).updated_by == server.user


def test_forcecommand_gives_the_app_never_a_shell(server):
    marker = "SHELL-WAS-REACHED"
    result = subprocess.run([*server.ssh_args("-T"), "bash", "-c", f"echo {marker}"],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert marker not in result.stdout + result.stderr
    assert "the app needs a terminal" in result.stderr
    assert result.returncode == 2
