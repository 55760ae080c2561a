"""Files off and onto the host without a shell: the README's sftp-only account, against a real sshd.

Staff whose login runs only the app (ForceCommand) fetch exports and deliver
scans through a second, sftp-only login chrooted to a root-owned folder that
holds the exports and inbox folders (KETCOVER_EXPORT_DIR, KETCOVER_INBOX_DIR).
The test sets that up as the README says, exports a call log from the app's own
code path, fetches it with sftp, uploads a scan into the inbox, attaches it to
the case the way the app does, and checks that the account reaches nothing else
of the host and gets no shell.
"""

from __future__ import annotations

import grp
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore
from test_attachments import png
from test_ssh import SSHD, SSHServer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not (os.path.exists(SSHD) and shutil.which("sftp") and shutil.which("ssh")),
                       reason="needs openssh-server and openssh-client (.ci/run installs them)"),
    pytest.mark.skipif(os.geteuid() != 0, reason="sshd's ChrootDirectory needs sshd running as root"),
]


@pytest.fixture
def files_root():
    """A root-owned folder whose every parent is root-owned and not group- or world-writable (``/run`` is)."""
    base = Path("/run") if os.access("/run", os.W_OK) else None
    if base is None:
        pytest.skip("no root-owned folder to chroot into (/run is not writable)")
    root = Path(tempfile.mkdtemp(prefix="ketcover-files-", dir=base))
    os.chmod(root, 0o755)
    for name in ("exports", "inbox"):
        (root / name).mkdir()
        os.chmod(root / name, 0o2770)  # as `install -d -m 2770 -o root -g clinic-billing` makes them
    yield root
    shutil.rmtree(root, ignore_errors=True)


def sftp(server: SSHServer, batch: str, cwd: Path) -> subprocess.CompletedProcess:
    (cwd / "batch").write_text(batch)
    return subprocess.run(["sftp", "-b", str(cwd / "batch"), "-P", str(server.port), "-i", str(server.client_key),
                           "-o", "IdentitiesOnly=yes", "-o", f"UserKnownHostsFile={server.folder / 'known_hosts'}",
                           "-o", "StrictHostKeyChecking=accept-new", "-o", "LogLevel=ERROR",
                           f"{server.user}@127.0.0.1"], capture_output=True, text=True, timeout=60, cwd=cwd,
                          stdin=subprocess.DEVNULL)


def test_an_sftp_only_account_moves_exports_off_and_scans_on_and_nothing_else(files_root, data_dir, tmp_path,
                                                                              monkeypatch):
    from ketcover_tui.store.exports import export_for_case
    from ketcover_tui.store.packet_sources import add_inbox_document, inbox_documents

    monkeypatch.setenv("KETCOVER_EXPORT_DIR", str(files_root / "exports"))
    monkeypatch.setenv("KETCOVER_INBOX_DIR", str(files_root / "inbox"))
    store = CaseStore(data_dir)
    case = Case(patient=Patient("محمد"))
    store.create(case)
    written, _ = export_for_case(store, case.id, "calls.md", "# Call log · محمد\n".encode(), what="calls",
                                 format="md")
    assert written == files_root / "exports" / "calls.md"
    group = grp.getgrgid(os.getgid()).gr_name  # the account is in the app's group and the files group
    app = shlex.join([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir)])
    server = SSHServer(tmp_path / "sshd-files", data_dir, extra=f"""
Subsystem sftp internal-sftp
Match Group {group}
    ChrootDirectory {files_root}
    ForceCommand internal-sftp -u 0007
    AllowTcpForwarding no
    X11Forwarding no
    PermitTTY no
Match Group {group}
    ForceCommand {app}
""")  # as the README says: the sftp block above the app's, so its ForceCommand wins
    try:
        local = tmp_path / "desk"
        local.mkdir()
        (local / "denial.png").write_bytes(png(30, 20))
        done = sftp(server, "ls /\nget /exports/calls.md\nput denial.png /inbox/denial.png\n", local)
        assert done.returncode == 0, done.stderr
        assert set(done.stdout.split()) >= {"/exports", "/inbox"} and "/etc" not in done.stdout
        assert (local / "calls.md").read_text(encoding="utf-8") == "# Call log · محمد\n"
        # Outside the chroot nothing is reachable: the host's files, the data folder.
        for path in ("/etc/passwd", str(data_dir / "cases" / f"{case.id}.json")):
            refused = sftp(server, f"get {path} stolen\n", local)
            assert refused.returncode != 0 and not (local / "stolen").exists(), path
        shell = subprocess.run([*server.ssh_args("-T"), "bash", "-c", "echo SHELL-WAS-REACHED"],
                               capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert "SHELL-WAS-REACHED" not in shell.stdout + shell.stderr and shell.returncode != 0
    finally:
        server.stop()
    folder, offered = inbox_documents(store)
    assert folder == files_root / "inbox" and [f.name for f in offered] == ["denial.png"]
    stored = add_inbox_document(store, case.id, "denial.png", by="staff")
    assert stored.read_bytes() == (local / "denial.png").read_bytes()
    assert [d.name for d in store.load(case.id).documents] == ["denial.png"]
