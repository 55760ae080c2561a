"""Run in a child process by test_faults.py: the app saves a call while a real fault is in force.

Usage: python fault_child.py full-disk|read-only DATA_DIR CASE_ID

The fault is real, not mocked: ``full-disk`` caps the size of any file this
process may write (RLIMIT_FSIZE, so a write fails with EFBIG as on a full disk),
``read-only`` takes the write bit off the cases folder (the test runs this as a
non-root user, for whom that holds). After the first ctrl+s the fault is lifted
and ctrl+s pressed again: the typed call must then be saved. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import sys
from pathlib import Path


def main() -> None:
    fault, data, case_id = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.store import CaseStore
    from ketcover_tui.tui.app import KetcoverApp

    store = CaseStore(data)
    case_file = store.case_path(case_id)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def start() -> None:
        if fault == "full-disk":
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails (EFBIG) instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (case_file.stat().st_size - 1, hard))
        else:
            os.chmod(store.cases_dir, 0o500)

    def lift() -> None:
        if fault == "full-disk":
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        else:
            os.chmod(store.cases_dir, 0o700)

    async def drive() -> dict:
        app = KetcoverApp(store, plugin_host=PluginHost(env={"KETCOVER_LOAD_PLUGINS": ""}).load())
        result: dict = {}
        async with app.run_test(size=(100, 40)) as pilot:
            for key in ("enter", "6", "n"):
                await pilot.press(key)
                await pilot.pause()
            await pilot.press(*"1-800-555-0142", "tab", *"Claims")
            before = case_file.read_bytes()
            start()
            await pilot.press("ctrl+s")
            await pilot.pause()
            fields = app.screen.query("#number")
            result["first"] = {
                "screen": type(app.screen).__name__,
                "number": fields.first().value if fields else None,
                "messages": [n.message for n in app._notifications],
                "unchanged": case_file.read_bytes() == before,
            }
            lift()
            await pilot.press("ctrl+s")
            await pilot.pause()
            saved = store.load(case_id)
            result["second"] = {"screen": type(app.screen).__name__,
                                "calls": [(c.number, c.department) for c in saved.calls]}
        return result

    print(json.dumps(asyncio.run(drive())))


if __name__ == "__main__":
    main()
