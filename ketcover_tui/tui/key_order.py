"""Keys and pastes reach the widget that has focus once every earlier key has taken effect.

Textual's App hands each key to the focused widget's queue as soon as it reads
it. A Tab is acted on only after it has travelled up from that widget to the
App, so the keys typed right after it (a burst from tmux, a slow SSH link, a
fast typist) are already queued on the old field: "Alice Example1990-01-01OR".

Here the App holds each key until the one before it has settled. After handing
a key (or a paste) on, it sends a marker message along the same path: the
focused widget, each parent, the screen, the App. Queues are first in, first
out, so when the marker arrives the key has been handled everywhere it went,
and anything it scheduled on the App (a focus change, a pushed screen) has run.
If focus moved meanwhile, or the new focus or screen still has messages queued
(a form's Submitted, a tab being shown, a screen still mounting), another marker goes round. Only
then is the next key delivered. A marker lost with its widget (a closed dialog)
is covered by a short timer, so keys are never stuck.
"""

from __future__ import annotations

import time
from collections import deque

from textual import events
from textual.message import Message
from textual.widgets import Input

MAX_ROUNDS = 1000  # markers per key before giving up waiting (never reached in practice)
MAX_WAIT_S = 20.0  # nor does a key wait longer than this for the one before it (a loaded host)
STUCK_AFTER_S = 15.0  # a marker not back by then was lost; on a busy shared host mounting a
# form can keep the App from reading its queue for seconds, and giving up early sent the
# first typed letter to the old screen (markers lost with a closed widget are resent at once)


class KeySettled(Message, bubble=True):
    """Travels the focus path behind a key; back at the App, the key has taken effect."""

    def __init__(self, turn: int):
        super().__init__()
        self.turn = turn


def one_line_paste(text: str) -> str:
    """A paste into a one-line field: line breaks and tabs become spaces (a trailing line break goes)."""
    return text.rstrip("\r\n").replace("\r\n", " ").translate(_BREAKS_TO_SPACES)


_BREAKS_TO_SPACES = str.maketrans({"\r": " ", "\n": " ", "\t": " ", "\v": " ", "\f": " "})


class KeysInOrder:
    """Mixin for the App (before ``App`` in the bases): one key in flight at a time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_input: deque[events.Event] = deque()
        self._turn = 0
        self._in_flight = False
        self._rounds = 0
        self._round_target = None
        self._sent_at = self._delivered_at = 0.0
        self._unstick_armed = False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._check_marker()
            self._held_input.append(event)
            if self._in_flight:
                if not self._unstick_armed:
                    self._unstick_armed = True
                    self.set_timer(0.25, self._unstick)
                return
            await self._release()
            return
        await super().on_event(event)

    async def _deliver(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and isinstance(self.focused, Input):
            event = events.Paste(one_line_paste(event.text))
        self._turn += 1
        self._in_flight, self._rounds, self._delivered_at = True, 0, time.monotonic()
        await super().on_event(event)
        self._send_marker()

    def _send_marker(self) -> None:
        if not self.screen_stack:  # the app is closing: nothing to wait for
            self._in_flight = False
            return
        target = self.focused or self.screen
        self._round_target, self._sent_at = target, time.monotonic()
        self._rounds += 1
        if not target.post_message(KeySettled(self._turn)):
            self._in_flight = False
            self.call_later(self._release)

    def _queued(self, target) -> bool:
        """Whether the last key may still move focus: it moved, or something is still queued."""
        screen = self.screen
        if target is not self._round_target or not screen.is_mounted or not self._message_queue.empty():
            return True
        return any(not node._message_queue.empty() or node._next_callbacks
                   for node in screen.walk_children(with_self=True))

    def _refresh_pending(self) -> bool:
        """Nothing has focus and a layout is still to be done: a tab just shown gets its Show event
        (and gives a widget focus) only then. While a field keeps focus, typing never waits for it."""
        screen = self.screen
        return self.focused is None and bool(screen._layout_required or screen._recompose_required
                                             or screen._callbacks)

    async def on_key_settled(self, message: KeySettled) -> None:
        if message.turn != self._turn or not self._in_flight:
            return
        if not self.screen_stack:  # the app is closing
            self._in_flight = False
            return
        if self._rounds < MAX_ROUNDS and time.monotonic() - self._delivered_at < MAX_WAIT_S:
            if self._queued(self.focused or self.screen):
                self._send_marker()
                return
            if self._refresh_pending():
                self.call_after_refresh(self._send_marker)
                return
        self._in_flight = False
        await self._release()

    async def _release(self) -> None:
        """Deliver held keys, one at a time: each waits for the one before it."""
        if self._held_input and not self._in_flight:
            await self._deliver(self._held_input.popleft())

    def _check_marker(self) -> None:
        """A marker whose widget closed before passing it on (a dialog dismissed) goes round again
        from the new focus; one that never comes back stops holding keys."""
        if not self._in_flight:
            return
        target = self._round_target
        if target is None or not target.is_attached or target._closing or target._closed:
            self._send_marker()
        elif time.monotonic() - self._sent_at > STUCK_AFTER_S:
            self._in_flight = False

    async def _unstick(self) -> None:
        self._check_marker()
        await self._release()
        self._unstick_armed = bool(self._held_input)
        if self._unstick_armed:
            self.set_timer(0.25, self._unstick)
