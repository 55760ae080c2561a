"""An executor whose work runs on daemon threads, so nothing the app waits for holds ctrl+q up.

Textual runs ``@work(thread=True)`` workers on the event loop's default
executor. The standard one joins its threads when the loop closes and again
when Python exits, so a worker stuck in slow code (a plugin's exporter, a
network call) kept the process alive long after the screen was gone. Work on
a daemon thread is simply dropped at exit; everything the user saved is
already on disk (every change is written the moment it is made).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor


class DaemonThreadExecutor(ThreadPoolExecutor):
    """One daemon thread per task; ``shutdown`` waits for nothing (asyncio accepts only a ThreadPoolExecutor)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits the future
                future.set_exception(exc)

        threading.Thread(target=run, name="ketcover worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None
