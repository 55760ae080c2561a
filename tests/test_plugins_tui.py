"""Plugins in the app, driven through Textual's Pilot at 80×24: slow calls, failures, plugin formats.

A slow plugin runs off the UI thread with a progress line, esc cancels it and
ketcover gives up on it after its limit; what went wrong is said exactly on
the Plugins screen; the letter export offers plugin exporters.
"""

from __future__ import annotations

import re
import time

import pytest
from textual.widgets import OptionList

from fake_plugins import install
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.testing import sample_case
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.funding_source import FundingSourceScreen
from ketcover_tui.tui.widgets.funding_result import FundingResultView

from test_plugin_timeouts import slow_plugin

SIZE = (80, 24)


def make_app(data_dir, plugins: str, **env):
    store = CaseStore(data_dir)
    saved = store.create(sample_case())
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": plugins, **env}).load()
    return KetcoverApp(store, plugin_host=host), saved.id


async def open_only_source(pilot) -> FundingSourceScreen:
    await pilot.pause()
    await pilot.press("enter", "3")  # the only case; its Funding tab
    await pilot.pause()
    await pilot.press("enter")  # the first (and only) source
    await pilot.pause()
    assert isinstance(pilot.app.screen, FundingSourceScreen)
    return pilot.app.screen


def status(app) -> str:
    return str(app.screen.query_one("#funding-status").render())


def seconds(progress: str) -> int:
    found = re.search(r"… (\d+) s · esc cancels", progress)
    return int(found.group(1)) if found else -1


async def until(pilot, condition, timeout: float = 5) -> None:
    """Let the app run until ``condition()`` holds (a slow CI machine gets its time)."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "the app never got there"
        await pilot.pause(0.05)


@pytest.mark.parametrize("network", [False, True])
async def test_a_slow_run_shows_progress_keeps_the_app_responsive_and_esc_cancels_it(data_dir, site, network):
    install(site, "slow", slow_plugin(30, network=network))
    app, case_id = make_app(data_dir, "slow")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_only_source(pilot)
        started = time.monotonic()
        await pilot.press("ctrl+r")
        # It used to block here for 30 s (uses_network=False); a frame may be held up to 1 s while the key settles.
        assert time.monotonic() - started < 2
        await pilot.pause(0.5)
        doing = ("Searching" if network else "Running") + " Slow lender"
        assert re.search(doing + r"… (\d+) s · esc cancels · gives up after 15 s", status(app)), status(app)
        assert "Slow lender…" in app.screen.query_one(FundingResultView).message
        await until(pilot, lambda: seconds(status(app)) >= 1)  # the line keeps counting: the UI is drawing
        assert [b.binding.description for b in app.active_bindings.values() if b.binding.key == "escape"] == [
            "Cancel"]
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen  # esc cancelled the run; it did not leave the screen
        assert status(app).startswith("Cancelled: nothing changed, and what you typed is kept.")
        assert time.monotonic() - started < 3
        [record] = app.plugin_host.plugins()
        assert record.run_failures == []  # cancelling is not the plugin's fault
        await pilot.press("escape")  # now esc goes back
        await pilot.pause()
        assert app.screen is not screen


async def test_ketcover_gives_up_on_a_run_that_takes_too_long(data_dir, site):
    install(site, "slow", slow_plugin(30))
    app, _ = make_app(data_dir, "slow", KETCOVER_PLUGIN_TIMEOUT="1")
    async with app.run_test(size=SIZE) as pilot:
        await open_only_source(pilot)
        started = time.monotonic()
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert 0.9 < time.monotonic() - started < 3
        message = app.screen.query_one(FundingResultView).message
        assert "took longer than 1 s, so ketcover gave up on it" in message and "Other sources still work" in message
        assert "The plugin failed" in status(app)
        [record] = app.plugin_host.plugins()
        assert record.state == "run failed" and record.run_failures[0].what == "funding source 'slow'"


# --- letters: built off the UI thread; exported in plugin formats --------------------------

HTML_EXPORTER = """
    from ketcover_tui.documents import Exporter, Paragraph
    from ketcover_tui.hookspecs import hookimpl

    def render(document):
        paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph)]
        return ("<h1>" + document.title + "</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)).encode()

    @hookimpl
    def register_exporters(register):
        register(Exporter("html", "HTML", "html", render, "A web page"))
"""


async def open_letters(pilot) -> None:
    await pilot.pause()
    await pilot.press("enter", "9", "l")  # the case, its Appeals tab, Letter
    await pilot.pause()


async def test_a_slow_letter_shows_progress_and_esc_cancels_it(data_dir, site):
    from ketcover_tui.tui.screens.letter_screens import LetterScreen
    from ketcover_tui.tui.screens.plugin_wait import PluginWaitScreen

    install(site, "slow", slow_plugin(30))
    app, _ = make_app(data_dir, "slow")
    async with app.run_test(size=SIZE) as pilot:
        await open_letters(pilot)
        started = time.monotonic()
        await pilot.press("enter")  # the slow letter, the only template
        await until(pilot, lambda: isinstance(app.screen, PluginWaitScreen))
        await until(pilot, lambda: "esc cancels" in str(app.screen.query_one("#plugin-wait-progress").render()))
        assert re.search(r"Writing the slow letter… \d+ s · esc cancels · gives up after 20 s",
                         str(app.screen.query_one("#plugin-wait-progress").render()))
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert time.monotonic() - started < 3
        assert not isinstance(app.screen, (PluginWaitScreen, LetterScreen))
        assert not app._notifications  # cancelled: nothing to report
        assert app.plugin_host.plugins()[0].run_failures == []


async def test_a_letter_that_takes_too_long_is_given_up_on(data_dir, site):
    install(site, "slow", slow_plugin(30))
    app, _ = make_app(data_dir, "slow", KETCOVER_PLUGIN_TIMEOUT="1")
    async with app.run_test(size=SIZE) as pilot:
        await open_letters(pilot)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title == "No letter"]
        assert "the letter template 'slow-letter' (plugin 'slow') failed: it took longer than 1 s" in note.message


async def test_the_letter_export_offers_plugin_formats_and_writes_one(data_dir, site, tmp_path):
    from textual.widgets import Input

    from ketcover_tui.tui.screens.document_export import DocumentExportScreen

    install(site, "web", HTML_EXPORTER)
    app, _ = make_app(data_dir, "exporters,letters,web")
    async with app.run_test(size=SIZE) as pilot:
        await open_letters(pilot)
        await pilot.press("enter")  # the letter of medical necessity, first
        await app.workers.wait_for_complete()
        await pilot.pause()
        await open_letter_export(pilot)
        assert isinstance(app.screen, DocumentExportScreen)
        formats = app.screen.query_one("#doc-formats", OptionList)
        ids = [formats.get_option_at_index(n).id for n in range(formats.option_count)]
        assert ids == ["pdf", "docx", "md", "txt", "html"]  # the plugin's format; not the tabular csv and json
        await pilot.press("down", "down", "down", "down")
        app.screen.query_one("#doc-path", Input).value = "letter.html"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        page = (data_dir / "exports" / "letter.html").read_text()
        assert page.startswith("<h1>Letter of medical necessity</h1>") and "Zoë Ørsted" in page


async def test_a_slow_exporter_shows_progress_and_esc_cancels_without_writing(data_dir, site, tmp_path):
    from textual.widgets import Input

    from ketcover_tui.tui.screens.document_export import DocumentExportScreen
    from ketcover_tui.tui.screens.letter_screens import LetterScreen

    install(site, "slow", slow_plugin(30))
    app, _ = make_app(data_dir, "slow")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(LetterScreen(app.store.load(app.store.summaries()[0].id), app.plugin_host.letter_templates()[0],
                                     "# A letter\n\nDear reviewer,\n", "A letter"))
        await pilot.pause()
        await open_letter_export(pilot)
        dialog = app.screen
        assert isinstance(dialog, DocumentExportScreen)
        dialog.query_one("#doc-path", Input).value = "letter.txt"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "esc cancels" in str(dialog.query_one("#doc-status").render()))
        assert re.search(r"Exporting as Slow… \d+ s · esc cancels", str(dialog.query_one("#doc-status").render()))
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is dialog  # esc cancelled the export; a second esc closes the dialog
        assert str(dialog.query_one("#doc-status").render()) == "Cancelled: nothing was written."
        assert not (data_dir / "exports" / "letter.txt").exists()


# --- the Plugins screen and the start-up notice say exactly what happened -------------------

async def test_the_plugins_screen_says_what_was_dropped_and_what_failed_since(data_dir, site):
    from ketcover_tui.tui.screens.plugins import PluginsScreen

    from test_plugin_checks import HALF_BROKEN

    install(site, "half", HALF_BROKEN + """
    from ketcover_tui.domain.funding import Category, FundingSource

    def run(values, context):
        raise ZeroDivisionError("division by zero")

    @hookimpl
    def register_funding_sources(register):
        register(FundingSource(id="half-source", title="Half source", category=Category.OTHER, run=run))
""")
    app, _ = make_app(data_dir, "half")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title == "Plugin failed"]
        # A short notice (the full account is on the plugins screen, below) that says where to look.
        assert note.message.startswith("Plugin 'half' (kcfake_half 1.0): it adds no checklists")
        assert note.message.endswith("Press p for details.")
        await open_only_source(pilot)
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        app.action_plugins()
        await pilot.pause()
        assert isinstance(app.screen, PluginsScreen)
        table = app.screen.query_one("#plugins-table")
        assert [str(cell) for cell in table.get_row("half")] == ["half", "1.0", "FAILED",
                                                                 "1 call script, 1 funding source"]
        assert [str(cell) for cell in table.get_row("checklists")][2:] == ["disabled", "—"]
        table.move_cursor(row=table.get_row_index("half"))
        await pilot.pause()
        detail = str(app.screen.query_one("#plugin-detail").render())
        assert "✗ It adds no checklists (register_checklists: ValueError: boom)." in detail
        assert "Run failures (1), latest last:" in detail
        assert "✗ funding source 'half-source' failed on " in detail and "ZeroDivisionError: division by zero" in detail


async def open_letter_export(pilot):
    """ctrl+s in the letter editor; a letter not ready to send asks first: export a draft (y)."""
    from ketcover_tui.tui.screens.confirm import ConfirmScreen

    await pilot.press("ctrl+s")
    await pilot.pause()
    if isinstance(pilot.app.screen, ConfirmScreen):
        await pilot.press("y")
        await pilot.pause()
