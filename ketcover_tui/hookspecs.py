"""The ketcover plugin contract: every hook a plugin can implement.

A plugin is any importable object (usually a module) published under the
entry-point group ``ketcover``::

    [project.entry-points.ketcover]
    myplugin = "my_package"

and implementing one or more of the hooks below with ``@hookimpl``::

    from ketcover_tui.hookspecs import hookimpl

    @hookimpl
    def register_checklists(register):
        register(my_checklist)

Hooks receive a ``register`` callback rather than returning values, so one
plugin can contribute several things and the host can tell exactly which
plugin contributed what (and drop only a broken plugin's share).

Plugins contribute data and pure functions only. They must never import
Textual: the same plugin runs in the TUI, in the CLI and in tests. This module
itself imports only pluggy.
"""

from __future__ import annotations

import pluggy

PROJECT_NAME = "ketcover"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def register_checklists(register):
    """Contribute checklists: call ``register(checklist)`` once per checklist.

    ``checklist`` must be a ``ketcover_tui.domain.checklists.Checklist``. Its
    ``plan_types`` and ``stages`` (``None`` = all) decide on which cases it is
    shown; each ``ChecklistItem`` should carry short ``help`` text, a
    ``source`` naming where the fact comes from, and an ``as_of`` date
    (YYYY-MM-DD) saying when that source was read, because codes, rates and
    rules change over time.

    Rules the host enforces (breaking one marks the plugin as failed and drops
    all checklists it contributed in this call; other plugins are unaffected):

    - the object passed to ``register`` is a ``Checklist`` whose items are
      ``ChecklistItem`` objects with ids unique within the checklist;
    - the checklist ``id`` is unique across all plugins (a tick on a case is
      saved under ``"<checklist id>/<item id>"``, so ids must stay stable
      between releases of your plugin too);
    - the hook does not raise.

    You do not need to set ``Checklist.plugin``: the host fills it in with
    your entry-point name. The hook is called once per plugin host (normally
    once per process), when checklists are first needed; do not do slow work
    (network, disk) in it.
    """
