"""Waiting for a slow plugin call (a letter being built): a small dialog with progress, esc cancels.

``wait_for(app, job, doing, done)`` follows a ``PluginJob`` and calls
``done(job)`` on the UI thread once it is over. A call that finishes quickly
never shows the dialog; a slow one shows it until it finishes, is cancelled
(esc) or is given up on at its limit.
"""

from __future__ import annotations

import asyncio
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen

from ..literal import Static, keys_hint
from ..plugin_jobs import SHOW_AFTER, follow


class PluginWaitScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="plugin_wait.cancel")]

    def __init__(self, job, doing: str):
        super().__init__()
        self.job, self.doing = job, doing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="plugin-wait"):
            yield Static(Text(self.doing), classes="dialog-title")
            yield Static("", id="plugin-wait-progress")
            yield Static(keys_hint(("esc", "Cancel")), classes="dialog-keys")

    def show(self, text: str) -> None:
        self.query_one("#plugin-wait-progress", Static).update(Text(text))

    def action_cancel(self) -> None:
        self.job.cancel()


def wait_for(app, job, doing: str, done: Callable[[object], None]) -> None:
    """Follow ``job`` off the UI thread; ``done(job)`` runs on it when the job is over."""

    async def watch() -> None:
        while not job.over and job.elapsed < SHOW_AFTER:
            await asyncio.sleep(0.01)
        if not job.over:
            screen = PluginWaitScreen(job, doing)
            await app.push_screen(screen)
            await follow(job, screen.show, doing)
            if app.screen is screen:
                app.pop_screen()
        done(job)

    app.run_worker(watch(), group="plugin-wait", exclusive=False)
