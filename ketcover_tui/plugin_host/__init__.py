"""Load ketcover plugins from entry points, safely, collect what they contribute, and run their code.

Nothing happens at import time: plugins are discovered and imported only when
``PluginHost.load()`` (or a collecting method such as ``checklists()``) is
called. A plugin that fails to import, to register or inside a hook is
recorded and skipped (only what failed is dropped); every other plugin keeps
working. Every call of a plugin's code runs on a daemon thread with a time
limit (``jobs.py``), so a slow or hung plugin never freezes the app or keeps it
from quitting. Set ``KETCOVER_STRICT_PLUGINS=1`` to re-raise plugin errors
instead (plugin authors, CI). ``KETCOVER_LOAD_PLUGINS`` chooses which plugins
load: unset = all, empty = none, ``a,b`` = only those.

This package must not import Textual (the CLI and plugin tests use it).

- ``host.py``: loading and collecting; ``running.py``: running plugin code;
- ``jobs.py``: calls with a time limit; ``records.py``: what is known of each plugin;
- ``checks.py``, ``probe.py``, ``samples.py``: ``ketcover plugins --check`` and the test helpers.
"""

from .host import (  # noqa: F401
    DISABLED,
    ENTRY_POINT_GROUP,
    ENV_LOAD_PLUGINS,
    ENV_STRICT_PLUGINS,
    FAILED,
    OK,
    OWN_DISTRIBUTION,
    PluginHost,
)
from .jobs import ENV_PLUGIN_TIMEOUT, LIMITS, CallTimedOut, JobCancelled, PluginJob  # noqa: F401
from .records import RUN_FAILED, PluginRecord, Problem, RunFailure  # noqa: F401
from .running import ExportFailed, PluginRunFailed  # noqa: F401
