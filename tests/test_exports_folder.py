"""Exports stay where we chose: the app writes only into the exports folder, the CLI refuses hidden targets.

Each test performs the attack a ForceCommand user (or a careless script) would:
write ``~/.bashrc``, ``~/.ssh/rc``, a ``.pth`` file, follow a planted symlink,
overwrite files; and checks that nothing landed outside the exports folder,
that the message says what to fix, and that what did leave is recorded on the case.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from ketcover_tui.cli.main import main
from ketcover_tui.domain import calls as calllog
from ketcover_tui.domain import clock
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore
from ketcover_tui.store.exports import ExportError, export_dir, name_problem, write_in_folder

ATTACK_NOTE = "'; exec /bin/bash --norc -i; :"
HIDDEN_NAMES = ["~/.bashrc", "../x", ".ssh/rc", "x.pth", ".bashrc", "/etc/x", "a\x1b]0;PWNED\ab", "..", ""]


def case_with_a_call(data_dir: Path) -> tuple[CaseStore, Case]:
    store = CaseStore(data_dir)
    case = Case(patient=Patient("José Müller"))
    case.calls.append(calllog.CallEntry(started_at="2026-11-20T10:00:00-05:00", notes=ATTACK_NOTE, reference="R-1"))
    store.create(case)
    return store, case


def everything_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("name", HIDDEN_NAMES)
def test_a_path_or_hidden_name_is_never_a_file_name_in_the_exports_folder(name, tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    problem = name_problem(name)
    assert problem and problem.endswith((".", "it."))  # says what to fix
    with pytest.raises(ExportError):
        write_in_folder(folder, name, b"x")
    assert everything_under(tmp_path) == {"exports"}


def test_a_linked_exports_folder_or_a_planted_link_is_never_followed(tmp_path):
    target = tmp_path / "home" / ".ssh"
    target.mkdir(parents=True)
    (tmp_path / "exports").symlink_to(target)
    with pytest.raises(ExportError, match="link is refused"):
        write_in_folder(tmp_path / "exports", "authorized_keys", b"ssh-ed25519 AAAA attacker")
    assert list(target.iterdir()) == []
    real = tmp_path / "real-exports"
    real.mkdir()
    (real / "note.md").symlink_to(tmp_path / "home" / "elsewhere.md")  # dangling: would create the target
    with pytest.raises(ExportError, match="already exists"):
        write_in_folder(real, "note.md", b"data")
    assert not (tmp_path / "home" / "elsewhere.md").exists()
    with pytest.raises(ExportError, match="already exists"):
        write_in_folder(real, "note.md", b"data", replace=True)  # even replacing never goes through a link
    assert not (tmp_path / "home" / "elsewhere.md").exists()


@pytest.mark.permissions
def test_the_exports_folder_is_private_or_team_shared(tmp_path, monkeypatch):
    private = CaseStore(tmp_path / "mine")
    folder = export_dir(private.root)
    written = write_in_folder(folder, "a.md", b"x", mode=private.modes.file)
    assert (stat.S_IMODE(folder.stat().st_mode), stat.S_IMODE(written.stat().st_mode)) == (0o700, 0o600)
    team_root = tmp_path / "team"
    team_root.mkdir()
    os.chmod(team_root, 0o2770)
    team = CaseStore(team_root)
    folder = export_dir(team.root)
    written = write_in_folder(folder, "a.md", b"x", mode=team.modes.file)
    assert (stat.S_IMODE(folder.stat().st_mode), stat.S_IMODE(written.stat().st_mode)) == (0o2770, 0o660)
    monkeypatch.setenv("KETCOVER_EXPORT_DIR", str(tmp_path / "chosen" / "out"))
    assert export_dir(private.root) == tmp_path / "chosen" / "out"
    assert stat.S_IMODE((tmp_path / "chosen").stat().st_mode) == 0o700  # parents made private too


# --- the command line: -o PATH, but never a hidden target unless --force-hidden ---------------------------

@pytest.mark.parametrize("target", ["home/.bashrc", "home/.ssh/rc", "home/.ssh/authorized_keys",
                                    "site/evil.pth", "link-to-ssh/rc"])
def test_the_cli_refuses_dot_files_ssh_and_pth_unless_forced(target, data_dir, tmp_path, capsys):
    store, case = case_with_a_call(data_dir)
    for folder in ("home/.ssh", "site"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / "link-to-ssh").symlink_to(tmp_path / "home" / ".ssh")
    before = everything_under(tmp_path / "home")
    path = tmp_path / target
    assert main(["export", "calls", case.id, "-f", "md", "-o", str(path)]) == 2
    err = capsys.readouterr().err
    assert "--force-hidden" in err and "nothing was written" in err and err.count("\n") == 1
    assert everything_under(tmp_path / "home") == before and not path.exists()
    assert store.load(case.id).exports == []
    assert main(["export", "calls", case.id, "-f", "md", "-o", str(path), "--force-hidden"]) == 0
    assert ATTACK_NOTE in path.read_text(encoding="utf-8") and stat.S_IMODE(path.stat().st_mode) == 0o600
    [record] = store.load(case.id).exports
    assert (record.what, record.format, record.via, record.file) == ("calls", "md", "command line",
                                                                     str(tmp_path / target))


def test_every_cli_writer_refuses_a_hidden_target(data_dir, tmp_path, capsys):
    store, case = case_with_a_call(data_dir)
    for argv in (["cases", "export", case.id, "-o", str(tmp_path / ".case.json")],
                 ["backup", str(tmp_path / ".backup.tgz")],
                 ["export", "deadlines", case.id, "-o", str(tmp_path / "x.pth")],
                 ["export", "journal", case.id, "-f", "md", "-o", str(tmp_path / ".j.md")]):
        assert main(argv) == 2, argv
        assert "--force-hidden" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") or p.suffix == ".pth"]


def test_cli_exports_are_recorded_and_shown_with_the_case(data_dir, tmp_path, capsys):
    store, case = case_with_a_call(data_dir)
    assert main(["export", "calls", case.id, "-f", "csv", "-o", str(tmp_path / "calls.csv")]) == 0
    assert main(["cases", "export", case.id, "-o", str(tmp_path / "case.json")]) == 0
    assert main(["export", "calls", case.id, "-f", "json", "-o", "-"]) == 0
    capsys.readouterr()
    records = store.load(case.id).exports
    assert [(r.what, r.format, r.file) for r in records] == [
        ("calls", "csv", str(tmp_path / "calls.csv")), ("case", "json", str(tmp_path / "case.json")),
        ("calls", "json", "-")]
    assert all(r.by and r.at.startswith(clock.today().isoformat()[:4]) and r.size > 0 for r in records)
    assert main(["cases", "show", case.id]) == 0
    shown = capsys.readouterr().out
    assert "Exports: what left the app (3)" in shown and f"→ {tmp_path / 'calls.csv'}" in shown
    assert "standard output" in shown


# --- exports list / clean --------------------------------------------------------------------------------

@pytest.mark.clock
def test_exports_list_shows_who_exported_each_file_and_clean_removes_old_ones(data_dir, capsys):
    from ketcover_tui.store.exports import export_for_case

    store, case = case_with_a_call(data_dir)
    old, recent = (export_for_case(store, case.id, name, b"data", what="calls", format="md")[0]
                   for name in ("old.md", "recent.md"))
    stray = write_in_folder(export_dir(store.root), "screenshot.svg", b"<svg/>")
    now = clock.utc_now().timestamp()
    os.utime(old, (now - 40 * 86400, now - 40 * 86400))
    for path in (recent, stray):
        os.utime(path, (now - 2 * 86400, now - 2 * 86400))
    assert main(["exports", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["folder"] == str(data_dir / "exports")
    rows = {row["file"]: row for row in listed["files"]}
    assert set(rows) == {"old.md", "recent.md", "screenshot.svg"}
    assert (rows["old.md"]["case"], rows["old.md"]["what"]) == (case.id, "calls") and rows["old.md"]["by"]
    assert rows["screenshot.svg"]["case"] == ""
    assert main(["exports", "list"]) == 0
    table = capsys.readouterr().out
    assert "old.md" in table and "(not recorded)" in table
    assert main(["exports", "clean", "--older-than", "30"]) == 0
    assert "Removed old.md" in capsys.readouterr().out
    assert sorted(p.name for p in (data_dir / "exports").iterdir()) == ["recent.md", "screenshot.svg"]
    assert len(store.load(case.id).exports) == 2  # what left the app stays on record
    with pytest.raises(SystemExit) as refused:
        main(["exports", "clean", "--older-than", "soon"])
    assert refused.value.code == 2 and "whole number of days" in capsys.readouterr().err


# --- the palette's Screenshot, the document folder, `ketcover screenshots -o DIR` ------------------------

@pytest.mark.permissions
async def test_a_screenshot_goes_private_into_the_exports_folder_whatever_the_action_asks(data_dir, tmp_path):
    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.tui.app import KetcoverApp

    store, case = case_with_a_call(data_dir)
    other = data_dir / "cases" / f"{case.id}.json"
    before = other.read_bytes()
    app = KetcoverApp(store, plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": "exporters"}).load())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.action_screenshot(f"{case.id}.json", str(data_dir / "cases"))  # what a [@click=…] in a name asked
        await pilot.pause()
    [shot] = list((data_dir / "exports").iterdir())
    assert shot.suffix == ".svg" and "Müller" in shot.read_text(encoding="utf-8")
    assert stat.S_IMODE(shot.stat().st_mode) == 0o600
    saved = store.load(case.id)
    assert [(r.what, r.file) for r in saved.exports] == [("screenshot", str(shot))]
    assert before != other.read_bytes() and saved.patient.name == "José Müller"  # changed only by the record
    assert not list(tmp_path.glob("*.svg")) and not list(Path.cwd().glob("ketcover_*.svg"))


@pytest.mark.permissions
def test_the_documents_folder_is_private_and_team_shared_in_a_team_folder(tmp_path):
    from ketcover_tui.store.attachments import DocumentVault, check_bytes
    from test_attachments import png

    for root, modes in ((tmp_path / "mine", (0o700, 0o700, 0o600)), (tmp_path / "team", (0o2770, 0o2770, 0o660))):
        root.mkdir()
        os.chmod(root, 0o2770 if root.name == "team" else 0o700)
        store = CaseStore(root)
        case = Case(patient=Patient("李雷"))
        store.create(case)
        record = DocumentVault(store).add(case.id, check_bytes(png(20, 20), "scan.png"))
        folder = root / "documents" / case.id
        assert (stat.S_IMODE((root / "documents").stat().st_mode), stat.S_IMODE(folder.stat().st_mode),
                stat.S_IMODE((folder / record.name).stat().st_mode)) == modes


def test_screenshots_never_overwrite_without_force_and_never_follow_a_link(tmp_path, capsys):
    out = tmp_path / "shots"
    out.mkdir()
    (out / "home.svg").write_text("mine")
    assert main(["screenshots", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err and (out / "home.svg").read_text() == "mine"
    (out / "home.svg").unlink()
    (out / "home.svg").symlink_to(tmp_path / "victim")
    assert main(["screenshots", "-o", str(out), "--force"]) == 2
    assert "symbolic link" in capsys.readouterr().err and not (tmp_path / "victim").exists()
    (tmp_path / "linked").symlink_to(out)
    assert main(["screenshots", "-o", str(tmp_path / "linked"), "--force"]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["home.svg"]


def test_replacing_a_regular_file_with_force_keeps_it_private(tmp_path):
    (tmp_path / "home.svg").write_text("old")
    os.chmod(tmp_path / "home.svg", 0o644)
    write_in_folder(tmp_path, "home.svg", b"<svg/>", replace=True)
    assert (tmp_path / "home.svg").read_bytes() == b"<svg/>"
    assert stat.S_IMODE((tmp_path / "home.svg").stat().st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left
