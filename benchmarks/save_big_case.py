"""Saving one change in a big case: ketcover's save vs the floor for one-file-per-case storage.

Goal: the median ``CaseStore.update`` that edits one call in a case holding 2,000
records (calls, sessions, scores, money documents...) is <= 2x the median floor:
``json.dumps`` of the same stored document + write + fsync + rename, the least any
one-file-per-case store must do. Both sides run in one process, interleaved sample
by sample (alternating which goes first), on the same document size.

What the save adds over the floor: the lock, re-reading and checking the file,
the case model both ways, and stamping which records changed.

Run: python3 benchmarks/save_big_case.py [--samples N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import describe, median, verdict  # noqa: E402

RECORDS = 2000
GOAL = 2.0


def big_case():
    """A demo case grown to ``RECORDS`` records by repeating its calls (each with its own id)."""
    from ketcover_tui.demo import demo_cases
    from ketcover_tui.domain.record_stamps import records
    from ketcover_tui.domain.case_json import case_to_dict

    case = max(demo_cases(30, 1), key=lambda c: len(c.calls))
    template = list(case.calls)
    n = 0
    while len(records(case_to_dict(case))) < RECORDS:
        call = template[n % len(template)]
        case.calls.append(replace(call, id=f"b{n:07x}", notes=f"{call.notes} (copy {n})"))
        n += 1
    return case, len(records(case_to_dict(case)))


def floor_save(path: Path, document: dict) -> None:
    """json.dumps + write + fsync + rename: the least a one-file-per-case store does per save."""
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".floor.", suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=60, help="samples per side (default 60)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    from ketcover_tui.store import CaseStore

    with tempfile.TemporaryDirectory(prefix="ketcover-bench-bigcase-") as tmp:
        store = CaseStore(Path(tmp) / "data")
        case, count = big_case()
        store.create(case)
        path = store.case_path(case.id)
        floor_path = Path(tmp) / "floor.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        print(f"save_big_case: one call edited in a case of {count} records "
              f"({path.stat().st_size / 1e6:.1f} MB on disk), vs json.dumps + write + fsync + rename of the "
              f"same document; {args.samples} samples each, interleaved", flush=True)
        target = case.calls[len(case.calls) // 2].id
        ours, floor = [], []
        for n in range(args.warmup + args.samples):
            def change(c, n=n):
                next(call for call in c.calls if call.id == target).notes = f"edited {n}"
            document["case"]["1"]["calls"][0]["notes"] = f"edited {n}"
            for side in ((0, 1) if n % 2 == 0 else (1, 0)):
                t0 = time.perf_counter()
                if side == 0:
                    store.update(case.id, change)
                else:
                    floor_save(floor_path, document)
                elapsed = time.perf_counter() - t0
                if n >= args.warmup:
                    (ours if side == 0 else floor).append(elapsed)
    ratio = median(ours) / median(floor)
    print(f"  ketcover save: {describe(ours)}")
    print(f"  floor:         {describe(floor)}")
    print(f"  ratio of medians {ratio:.2f}x")
    print()
    print(f"RESULT save_big_case: median {median(ours) * 1000:.1f} ms vs floor {median(floor) * 1000:.1f} ms "
          f"with {count} records = {ratio:.2f}x (goal <= {GOAL}x) {verdict(ratio, GOAL)}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "save_big_case", "metrics": [
                {"goal": f"save in a {RECORDS:,}-record case vs dumps+write+fsync+rename <= {GOAL}x",
                 "shown": f"{ratio:.2f}x ({median(ours) * 1000:.1f} vs {median(floor) * 1000:.1f} ms)",
                 "value": ratio, "pass": ratio <= GOAL},
            ]}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
