"""Reading the user's keymap (``keymap.toml`` in the user's config folder) and applying it.

Runs after the first paint and costs nothing when there is no keymap file: the
list of every screen's bindings is gathered (importing each screen module) only
to check a file that exists.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
from pathlib import Path

from ..domain import keymap as km


def keymap_path() -> Path:
    """$KETCOVER_KEYMAP, else keymap.toml in the platform's user config folder (~/.config/ketcover)."""
    if env := os.environ.get("KETCOVER_KEYMAP"):
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("ketcover", appauthor=False) / km.FILE_NAME


def binding_scopes(app_class) -> list[tuple[str, dict[str, str]]]:
    """(class name, {binding id: keys}) for every screen and widget of the app, the app's own keys in each."""
    from textual.dom import DOMNode

    from . import screens, widgets

    classes = {app_class}
    for package in (screens, widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            classes |= {obj for _, obj in inspect.getmembers(module, inspect.isclass)
                        if issubclass(obj, DOMNode) and obj.__module__.startswith("ketcover_tui")}
    from .screens.case_view import CaseScreen

    def ids_of(*owners) -> dict[str, str]:
        ids: dict[str, str] = {}
        for owner in owners:
            for key, found in owner._merge_bindings().key_to_bindings.items():
                for binding in found:
                    if binding.id:
                        ids[binding.id] = ",".join(filter(None, (ids.get(binding.id), key)))
        return ids

    # Keys of the app work on every screen; a case tab's keys share the screen with the case's own.
    scopes = [(cls.__name__, ids_of(app_class, cls)) for cls in sorted(classes, key=lambda c: c.__name__)]
    panes = [cls for cls in classes if cls.__name__.endswith(("Pane", "Panel")) and cls.__name__ != "DuePanel"]
    scopes += [(f"a case's {cls.__name__}", ids_of(app_class, CaseScreen, cls))
               for cls in sorted(panes, key=lambda c: c.__name__)]
    return [(where, ids) for where, ids in scopes if ids]


def read_keymap(app) -> km.KeymapCheck | None:
    """The keymap to apply and its problems; None when there is no keymap file."""
    from ..store.atomic import UnreadableFile, read_limited

    path = keymap_path()
    try:
        data = read_limited(path, km.SIZE_LIMIT)
        if data is None:
            return None
        text = data.decode("utf-8")
    except (UnreadableFile, OSError, UnicodeDecodeError) as exc:
        return km.KeymapCheck(problems=[f"{path} could not be read ({exc}); no key was changed"])
    pairs, problems = km.parse(text)
    result = km.check(pairs, binding_scopes(type(app)), normalize=lambda keys: ",".join(
        app._normalize_keymap({"k": keys})["k"].split(",")))
    result.problems[:0] = problems
    return result
