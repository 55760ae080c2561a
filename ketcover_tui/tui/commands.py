"""Command palette (ctrl+p): every action of the screen it was opened on, with its key, and 'Open case'.

The actions come from the screen's own bindings (and the app's), so the
palette lists exactly what the keys do, with the keys the user's keymap gave
them. A screen can add actions of parts not focused now through
``palette_actions()`` (the case screen adds every tab's, e.g. the call log's
export or the Appeals tab's letters and packet).
"""

from __future__ import annotations

from functools import partial
from typing import Callable, NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .literal import highlighted, shown
# Movement keys every list has: not actions worth a line in the palette.
MOVEMENT = {"cursor(-1)", "cursor(1)", "page(-1)", "page(1)", "jump(0)", "jump(-1)", "move(-1)", "move(1)",
            "scroll_left", "scroll_right", "page_left", "page_right", "scroll_home", "scroll_end",
            "command_palette", "cursor_up", "cursor_down", "first", "last", "page_up", "page_down",
            "scroll_up", "scroll_down"}


class PaletteAction(NamedTuple):
    title: str  # what the palette shows and matches: 'Export the call log (x)'
    help: str
    callback: Callable[[], object]


def key_of(app, binding) -> str:
    return app.get_key_display(binding)


def binding_actions(screen) -> list[PaletteAction]:
    """The screen's active bindings (the focused widget's, the screen's, the app's), one per action."""
    app = screen.app
    found, seen = [], set()
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        # Ours all have ids (the keymap needs them); Textual's own (tab, ctrl+c) are not screen actions.
        if not binding.id or not binding.description or binding.action in MOVEMENT or binding.id in seen:
            continue
        seen.add(binding.id)
        where = "anywhere" if node is app else f"here ({binding.id})"
        found.append(PaletteAction(f"{binding.description} ({key_of(app, binding)})", where,
                                   partial(app.call_later, app.run_action, binding.action, node)))
    return found


def bound_key(app, binding) -> str:
    """The key of a binding as the user's keymap has it."""
    if binding.id and (keys := app._keymap.get(binding.id)):
        binding = binding.with_key(key=keys.split(",")[0], key_display=None)
    return key_of(app, binding)


def part_actions(app, part, where: str, activate: Callable[[], None]) -> list[PaletteAction]:
    """Every action of ``part`` and the widgets inside it, run after ``activate`` shows it (a tab, say)."""
    found = []
    for node in [part, *part.walk_children()]:
        if not type(node).__module__.startswith("ketcover_tui"):
            continue
        for bindings in node._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.description or binding.action in MOVEMENT:
                    continue

                def run(node=node, action=binding.action) -> None:
                    activate()
                    if node.focusable:
                        node.focus()
                    app.call_after_refresh(app.call_later, app.run_action, action, node)

                found.append(PaletteAction(f"{where}: {binding.description} ({bound_key(app, binding)})",
                                           f"on the {where} tab ({binding.id})", run))
    return found


def screen_actions(screen) -> list[PaletteAction]:
    actions = binding_actions(screen)
    if hasattr(screen, "palette_actions"):
        shown = {a.title for a in actions}
        actions += [a for a in screen.palette_actions() if a.title not in shown]
    return actions


def maximize_makes_sense(screen) -> bool:
    """Maximize (Textual's) on what it would pick: only parts that stand on their own when alone on the
    screen (the Due panel, a case's tabs); a bare list or field without its heading does not."""
    focused = screen.focused
    if focused is None or not focused.allow_maximize:
        return False
    target = next((w for w in focused.ancestors if getattr(w, "allow_maximize", False)), focused)
    return bool(getattr(target, "MAXIMIZE_ALONE", False))


class KetcoverCommands(Provider):
    def _actions(self) -> list[PaletteAction]:
        return screen_actions(self.screen)

    async def discover(self) -> Hits:
        for action in self._actions():
            yield DiscoveryHit(action.title, action.callback, help=action.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for action in self._actions():
            if (score := matcher.match(action.title)) > 0:
                yield Hit(score, highlighted(matcher, action.title), action.callback, help=action.help)
        listed = 0
        for summary in self.app.case_summaries():
            label = f"Open case: {summary.patient}"
            if (score := matcher.match(label)) > 0:
                yield Hit(score, highlighted(matcher, label), partial(self.app.open_case, summary.id),
                          help=shown(f"{summary.insurer or 'no insurer'} · {summary.stage}"))
                listed += 1
                if listed >= 50:
                    break
