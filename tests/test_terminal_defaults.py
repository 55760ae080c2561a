"""Animations default off over SSH and on a Linux console; a flag and an env var turn them back on."""

from __future__ import annotations

import pytest

from ketcover_tui.cli.app import wants_animation
from ketcover_tui.cli.main import build_parser
from ketcover_tui.store import CaseStore
from ketcover_tui.tui.app import KetcoverApp

SSH = {"SSH_CONNECTION": "192.0.2.7 51022 192.0.2.1 22", "TERM": "xterm-256color"}


@pytest.mark.parametrize(("argv", "environ", "animated"), [
    ([], {"TERM": "xterm-256color"}, True),
    ([], SSH, False),
    ([], {"TERM": "linux"}, False),
    (["--animation"], SSH, True),
    (["--animation"], {"TERM": "linux"}, True),
    ([], SSH | {"KETCOVER_ANIMATION": "1"}, True),
    ([], {"TERM": "xterm-256color", "KETCOVER_ANIMATION": "0"}, False),
    (["--no-animation"], {"TERM": "xterm-256color", "KETCOVER_ANIMATION": "1"}, False),
])
def test_animation_default_follows_the_link_and_can_be_chosen(argv, environ, animated):
    args = build_parser().parse_args(argv)
    assert wants_animation(args, environ) is animated


def test_animation_flags_exclude_each_other(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--animation", "--no-animation"])


def test_the_app_without_animation_sets_textual_level_none(data_dir):
    assert KetcoverApp(CaseStore(data_dir), animations=False).animation_level == "none"
    assert KetcoverApp(CaseStore(data_dir), animations=True).animation_level != "none"


def test_the_command_line_loads_no_plugin_machinery_before_the_app_opens():
    """`ketcover` builds its parser for every command: the plugin host and funding model wait until used."""
    import subprocess
    import sys

    code = ("import sys, ketcover_tui.cli.main as m; m.build_parser(); "
            "import ketcover_tui.tui.app; print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    for heavy in ("pluggy", "ketcover_tui.plugin_host", "ketcover_tui.domain.funding", "importlib.metadata",
                  "holidays", "fpdf", "fhir", "pyx12", "pypdf",
                  # what the case list does not need: case files (TinyDB), form widgets, the call log and plan model
                  "tinydb", "orjson", "textual.widgets._text_area", "textual.widgets._selection_list",
                  "ketcover_tui.domain.calls", "ketcover_tui.domain.benefits"):
        assert heavy not in loaded, heavy
