"""ICD-10-CM codes checked against the CMS code list: billable or not, and the nearest valid codes.

The list is the CMS ICD-10-CM tabular list (public domain) that the
``simple-icd-10-cm`` package ships (FY2026 codes, April 2026 update). A category
such as F33 is in the list but is not billable: claims need a full code (F33.2);
reference notes §8.5. Loading the list takes about two seconds, so it happens
only when a code is first checked (``warm`` does it ahead of time in a thread).
"""

from __future__ import annotations

import difflib
from functools import lru_cache

SOURCE = "CMS ICD-10-CM code list, FY2026 (April 2026 update), via simple-icd-10-cm; reference notes §8.5"
SHOWN = 5  # suggestions shown in a message


@lru_cache(maxsize=1)
def _codes():
    import warnings

    with warnings.catch_warnings():  # the package reads its data with an importlib API Python deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as cm
    return cm


def warm() -> None:
    """Load the code list now (from a background thread), so the first check does not wait."""
    _codes()


def known(code: str) -> bool:
    return _codes().is_valid_item(code)


def billable(code: str) -> bool:
    cm = _codes()
    return cm.is_valid_item(code) and cm.is_leaf(code) and not cm.is_chapter_or_block(code)


def description(code: str) -> str:
    cm = _codes()
    return cm.get_description(code) if cm.is_valid_item(code) else ""


@lru_cache(maxsize=64)
def _leaves_starting(prefix: str) -> tuple[str, ...]:
    cm = _codes()
    return tuple(c for c in cm.get_all_codes(True) if c.startswith(prefix) and cm.is_leaf(c)
                 and not cm.is_chapter_or_block(c))


def billable_under(code: str) -> list[str]:
    cm = _codes()
    return [c for c in cm.get_descendants(code) if cm.is_leaf(c)]


def nearest(code: str) -> list[str]:
    """Billable codes close to ``code``: under its longest valid start, else the most alike by spelling."""
    for end in range(len(code) - 1, 2, -1):
        start = code[:end].rstrip(".")
        if known(start):
            return [start] if billable(start) else billable_under(start)[:SHOWN]
    pool = _leaves_starting(code[:2]) or _leaves_starting(code[:1])
    return difflib.get_close_matches(code, pool, n=SHOWN, cutoff=0.5)


def _listed(codes: list[str]) -> str:
    return "; ".join(f"{c} {description(c)}" for c in codes)


def code_error(code: str) -> str | None:
    """None for a billable code in the CMS list, else what is wrong and the nearest valid codes."""
    if billable(code):
        return None
    if known(code):
        under = billable_under(code)
        more = f" (and {len(under) - SHOWN} more)" if len(under) > SHOWN else ""
        return (f"{code} ({description(code)}) is a category, non-billable: claims need a full code, like "
                f"{_listed(under[:SHOWN])}{more}")
    close = nearest(code)
    hint = f": nearest valid codes: {_listed(close)}" if close else ": check it against the diagnosis"
    return f"{code} is not in the CMS ICD-10-CM code list{hint}"
