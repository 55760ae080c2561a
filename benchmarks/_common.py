"""Shared helpers for the ketcover benchmarks (demo data folders and statistics).

Not a benchmark itself. Every script imports this as ``_common`` (the scripts'
own folder is first on sys.path when run as ``python3 benchmarks/NAME.py``).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # the repo is installed editable, but be safe
    sys.path.insert(1, str(REPO))

SEED = 1
# Set by run_all.py so the three scripts share one generated 5,000-case folder.
# A folder named here is only read and copied, never modified or deleted.
SHARED_ENV = "KETCOVER_BENCH_DATA"


def build_store(root: Path, count: int, seed: int = SEED) -> Path:
    """Fill ``root`` with ``count`` demo cases through the real store, and warm the index."""
    from ketcover_tui.demo import demo_cases
    from ketcover_tui.store import CaseStore

    store = CaseStore(root)
    for case in demo_cases(count, seed):
        store.create(case, stamp=False)
    summaries = store.summaries()  # builds index.json, as the app's first start would
    if len(summaries) != count:
        raise RuntimeError(f"expected {count} cases in {root}, found {len(summaries)}")
    return root


def warm_index(root: Path) -> None:
    from ketcover_tui.store import CaseStore

    CaseStore(root).summaries()


@contextmanager
def demo_folder(count: int, *, mutable: bool = False, seed: int = SEED):
    """Yield a data folder holding ``count`` demo cases; removed afterwards if we made it.

    With ``$KETCOVER_BENCH_DATA`` set (by run_all.py) and ``count == 5000`` the shared
    folder is used: as-is when ``mutable`` is False, else as a private copy.
    """
    tmp = Path(tempfile.mkdtemp(prefix=f"ketcover-bench-{count}-"))
    try:
        shared = os.environ.get(SHARED_ENV)
        if shared and count == 5000 and Path(shared, "cases").is_dir():
            if not mutable:
                yield Path(shared)
                return
            target = tmp / "data"
            shutil.copytree(shared, target, symlinks=True)
            warm_index(target)  # copies get new inodes, which the index stamps record
            yield target
            return
        t0 = time.perf_counter()
        build_store(tmp / "data", count, seed)
        if count >= 1000:
            print(f"  (generated {count} demo cases in {time.perf_counter() - t0:.1f} s)", flush=True)
        yield tmp / "data"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def median(values) -> float:
    return statistics.median(values)


def quantile(values, q: float) -> float:
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def describe(values, unit: str = "ms", scale: float = 1000.0) -> str:
    """'median 12.3 ms (p10 11.0, p90 15.2, n=200)' for values in seconds (scaled)."""
    scaled = [v * scale for v in values]
    return (f"median {median(scaled):8.2f} {unit}  (p10 {quantile(scaled, 0.1):.2f}, "
            f"p90 {quantile(scaled, 0.9):.2f}, n={len(scaled)})")


def verdict(value: float, goal: float) -> str:
    return "PASS" if value <= goal else "MISS"


def clean_env(pycache_dir: str | None = None) -> dict[str, str]:
    """The environment for app children: plugins as normal (KETCOVER_LOAD_PLUGINS unset).

    With ``pycache_dir`` the children may cache bytecode, but only in that folder
    (PYTHONPYCACHEPREFIX), as an installed app would have its .pyc files; the repo
    and site-packages are left untouched.
    """
    env = dict(os.environ)
    if pycache_dir:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache_dir
    env.pop("KETCOVER_LOAD_PLUGINS", None)
    env.pop("KETCOVER_STRICT_PLUGINS", None)
    env.pop("TEXTUAL", None)  # no devtools / debug features
    env.pop("TEXTUAL_FPS", None)
    return env


if __name__ == "__main__":  # python3 _common.py build DIR COUNT (used by startup.py)
    if len(sys.argv) == 4 and sys.argv[1] == "build":
        build_store(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit("usage: python3 _common.py build DIR COUNT")
