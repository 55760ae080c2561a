"""Realistic synthetic cases for trying ketcover, deterministic for a seed.

Every name, id and clinic here is made up. Codes come from the reference notes
(ICD-10-CM codes for the conditions ketamine is used for). Timestamps are fixed
relative to today (the one clock), so a demo caseload always looks current: a few
follow-ups and decisions overdue by days, most upcoming. The same seed on the
same day always gives the same data.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from ..domain import clock
from ..domain.case import Case, Condition, Patient, Plan, Provider
from ..domain.identifiers import npi_check_digit
from .insurer import add_insurer_side
from .funding import add_funding
from .journal import add_journal
from .appeals import add_appeals
from ..domain.vocab import US_STATES, PlanType, Stage

FIRST_NAMES = [
    "José", "María", "Li", "Aiyana", "Oluwaseun", "Priya", "Mateo", "Zoë", "Dmitri", "Fatima",
    "Hannah", "Kenji", "Amara", "Sean", "Noa", "Chidi", "Ingrid", "Luca", "Mei", "Rosa",
    "Tomás", "Yusuf", "Camille", "Darnell", "Eun-ji", "Grace", "Ahmed", "Siobhan", "Rafael", "Ana",
]
LAST_NAMES = [
    "Müller", "García", "Nguyen", "Smith", "Okafor", "Patel", "Hernández", "Kowalski", "Johansson",
    "Cohen", "Tanaka", "O'Brien", "Rossi", "Williams", "Dubois", "Khan", "Jackson", "Kim", "Silva",
    "Brown", "Novak", "Haddad", "Lee", "Martin", "Ivanova", "Begay", "Wright", "Fischer", "Chen", "Lopez",
]
UNICODE_NAMES = ["李雷", "José Müller", "Zoë Ørsted", "Nguyễn Thị Hoa", "Ελένη Παπαδοπούλου"]

# Insurer names with the plan types they typically sell.
INSURERS = [
    ("Aetna", [PlanType.COMMERCIAL_FULLY_INSURED, PlanType.SELF_FUNDED_ERISA, PlanType.MEDICARE_ADVANTAGE]),
    ("Cigna", [PlanType.COMMERCIAL_FULLY_INSURED, PlanType.SELF_FUNDED_ERISA, PlanType.MARKETPLACE]),
    ("UnitedHealthcare", [PlanType.COMMERCIAL_FULLY_INSURED, PlanType.SELF_FUNDED_ERISA,
                          PlanType.MEDICARE_ADVANTAGE, PlanType.MEDICAID_MANAGED_CARE]),
    ("Blue Cross Blue Shield of Massachusetts", [PlanType.COMMERCIAL_FULLY_INSURED, PlanType.SELF_FUNDED_ERISA]),
    ("Anthem Blue Cross", [PlanType.COMMERCIAL_FULLY_INSURED, PlanType.MARKETPLACE, PlanType.MEDICAID_MANAGED_CARE]),
    ("Kaiser Permanente", [PlanType.COMMERCIAL_FULLY_INSURED, PlanType.MARKETPLACE]),
    ("Humana", [PlanType.MEDICARE_ADVANTAGE]),
    ("Medicare (Original)", [PlanType.MEDICARE]),
    ("State Medicaid", [PlanType.MEDICAID]),
    ("TRICARE", [PlanType.TRICARE_VA]),
    ("Oscar Health", [PlanType.MARKETPLACE]),
]

# ICD-10-CM codes from the reference notes, with their descriptions.
CONDITIONS = [
    ("F33.2", "Major depressive disorder, recurrent, severe without psychotic features"),
    ("F32.2", "Major depressive disorder, single episode, severe without psychotic features"),
    ("F43.12", "Post-traumatic stress disorder, chronic"),
    ("F41.1", "Generalized anxiety disorder"),
    ("G89.4", "Chronic pain syndrome"),
    ("G90.50", "Complex regional pain syndrome I, unspecified"),
    ("G43.709", "Chronic migraine without aura, not intractable, without status migrainosus"),
]

CLINICS = [
    "Harbor Light Ketamine Clinic", "Blue Ridge Infusion Center", "Clearwater Mental Health",
    "Northstar Psychiatry & Infusions", "Desert Bloom Wellness", "Evergreen Ketamine Therapy",
    "Lakeside Interventional Psychiatry", "Riverbend Infusion Suites",
]

STAGE_WEIGHTS = {
    Stage.RESEARCHING: 8, Stage.VERIFYING_BENEFITS: 10, Stage.PRIOR_AUTH: 10, Stage.IN_TREATMENT: 8,
    Stage.CLAIM_SUBMITTED: 8, Stage.DENIED: 12, Stage.APPEALING: 12, Stage.EXTERNAL_REVIEW: 5,
    Stage.COVERED: 6, Stage.SELF_FUNDING: 6, Stage.CLOSED: 3,
}

# Days since a case was last worked on: mostly this week, a few quiet for weeks.
QUIET_DAYS = (1, 1, 2, 2, 3, 3, 4, 4, 5, 6, 7, 9, 12, 16, 25)


def valid_npi(rng: random.Random) -> str:
    first_nine = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    return first_nine + str(npi_check_digit(first_nine))


def _working_hours(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=timezone.utc) + timedelta(minutes=rng.randrange(600))


def demo_cases(count: int = 30, seed: int = 1) -> list[Case]:
    rng = random.Random(seed)
    today = clock.today()
    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    cases = []
    for n in range(count):
        name = (UNICODE_NAMES[n] if n < len(UNICODE_NAMES)
                else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}")
        insurer, plan_types = rng.choice(INSURERS)
        conditions = rng.sample(CONDITIONS, k=rng.choice([1, 1, 2]))
        age = rng.randrange(30, 330)  # days since the case was opened
        quiet = min(rng.choice(QUIET_DAYS), age - 1)
        created = _working_hours(today - timedelta(days=age), rng)
        updated = _working_hours(today - timedelta(days=quiet), rng)
        case = Case(
            id=f"{rng.getrandbits(40):010x}",
            patient=Patient(
                name=name,
                date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 52)),
                state=rng.choice(sorted(US_STATES)),
            ),
            conditions=[Condition(code, text) for code, text in conditions],
            plan=Plan(insurer=insurer, plan_type=rng.choice(plan_types),
                      member_id=f"{rng.choice('WXYZ')}{rng.randrange(10**8, 10**9)}",
                      group_id=f"G{rng.randrange(10**5, 10**6)}"),
            provider=Provider(clinic=rng.choice(CLINICS), npi=valid_npi(rng),
                              tax_id=f"{rng.randrange(10, 99)}-{rng.randrange(10**6, 10**7)}"),
            stage=rng.choices(stages, weights)[0],
            notes=rng.choice(["", "Patient prefers email.", "Tried 3 antidepressants and TMS.",
                              "Employer plan — HR says self-funded; confirm with SPD.",
                              "Clinic gives superbills; out-of-network only."]),
            created=created.isoformat(),
            updated=updated.isoformat(),
            updated_by="demo",
            demo=True,
        )
        add_insurer_side(case, seed)  # plan facts, candidate clinics, call log (own random stream)
        add_funding(case, seed)  # cost estimate, funding plan, remembered form values (own random stream)
        add_journal(case, seed)  # sessions, prior treatments, scores, receipts, EOBs (own random stream)
        add_appeals(case, seed)  # prior auths, claims, denials and appeal steps (own random stream)
        cases.append(case)
    return cases
