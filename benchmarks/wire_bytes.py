"""Bytes on the wire: what the app writes to an 80x24 terminal per action, vs a bare Textual app.

Goal: for every action, ketcover writes <= 1.5x the bytes of a bare Textual app doing
the same screen change (a 50-row DataTable; enter opens a screen with a 9-tab
TabbedContent of similar text; ``e`` opens a form of labelled inputs; escape goes back).

A fixed key sequence is replayed through a pseudo-terminal (80x24, TERM=xterm-256color):
start, open the first case (enter), every tab (2..9, then 1), a form (``e``, the case
form), back (escape), back to the list (escape). After each key everything the app
writes is counted until it has been quiet for a moment (so animation frames and any
placeholder-then-content frames are counted), as over a slow SSH link. Two settings:
animations as they are by default in a local terminal, and as over SSH (SSH_CONNECTION
set: ketcover turns animations off by itself; the bare app gets TEXTUAL_ANIMATIONS=none).
Each setting runs ``--runs`` times per app, interleaved; medians per action.

Run: python3 benchmarks/wire_bytes.py [--runs N] [--json FILE]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from _common import clean_env, median, verdict  # noqa: E402
from _pty import PtyApp  # noqa: E402

GOAL = 1.5
CASES = 30
TAB_NAMES = ["Case", "Checks", "Funding", "Plan", "Clinics", "Calls", "Journal", "Money", "Appeals"]
ACTIONS: list[tuple[str, bytes]] = [
    ("open a case", b"\r"),
    *[(f"tab {n} {TAB_NAMES[n - 1]}", str(n).encode()) for n in (2, 3, 4, 5, 6, 7, 8, 9, 1)],
    ("open a form", b"e"),
    ("back from the form", b"\x1b"),
    ("back to the list", b"\x1b"),
]
QUIET = 0.6  # seconds without output that end an action
MAX_WAIT = 4.0


def replay(kind: str, data_dir: str, env: dict[str, str]) -> dict[str, int]:
    if kind == "ketcover":
        argv = [sys.executable, "-m", "ketcover_tui.cli", "--data-dir", data_dir]
    else:
        argv = [sys.executable, os.path.join(HERE, "_bare_apps.py"), "tabs"]
    app = PtyApp(argv, env)
    counts: dict[str, int] = {}
    try:
        counts["start"] = app.read_quiet(quiet=1.5, timeout=60)
        for label, keys in ACTIONS:
            app.send(keys)
            counts[label] = app.read_quiet(quiet=QUIET, timeout=MAX_WAIT)
    finally:
        app.close()
    return counts


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="replays per app and setting (default 3)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    print(f"wire_bytes: key replay through a pty at 80x24, ketcover ({CASES} demo cases) vs bare Textual "
          f"(DataTable, 9-tab TabbedContent, form), {args.runs} replays each, interleaved", flush=True)
    tmp = tempfile.mkdtemp(prefix="ketcover-bench-wire-")
    results: dict[str, dict[str, dict[str, float]]] = {}
    try:
        data_dir = os.path.join(tmp, "data")
        subprocess.run([sys.executable, os.path.join(HERE, "_common.py"), "build", data_dir, str(CASES)],
                       env=clean_env(), check=True)
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        base = clean_env(os.path.join(tmp, "pycache"))
        base.update(TERM="xterm-256color", KETCOVER_HOME=home)
        for name in ("SSH_CONNECTION", "KETCOVER_ANIMATION", "TEXTUAL_ANIMATIONS", "COLUMNS", "LINES"):
            base.pop(name, None)
        settings = {
            "local (animations on)": (base, base),
            "over SSH (animations off)": (base | {"SSH_CONNECTION": "192.0.2.7 50000 192.0.2.1 22"},
                                          base | {"TEXTUAL_ANIMATIONS": "none"}),
        }
        replay("ketcover", data_dir, base)  # warms the bytecode cache
        replay("bare", data_dir, base)
        for setting, (ket_env, bare_env) in settings.items():
            runs: dict[str, list[dict[str, int]]] = {"ketcover": [], "bare": []}
            for n in range(args.runs):
                for kind in (("ketcover", "bare") if n % 2 == 0 else ("bare", "ketcover")):
                    runs[kind].append(replay(kind, data_dir, ket_env if kind == "ketcover" else bare_env))
            results[setting] = {kind: {label: median([r[label] for r in rows]) for label in rows[0]}
                                for kind, rows in runs.items()}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    worst = 0.0
    metrics = []
    for setting, both in results.items():
        ket, bare = both["ketcover"], both["bare"]
        print()
        print(f"{setting}: median bytes per action")
        print(f"  {'action':24} {'ketcover':>9} {'bare':>9} {'ratio':>6}")
        for label in ket:
            ratio = ket[label] / bare[label] if bare[label] else float("inf")
            print(f"  {label:24} {ket[label]:9.0f} {bare[label]:9.0f} {ratio:6.2f}")
        tabs = [label for label in ket if label.startswith("tab ")]
        k_tab, b_tab = median([ket[t] for t in tabs]), median([bare[t] for t in tabs])
        actions = [label for label in ket if label != "start"]
        k_all, b_all = sum(ket[a] for a in actions), sum(bare[a] for a in actions)
        print(f"  {'median tab switch':24} {k_tab:9.0f} {b_tab:9.0f} {k_tab / b_tab:6.2f}")
        print(f"  {'all actions after start':24} {k_all:9.0f} {b_all:9.0f} {k_all / b_all:6.2f}")
        for name, k, b in (("tab switch", k_tab, b_tab), ("all actions", k_all, b_all)):
            worst = max(worst, k / b)
            metrics.append({"goal": f"bytes per {name}, {setting}, vs bare <= {GOAL}x",
                            "shown": f"{k / b:.2f}x ({k / 1024:.1f} vs {b / 1024:.1f} KB)",
                            "value": k / b, "pass": k / b <= GOAL})
    print()
    print(f"RESULT wire_bytes: worst of tab-switch median and all-actions total = {worst:.2f}x "
          f"(goal <= {GOAL}x) {verdict(worst, GOAL)}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "wire_bytes", "metrics": metrics}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
