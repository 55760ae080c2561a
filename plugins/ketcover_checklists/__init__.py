"""Built-in checklists, shipped as a plugin like any third-party one.

It is registered through the ``ketcover`` entry-point group in ketcover's own
pyproject.toml (``checklists = "ketcover_checklists"``), so it can be disabled
with ``KETCOVER_LOAD_PLUGINS`` and fails in isolation like any other plugin.
Every fact comes from the ketcover reference notes (see ``data.py``).
"""

from __future__ import annotations

from ketcover_tui.hookspecs import hookimpl

from .data import CHECKLISTS


@hookimpl
def register_checklists(register):
    for checklist in CHECKLISTS:
        register(checklist)


@hookimpl
def register_call_scripts(register):
    from .call_scripts import CALL_SCRIPTS

    for script in CALL_SCRIPTS:
        register(script)
