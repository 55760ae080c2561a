"""Demo treatment journals and money ledgers: sessions, prior treatments, scores, receipts, EOBs.

Own random stream per case (seeded from the demo seed and the case id), so this
never changes the rest of the demo data. Everything is synthetic: clinicians,
license numbers, addresses, receipt numbers and the NDC (labeler 00000, made up:
use the one printed on the clinic's vial). Phone numbers use 555-01xx, the
range reserved for fiction. Protocols follow the reference notes (§5.1: a
series of 6 infusions over 2–3 weeks, commonly 0.5 mg/kg over 40 min; §1.2:
esketamine 56 or 84 mg with 2 hours of observation); scores follow the
published scales, and the trajectories are invented but plausible.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ..domain import clock
from ..domain.identifiers import npi_check_digit
from ..domain.journal import Journal, PriorTreatment, Session
from ..domain.measures import MeasureEntry
from ..domain.instruments import INSTRUMENTS
from ..domain.money import BillingDetails, Ledger, MoneyEntry, ServiceLine
from ..domain.coding import additional_hours
from ..domain.vocab import PlanType, Stage

TREATED = {Stage.IN_TREATMENT, Stage.CLAIM_SUBMITTED, Stage.DENIED, Stage.APPEALING, Stage.EXTERNAL_REVIEW,
           Stage.COVERED, Stage.SELF_FUNDING, Stage.CLOSED}
BEFORE_TREATMENT = {Stage.VERIFYING_BENEFITS, Stage.PRIOR_AUTH}
CLAIMED = {Stage.CLAIM_SUBMITTED, Stage.DENIED, Stage.APPEALING, Stage.EXTERNAL_REVIEW, Stage.COVERED}
DEMO_NDC = "00000-1234-01"  # made up (see the module docstring)

CLINICIANS = ["Dana Reyes, MD", "Samuel Okoye, MD", "Priya Raman, DO", "Elena Varga, MD, PhD", "Marcus Bell, PMHNP",
              "Hiro Sato, MD", "Leah Goldberg, MD", "Omar Farouk, CRNA"]
STREETS = ["Maple Ave", "Oak St", "Cedar Ln", "Lincoln Blvd", "Park Rd", "Willow Way", "Elm Ct", "Hillcrest Dr"]
TOWNS = ["Springfield", "Riverton", "Fairview", "Lakewood", "Georgetown", "Ashland", "Milton", "Clayton"]

DEPRESSION_PRIOR = [
    ("drug", "Sertraline", "200 mg daily"), ("drug", "Escitalopram", "20 mg daily"),
    ("drug", "Bupropion XL", "450 mg daily"), ("drug", "Venlafaxine XR", "225 mg daily"),
    ("drug", "Duloxetine", "60 mg daily"), ("drug", "Aripiprazole (augmentation)", "5 mg daily"),
    ("drug", "Mirtazapine", "45 mg nightly"), ("therapy", "CBT", "weekly, 16 sessions"),
    ("therapy", "TMS", "36 sessions"),
]
PTSD_PRIOR = [("drug", "Sertraline", "150 mg daily"), ("drug", "Prazosin", "6 mg nightly"),
              ("therapy", "Prolonged exposure therapy", "12 sessions"),
              ("therapy", "Cognitive processing therapy", "12 sessions")]
PAIN_PRIOR = [("drug", "Gabapentin", "1800 mg daily"), ("drug", "Pregabalin", "300 mg daily"),
              ("drug", "Duloxetine", "60 mg daily"), ("therapy", "Physical therapy", "twice weekly, 8 weeks"),
              ("therapy", "Sympathetic nerve blocks", "3 injections")]
SIDE_EFFECT_ODDS = (("dissociation", 0.6), ("nausea", 0.25), ("raised_bp", 0.2), ("dizziness", 0.2),
                    ("headache", 0.15))


def _instruments(case) -> list[str]:
    codes = [c.icd10 for c in case.conditions]
    chosen = []
    if any(c.startswith(("F32", "F33")) for c in codes):
        chosen.append("phq9")
    if "F41.1" in codes:
        chosen.append("gad7")
    if any(c.startswith("F43.1") for c in codes):
        chosen.append("pcl5")
    if any(c.startswith(("G89", "G90", "G43")) for c in codes):
        chosen.append("pain")
    return chosen or ["phq9"]


def _items_for(rng: random.Random, instrument_id: str, total: int, item9: int = 0) -> tuple[int, ...]:
    """Answers that add up to ``total`` (PHQ-9 item 9 fixed at ``item9``)."""
    spec = INSTRUMENTS[instrument_id]
    n, top = len(spec.items), spec.max_item
    items = [0] * n
    free = [i for i in range(n) if not (instrument_id == "phq9" and i == 8)]
    if instrument_id == "phq9":
        items[8] = item9
    remaining = max(0, min(total - items[8] if instrument_id == "phq9" else total, top * len(free)))
    while remaining:
        i = rng.choice(free)
        if items[i] < top:
            items[i] += 1
            remaining -= 1
    return tuple(items)


def _prior(rng: random.Random, case, first_day: date) -> list[PriorTreatment]:
    kinds = _instruments(case)
    if kinds == ["pain"]:
        pool = PAIN_PRIOR
    else:
        pool = PTSD_PRIOR + DEPRESSION_PRIOR[:3] if "pcl5" in kinds else DEPRESSION_PRIOR
    picks = rng.sample(pool, k=min(len(pool), rng.choice([2, 3, 3, 4])))
    result, end = [], first_day - timedelta(days=rng.randrange(20, 90))
    for kind, name, dose in picks:
        weeks = rng.randrange(8, 40)
        start = end - timedelta(weeks=weeks)
        outcome = rng.choice(["failed", "failed", "not_tolerated", "partial"])
        side_effects = (["Stopped for nausea and insomnia", "Sexual side effects", "Weight gain, sedation"]
                        if kind == "drug" else ["Stopped early: too distressing", "Flare-up of symptoms"])
        notes = {"not_tolerated": rng.choice(side_effects),
                 "partial": "Some benefit, symptoms persisted", "failed": ""}[outcome]
        exact = rng.random() < 0.5
        result.append(PriorTreatment(name=name, kind=kind, dose=dose, outcome=outcome, notes=notes,
                                     start=start.isoformat() if exact else start.isoformat()[:7],
                                     end=end.isoformat() if exact else end.isoformat()[:7],
                                     id=f"{rng.getrandbits(32):08x}"))
        end = start - timedelta(days=rng.randrange(14, 120))
    return sorted(result, key=lambda p: p.start)


def _schedule(rng: random.Random, last: date, esketamine: bool) -> list[date]:
    """An initial series ending on ``last``: 6 infusions over 2–3 weeks, or esketamine twice weekly."""
    gaps = [3, 4] * 4 if esketamine else [rng.choice([2, 2, 3, 4]) for _ in range(5)]
    days = [last]
    for gap in gaps[: (7 if esketamine else 5)]:
        days.append(days[-1] - timedelta(days=gap))
    return sorted(days)


def _session(rng: random.Random, day: date, n: int, total: int, esketamine: bool, pain: bool, weight: Decimal,
             clinician: str) -> Session:
    progress = n / max(total - 1, 1)
    start = time(rng.choice([8, 9, 10, 11, 13, 14]), rng.choice([0, 15, 30, 45]))
    if esketamine:
        minutes, dose, route = rng.randrange(125, 140), Decimal(56 if n < 2 else 84), "intranasal"
    elif pain:
        minutes = rng.choice([120, 150, 180, 240])
        dose, route = (weight * Decimal("1.0")).quantize(Decimal("1"), ROUND_HALF_UP), "iv"
    else:
        minutes = rng.randrange(40, 56)
        per_kg = Decimal("0.5") if n < 3 or rng.random() < 0.5 else Decimal("0.75")
        dose, route = (weight * per_kg).quantize(Decimal("0.1"), ROUND_HALF_UP), "iv"
    stop_minutes = start.hour * 60 + start.minute + minutes
    before = {"mood": max(0, min(10, round(2 + 4 * progress + rng.choice([-1, 0, 1])))),
              "anxiety": max(0, min(10, round(8 - 4 * progress + rng.choice([-1, 0, 1])))),
              "energy": max(0, min(10, round(3 + 3 * progress + rng.choice([-1, 0, 1]))))}
    after = {k: max(0, min(10, v + (1 if k != "anxiety" else -2) + rng.choice([0, 1]))) for k, v in before.items()}
    if pain:
        before["pain"] = max(0, min(10, round(8 - 4 * progress + rng.choice([-1, 0, 1]))))
        after["pain"] = max(0, before["pain"] - rng.choice([1, 2, 3]))
    effects = [key for key, odds in SIDE_EFFECT_ODDS if rng.random() < odds * (1.2 - progress)]
    notes = rng.choice(["", "Tolerated well.", "Music and eye shade; calm throughout.",
                        "BP 148/92 at 20 min, settled without treatment." if "raised_bp" in effects else "",
                        "Integration session booked for next week."])
    return Session(on=day, id=f"{rng.getrandbits(32):08x}", start=start,
                   stop=time(stop_minutes // 60, stop_minutes % 60), drug="esketamine" if esketamine else "ketamine",
                   route=route, dose_mg=dose, provider=clinician, before=dict(sorted(before.items())),
                   after=dict(sorted(after.items())), side_effects=effects, notes=notes)


def _measures(rng: random.Random, case, sessions: list[Session], baseline_day: date) -> list[MeasureEntry]:
    entries = []
    kind = rng.choice(["responder", "responder", "responder", "partial", "partial", "non"])
    ratio = {"responder": rng.uniform(0.15, 0.45), "partial": rng.uniform(0.55, 0.8),
             "non": rng.uniform(0.85, 1.05)}[kind]
    every = [(baseline_day, "")] + [(s.on, s.id) for s in sessions]
    monthly = [(baseline_day, "")] + [(s.on, s.id) for n, s in enumerate(sessions) if n in (5, 7)]
    for instrument_id in _instruments(case):
        spec = INSTRUMENTS[instrument_id]
        checkpoints = monthly if instrument_id == "pcl5" else every  # the PCL-5 asks about the past month
        baseline = {"phq9": rng.randrange(16, 25), "gad7": rng.randrange(12, 19), "pcl5": rng.randrange(38, 62),
                    "pain": rng.randrange(6, 9)}[instrument_id]
        item9 = 1 if instrument_id == "phq9" and rng.random() < 0.3 else 0
        for n, (day, session_id) in enumerate(checkpoints):
            share = n / max(len(checkpoints) - 1, 1)
            noise = rng.choice([-1, 0, 0, 1]) * (2 if instrument_id == "pcl5" else 1)
            score = round(baseline * (1 - (1 - ratio) * share)) + (noise if n else 0)
            score = max(0, min(spec.max_score, score))
            entries.append(MeasureEntry(
                instrument=instrument_id, on=day, items=_items_for(rng, instrument_id, score, item9 if n == 0 else 0),
                id=f"{rng.getrandbits(32):08x}", session_id=session_id,
                difficulty=rng.choice([1, 2, 2, 3]) if spec.difficulty and n == 0 else None))
    return entries


def _billing(rng: random.Random, case, clinician: str) -> BillingDetails:
    state = case.patient.state
    first_nine = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
    group_nine = "2" + "".join(str(rng.randrange(10)) for _ in range(8))
    details = BillingDetails(
        patient_address=f"{rng.randrange(10, 990)} {rng.choice(STREETS)}, {rng.choice(TOWNS)}, {state} "
                        f"{rng.randrange(10000, 99999)}",
        clinician=clinician, rendering_npi=first_nine + str(npi_check_digit(first_nine)),
        group_npi=group_nine + str(npi_check_digit(group_nine)),
        practice_address=f"{rng.randrange(100, 4000)} {rng.choice(STREETS)}, Suite {rng.randrange(100, 400)}, "
                         f"{rng.choice(TOWNS)}, {state} {rng.randrange(10000, 99999)}",
        phone=f"(555) 555-01{rng.randrange(10, 100)}", license=f"{rng.randrange(10000, 99999)}", license_state=state,
        place_of_service="11", ndc=DEMO_NDC, drug_name="Ketamine hydrochloride injection 50 mg/mL",
        patient_sex=rng.choice("FM"), insured_relationship="self")
    gap = rng.random()
    if gap < 0.15:
        details.ndc = ""  # the superbill check asks for it
    elif gap < 0.25:
        details.license = details.license_state = ""
    return details


def _lines(session: Session, price: Decimal) -> list[ServiceLine]:
    if session.drug == "esketamine":
        return [ServiceLine("G2082" if session.dose_mg <= 56 else "G2083", charge=price)]
    extra = additional_hours(session.duration_min or 0)
    drug = (price * Decimal("0.25")).quantize(Decimal("1"))
    lines = [ServiceLine("96365", charge=price - drug - 150 * extra)]
    if extra:
        lines.append(ServiceLine("96366", units=extra, charge=Decimal(150 * extra)))
    return lines + [ServiceLine("J3490", charge=drug)]


def _ledger(rng: random.Random, case, sessions: list[Session], price: Decimal) -> list[MoneyEntry]:
    clinic = case.provider.clinic
    entries = []
    series_invoice = rng.random() < 0.3
    if series_invoice and sessions:
        lines = []
        for s in sessions:
            lines += [ServiceLine(line.code, line.modifiers, line.units, line.charge, "A", s.on)
                      for line in _lines(s, price)]
        entries.append(MoneyEntry(kind="invoice", date_of_service=sessions[0].on, on=sessions[0].on, payee=clinic,
                                  reference=f"INV-{rng.randrange(10000, 99999)}", lines=lines,
                                  billed=sum((line.charge for line in lines), Decimal("0.00")),
                                  session_ids=[s.id for s in sessions], id=f"{rng.getrandbits(32):08x}",
                                  notes="Initial series, itemized"))
    for s in sessions:
        entries.append(MoneyEntry(
            kind="receipt", date_of_service=s.on, on=s.on, payee=clinic, reference=f"R-{rng.randrange(1000, 9999)}",
            lines=[] if series_invoice else _lines(s, price), paid_patient=price, session_ids=[s.id],
            id=f"{rng.getrandbits(32):08x}", notes=rng.choice(["Paid by card", "Paid by HSA card", "Paid by card"])))
    if case.stage in CLAIMED and sessions:
        denied = case.stage in (Stage.DENIED, Stage.APPEALING, Stage.EXTERNAL_REVIEW)
        deductible_left = case.benefits.ded_out_ind or Decimal("2000.00")
        for s in sessions[: rng.choice([2, 3]) if case.stage != Stage.COVERED else len(sessions)]:
            processed = min(s.on + timedelta(days=rng.randrange(18, 35)), clock.today() - timedelta(days=1))
            eob = MoneyEntry(kind="eob", date_of_service=s.on, on=processed, payee=clinic, network="out",
                             reference=f"CLM{rng.randrange(10**8, 10**9)}", billed=price, session_ids=[s.id],
                             id=f"{rng.getrandbits(32):08x}")
            if denied:
                eob.allowed = eob.paid_plan = eob.reimbursed = Decimal("0.00")
                eob.notes = "Denied: ketamine infusion considered investigational"
            elif case.stage == Stage.CLAIM_SUBMITTED:
                continue  # submitted, not processed yet
            else:
                allowed = (price * Decimal("0.7")).quantize(Decimal("0.01"))
                deductible = min(deductible_left, allowed)
                deductible_left -= deductible
                coinsurance = ((allowed - deductible) * Decimal("0.4")).quantize(Decimal("0.01"))
                eob.allowed, eob.deductible = allowed, deductible
                eob.patient_share = deductible + coinsurance
                eob.reimbursed = allowed - eob.patient_share
                eob.paid_plan = Decimal("0.00")
                eob.notes = "Out of network: paid to the member"
            entries.append(eob)
    return entries


def add_journal(case, seed: int) -> None:
    """Fill a demo case's treatment journal and money ledger (deterministic per seed and case id)."""
    rng = random.Random(f"journal-{seed}-{case.id}")
    if case.stage not in TREATED | BEFORE_TREATMENT:
        return
    instruments = _instruments(case)
    pain = instruments == ["pain"]
    medicare = case.plan.plan_type in (PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE)
    esketamine = not pain and (medicare or rng.random() < 0.2)
    clinician = rng.choice(CLINICIANS)
    weight = Decimal(rng.randrange(520, 1100)) / 10
    last = datetime.fromisoformat(case.updated).date() - timedelta(days=1)
    journal = Journal(weight_kg=weight)
    if case.stage in BEFORE_TREATMENT:
        baseline_day = last - timedelta(days=rng.randrange(0, 10))
        journal.prior = _prior(rng, case, baseline_day)
        journal.measures = _measures(rng, case, [], baseline_day)
        case.journal = journal
        return
    days = _schedule(rng, last, esketamine)
    sessions = [_session(rng, day, n, len(days), esketamine, pain, weight, clinician) for n, day in enumerate(days)]
    journal.sessions = sessions
    journal.prior = _prior(rng, case, days[0])
    journal.measures = _measures(rng, case, sessions, days[0] - timedelta(days=rng.choice([0, 2, 5])))
    case.journal = journal
    price = case.funding.cost_per_infusion or Decimal(rng.choice(["600.00", "700.00", "750.00"]))
    if esketamine:
        price = Decimal(rng.choice(["900.00", "1100.00"]))
    elif pain:  # pain protocols run longer and cost more (reference notes §5.1: $600–$2,000)
        price = Decimal(rng.choice(["1200.00", "1500.00"]))
    case.money = Ledger(entries=_ledger(rng, case, sessions, price), billing=_billing(rng, case, clinician))
    case.money.sort()
