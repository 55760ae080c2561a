"""Run every ketcover benchmark and print one summary table of goals, numbers and PASS/MISS.

The 5,000 demo cases are generated once (through the real store) into a temp folder
shared by the scripts (``$KETCOVER_BENCH_DATA``; scripts that write use a private
copy), and removed at the end. Each script runs as its own process and prints its
full report as it goes.

Run: python3 benchmarks/run_all.py [--only startup,startup_terminal,wire_bytes,save,filter,export_pdf,packet_pdf,save_big_case]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import SHARED_ENV, build_store  # noqa: E402

SCRIPTS = ("startup", "startup_terminal", "wire_bytes", "save", "save_big_case", "filter", "export_pdf", "packet_pdf",
           "import_eob")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(SCRIPTS), help="comma-separated subset of: " + ", ".join(SCRIPTS))
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(SCRIPTS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    tmp = Path(tempfile.mkdtemp(prefix="ketcover-bench-all-"))
    results: list[dict] = []
    failed: list[str] = []
    try:
        t0 = time.perf_counter()
        print("generating 5,000 demo cases for all benchmarks...", flush=True)
        shared = build_store(tmp / "data5000", 5000)
        print(f"  done in {time.perf_counter() - t0:.1f} s\n", flush=True)
        env = dict(os.environ, **{SHARED_ENV: str(shared)})
        for name in chosen:
            out = tmp / f"{name}.json"
            print(f"===== {name}.py " + "=" * 50, flush=True)
            started = time.perf_counter()
            proc = subprocess.run([sys.executable, str(HERE / f"{name}.py"), "--json", str(out)],
                                  env=env, stdin=subprocess.DEVNULL)
            took = time.perf_counter() - started
            print(f"({name}.py took {took:.0f} s)\n", flush=True)
            if proc.returncode != 0 or not out.exists():
                failed.append(name)
                continue
            result = json.loads(out.read_text())
            result["seconds"] = took
            results.append(result)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    rows = [(m["goal"], m["shown"], "PASS" if m["pass"] else "MISS") for r in results for m in r["metrics"]]
    info = [(m["goal"], m["shown"], "info") for r in results for m in r.get("info", [])]
    width_goal = max([len(g) for g, _, _ in rows + info] + [4])
    width_shown = max([len(s) for _, s, _ in rows + info] + [8])
    print("SUMMARY (medians; ratios are ketcover / reference, measured in the same run)")
    print(f"{'goal':{width_goal}}  {'measured':{width_shown}}  verdict")
    print(f"{'-' * width_goal}  {'-' * width_shown}  -------")
    for goal, shown, verdict in rows + info:
        print(f"{goal:{width_goal}}  {shown:{width_shown}}  {verdict}")
    for name in failed:
        print(f"{name}.py FAILED (see its output above)")
    passed = sum(v == "PASS" for _, _, v in rows)
    print()
    print(f"RESULT all: {passed}/{len(rows)} goals met"
          + (f"; {len(failed)} benchmark(s) failed to run: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
