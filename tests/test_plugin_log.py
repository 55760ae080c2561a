"""Plugin run failures remembered in the data folder: its modes, its limits, and never over a damaged file."""

from __future__ import annotations

import os
import stat

import pytest

from ketcover_tui.store.plugin_log import KEEP, MAX_BYTES, PluginFailureLog

ENTRY = {"plugin": "buggy", "distribution": "kcfake_buggy", "version": "1.0", "when": "2026-12-02T12:00:00+00:00",
         "what": "funding source 'fake'", "error": "ZeroDivisionError: division by zero"}


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.permissions
@pytest.mark.parametrize("root_mode, dir_mode, file_mode", [(0o700, 0o700, 0o600), (0o2770, 0o2770, 0o660)])
def test_the_log_takes_the_data_folders_modes(tmp_path, root_mode, dir_mode, file_mode):
    root = tmp_path / "data"
    root.mkdir()
    os.chmod(root, root_mode)
    log = PluginFailureLog(root)
    log.add(ENTRY)
    assert log.read() == [ENTRY]
    assert (mode(log.folder), mode(log.path) & 0o777) == (dir_mode, file_mode)


def test_only_the_newest_are_kept_and_long_errors_are_cut(tmp_path):
    log = PluginFailureLog(tmp_path)
    for n in range(KEEP + 5):
        log.add({**ENTRY, "what": f"call {n}", "error": "x" * 1000})
    entries = log.read()
    assert len(entries) == KEEP and entries[0]["what"] == "call 5" and len(entries[-1]["error"]) == 300
    assert log.forget() == KEEP and log.read() == []


def test_a_damaged_oversized_or_linked_file_is_read_as_empty_and_never_overwritten(tmp_path):
    log = PluginFailureLog(tmp_path)
    log.folder.mkdir()
    for content in (b"{not json", b'{"failures": "not a list"}', b" " * (MAX_BYTES + 1)):
        log.path.write_bytes(content)
        assert log.read() == []
        log.add(ENTRY)
        assert log.path.read_bytes() == content  # left exactly as it was
    log.path.unlink()
    target = tmp_path / "elsewhere.json"
    target.write_text('{"failures": []}')
    log.path.symlink_to(target)
    assert log.read() == []
    log.add(ENTRY)
    assert target.read_text() == '{"failures": []}'
