"""Start-up in a real terminal: time until the first case rows are on screen, ketcover vs a bare DataTable app.

Goal: ketcover with 5,000 cases paints its first case rows within 1.3x the time a
bare Textual app takes to paint its 50-row DataTable.

Each run starts a fresh process on a pseudo-terminal sized 80x24 (TERM=xterm-256color),
as a user's shell would, and reads what it writes: the clock stops when a row of
the list is on the screen (a row ending in the "Updated" date, read from the
cursor moves and text the app wrote; see ``_pty.py``). Then ctrl+q quits. The two
apps alternate (which goes first alternates too), one discarded pair first warms
the bytecode cache (a temp ``PYTHONPYCACHEPREFIX``) and the page cache. Medians
with p10-p90, and the median of the paired ratios.

Run: python3 benchmarks/startup_terminal.py [--runs N] [--json FILE]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _common import SHARED_ENV, clean_env, median, quantile, verdict  # noqa: E402
from _pty import PtyApp  # noqa: E402

CASES = 5000
GOAL = 1.3
# A ketcover list row: some text, then the Updated date as its last column (a scrollbar may follow).
ROW = re.compile(r"\S.{20,}\d{4}-\d\d-\d\d[\s▁▂▃▄▅▆▇█▔▕▏▐▌▎▍▋▊▉]*$")


def rows_painted(screen) -> bool:
    """ketcover: a row ending in its Updated date; bare: its first row (its table is wider than 80)."""
    return any(ROW.search(line) or line.startswith(" Patient Number 0 ") for line in screen.text()[1:8])


def app_env(pycache: str, home: str) -> dict[str, str]:
    env = clean_env(pycache)
    env.update(TERM="xterm-256color", KETCOVER_HOME=home)
    for name in ("SSH_CONNECTION", "COLUMNS", "LINES", "KETCOVER_ANIMATION", "NO_COLOR"):
        env.pop(name, None)
    return env


def one_run(kind: str, data_dir: str, env: dict[str, str]) -> float:
    if kind == "ketcover":
        argv = [sys.executable, "-m", "ketcover_tui.cli", "--data-dir", data_dir]
    else:
        argv = [sys.executable, os.path.join(HERE, "_bare_apps.py"), "table"]
    app = PtyApp(argv, env)
    try:
        painted = app.read_until(rows_painted, timeout=120)
    finally:
        app.close()
    if painted is None:
        raise RuntimeError(f"{kind}: no list row appeared; the screen was:\n" + "\n".join(app.screen.text()))
    return painted


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="measured runs per app (default 11)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    print(f"startup_terminal: {CASES} cases (ketcover) vs 50-row DataTable (bare Textual), real pty 80x24, "
          f"{args.runs} alternating pairs, time until the first list row is on screen", flush=True)
    tmp = tempfile.mkdtemp(prefix="ketcover-bench-term-")
    try:
        shared = os.environ.get(SHARED_ENV)
        if shared and os.path.isdir(os.path.join(shared, "cases")):
            data_dir = shared
        else:
            data_dir = os.path.join(tmp, "data")
            started = time.perf_counter()
            subprocess.run([sys.executable, os.path.join(HERE, "_common.py"), "build", data_dir, str(CASES)],
                           env=clean_env(), check=True)
            print(f"  (generated {CASES} demo cases in {time.perf_counter() - started:.1f} s)", flush=True)
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        env = app_env(os.path.join(tmp, "pycache"), home)
        one_run("ketcover", data_dir, env)
        one_run("bare", data_dir, env)
        ket: list[float] = []
        bare: list[float] = []
        for n in range(args.runs):
            for kind in (("ketcover", "bare") if n % 2 == 0 else ("bare", "ketcover")):
                (ket if kind == "ketcover" else bare).append(one_run(kind, data_dir, env))
            print(f"  pair {n + 1}/{args.runs}: ketcover {ket[-1] * 1000:5.0f} ms, bare {bare[-1] * 1000:5.0f} ms",
                  flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    k, b = median(ket), median(bare)
    ratio = k / b
    paired = [x / y for x, y in zip(ket, bare)]
    print()
    print(f"first list row on screen: ketcover median {k * 1000:.0f} ms (p10 {quantile(ket, .1) * 1000:.0f}, "
          f"p90 {quantile(ket, .9) * 1000:.0f}), bare {b * 1000:.0f} ms (p10 {quantile(bare, .1) * 1000:.0f}, "
          f"p90 {quantile(bare, .9) * 1000:.0f}), n={len(ket)} each")
    print(f"paired ratios: median {median(paired):.2f} (p10 {quantile(paired, .1):.2f}, "
          f"p90 {quantile(paired, .9):.2f})")
    print()
    print(f"RESULT startup_terminal: first rows on screen {k * 1000:.0f} ms vs {b * 1000:.0f} ms = {ratio:.2f}x "
          f"(goal <= {GOAL}x) {verdict(ratio, GOAL)}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "startup_terminal", "metrics": [
                {"goal": f"start-up in a real terminal to the first case rows (5,000 cases) vs bare <= {GOAL}x",
                 "shown": f"{ratio:.2f}x ({k * 1000:.0f} vs {b * 1000:.0f} ms)", "value": ratio,
                 "pass": ratio <= GOAL}]}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
