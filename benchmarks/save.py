"""Saving one change: 5,000 cases vs 50 cases in the data folder.

Goal: the median ``CaseStore.update(case_id, lambda c: c.tick(...))`` with 5,000
cases in the folder is <= 1.5x the median with 50 cases (a save should not grow
with the number of cases). Both folders are real stores filled with demo cases;
the two sizes are interleaved sample by sample (alternating which goes first) in
one process, on a randomly chosen case each time.

Info only (not goals): the same save as the app does it, ``KetcoverApp.save_change``,
which also updates the on-screen case list, timed inside a headless app; and what a
save costs the next start: ``CaseStore.summaries()`` with a fresh index vs right after
a save (the saved case's index entry is stale, so the index is rewritten).

Run: python3 benchmarks/save.py [--samples N] [--json FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import demo_folder, describe, median, verdict  # noqa: E402

BIG, SMALL = 5000, 50
GOAL = 1.5
ITEMS = [f"bench-item-{n}" for n in range(8)]  # ticking these keeps each file's size bounded


def tick_change(n: int):
    item = ITEMS[n % len(ITEMS)]
    return lambda case: case.tick(item, n % 2 == 0, f"benchmark save {n}", by="bench")


def store_samples(big_store, small_store, samples: int, warmup: int) -> tuple[list[float], list[float]]:
    rng = random.Random(7)
    big_ids = sorted(s.id for s in big_store.summaries())
    small_ids = sorted(s.id for s in small_store.summaries())
    timed = {BIG: [], SMALL: []}
    stores = {BIG: (big_store, big_ids), SMALL: (small_store, small_ids)}
    for n in range(warmup + samples):
        order = (BIG, SMALL) if n % 2 == 0 else (SMALL, BIG)
        for size in order:
            store, ids = stores[size]
            case_id = rng.choice(ids)
            change = tick_change(n)
            t0 = time.perf_counter()
            store.update(case_id, change)
            elapsed = time.perf_counter() - t0
            if n >= warmup:
                timed[size].append(elapsed)
    return timed[BIG], timed[SMALL]


def next_start_samples(store, pairs: int) -> tuple[list[float], list[float]]:
    """What a save costs the next start: ``summaries()`` (the list load) with a fresh index
    vs right after one case was saved (its index entry is stale, so the whole index is rewritten)."""
    rng = random.Random(13)
    ids = sorted(s.id for s in store.summaries())  # also brings the index up to date
    fresh, stale = [], []
    for n in range(pairs):
        t0 = time.perf_counter()
        store.summaries()
        fresh.append(time.perf_counter() - t0)
        store.update(rng.choice(ids), tick_change(n))
        t0 = time.perf_counter()
        store.summaries()
        stale.append(time.perf_counter() - t0)
    return fresh, stale


async def app_samples(store, saves: int) -> list[float]:
    """``save_change`` timings inside a headless KetcoverApp (store write + list update)."""
    from ketcover_tui.tui.app import KetcoverApp
    from ketcover_tui.tui.screens.home import HomeScreen

    rng = random.Random(11)
    app = KetcoverApp(store)
    timings = []
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, HomeScreen):
            await pilot.pause()
        ids = [s.id for s in app.home.table._all]
        for n in range(saves):
            case_id = rng.choice(ids)
            change = tick_change(n)
            t0 = time.perf_counter()
            result = app.save_change(case_id, change)
            timings.append(time.perf_counter() - t0)
            assert result is not None, "save failed"
            if n % 10 == 9:
                await pilot.pause()  # let the list repaint now and then, as between real edits
    return timings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=300, help="timed saves per size (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed saves per size first (default 20)")
    parser.add_argument("--index-pairs", type=int, default=21,
                        help="info: summaries() timings, fresh vs stale index, with 5,000 cases (default 21)")
    parser.add_argument("--app-rounds", type=int, default=4,
                        help="info: alternating rounds of in-app saves per size (default 4; 0 = skip)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    from ketcover_tui.store import CaseStore

    print(f"save: CaseStore.update (tick one checklist item) with {BIG} vs {SMALL} cases in the folder, "
          f"interleaved, {args.samples} samples each after {args.warmup} warm-up saves", flush=True)
    with demo_folder(BIG, mutable=True) as big_dir, demo_folder(SMALL) as small_dir:
        big_store, small_store = CaseStore(big_dir), CaseStore(small_dir)
        big, small = store_samples(big_store, small_store, args.samples, args.warmup)
        ratio = median(big) / median(small)
        paired = median([b / s for b, s in zip(big, small)])
        print()
        print(f"  {BIG:>5} cases: {describe(big)}")
        print(f"  {SMALL:>5} cases: {describe(small)}")
        print(f"  ratio of medians {ratio:.2f}x; median of paired ratios {paired:.2f}x", flush=True)

        if args.index_pairs > 0:
            fresh, stale = next_start_samples(big_store, args.index_pairs)
            print(f"info, the next start's list load (CaseStore.summaries) with {BIG} cases:")
            print(f"  index fresh:                      {describe(fresh)}")
            print(f"  after 1 save (index rewritten):   {describe(stale)}")
            print(f"  ratio of medians {median(stale) / median(fresh):.2f}x, "
                  f"+{(median(stale) - median(fresh)) * 1000:.1f} ms", flush=True)

        if args.app_rounds > 0:
            app_big: list[float] = []
            app_small: list[float] = []
            try:
                for _ in range(args.app_rounds):  # alternate whole app sessions
                    app_big += asyncio.run(app_samples(big_store, 25))
                    app_small += asyncio.run(app_samples(small_store, 25))
            except Exception as exc:  # info only: never lose the goal's result to it
                print(f"info, in-app save: skipped, the app failed to run: {type(exc).__name__}: {exc}")
            else:
                print("info, in-app save (KetcoverApp.save_change: store write + case-list update):")
                print(f"  {BIG:>5} cases: {describe(app_big)}")
                print(f"  {SMALL:>5} cases: {describe(app_small)}")
                print(f"  ratio of medians {median(app_big) / median(app_small):.2f}x")

    print()
    print(f"RESULT save: median {median(big) * 1000:.2f} ms with {BIG} cases vs {median(small) * 1000:.2f} ms "
          f"with {SMALL} = {ratio:.2f}x (goal <= {GOAL}x) {verdict(ratio, GOAL)}")

    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "save", "metrics": [
                {"goal": f"save one change, 5,000 vs 50 cases <= {GOAL}x",
                 "shown": f"{ratio:.2f}x ({median(big) * 1000:.2f} vs {median(small) * 1000:.2f} ms)",
                 "value": ratio, "pass": ratio <= GOAL},
            ]}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
