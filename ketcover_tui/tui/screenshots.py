"""`ketcover screenshots`: redraw the README's SVG screenshots from demo data.

Runs the real app headless on a throw-away data folder of demo cases, with only
the built-in plugins, so the pictures are the same on every machine. Every case
tab gets its own picture automatically; ``SCREEN_SHOTS`` maps each screen class
to its pictures, and a test fails when a screen has none.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from pathlib import Path

SIZE = (80, 24)  # the smallest terminal ketcover supports; what billing staff over SSH often have


def case_tab_files() -> list[str]:
    from .screens.case_view import CASE_TABS

    return [f"case-{tab_id}" for tab_id, _, _ in CASE_TABS]


def screen_shots() -> dict[str, list[str]]:
    """Screen class name -> the screenshot files (without .svg) that show it."""
    return {
        "HomeScreen": ["home"],
        "CaseScreen": case_tab_files(),
        "CaseFormScreen": ["case-form"],
        "PluginsScreen": ["plugins"],
        "TrashScreen": ["trash"],
        "HelpScreen": ["help"],
        "FundingSourceScreen": ["funding-source"],
        "CallFormScreen": ["call-form"],
        "SpecFormScreen": ["plan-form"],
        "ExportScreen": ["export"],
        "PickScreen": ["confirm-on-call"],
        "SessionFormScreen": ["session-form"],
        "ChecksFormScreen": ["session-form"],  # the base of the session and money forms
        "MeasureFormScreen": ["measure-form"],
        "PriorTreatmentsScreen": ["prior-treatments"],
        "MoneyFormScreen": ["receipt-form"],
        "DocumentExportScreen": ["superbill"],
        "LetterScreen": ["letter"],
        "PacketScreen": ["packet"],
        "DueScreen": ["due"],
        "AddDocumentScreen": ["document-add"],
        "ReviewScreen": ["document-review"],
        "DocumentTextScreen": ["document-text"],
    }


def demo_app(data_dir: Path, cases: int = 30):
    """The app on ``cases`` demo cases (seed 1) with the built-in plugins only."""
    from ..demo import add_demo_cases, demo_cases
    from ..store import CaseStore
    from .app import KetcoverApp

    store = CaseStore(data_dir)
    add_demo_cases(store, demo_cases(cases, 1))
    return KetcoverApp(store, plugin_host=_builtin_host())


def _builtin_host():
    """Only the plugins that ship with ketcover (entry points of the ketcover distribution)."""
    from ..plugin_host import PluginHost

    names = PluginHost().load().plugins(include_disabled=True)
    builtin = ",".join(r.name for r in names if r.distribution == "ketcover")
    return PluginHost(env={"KETCOVER_LOAD_PLUGINS": builtin}).load()


async def _capture(data_dir: Path) -> dict[str, bytes]:
    from .screens.case_view import CASE_TABS

    app = demo_app(data_dir)
    written: dict[str, bytes] = {}

    shown_by: dict[str, set[str]] = {}  # file -> the screen classes it is meant to show
    for screen_class, names in screen_shots().items():
        for file_name in names:
            shown_by.setdefault(file_name, set()).add(screen_class)

    async def shot(name: str) -> None:
        await pilot.pause()
        on_screen = {cls.__name__ for cls in type(app.screen).__mro__}
        if name in shown_by and not on_screen & shown_by[name]:  # a key that no longer leads there
            raise RuntimeError(f"screenshot {name}: the screen is {type(app.screen).__name__}, "
                               f"not {' or '.join(sorted(shown_by[name]))}")
        written[f"{name}.svg"] = app.export_screenshot().encode("utf-8")

    async with app.run_test(size=SIZE) as pilot:
        await shot("home")
        await pilot.press("down", "down", "enter")
        for number, (tab_id, _, _) in enumerate(CASE_TABS, start=1):
            if tab_id == "documents":
                continue  # drawn by _document_shots, once a letter is in
            await pilot.press(str(number % 10))
            if tab_id == "checklists":
                await pilot.press("space", "down", "space", "down")
            await shot(f"case-{tab_id}")
        await _funding_source_shot(pilot, shot)  # ends back on the case screen
        await _insurer_shots(pilot, shot)  # ends back on the case screen
        await _journal_shots(pilot, shot)  # ends back on the case screen
        await _appeals_shots(pilot, shot)  # ends back on the case screen
        await _document_shots(pilot, shot, data_dir)  # ends back on the case screen
        await pilot.press("escape", "n")
        await pilot.press(*"José Müller", "tab", *"1984-31-01", "ctrl+s")
        await shot("case-form")
        await pilot.press("escape", "y", "p")
        await shot("plugins")
        await pilot.press("escape", "d", "y", "t")  # delete the highlighted case, then look in the trash
        await shot("trash")
        await pilot.press("escape", "question_mark")
        await shot("help")
        await pilot.press("escape", "F")
        await shot("due")
    return written


async def _funding_source_shot(pilot, shot) -> None:
    """A funding source run on the open case: the deferred-interest promotion missing its deadline."""
    from .screens.case_view import CASE_TABS
    from .widgets.funding_pane import FundingPane

    number = next(n for n, (tab_id, _, _) in enumerate(CASE_TABS, start=1) if tab_id == "funding")
    await pilot.press(str(number))
    await pilot.pause()
    pilot.app.screen.query_one(FundingPane).open_source("deferred-interest")
    await pilot.pause()
    for name, value in (("amount", "4200"), ("apr", "26.99"), ("payment", "150")):
        pilot.app.screen.query_one(f"#field-{name}").value = value
    await pilot.press("ctrl+r")
    await pilot.app.workers.wait_for_complete()  # the run goes off the UI thread
    await shot("funding-source")
    await pilot.press("escape")
    await pilot.pause()


async def _insurer_shots(pilot, shot) -> None:
    """A benefits-verification call being typed, confirming a plan fact, the plan form, the export dialog."""
    from .screens.case_view import CASE_TABS

    tabs = {tab_id: str(n) for n, (tab_id, _, _) in enumerate(CASE_TABS, start=1)}

    async def keys(*presses: str) -> None:
        for press in presses:  # one at a time: each may open a screen the next key is meant for
            await pilot.press(press)
            await pilot.pause()

    await keys(tabs["calls"], "v")
    for text in ("", "Member services", "José Müller", "K-4411", "INQ-2026-0412", "yes, with prior auth",
                 "no"):
        await pilot.press(*text, "enter")
        await pilot.pause()
    await shot("call-form")
    await keys("escape", "y", tabs["plan"], "down", "down", "down", "c")
    await shot("confirm-on-call")
    await keys("escape", "enter")
    await shot("plan-form")
    await keys("escape", tabs["calls"], "x")
    await shot("export")
    await keys("escape")


async def _journal_shots(pilot, shot) -> None:
    """A session being recorded, a PHQ-9 with item 9 positive, prior treatments, a receipt, the superbill check."""
    from .screens.case_view import CASE_TABS

    tabs = {tab_id: str(n) for n, (tab_id, _, _) in enumerate(CASE_TABS, start=1)}

    async def keys(*presses: str) -> None:
        for press in presses:  # one at a time: each may open a screen the next key is meant for
            await pilot.press(press)
            await pilot.pause()

    await keys(tabs["journal"], "n")
    for name, value in (("on", "2026-10-28"), ("start", "09:30"), ("stop", "10:12"), ("before_mood", "4"),
                        ("after_mood", "7")):
        pilot.app.screen.query_one(f"#{name}").value = value
    await shot("session-form")
    await keys("ctrl+s", "escape", "m", "enter", "tab", "tab", *"212121211")  # saved; a PHQ-9 for it
    await shot("measure-form")
    await keys("escape", "y", "p")
    await shot("prior-treatments")
    await keys("escape", tabs["money"], "n", "enter")
    await shot("receipt-form")
    await keys("escape", "b")
    await pilot.app.workers.wait_for_complete()  # the check waits for the ICD-10-CM list
    await shot("superbill")
    await keys("escape")


async def _appeals_shots(pilot, shot) -> None:
    """A letter of medical necessity filled from the case (what is missing listed above it); the packet dialog."""
    from .screens.case_view import CASE_TABS

    number = next(n for n, (tab_id, _, _) in enumerate(CASE_TABS, start=1) if tab_id == "appeals")
    for press in (str(number), "l", "enter"):
        await pilot.press(press)
        await pilot.pause()
    await shot("letter")
    for press in ("escape", "k"):
        await pilot.press(press)
        await pilot.pause()
    await shot("packet")
    await pilot.press("escape")
    await pilot.pause()


DEMO_LETTER = """NORTHWIND HEALTH PLAN
Notice of Adverse Benefit Determination (a made-up demo letter)

Date: {day}
Member ID: {member}
Claim Number: DEMO-2026-0117
Service: Intravenous ketamine infusion (CPT 96365, HCPCS J3490)

We reviewed the claim for the services listed above. The requested service is
not medically necessary because the records do not show two failed adequate
antidepressant trials.

You have 180 days from the date you receive this letter to ask for an appeal.
Send your written appeal to:
Northwind Health Plan
Attn: Appeals Department
PO Box 12345
Springfield, IL 62701
"""


async def _document_shots(pilot, shot, data_dir: Path) -> None:
    """A made-up text denial letter in the inbox: the add dialog, its review, the Documents tab, its text."""
    from datetime import timedelta

    from ..domain import clock
    from ..store.inbox import inbox_dir

    day = (clock.today() - timedelta(days=12)).isoformat()
    member = pilot.app.screen.case.plan.member_id  # the open case's: the letter is this patient's
    (inbox_dir(data_dir) / "denial-letter.txt").write_text(DEMO_LETTER.format(day=day, member=member),
                                                            encoding="utf-8")
    await pilot.press("0", "a")
    await shot("document-add")
    await pilot.press("tab", "enter")  # from "It is a" to the file; the file is read off the UI thread
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await shot("document-review")
    await pilot.press("ctrl+s")
    await shot("case-documents")
    await pilot.press("enter")
    await shot("document-text")
    await pilot.press("escape")
    await pilot.pause()


class ScreenshotsRefused(Exception):
    """Nothing was written; the message says which files are in the way and what to do."""


def make_screenshots(out_dir: Path, *, force: bool = False) -> list[Path]:
    """Draw every screenshot, then write them all into ``out_dir`` (or none).

    An existing file is replaced only with ``force``; a symlink (the folder or a file in it) never is, and
    is never followed.
    """
    from ..store.exports import ExportError, write_in_folder

    if out_dir.is_symlink():
        raise ScreenshotsRefused(f"{out_dir} is a symbolic link; give a real folder (nothing was written)")
    expected = [f"{name}.svg" for files in screen_shots().values() for name in files]
    _check_free(out_dir, expected, force)  # before drawing, which takes a while
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ketcover-shots-") as tmp, _home(Path(tmp)):
        # The data folder where a user's is: paths shown (the exports folder) read the same on every machine.
        pictures = asyncio.run(_capture(Path(tmp) / ".local" / "share" / "ketcover"))
    _check_free(out_dir, list(pictures), force)
    try:
        return [write_in_folder(out_dir, name, data, replace=force) for name, data in pictures.items()]
    except ExportError as exc:
        raise ScreenshotsRefused(str(exc)) from None


@contextlib.contextmanager
def _home(folder: Path):
    old = os.environ.get("HOME")
    os.environ["HOME"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = old


def _check_free(out_dir: Path, names: list[str], force: bool) -> None:
    links = [name for name in names if (out_dir / name).is_symlink()]
    taken = [name for name in dict.fromkeys(names) if (out_dir / name).exists() and name not in links]
    if links:
        raise ScreenshotsRefused(f"{out_dir / links[0]} is a symbolic link; remove it (links are never followed, "
                                 "nothing was written)")
    if taken and not force:
        raise ScreenshotsRefused(f"{len(taken)} file{'s' if len(taken) != 1 else ''} already exist in {out_dir} "
                                 f"({', '.join(taken[:3])}{'…' if len(taken) > 3 else ''}); add --force to "
                                 "replace them, or give another folder (nothing was written)")
