"""What is due across every case: call follow-ups and appeal deadlines, in one list.

Built from the case summaries (the index keeps every open follow-up and
deadline of each case), so the home screen's Due panel and the full-screen
Due list never open a case file. Nothing is cut: the list holds every item,
earliest first, and the screens scroll.

Groups: *overdue* (due before today), *this week* (today and the six days
after it), *later*.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, NamedTuple

from .clock import today

FOLLOW_UP = "follow-up"
DEADLINE = "deadline"
KINDS = (FOLLOW_UP, DEADLINE)
DEADLINE_REF = "deadline:"  # a deadline's reference is "deadline:<record id>"

OVERDUE, THIS_WEEK, LATER = "overdue", "this week", "later"
GROUPS = (OVERDUE, THIS_WEEK, LATER)
WEEK_DAYS = 7  # today and the six days after it


class DueItem(NamedTuple):
    due: str  # YYYY-MM-DD (ISO dates sort and compare as strings)
    patient: str
    case_id: str
    ref: str  # a call id, or DEADLINE_REF + the PA/claim/denial id
    label: str
    kind: str  # FOLLOW_UP or DEADLINE

    @property
    def record_id(self) -> str:
        return self.ref.removeprefix(DEADLINE_REF)


def collect(summaries: Iterable) -> list[DueItem]:
    """Every open follow-up and deadline of ``summaries``, earliest first (then by patient)."""
    items = []
    for s in summaries:
        items += [DueItem(due, s.patient, s.id, call_id, label, FOLLOW_UP) for due, call_id, label in s.follow_ups]
        items += [DueItem(due, s.patient, s.id, DEADLINE_REF + record_id, label, DEADLINE)
                  for due, record_id, label in s.deadlines]
    items.sort()
    return items


def narrow(items: Iterable[DueItem], *, case_id: str | None = None, kind: str | None = None) -> list[DueItem]:
    """Only one case's items and/or one kind's (None: all)."""
    return [i for i in items if (case_id is None or i.case_id == case_id) and (kind is None or i.kind == kind)]


def group_of(due: str, today: date) -> str:
    day = date.fromisoformat(due)
    if day < today:
        return OVERDUE
    if day < today + timedelta(days=WEEK_DAYS):
        return THIS_WEEK
    return LATER


def grouped(items: Iterable[DueItem], today: date) -> list[tuple[str, list[DueItem]]]:
    """The items under their group, in GROUPS order; empty groups left out."""
    by_group: dict[str, list[DueItem]] = {g: [] for g in GROUPS}
    for item in items:
        by_group[group_of(item.due, today)].append(item)
    return [(g, found) for g, found in by_group.items() if found]


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def title(items: list[DueItem], today: date) -> str:
    """'Due · 3 follow-ups, 2 deadlines · 1 overdue, 2 this week, 2 later'."""
    follow_ups = sum(1 for i in items if i.kind == FOLLOW_UP)
    parts = [plural(follow_ups, "follow-up")]
    if deadlines := len(items) - follow_ups:
        parts.append(plural(deadlines, "deadline"))
    groups = ", ".join(f"{len(found)} {g}" for g, found in grouped(items, today))
    return f"Due · {', '.join(parts)} · {groups}" if groups else f"Due · {', '.join(parts)}"


def cases_with_items(items: Iterable[DueItem]) -> list[tuple[str, str]]:
    """(case id, patient) of every case that has something due, by patient name."""
    seen = {i.case_id: i.patient for i in items}
    return sorted(seen.items(), key=lambda pair: (pair[1].casefold(), pair[0]))


def due_label(due: date, on: date | None = None, *, dated: bool = False) -> str:
    """'overdue 3 d' / 'today' / 'in 5 d' (60 days or more away: the date, unless ``dated``: it is shown beside)."""
    delta = (due - (on or today())).days
    if delta < 0:
        return f"overdue {-delta} d"
    if delta == 0:
        return "today"
    return f"in {delta} d" if delta < 60 or dated else due.isoformat()
