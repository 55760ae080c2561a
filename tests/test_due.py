"""The Due list's rules (domain/due.py): nothing cut, grouped by the day, narrowed by case and kind."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ketcover_tui.domain import appeals as ap
from ketcover_tui.domain import due
from ketcover_tui.domain.calls import CallEntry
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.summary import CaseSummary
from ketcover_tui.domain.vocab import PlanType

pytestmark = pytest.mark.clock

# 29 CFR 2560.503-1(f)(2)(iii)(A): a group plan decides a non-urgent pre-service claim
# within 15 days of receiving it (reference notes §2.1).
ERISA_PRE_SERVICE_DAYS = 15


def summary(case_id: str, patient: str, follow_ups=(), deadlines=()) -> CaseSummary:
    return CaseSummary(case_id, patient, "", "", "", "", tuple(follow_ups), tuple(deadlines))


def test_groups_follow_the_day(frozen_clock):
    today = frozen_clock
    days = {n: (today + timedelta(days=n)).isoformat() for n in (-4, -1, 0, 6, 7, 40)}
    s = summary("c1", "Ana", [(days[n], f"call{n}", f"call {n}") for n in days])
    groups = dict(due.grouped(due.collect([s]), today))
    assert [i.label for i in groups[due.OVERDUE]] == ["call -4", "call -1"]
    assert [i.label for i in groups[due.THIS_WEEK]] == ["call 0", "call 6"]  # today and the six days after
    assert [i.label for i in groups[due.LATER]] == ["call 7", "call 40"]
    assert list(groups) == list(due.GROUPS)


def test_empty_groups_are_left_out_and_the_title_counts_them(frozen_clock):
    later = (frozen_clock + timedelta(days=30)).isoformat()
    s = summary("c1", "Ana", [(later, "k1", "call back")], [(later, "pa1", "Plan decides")])
    items = due.collect([s])
    assert [g for g, _ in due.grouped(items, frozen_clock)] == [due.LATER]
    assert due.title(items, frozen_clock) == "Due · 1 follow-up, 1 deadline · 2 later"


def test_nothing_is_cut_across_many_cases(frozen_clock):
    overdue = (frozen_clock - timedelta(days=4)).isoformat()
    summaries = [summary(f"c{n:03d}", f"Patient {n:03d}", [(overdue, f"k{n}", "call back")]) for n in range(120)]
    items = due.collect(summaries)
    assert len(items) == 120
    assert len(dict(due.grouped(items, frozen_clock))[due.OVERDUE]) == 120


def test_narrowed_by_case_and_by_kind(frozen_clock):
    day = frozen_clock.isoformat()
    a = summary("ca", "Ana", [(day, "k1", "call")], [(day, "pa1", "Plan decides")])
    b = summary("cb", "Bo", [(day, "k2", "call")])
    items = due.collect([a, b])
    assert {i.ref for i in due.narrow(items, case_id="ca")} == {"k1", due.DEADLINE_REF + "pa1"}
    assert [i.case_id for i in due.narrow(items, kind=due.FOLLOW_UP)] == ["ca", "cb"]
    assert [i.record_id for i in due.narrow(items, case_id="ca", kind=due.DEADLINE)] == ["pa1"]
    assert due.cases_with_items(items) == [("ca", "Ana"), ("cb", "Bo")]


def test_a_case_keeps_every_follow_up_and_deadline_in_its_summary(frozen_clock):
    """The index once kept 20 follow-ups and 5 deadlines per case; a sixth deadline was never shown."""
    case = Case(patient=Patient(name="José Müller"))
    case.plan.plan_type = PlanType.SELF_FUNDED_ERISA
    received = [frozen_clock - timedelta(days=30 - n) for n in range(8)]
    for n, day in enumerate(received):
        case.appeals.prior_auths.append(ap.PriorAuth(codes="96365", submitted=day, received_by_plan=day,
                                                     receipt_evidence="fax confirmation", id=f"pa{n:06d}"))
    for n in range(25):
        case.calls.append(CallEntry(started_at=f"{frozen_clock}T10:00:00-05:00", follow_up_due=frozen_clock + timedelta(days=n - 10), id=f"call{n:04d}"))
    s = case.summary()
    assert [d[0] for d in s.deadlines] == [(day + timedelta(days=ERISA_PRE_SERVICE_DAYS)).isoformat()
                                          for day in received]
    assert len(s.follow_ups) == 25
    items = due.collect([s])
    groups = dict(due.grouped(items, frozen_clock))
    # received 30..23 days ago + 15 days: 15..8 days ago, all overdue; follow-ups -10..-1 overdue too.
    assert len(groups[due.OVERDUE]) == 8 + 10
    assert len(groups[due.THIS_WEEK]) == 7 and len(groups[due.LATER]) == 8
