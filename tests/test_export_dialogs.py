"""Every export dialog of the app writes only into the exports folder; the packet takes files from the inbox only.

The journal and superbill dialog, the appeal packet (``k``) and the deadline
calendar (``i``), driven through Textual's Pilot on real data folders: a path
typed as the file name is refused with what to fix and nothing is written; a
plain name lands in the exports folder and is recorded on the case; the packet
offers the inbox's regular files and never a link planted there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from ketcover_tui.store import CaseStore
from test_appeals import appeal_case, host
from test_attachments import png
from test_journal_tui import SIZE, make_app, open_tab

pytestmark = pytest.mark.clock  # the appeal case's deadlines depend on today


def files_outside(root: Path, data_dir: Path) -> set[Path]:
    return {p for p in root.rglob("*") if not p.is_relative_to(data_dir)}


def where(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_journal_dialog_takes_a_name_and_refuses_a_path(data_dir, tmp_path):
    app, case_id = make_app(data_dir)
    before = files_outside(tmp_path, data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "7")
        await pilot.press("x")
        await pilot.pause()
        for name, fix in (("../../journal.pdf", "without '/'"), (".profile", "may not start with '.'"),
                          ("sitecustom.pth", ".pth name is refused")):
            app.screen.query_one("#doc-path", Input).value = name
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert fix in where(app, "#doc-where") and "Not written" in where(app, "#doc-status"), name
        app.screen.query_one("#doc-path", Input).value = "journal.pdf"
        await pilot.pause()
        assert "Not written" not in where(app, "#doc-status")  # fixed: the refusal goes away
        assert str(data_dir / "exports" / "journal.pdf") in where(app, "#doc-where")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert files_outside(tmp_path, data_dir) == before  # nothing written beside the data folder
    assert [p.name for p in (data_dir / "exports").iterdir()] == ["journal.pdf"]
    [record] = CaseStore(data_dir).load(case_id).exports
    assert (record.what, record.format, record.via) == ("journal", "pdf", "app")


async def test_the_packet_offers_the_inbox_only_and_writes_into_the_exports_folder(data_dir, tmp_path):
    inbox = data_dir / "inbox"
    inbox.mkdir(parents=True)
    (inbox / "denial.png").write_bytes(png(30, 20))
    (inbox / "[b]scan[red].png").write_bytes(png(12, 12))  # a name that looks like markup: offered too
    secret = tmp_path / "elsewhere" / "secret.png"
    secret.parent.mkdir()
    secret.write_bytes(png(10, 10))
    (inbox / "planted.png").symlink_to(secret)  # a link to another file of the host: never offered
    app, case_id = make_app(data_dir, appeal_case())
    app._plugin_host = host()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_tab(pilot, "9")
        await pilot.press("k")
        await pilot.pause()
        offered = app.screen.query_one("#packet-add", Select)
        assert sorted(value for _label, value in offered._options if isinstance(value, str)) == [
            "[b]scan[red].png", "denial.png"]
        offered.value = "denial.png"
        await pilot.pause()
        assert "Stored denial.png" in where(app, "#packet-status")
        app.screen.query_one("#packet-path", Input).value = "~/.ssh/authorized_keys"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "without '/'" in where(app, "#packet-where")
        app.screen.query_one("#packet-path", Input).value = "packet.pdf"
        app.screen.query_one("#packet-copy").value = "draft"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    case = CaseStore(data_dir).load(case_id)
    assert [d.name for d in case.documents] == ["denial.png"]
    assert [(r.what, Path(r.file).name) for r in case.exports] == [("packet", "packet.pdf")]
    assert not (Path(os.environ["HOME"]) / ".ssh").exists()
    assert stat.S_IMODE((data_dir / "exports" / "packet.pdf").stat().st_mode) == 0o600


async def test_the_calendar_key_writes_into_the_exports_folder_and_records_it(data_dir):
    app, case_id = make_app(data_dir, appeal_case())
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "9")
        await pilot.press("i")
        await pilot.pause()
    [written] = list((data_dir / "exports").iterdir())
    assert written.suffix == ".ics" and b"BEGIN:VEVENT" in written.read_bytes()
    [record] = CaseStore(data_dir).load(case_id).exports
    assert (record.what, record.file, record.format) == ("deadlines", str(written), "ics")
