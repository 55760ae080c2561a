"""Attachments: checked when added (type by content, limits), stored only when the command succeeds,
kept in the case's documents folder and recorded on the case; an unreadable one is reported, never a crash."""

from __future__ import annotations

import os
import stat
import struct
import zlib

import pytest

from ketcover_tui.cli.main import main
from ketcover_tui.store import CaseStore
from ketcover_tui.store.attachments import DocumentVault, check_bytes, check_document
from test_appeals import appeal_case



def png(width: int, height: int, *, pixels: bytes | None = None) -> bytes:
    """A PNG whose header claims ``width``×``height`` (the pixel data may be anything)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    raw = pixels if pixels is not None else zlib.compress(b"".join(b"\x00" + b"\x80" * 3 * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def scan_pdf(path, text: str = "DENIAL SCAN") -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=20)
    pdf.cell(0, 10, text)
    pdf.output(str(path))


@pytest.fixture
def stored(data_dir):
    store = CaseStore(data_dir)
    return store, store.create(appeal_case(), stamp=False)


def documents_folder(store, case_id):
    folder = store.root / "documents" / case_id
    return sorted(os.listdir(folder)) if folder.exists() else []


BAD_FILES = {
    "garbage named .png": lambda p: p.write_bytes(b"this is not an image at all"),
    "a PNG claiming 100000x100000 pixels": lambda p: p.write_bytes(png(100_000, 100_000, pixels=b"x")),
    "a truncated PNG": lambda p: p.write_bytes(png(40, 40)[:60]),
    "a PDF with no pages": lambda p: p.write_bytes(b"%PDF-1.4\n%%EOF\n"),
}


@pytest.mark.parametrize("what", list(BAD_FILES))
def test_a_bad_attachment_is_refused_in_one_line_and_nothing_is_stored(what, stored, tmp_path, capsys):
    store, case = stored
    bad = tmp_path / "scan.png"
    BAD_FILES[what](bad)
    before = store.case_path(case.id).read_bytes()
    out = tmp_path / "packet.pdf"
    assert main(["export", "packet", case.id, "--attach", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() and documents_folder(store, case.id) == []
    assert store.case_path(case.id).read_bytes() == before


def test_nothing_is_stored_when_the_packet_is_then_refused(stored, tmp_path, capsys):
    store, case = stored
    scan_pdf(tmp_path / "denial.pdf")
    out = tmp_path / "exists.pdf"
    out.write_bytes(b"keep me")
    assert main(["export", "packet", case.id, "--attach", str(tmp_path / "denial.pdf"), "-o", str(out)]) == 2
    assert out.read_bytes() == b"keep me"
    assert documents_folder(store, case.id) == [] and store.load(case.id).documents == []
    capsys.readouterr()


def test_an_added_document_is_recorded_on_the_case_in_its_private_folder(stored, tmp_path, capsys):
    store, case = stored
    (tmp_path / "x-ray.png").write_bytes(png(60, 40))
    assert main(["export", "packet", case.id, "--draft", "--attach", str(tmp_path / "x-ray.png"), "-o",
                 str(tmp_path / "p.pdf")]) == 0
    [document] = store.load(case.id).documents
    assert (document.kind, document.width, document.height, document.name) == ("png", 60, 40, "x-ray.png")
    folder = store.root / "documents" / case.id
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "x-ray.png").stat().st_mode) == 0o600
    vault = DocumentVault(store)
    assert vault.read(case.id, document) == (tmp_path / "x-ray.png").read_bytes()
    vault.remove(case.id, document.id)
    assert store.load(case.id).documents == [] and documents_folder(store, case.id) == []
    capsys.readouterr()


def test_a_team_folder_gets_group_modes(tmp_path):
    root = tmp_path / "team"
    root.mkdir()
    os.chmod(root, 0o2770)
    store = CaseStore(root)
    case = store.create(appeal_case(), stamp=False)
    DocumentVault(store).add(case.id, check_bytes(png(10, 10), "scan.png"))
    folder = root / "documents" / case.id
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2770
    assert stat.S_IMODE((folder / "scan.png").stat().st_mode) == 0o660


def test_a_stored_document_that_cannot_be_read_is_reported_not_a_crash(stored, tmp_path, capsys):
    store, case = stored
    vault = DocumentVault(store)
    good = vault.add(case.id, check_document(_pdf(tmp_path / "good.pdf")))
    bad = vault.add(case.id, check_bytes(png(20, 20), "photo.png"))
    (store.root / "documents" / case.id / bad.name).write_bytes(b"garbage now")
    paths, problems = vault.usable(store.load(case.id))
    assert [p.name for p in paths] == [good.name] and "photo.png" in problems[0]
    assert main(["export", "packet", case.id, "--draft", "-o", str(tmp_path / "p.pdf")]) == 0
    err = capsys.readouterr().err
    assert "left out of the packet: photo.png" in err and (tmp_path / "p.pdf").exists()


async def test_the_packet_key_reports_an_unreadable_document_and_the_app_goes_on(stored, tmp_path, monkeypatch):
    from textual.widgets import Input, SelectionList, Static

    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.tui.app import KetcoverApp
    from ketcover_tui.tui.screens.packet_dialog import PacketScreen

    store, case = stored
    monkeypatch.setenv("HOME", str(tmp_path))
    bad = DocumentVault(store).add(case.id, check_bytes(png(20, 20), "photo.png"))
    (store.root / "documents" / case.id / bad.name).write_bytes(b"garbage now")
    app = KetcoverApp(CaseStore(store.root), plugin_host=PluginHost().load())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "9", "k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PacketScreen)
        assert "photo.png" in str(dialog.query_one("#packet-status", Static).render())  # reported
        assert "photo.png" not in [o.value for o in dialog.query_one("#packet-documents", SelectionList)._options]
        dialog.query_one("#packet-path", Input).value = "packet.pdf"
        dialog.query_one("#packet-copy").value = "draft"  # the sample case lacks facts a final copy needs
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and (store.root / "exports" / "packet.pdf").is_file()  # built without it, never a crash


async def test_building_the_packet_shows_progress_and_esc_cancels_it_without_writing(stored, tmp_path,
                                                                                      monkeypatch):
    from textual.widgets import Input, Static

    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.tui.app import KetcoverApp
    from ketcover_tui.tui.screens.packet_dialog import PacketScreen

    store, case = stored
    monkeypatch.setenv("HOME", str(tmp_path))
    app = KetcoverApp(CaseStore(store.root), plugin_host=PluginHost().load())
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("enter", "9", "k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PacketScreen)
        dialog.query_one("#packet-path", Input).value = "cancelled-packet.pdf"
        dialog.query_one("#packet-copy").value = "draft"
        dialog.action_export()  # then esc at once, before the build can finish
        status = str(dialog.query_one("#packet-status", Static).render())
        assert "esc cancels" in status  # the screen says what is going on and how to stop it
        dialog.action_cancel()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is not dialog and app.is_running
        assert any("cancelled" in n.message for n in app._notifications)
    assert not list(store.root.rglob("cancelled-packet*"))  # nothing written, in the exports folder or elsewhere
    assert not list(tmp_path.rglob("cancelled-packet*"))


def _pdf(path):
    scan_pdf(path)
    return path


async def test_a_final_packet_that_cannot_be_final_lists_every_reason_at_80x24(stored, tmp_path, monkeypatch):
    from textual.widgets import Input, Static

    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.tui.app import KetcoverApp
    from ketcover_tui.tui.screens.packet_dialog import PacketScreen
    from ketcover_tui.tui.screens.problems import ProblemsScreen

    store, case = stored
    monkeypatch.setenv("HOME", str(tmp_path))
    app = KetcoverApp(CaseStore(store.root), plugin_host=PluginHost().load())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "9", "k")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PacketScreen)
        letters = dialog.query_one("#packet-letters")
        letters.deselect(letters.get_option_at_index(0).value)  # ticked and unticked differ without colour
        await pilot.pause()
        assert letters.render_line(0).text.lstrip()[:3] == "▐ ▌" and letters.render_line(1).text.lstrip()[:3] == "▐X▌"
        letters.select(letters.get_option_at_index(0).value)
        dialog.query_one("#packet-path", Input).value = "final.pdf"  # Copy: final, the default
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = app.screen
        assert isinstance(shown, ProblemsScreen) and shown.problems  # the sample case lacks facts a final needs
        text = str(shown.query_one("#problems-text", Static).render())
        assert all(f"✗ {problem}" in text for problem in shown.problems)  # every one, whole
        listing = shown.query_one("#problems-list")
        assert listing.region.bottom <= 24 and listing.has_focus  # on the screen, and scrollable by keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dialog and not (store.root / "exports" / "final.pdf").exists()
