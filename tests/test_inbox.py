"""The inbox folder: the app reads outside files only from there, by name, never through a link."""

from __future__ import annotations

import os
import stat

import pytest

from ketcover_tui.store.atomic import UnreadableFile
from ketcover_tui.store.inbox import inbox_dir, inbox_files, read_inbox_file


@pytest.mark.permissions
def test_the_inbox_is_private_and_lists_only_regular_files(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    inbox = inbox_dir(data, env={})
    assert inbox == data / "inbox" and stat.S_IMODE(inbox.stat().st_mode) == 0o700
    (inbox / "denial.pdf").write_bytes(b"%PDF-1.4")
    (inbox / ".hidden.pdf").write_bytes(b"x")
    (inbox / "sub").mkdir()
    os.mkfifo(inbox / "pipe")
    (inbox / "passwd").symlink_to("/etc/passwd")
    assert [f.name for f in inbox_files(inbox)] == ["denial.pdf"]
    assert read_inbox_file(inbox, "denial.pdf", 100) == b"%PDF-1.4"


@pytest.mark.parametrize("name", ["../data/cases/x.json", "/etc/passwd", "passwd", "pipe", "..", ".hidden.pdf"])
def test_nothing_outside_the_inbox_or_odd_is_read(tmp_path, name):
    inbox = inbox_dir(tmp_path, env={"KETCOVER_INBOX_DIR": str(tmp_path / "in")})
    (inbox / "passwd").symlink_to("/etc/passwd")
    os.mkfifo(inbox / "pipe")
    (inbox / ".hidden.pdf").write_bytes(b"x")
    with pytest.raises(UnreadableFile):
        read_inbox_file(inbox, name, 1000)


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path):
    inbox = inbox_dir(tmp_path, env={})
    (inbox / "big.pdf").write_bytes(b"0" * 2048)
    with pytest.raises(UnreadableFile, match="larger than"):
        read_inbox_file(inbox, "big.pdf", 1024)
