"""Following a plugin call from the app: a progress line, Cancel, and the outcome back on the UI thread.

The call itself runs on a daemon thread (``plugin_host.PluginJob``); a screen
awaits ``follow`` in an async worker, which only polls, so the UI keeps
drawing and reading keys, esc can cancel, and ctrl+q quits at once.
"""

from __future__ import annotations

import asyncio
from typing import Callable

SPINNER = "|/-\\"  # plain ASCII: draws on a TERM=linux console too
SHOW_AFTER = 0.15  # seconds; a quick call finishes without a flash of progress


def progress_text(job, doing: str) -> str:
    """'/ Running Slow lender… 3 s · esc cancels · gives up after 15 s'."""
    spin = SPINNER[int(job.elapsed * 8) % len(SPINNER)]
    return f"{spin} {doing}… {int(job.elapsed)} s · esc cancels · gives up after {job.limit:g} s"


async def follow(job, show: Callable[[str], None] | None = None, doing: str = "Working") -> None:
    """Wait for ``job`` without blocking the UI; ``show(progress text)`` every tenth of a second once it is slow."""
    while not job.over:
        slow = job.elapsed >= SHOW_AFTER
        if slow and show is not None:
            show(progress_text(job, doing))
        await asyncio.sleep(0.1 if slow else 0.01)
