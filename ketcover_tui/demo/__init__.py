"""Deterministic demo data, dated relative to the one clock: made-up patients for trying ketcover.

``demo_cases(count, seed)`` builds the cases; ``add_demo_cases(store, cases)``
saves the ones not there yet. Used by ``ketcover demo``, ``ketcover --demo``,
the screenshot command, the benchmarks and the tests. Never imported by the
domain core, which knows nothing of demo data.
"""

from __future__ import annotations

from .cases import demo_cases

__all__ = ["add_demo_cases", "demo_cases"]


def add_demo_cases(store, cases, progress=None) -> int:
    """Save demo cases that are not there yet (same seed twice adds nothing); returns how many were added."""
    added = 0
    for n, case in enumerate(cases, start=1):
        if not store.case_path(case.id).exists():
            store.create(case, stamp=False)
            added += 1
        if progress and n % 100 == 0:
            progress(n, len(cases))
    return added
