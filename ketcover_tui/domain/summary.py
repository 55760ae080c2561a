"""The case summary: one line of the case list, and one entry of the store's index.

Kept apart from case.py on purpose: the home screen and the index need only
this, so start-up does not import the whole case model.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple, Sequence


class CaseSummary(NamedTuple):
    """One line of the case list: what the home screen and the index hold.

    A named tuple, not a dataclass: the list is built from the index at every
    start (5,000 of these), and a tuple is several times cheaper to make.
    Follow-ups and deadlines read back from the index are lists, not tuples."""

    id: str
    patient: str
    insurer: str
    plan_type: str
    stage: str
    updated: str
    # Open call follow-ups as (due YYYY-MM-DD, call id, label), earliest first: the home
    # screen's Due panel reads them from the index without opening any case file.
    follow_ups: Sequence[Sequence[str]] = ()
    # Open appeal deadlines as (due YYYY-MM-DD, PA/denial id, label), earliest first
    # (domain/appeals.deadline_index): shown in the Due panel next to the follow-ups.
    deadlines: Sequence[Sequence[str]] = ()
    demo: bool = False  # a synthetic demo case: the list marks it

    def matches(self, needle: str) -> bool:
        """Case-insensitive substring match on any shown column (needle already lower-cased)."""
        return needle in self.search_text

    @property
    def search_text(self) -> str:
        return fold(f"{self.patient}\t{self.insurer}\t{self.plan_type}\t{self.stage}\t{self.id}")


def fold(text: str) -> str:
    """Lower case without accents, so 'muller' finds Müller on a US keyboard."""
    text = text.casefold()
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
