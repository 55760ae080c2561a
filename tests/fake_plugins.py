"""Fake installed plugin distributions, found by importlib.metadata like pip-installed ones."""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

PREFIX = "kcfake_"  # every fake module and distribution name starts with this


def forget_fake_modules() -> None:
    for name in [m for m in sys.modules if m.startswith(PREFIX)]:
        del sys.modules[name]


def install(site: Path, dist: str, module_source: str | None, *, name: str | None = None,
            version: str = "1.0", module: str | None = None) -> str:
    """Write one fake distribution declaring entry point ``name = module``; return the module name.

    With ``module_source=None`` no module file is written (the module is found elsewhere on sys.path).
    """
    module = module or f"{PREFIX}{dist}"
    name = name or dist
    info = site / f"{PREFIX}{dist}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {PREFIX}{dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[ketcover]\n{name} = {module}\n")
    if module_source is not None:
        (site / f"{module}.py").write_text(textwrap.dedent(module_source))
    importlib.invalidate_caches()
    return module


def checklist_source(checklist_id: str, extra: str = "") -> str:
    return f"""
        from ketcover_tui.domain.checklists import Checklist, ChecklistItem
        from ketcover_tui.hookspecs import hookimpl

        @hookimpl
        def register_checklists(register):
            register(Checklist(id={checklist_id!r}, title="T",
                               items=(ChecklistItem(id="a", text="A", help="h", source="s", as_of="2026-01-01"),)))
            {extra}
    """
