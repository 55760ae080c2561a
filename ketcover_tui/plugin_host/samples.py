"""Made-up data to exercise plugins with: a case (with its records on request), a document, a letter context.

Everything is invented (the patient's name is Unicode on purpose) and dated
relative to the one clock, so checks behave the same on any day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from ..documents.model import Document, Field, Heading, KeyValues, Paragraph, Record, Table
from ..domain import clock
from ..domain.appeals import Denial, PriorAuth
from ..domain.calls import CallEntry
from ..domain.case import Case, Condition, Patient, Plan, Provider
from ..domain.journal import PriorTreatment, Session
from ..domain.measures import MeasureEntry
from ..domain.vocab import PlanType, Stage


def sample_case(*, records: bool = False, **changes) -> Case:
    """A realistic, made-up case: Unicode name, Massachusetts, fully insured, cost estimate 6 × $700.

    ``records=True`` adds what letters draw on: a prior authorization, a denial
    received ten days ago, a call with a reference number, a prior treatment,
    two infusion sessions and PHQ-9 scores. ``changes`` set attributes of the case.
    """
    case = Case(
        id="sample0001",
        patient=Patient(name="Zoë Ørsted", date_of_birth=date(1984, 3, 7), state="MA"),
        conditions=[Condition("F33.2", "Major depressive disorder, recurrent, severe without psychotic features")],
        plan=Plan(insurer="Blue Cross Blue Shield of Massachusetts", plan_type=PlanType.COMMERCIAL_FULLY_INSURED,
                  member_id="XYZ123456789", group_id="G12345"),
        provider=Provider(clinic="Harbor Light Ketamine Clinic", npi="1234567893", tax_id="12-3456789"),
        stage=Stage.DENIED,
    )
    case.funding.cost_per_infusion = Decimal("700.00")
    case.funding.infusions = 6
    if records:
        _add_records(case, clock.today())
    for name, value in changes.items():
        setattr(case, name, value)
    return case


def _add_records(case: Case, today: date) -> None:
    first = today - timedelta(days=60)
    case.appeals.prior_auths.append(PriorAuth(codes="96365, J3490", submitted=first - timedelta(days=14),
                                              decision="denied", decided=first - timedelta(days=2)))
    case.appeals.denials.append(Denial(
        notice_date=today - timedelta(days=12), received=today - timedelta(days=10), reason="experimental",
        quoted="IV ketamine is considered experimental and investigational for depression.",
        reference="CLM-2026-0042"))
    noon = datetime.combine(today - timedelta(days=8), time(10, 15), tzinfo=timezone.utc)
    case.calls.append(CallEntry(started_at=noon.isoformat(), department="Member services", rep_name="J. Smith",
                                reference="INQ-7781", promised="The appeal will be decided within 30 days."))
    case.journal.prior.append(PriorTreatment("Sertraline", dose="200 mg daily", start="2024-01", end="2024-06",
                                             outcome="failed"))
    for n in range(2):
        case.journal.sessions.append(Session(on=first + timedelta(days=3 * n), dose_mg=Decimal("35")))
    case.journal.measures += [MeasureEntry("phq9", first, (3, 3, 2, 3, 2, 2, 3, 2, 1)),
                              MeasureEntry("phq9", first + timedelta(days=28), (1, 1, 1, 1, 0, 1, 1, 0, 0))]


def sample_record(case: Case, needs: str):
    """The record a letter template that ``needs`` "denial" / "prior_auth" is about (None for "")."""
    if needs == "denial":
        return case.appeals.denials[-1] if case.appeals.denials else None
    if needs == "prior_auth":
        return case.appeals.prior_auths[-1] if case.appeals.prior_auths else None
    return None


def sample_document() -> Document:
    """A Document with one block of every kind and names in three scripts (what an exporter must handle)."""
    return Document(
        title="Sample document · José Müller",
        header=(("Patient", "José Müller"), ("Member ID", "XYZ123456789")),
        blocks=[
            Heading("Calls with the plan", 1),
            Paragraph("Every call with the insurer, in order. Names: José Müller, 李雷, محمد."),
            Paragraph("“We will decide within 30 days.”", style="quote"),
            Paragraph("Made from the case on the date below.", style="muted"),
            KeyValues((("Insurer", "Blue Cross Blue Shield of Massachusetts"), ("Plan type", "Commercial"))),
            Table(("Date", "Reference", "Outcome"), (("2026-03-02", "INQ-7781", "Promised a decision"),
                                                     ("2026-03-09", "INQ-7790", "Appeal received"))),
            Record("call", "2026-03-02 · Member services", (
                Field("date", "Date", "2026-03-02"), Field("reference", "Reference", "INQ-7781"),
                Field("promised", "Promised", "A decision within 30 days."))),
        ],
        generated="2026-03-10T09:00:00+00:00",
        kind="sample",
        columns=("date", "reference", "promised"),
    )
