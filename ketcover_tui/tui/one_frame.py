"""One frame per key that changes the screen: a tab switch or a new screen is written once, complete.

Switching a case tab takes several steps (focus leaves the old tab, the new pane
is shown, it takes focus, the footer follows), and Textual writes a frame after
each. Over SSH every frame costs bytes and time. While such a key is in flight
(``KeysInOrder`` knows when it has taken effect) the frames are held, and once it
has settled the screen is written in one go. A key typed into a field is never
held (its small update goes out at once), and nothing is held longer than
``HOLD_S``, so a slow step still shows progress.
"""

from __future__ import annotations

import time

from textual import events
from textual.widgets import Input

HOLD_S = 1.0


class OneFramePerKey:
    """Mixin for the App, before ``KeysInOrder`` in the bases."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._hold_until = 0.0
        self._held_frames = False
        self._after_key = False  # the key has settled; its layout may still be under way
        self._quiet_checks = 0

    async def _deliver(self, event: events.Event) -> None:
        focused = self.focused  # TextArea by name: importing it would slow the start-up
        typing = isinstance(focused, Input) or any(c.__name__ == "TextArea" for c in type(focused).__mro__)
        if isinstance(event, events.Key) and not typing and self.is_running:
            self._hold_until = time.monotonic() + HOLD_S
            self.set_timer(HOLD_S + 0.02, self._hold_expired)
        await super()._deliver(event)

    def _display(self, screen, renderable) -> None:
        if renderable is not None and (self._in_flight or self._after_key) and time.monotonic() < self._hold_until:
            self._held_frames = True  # repainted whole once the key has settled
            if type(renderable).__name__ == "LayoutUpdate":
                self._quiet_checks = 0  # a layout was done: what it moved may change again
            return
        if renderable is not None and self._held_frames:
            self._write_held()  # held too long: this partial frame is part of the whole one
            return
        super()._display(screen, renderable)

    async def _release(self) -> None:
        if not self._in_flight and not self._after_key and time.monotonic() < self._hold_until:
            self._after_key, self._quiet_checks = True, 0
            self._check_quiet()
        await super()._release()

    def _screen_settling(self) -> bool:
        """Layout, a recompose or messages still to come on the screen (an animation's repaints are not)."""
        screen = self.screen
        if screen._layout_required or screen._recompose_required or screen._callbacks:
            return True
        return any(not node._message_queue.empty() or node._next_callbacks
                   for node in screen.walk_children(with_self=True))

    def _check_quiet(self) -> None:
        """Write the held frame once the screen has been quiet for two checks a frame apart."""
        if self._in_flight:  # the next key is on its way: its release checks again
            self._after_key = False
            return
        if not self.screen_stack or time.monotonic() >= self._hold_until:
            self._write_held()
            return
        # Before any frame of this key was drawn, a repaint still waiting for the screen's timer is the
        # key's too (on a loaded machine both checks can run before that timer does).
        screen = self.screen
        waiting = not self._held_frames and bool(screen._dirty_widgets or screen._repaint_required)
        self._quiet_checks = 0 if waiting or self._screen_settling() else self._quiet_checks + 1
        if self._quiet_checks >= 2:
            self._write_held()
        else:
            self.set_timer(1 / 60, self._check_quiet)

    def _hold_expired(self) -> None:
        """A hold's time is up, unless a later key started a new one (its own timer ends it)."""
        if time.monotonic() >= self._hold_until:
            self._write_held()

    def _write_held(self) -> None:
        self._after_key = False
        if self._held_frames and self.screen_stack:
            self._held_frames = False
            self._hold_until = 0.0
            self.screen.refresh()
