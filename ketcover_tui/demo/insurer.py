"""Demo data for the insurer side: plan facts, candidate clinics and a call log.

Everything here is synthetic: plan amounts, clinic details, representatives,
reference numbers and quotes are made up. Phone numbers use 555-01xx, the range
reserved for fictional use. Prices stay inside the ranges the reference notes give
(§5.1: about $400–$900 per infusion; a series of 6). Dates derive from the case's
own dates (themselves relative to today), so the same seed on the same day gives the same data.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from ..domain.benefits import Benefits, Exclusion
from ..domain.calls import Answer, CallEntry, record_call
from ..domain.fields import NO, YES
from ..domain.providers import ProviderCandidate, ProviderSearch
from ..domain.vocab import PlanType, Stage

STAGE_ORDER = list(Stage)

REPS = ["Ana R.", "Marcus T.", "Dana K.", "Luis P.", "Keisha W.", "Tom B.", "Mai N.", "Olga S.", "Priya D."]
DEPARTMENTS = ["Member services", "Behavioral health", "Prior authorization", "Claims", "Appeals"]
OTHER_CLINICS = [
    ("Summit Mind Infusions", "210 Summit Ave"), ("Bayview Ketamine Center", "88 Bayview Rd"),
    ("Pinecrest Psychiatric Associates", "1450 Pinecrest Blvd"), ("Meridian Infusion Therapy", "19 Meridian St"),
]
STREETS = ["400 Harbor St", "72 Blue Ridge Pkwy", "15 Clearwater Ave", "901 Northstar Dr", "33 Desert Bloom Way",
           "1208 Evergreen Rd", "5 Lakeside Ct", "640 Riverbend Ln"]
EXCLUSIONS = [
    ("Experimental or investigational services and supplies, including drugs used for an "
     "indication not approved by the FDA, are not covered.", "Certificate of coverage 2026, Exclusions, p. 61"),
    ("Ketamine infusion therapy for psychiatric conditions is considered investigational.",
     "Medical policy 'Ketamine for depression', Policy section"),
]
OUTCOMES = {
    "Prior authorization": ["PA request received; under clinical review", "Told PA form must come from the clinic"],
    "Claims": ["Claim found; processing", "Claim denied as investigational; appeal rights explained"],
    "Appeals": ["Appeal logged; decision due by mail", "Asked for the claim file; request noted"],
    "Member services": ["Benefits explained", "Transferred to behavioral health"],
    "Behavioral health": ["Gave in-network psychiatrist list", "Network gap exception form to be mailed"],
}
PROMISES = [
    "“I'll send the prior authorization form to your address on file.”",
    "“A supervisor will call you back about the exception.”",
    "“The claim will be reprocessed; you'll get a new EOB.”",
    "“Your appeal is logged; you'll get a written decision.”",
    "“I'm noting that you asked for the claim file.”",
]


def _money(value: int) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _benefits(rng: random.Random, plan_type: PlanType | None) -> Benefits:
    ded = rng.choice([500, 1000, 1500, 2000, 3000])
    oop = rng.choice([4000, 6000, 7500])
    b = Benefits(
        plan_year_start=date(2026, 1, 1), plan_year_end=date(2026, 12, 31),
        ded_in_ind=_money(ded), ded_in_fam=_money(ded * 2),
        ded_out_ind=_money(ded * 2), ded_out_fam=_money(ded * 4),
        oop_in_ind=_money(oop), oop_in_fam=_money(oop * 2),
        oop_out_ind=_money(oop * 2), oop_out_fam=_money(oop * 4),
        coinsurance_in=Decimal(rng.choice([10, 20, 30])), coinsurance_out=Decimal(rng.choice([40, 50])),
        copay_in=_money(rng.choice([30, 40, 50])),
        sbc_source=rng.choice(["SBC 2026, from the employer's HR portal", "SBC 2026, mailed by the insurer",
                               "SBC 2026 PDF from the member website"]),
    )
    if plan_type in (PlanType.COMMERCIAL_FULLY_INSURED, PlanType.MARKETPLACE):
        b.funding = "fully_insured"
    elif plan_type is PlanType.SELF_FUNDED_ERISA:
        b.funding = "self_funded"
    if rng.random() < 0.6:
        b.exclusions.append(Exclusion(*rng.choice(EXCLUSIONS)))
    return b


def _candidates(rng: random.Random, case) -> ProviderSearch:
    state = case.patient.state
    own = ProviderCandidate(
        name=case.provider.clinic, address=f"{rng.choice(STREETS)}, {state}",
        distance_miles=Decimal(rng.randrange(30, 450)) / 10, npi=case.provider.npi, tax_id=case.provider.tax_id,
        network=rng.choice(["out", "out", "out", "in"]),
        accepts_insurance=rng.choice([YES, NO]), superbills=YES,
        insurer_experience=rng.choice(["Several approvals with this insurer", "Mostly superbills; few approvals",
                                       "New to this insurer"]),
        prior_auth_protocol=rng.choice(["Clinic files PA through the insurer portal",
                                        "Patient requests PA; clinic sends records",
                                        "Clinic faxes PA with the LMN"]),
        rating=Decimal(rng.randrange(38, 50)) / 10, rating_source="Google",
        review_notes=rng.choice(["Kind staff; long waits", "Good follow-up calls", "Billing help praised"]),
        contact=f"(555) 555-01{rng.randrange(10, 100)} · front desk",
    )
    price = rng.randrange(400, 901, 25)
    own.price_infusion, own.series_infusions = _money(price), 6
    own.price_series = _money(price * 6 - rng.choice([0, 150, 300]))
    candidates = [own]
    for name, street in rng.sample(OTHER_CLINICS, k=rng.choice([1, 2])):
        other_price = rng.randrange(400, 901, 25)
        candidates.append(ProviderCandidate(
            name=name, address=f"{street}, {state}", distance_miles=Decimal(rng.randrange(50, 900)) / 10,
            network=rng.choice(["out", "in", ""]), price_infusion=_money(other_price),
            price_series=_money(other_price * 6), series_infusions=6,
            accepts_insurance=rng.choice([YES, NO, ""]), superbills=rng.choice([YES, ""]),
            prior_auth_protocol=rng.choice(["", "Patient files PA"]),
            rating=Decimal(rng.randrange(35, 50)) / 10, rating_source=rng.choice(["Google", "Yelp"]),
            contact=f"(555) 555-01{rng.randrange(10, 100)}"))
    for candidate in candidates:  # ids from the seeded stream: same seed, same data
        candidate.id = f"{rng.getrandbits(32):08x}"
    in_network = any(c.network == "in" for c in candidates)
    return ProviderSearch(
        candidates=candidates, chosen=own.id,
        in_network_within_reach=YES if in_network else NO,
        search_note="" if in_network else "Called 3 in-network psychiatry groups within 50 miles: none offer IV ketamine.")


def _verification_answers(rng: random.Random, b: Benefits, network: str) -> list[Answer]:
    met = _money(rng.randrange(0, int(b.ded_in_ind) + 1, 50)) if b.ded_in_ind else _money(0)
    oop_met = met + _money(rng.randrange(0, 600, 50))
    covered = rng.choice(["yes, with prior authorization", "no, considered investigational"])
    return [
        Answer("Are CPT 96365, +96366 and HCPCS J3490 covered in network?", covered, "covered_in_network"),
        Answer("Are the same codes covered out of network?",
               "no" if covered.startswith("no") else rng.choice(["yes, at 50% after deductible", "no"]),
               "covered_out_network"),
        Answer("Is the clinic in network for this plan?", "yes" if network == "in" else "no", "network_status"),
        Answer("Medical or pharmacy benefit?", "medical", "benefit_type"),
        Answer("Is prior authorization required?", "yes", "prior_auth_required"),
        Answer("For which codes?", "96365, 96366, J3490", "prior_auth_codes"),
        Answer("How is it requested?", "Clinic submits the PA form by fax with records and LMN", "prior_auth_how"),
        Answer("In-network deductible met?", f"{met}", "ded_in_ind_met"),
        Answer("Out-of-network deductible met?", "0", "ded_out_ind_met"),
        Answer("In-network out-of-pocket met?", f"{oop_met}", "oop_in_ind_met"),
        Answer("Timely filing limit?", rng.choice(["“180 days from the date of service”", "“one year from service”"]),
               "timely_filing"),
        Answer("Where to submit claims?", "Paper CMS-1500 to the claims address on the card, or the member portal",
               "claims_submission"),
        Answer("Gap exception or single-case agreement?",
               rng.choice(["Possible; clinic requests it through provider services",
                           "Rep not sure; will ask a supervisor"]), "gap_exception"),
    ]


def add_insurer_side(case, seed: int) -> None:
    """Fill a demo case's plan facts, candidate clinics and call log (deterministic per seed and id)."""
    rng = random.Random(f"{seed}:{case.id}:insurer-side")
    case.benefits = _benefits(rng, case.plan.plan_type)
    case.provider_search = _candidates(rng, case)
    progress = STAGE_ORDER.index(case.stage)
    count = min(1 + progress // 2, 5)
    first = datetime.fromisoformat(case.created).date()
    last = datetime.fromisoformat(case.updated).date()  # the last call is the case's last update
    span = max((last - first).days, 0)
    offset = timezone(timedelta(hours=-rng.choice([5, 6, 7, 8])))
    earlier = sorted(rng.sample(range(span), k=min(count - 1, span)))
    days = [first + timedelta(days=d) for d in earlier] + [last]
    network = case.provider_search.candidates[0].network
    for n, day in enumerate(days):
        started = datetime.combine(day, time(rng.randrange(8, 17), rng.choice([0, 10, 20, 30, 40, 50])), offset)
        department = "Member services" if n == 0 else rng.choice(DEPARTMENTS)
        call = CallEntry(
            started_at=started.isoformat(), id=f"{rng.getrandbits(32):08x}",
            duration_s=rng.randrange(240, 2700), number=f"1-800-555-01{rng.randrange(10, 100)}",
            department=department, rep_name=rng.choice(REPS), rep_id=f"{rng.choice('ABKMT')}{rng.randrange(10000, 99999)}",
            reference=f"{rng.choice(['R', 'INQ', 'C'])}{day:%y%m%d}-{rng.randrange(1000, 9999)}",
        )
        if n == 0:
            call.script = "Benefits verification"
            call.answers = _verification_answers(rng, case.benefits, network)
            call.outcome = "Benefits verified; prior authorization needed"
            call.promised = "“Prior authorization is required; your clinic can fax the request.”"
        else:
            call.outcome = rng.choice(OUTCOMES[department])
            call.promised = rng.choice(PROMISES)
        if n == len(days) - 1 or rng.random() < 0.3:
            call.follow_up_due = day + timedelta(days=rng.choice([5, 7, 10, 14]))
            if n < len(days) - 1:
                call.follow_up_done = min(call.follow_up_due, last).isoformat()
        record_call(case, call)
