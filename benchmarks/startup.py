"""Start-up to a painted case list: ketcover with 5,000 cases vs a bare Textual DataTable app.

Goal: ketcover's time to the first painted case list <= 1.3x the bare app's time to
its first painted 50-row DataTable, and peak memory (ru_maxrss) <= 1.5x.

Each measurement is a fresh ``python3`` subprocess (so imports count), alternating
the two apps, all in one run. "Painted" is the moment the screen's compositor hands
a frame to ``App._display`` while the list says 5,000 cases and holds every row it shows (in headless mode
that frame is composed, including every visible row's ``render_line``, but not
written to a terminal). After that first frame the child lets the app run its
queued after-paint work (ketcover loads its plugins there), records that as
"settled", exits, and reports ``ru_maxrss``.

Run: python3 benchmarks/startup.py [--runs N] [--json FILE]
"""

import time

T0 = time.perf_counter()  # first statement run in a child: every import below counts

import json
import os
import sys

CASES = 5000
BARE_ROWS = 50
SIZE = (80, 24)
TIME_GOAL = 1.3
MEM_GOAL = 1.5


# --- children -------------------------------------------------------------------------

def _report(fd: int, payload: dict) -> None:
    os.write(fd, (json.dumps(payload) + "\n").encode())


def _run_until_painted(app, painted, fd: int, extra: dict) -> None:
    """Run ``app`` headless; note the first frame where ``painted()`` holds, then exit."""
    import resource

    state: dict = {}
    original_display = app._display

    def settled() -> None:
        state["settled"] = time.perf_counter() - T0
        app.exit()

    def display(screen, renderable) -> None:
        original_display(screen, renderable)
        if "paint" not in state and renderable is not None and painted():
            state["paint"] = time.perf_counter() - T0
            app.call_after_refresh(settled)

    app._display = display  # instance attribute: the screens call app._display(...)
    app.run(headless=True, size=SIZE)
    if "paint" not in state:
        raise SystemExit("the list was never painted")
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    _report(fd, {**extra, **state, "rss_kib": rss_kib, **_vm_hwm()})


def _vm_hwm() -> dict:
    """Linux only: this process's own peak RSS (VmHWM), a cross-check for ru_maxrss."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return {"hwm_kib": int(line.split()[1])}
    except OSError:
        pass
    return {}


def child_ketcover(data_dir: str, fd: int) -> None:
    from pathlib import Path

    from ketcover_tui.store import CaseStore
    from ketcover_tui.tui.app import KetcoverApp
    from ketcover_tui.tui.screens.home import HomeScreen
    from ketcover_tui.tui.widgets.case_table import CaseTable

    imported = time.perf_counter() - T0
    app = KetcoverApp(CaseStore(Path(data_dir)))

    def painted() -> bool:
        screen = app.screen
        if not isinstance(screen, HomeScreen):
            return False
        tables = screen.query(CaseTable)
        if not tables:
            return False
        table = tables.first()
        # The list says 5,000 cases and holds every row it shows (at first from the index's head,
        # the newest rows; the whole index is read just after this frame).
        return table.total == CASES and table.size.height > 0 and len(table.rows) >= min(CASES, table.size.height)

    _run_until_painted(app, painted, fd, {"imported": imported})


def child_bare(fd: int) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    imported = time.perf_counter() - T0
    insurers = ["Aetna", "Cigna", "UnitedHealthcare", "Humana", "Kaiser Permanente"]
    stages = ["Denied", "Appealing", "Prior authorization", "Covered", "Researching"]
    rows = [(f"Patient Number {n}", insurers[n % 5], "Commercial (fully insured)", stages[n % 5],
             f"2026-02-{n % 28 + 1:02d}") for n in range(BARE_ROWS)]

    class BareApp(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Patient", "Insurer", "Plan type", "Stage", "Updated")
            table.add_rows(rows)

    app = BareApp()

    def painted() -> bool:
        tables = app.screen.query(DataTable)
        return bool(tables) and tables.first().row_count == BARE_ROWS and tables.first().size.height > 0

    _run_until_painted(app, painted, fd, {"imported": imported})


# --- parent ---------------------------------------------------------------------------

def run_child(kind: str, data_dir: str | None, pycache_dir: str | None) -> dict:
    import subprocess

    from _common import clean_env

    args = [sys.executable, os.path.abspath(__file__), "--child", kind]
    if data_dir:
        args.append(data_dir)
    started = time.perf_counter()
    proc = subprocess.run(args, env=clean_env(pycache_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=180, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} child failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    result = json.loads(lines[-1])
    result["wall"] = wall
    return result


def alternate(runs: int, data_dir: str, pycache_dir: str | None, label: str) -> tuple[list[dict], list[dict]]:
    """``runs`` ketcover and ``runs`` bare children, alternating which goes first."""
    ket: list[dict] = []
    bare: list[dict] = []
    for n in range(runs):
        order = ("ketcover", "bare") if n % 2 == 0 else ("bare", "ketcover")
        for kind in order:
            if kind == "ketcover":
                ket.append(run_child("ketcover", data_dir, pycache_dir))
            else:
                bare.append(run_child("bare", None, pycache_dir))
        print(f"  {label} run {n + 1}/{runs}: ketcover paint {ket[-1]['paint'] * 1000:5.0f} ms "
              f"{ket[-1]['rss_kib'] / 1024:5.1f} MiB, bare paint {bare[-1]['paint'] * 1000:5.0f} ms "
              f"{bare[-1]['rss_kib'] / 1024:5.1f} MiB", flush=True)
    return ket, bare


def main(argv: list[str]) -> int:
    import argparse
    import shutil
    import subprocess
    import tempfile

    from _common import SHARED_ENV, clean_env, median, verdict

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="measured runs per app (default 11)")
    parser.add_argument("--info-runs", type=int, default=5,
                        help="runs per app without a bytecode cache, when PYTHONDONTWRITEBYTECODE is set "
                             "(info only; default 5; 0 = skip)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    print(f"startup: {CASES} cases (ketcover) vs {BARE_ROWS}-row DataTable (bare Textual), headless "
          f"{SIZE[0]}x{SIZE[1]}, fresh subprocess per run, {args.runs} runs each, alternating; "
          f"bytecode cached in a temp PYTHONPYCACHEPREFIX (as an installed app has its .pyc)", flush=True)
    # This parent never imports ketcover or Textual and builds no data itself: on Linux a child's
    # ru_maxrss starts from its parent's peak RSS (exec keeps it), so the parent must stay small.
    tmp = tempfile.mkdtemp(prefix="ketcover-bench-startup-")
    pycache = os.path.join(tmp, "pycache")
    try:
        shared = os.environ.get(SHARED_ENV)
        if shared and os.path.isdir(os.path.join(shared, "cases")):
            data_dir = shared  # only read: start-up with a fresh index writes nothing
        else:
            data_dir = os.path.join(tmp, "data")
            started = time.perf_counter()
            subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "_common.py"),
                            "build", data_dir, str(CASES)], env=clean_env(), check=True)
            print(f"  (generated {CASES} demo cases in {time.perf_counter() - started:.1f} s)", flush=True)
        # One discarded pair first: fills the bytecode cache and warms the page cache.
        run_child("ketcover", data_dir, pycache)
        run_child("bare", None, pycache)
        ket, bare = alternate(args.runs, data_dir, pycache, "measured")
        info: list[tuple[str, list[dict], list[dict]]] = []
        if args.info_runs > 0 and os.environ.get("PYTHONDONTWRITEBYTECODE"):
            k2, b2 = alternate(args.info_runs, data_dir, None, "no-bytecode-cache")
            info.append(("no bytecode cache, as inherited (PYTHONDONTWRITEBYTECODE is set, so ketcover's "
                         "own modules compile from source at every start)", k2, b2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def med(rows: list[dict], key: str) -> float:
        return median([r[key] for r in rows])

    k_paint, b_paint = med(ket, "paint"), med(bare, "paint")
    k_mem, b_mem = med(ket, "rss_kib") / 1024, med(bare, "rss_kib") / 1024
    time_ratio = k_paint / b_paint
    paired = median([k["paint"] / b["paint"] for k, b in zip(ket, bare)])
    mem_ratio = k_mem / b_mem

    print()
    print(f"{'median of ' + str(args.runs) + ' runs each':30} {'ketcover':>9} {'bare':>9} {'ratio':>7}")
    for label, key in (("imports done (ms)", "imported"), ("first paint of list (ms)", "paint"),
                       ("paint minus imports (ms)", None), ("settled after paint (ms)", "settled"),
                       ("process wall incl. exit (ms)", "wall")):
        if key is None:
            k = median([r["paint"] - r["imported"] for r in ket]) * 1000
            b = median([r["paint"] - r["imported"] for r in bare]) * 1000
        else:
            k, b = med(ket, key) * 1000, med(bare, key) * 1000
        print(f"{label:30} {k:9.0f} {b:9.0f} {k / b:7.2f}")
    print(f"{'peak RSS, ru_maxrss (MiB)':30} {k_mem:9.1f} {b_mem:9.1f} {mem_ratio:7.2f}")
    if all("hwm_kib" in r for r in ket + bare):
        k_hwm, b_hwm = med(ket, "hwm_kib") / 1024, med(bare, "hwm_kib") / 1024
        print(f"{'  cross-check: VmHWM (MiB)':30} {k_hwm:9.1f} {b_hwm:9.1f} {k_hwm / b_hwm:7.2f}")
    print(f"median of the {len(ket)} paired paint ratios: {paired:.2f}")
    for label, k_rows, b_rows in info:
        k, versus = med(k_rows, "paint"), med(b_rows, "paint")
        print(f"info, {label}: ketcover paint median {k * 1000:.0f} ms vs bare {versus * 1000:.0f} ms "
              f"= {k / versus:.2f}x, n={len(k_rows)} each")
    print()
    print(f"RESULT startup: first paint {k_paint * 1000:.0f} ms vs {b_paint * 1000:.0f} ms = {time_ratio:.2f}x "
          f"(goal <= {TIME_GOAL}x) {verdict(time_ratio, TIME_GOAL)}; peak memory {k_mem:.1f} vs "
          f"{b_mem:.1f} MiB = {mem_ratio:.2f}x (goal <= {MEM_GOAL}x) {verdict(mem_ratio, MEM_GOAL)}")

    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "startup", "metrics": [
                {"goal": f"start-up to painted list (5,000 cases) vs bare 50-row DataTable <= {TIME_GOAL}x",
                 "shown": f"{time_ratio:.2f}x ({k_paint * 1000:.0f} vs {b_paint * 1000:.0f} ms)",
                 "value": time_ratio, "pass": time_ratio <= TIME_GOAL},
                {"goal": f"start-up peak memory (ru_maxrss) vs bare <= {MEM_GOAL}x",
                 "shown": f"{mem_ratio:.2f}x ({k_mem:.1f} vs {b_mem:.1f} MiB)",
                 "value": mem_ratio, "pass": mem_ratio <= MEM_GOAL},
            ]}, handle)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        result_fd = os.dup(1)  # Textual may redirect sys.stdout while the app runs
        if sys.argv[2] == "ketcover":
            child_ketcover(sys.argv[3], result_fd)
        else:
            child_bare(result_fd)
        sys.exit(0)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main(sys.argv[1:]))
