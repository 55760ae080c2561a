"""docs/plugins.md: its example plugin, taken out of the guide, passes its own tests and works in the app.

The fresh-virtualenv half (install with `ketcover install`, `plugins --check`,
the CLI) is in test_plugin_distributions.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from textual.widgets import Input, OptionList

from fake_plugins import install
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.testing import sample_case
from ketcover_tui.tui.app import KetcoverApp
from plugin_guide import GUIDE, MODULE, NAME, guide_files, write_guide_plugin

SIZE = (80, 24)
HOOKS = ("register_checklists", "register_call_scripts", "register_funding_sources", "register_letter_templates",
         "register_exporters")


def test_the_guide_has_a_chapter_and_a_whole_file_per_hook():
    text = GUIDE.read_text(encoding="utf-8")
    chapters = re.findall(r"^## \d+\. (.+)$", text, re.M)
    assert chapters[1:6] == ["Checklists", "Call scripts", "Funding sources", "Letter templates", "Exporters"]
    files = guide_files()
    assert set(files) == {"pyproject.toml", f"{MODULE}/__init__.py", f"{MODULE}/checklist.py",
                          f"{MODULE}/call_script.py", f"{MODULE}/funding.py", f"{MODULE}/letter.py",
                          f"{MODULE}/html.py", "tests/test_hardship.py"}
    assert all(f"def {hook}(register):" in files[f"{MODULE}/__init__.py"] for hook in HOOKS)
    for needed in ("[build-system]", "[tool.setuptools]", "license", "ketcover>=0.1,<0.2", "entry-points.ketcover"):
        assert needed in files["pyproject.toml"]
    for said in ("git+https://", "pip install /path/to/ketcover", "pip wheel", "twine upload",
                 "ketcover plugins --check", "| `[missing: what]` |", "| `## Section` |", "KETCOVER_PLUGIN_API"):
        assert said in text, said


def test_the_guides_plugin_passes_its_own_tests(tmp_path):
    root = write_guide_plugin(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    env.pop("KETCOVER_LOAD_PLUGINS", None)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=root,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 passed" in result.stdout


async def test_the_guides_plugin_works_in_the_app(data_dir, site, tmp_path):
    from ketcover_tui.domain.vocab import Stage
    from ketcover_tui.tui.screens.call_form import CallFormScreen
    from ketcover_tui.tui.screens.document_export import DocumentExportScreen
    from ketcover_tui.tui.screens.funding_source import FundingSourceScreen
    from ketcover_tui.tui.screens.letter_screens import LetterScreen
    from ketcover_tui.tui.widgets.funding_result import FundingResultView

    shutil.copytree(write_guide_plugin(tmp_path) / MODULE, site / MODULE)
    install(site, "hardship", None, name=NAME, module=MODULE)
    store = CaseStore(data_dir)
    store.create(sample_case(stage=Stage.DENIED))
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": f"exporters,letters,{NAME}"}).load()
    app = KetcoverApp(store, plugin_host=host)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "2")  # the case; Checklists
        await pilot.pause()
        assert "Ask for hardship help" in screen_text(app)
        await pilot.press("6", "v")  # Calls; a guided call with the only script
        await pilot.pause()
        assert isinstance(app.screen, CallFormScreen)
        assert "Does Blue Cross Blue Shield of Massachusetts have a financial hardship program" in screen_text(app)
        app.pop_screen()
        await pilot.press("3", "enter")  # Funding; the only source
        await pilot.pause()
        assert isinstance(app.screen, FundingSourceScreen)
        app.screen.query_one("#field-discount", Input).value = "20"
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(FundingResultView).result.summary == (
            "With a 20% discount you pay $3,360.00: $280.00 a month for 12 months.")
        await pilot.press("escape", "9", "l", "end", "enter")  # Appeals; Letter; the last template, the plugin's
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        assert "[missing: household size and yearly income" in app.screen.text
        await open_letter_export(pilot)
        assert isinstance(app.screen, DocumentExportScreen)
        formats = app.screen.query_one("#doc-formats", OptionList)
        assert [formats.get_option_at_index(n).id for n in range(formats.option_count)][-1] == "html"
        formats.highlighted = formats.option_count - 1
        await pilot.pause()  # the dialog suggests a file name for the format; then we type ours
        app.screen.query_one("#doc-path", Input).value = "hardship.html"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    page = (data_dir / "exports" / "hardship.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>Request for a hardship discount</h1>" in page
    assert "Patient: Zoë Ørsted" in page


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("Static, Label, OptionList") if w.display)


async def open_letter_export(pilot):
    """ctrl+s in the letter editor; a letter not ready to send asks first: export a draft (y)."""
    from ketcover_tui.tui.screens.confirm import ConfirmScreen

    await pilot.press("ctrl+s")
    await pilot.pause()
    if isinstance(pilot.app.screen, ConfirmScreen):
        await pilot.press("y")
        await pilot.pause()
