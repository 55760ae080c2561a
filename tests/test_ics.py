"""The deadline calendar, read back with a real RFC 5545 parser (the icalendar package)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest

from ketcover_tui.domain import appeals as ap
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.vocab import PlanType
from ketcover_tui.documents.ics import calendar_text
from ketcover_tui.store import CaseStore

NOW = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)


def erisa_case(*denials) -> Case:
    case = Case(Patient(name="José Müller 李雷"), id="case000001")
    case.plan.plan_type = PlanType.SELF_FUNDED_ERISA
    case.appeals.denials.extend(denials)
    return case


def parse(text: str) -> icalendar.Calendar:
    assert text.endswith("\r\n") and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR" and calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert calendar.subcomponents, "RFC 5545 §3.6: a calendar holds at least one component"
    for event in calendar.walk("VEVENT"):
        assert event["UID"] and event["DTSTAMP"] and event["DTSTART"]  # required by §3.6.1
    return calendar


def test_missed_deadlines_stay_as_events_without_an_alarm():
    missed = ap.Denial(received=date(2026, 3, 2), id="den00001")  # + 180 = 2026-08-29, before Dec 2
    ahead = ap.Denial(received=date(2026, 11, 2), id="den00002")  # + 180 = 2027-05-01
    calendar = parse(calendar_text(erisa_case(missed, ahead), now=NOW, on=date(2026, 12, 2)))
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    late = events["Missed: File the internal appeal · José Müller 李雷"]
    assert late.decoded("DTSTART") == date(2026, 8, 29)
    assert late["CATEGORIES"].cats == ["MISSED"] and not late.walk("VALARM")
    assert "29 CFR 2560.503-1(h)(3)(i)" in str(late["DESCRIPTION"])
    soon = events["File the internal appeal · José Müller 李雷"]
    assert soon.decoded("DTSTART") == date(2027, 5, 1)
    assert [str(a["TRIGGER"].to_ical(), "ascii") for a in soon.walk("VALARM")] == ["-P7D"]


def test_overdue_plan_decision_is_marked_with_what_it_means():
    record = ap.Denial(received=date(2026, 3, 2), appeal_filed=date(2026, 3, 20), appeal_received=date(2026, 3, 23),
                       appeal_received_evidence="delivery tracking", id="den00001")
    calendar = parse(calendar_text(erisa_case(record), now=NOW, on=date(2026, 12, 2)))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Overdue: Plan decides the pre-service appeal")
    description = str(event["DESCRIPTION"])
    assert "deemed" in description and "29 CFR 2560.503-1(l)" in description
    assert "the day the plan received it (2026-03-23), shown by: delivery tracking" in description


def test_an_empty_calendar_is_still_valid_icalendar():
    calendar = parse(calendar_text(erisa_case(), now=NOW, on=date(2026, 12, 2)))
    assert calendar.walk("VEVENT") == []
    assert "No appeal deadlines" in str(calendar.subcomponents[0]["DESCRIPTION"])


@pytest.mark.clock
def test_cli_exports_an_empty_calendar_and_missed_events(data_dir, tmp_path, frozen_clock):
    store = CaseStore(data_dir)
    empty = store.create(erisa_case(), stamp=False)
    missed = erisa_case(ap.Denial(received=frozen_clock - timedelta(days=200), id="den00001"))
    missed.id = "case000002"
    store.create(missed, stamp=False)
    env = {**os.environ, "KETCOVER_HOME": str(data_dir)}
    for case_id, events in ((empty.id, 0), ("case000002", 1)):
        out = tmp_path / f"{case_id}.ics"
        result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "export", "deadlines", case_id,
                                 "-o", str(out)], capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        calendar = parse(out.read_bytes().decode("utf-8"))
        assert len(calendar.walk("VEVENT")) == events
        if events:
            (event,) = calendar.walk("VEVENT")
            assert str(event["SUMMARY"]).startswith("Missed: ") and not event.walk("VALARM")
            assert event.decoded("DTSTART") == frozen_clock - timedelta(days=20)
