"""Deliver many keys to a running app at once, as a fast typist, a paste or a slow SSH link does.

Pilot's ``press`` waits for the app to go idle after every key, which hides
ordering bugs. ``burst`` hands the whole sequence to the driver before the app
has processed any of it.
"""

from __future__ import annotations

import unicodedata

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key


def key_event(key: str) -> events.Key:
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def typed(*parts: str) -> list[str]:
    """Keys from text parts and key names: typed("Ana", "tab", "OR") -> A n a tab O R."""
    keys: list[str] = []
    for part in parts:
        keys += [part] if part in {"tab", "shift+tab", "enter", "escape", "ctrl+s", "space", "down", "up",
                                    "backspace", "ctrl+n"} else list(part)
    return keys


def burst(app: App, *parts: str) -> None:
    """Queue every key at once; nothing is processed until the caller awaits."""
    for key in typed(*parts):
        event = key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)


async def settle(pilot, rounds: int = 30) -> None:
    for _ in range(rounds):
        await pilot.pause()
