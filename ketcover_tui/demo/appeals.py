"""Demo prior authorizations, claims and denials that fit each demo case's stage (deterministic)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from ..domain.appeals import Appeals, Claim, Denial, PriorAuth
from ..domain.vocab import PlanType, Stage

REASONS = ("experimental", "medical_necessity", "no_prior_auth", "out_of_network", "step_therapy", "coding_error")


def _quote(reason: str, esketamine: bool, pain: bool) -> str:
    """The denial's words, fitted to the drug and the condition treated (a pain case is never denied for depression)."""
    drug = "Esketamine (Spravato)" if esketamine else "Intravenous ketamine"
    condition = "chronic pain" if pain else "depression"
    trials = ("documented failure of conventional pain treatments and a baseline pain score" if pain else
              "documented failure of two adequate antidepressant trials and a baseline rating scale score")
    return {
        "experimental": f"{drug} for the treatment of {condition} is considered experimental and investigational "
                        "and is not covered under your plan's medical policy.",
        "medical_necessity": "The information provided does not show that the requested service is medically "
                             f"necessary. Our criteria require {trials}.",
        "no_prior_auth": "This service requires prior authorization. No authorization was on file for the dates "
                         "of service.",
        "out_of_network": "The provider is not in your plan's network. Your plan does not cover non-emergency "
                          "services from out-of-network providers.",
        "step_therapy": "Coverage requires trial of preferred treatments first. The record does not show a trial "
                        + ("of a nerve block." if pain else "of augmentation therapy."),
        "coding_error": "J3490 was billed without the drug name and NDC. Please submit a corrected claim.",
    }[reason]


def _esketamine(case) -> bool:
    """The drug the demo journal gave (else, before treatment, Medicare's usual esketamine for depression)."""
    if case.journal.sessions:
        return any(s.drug == "esketamine" for s in case.journal.sessions)
    pain = all(c.icd10.startswith("G") for c in case.conditions)
    return not pain and case.plan.plan_type in (PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE)


def add_appeals(case, seed: int) -> None:
    rng = random.Random(f"appeals-{seed}-{case.id}")
    stage = case.stage
    if stage in (Stage.RESEARCHING, Stage.VERIFYING_BENEFITS, Stage.SELF_FUNDING):
        return
    last = datetime.fromisoformat(case.updated).date()
    esketamine = _esketamine(case)
    pain = all(c.icd10.startswith("G") for c in case.conditions)
    codes = "G2083" if esketamine else "96365, 96366, J3490"
    appeals = Appeals()
    submitted = last - timedelta(days=rng.randrange(40, 90))
    new_id = lambda: f"{rng.getrandbits(32):08x}"  # noqa: E731  (deterministic ids for demo data)
    pa = PriorAuth(codes=codes, submitted=submitted, urgent=False, id=new_id())
    appeals.prior_auths.append(pa)
    if stage is Stage.PRIOR_AUTH:
        pa.submitted = last - timedelta(days=rng.randrange(2, 12))
        case.appeals = appeals
        return
    if stage in (Stage.IN_TREATMENT, Stage.CLAIM_SUBMITTED, Stage.COVERED):
        pa.decision, pa.decided = "approved", submitted + timedelta(days=rng.randrange(5, 14))
        pa.auth_number = f"PA{rng.randrange(10**7, 10**8)}"
        pa.units_approved = "6 infusions"
        pa.valid_until = pa.decided + timedelta(days=180)
        billed = Decimal(rng.choice(["700.00", "1400.00", "2100.00"]))
        claim = Claim(id=new_id(), claim_number=f"C{rng.randrange(10**9, 10**10)}", submitted=last - timedelta(days=14),
                      service_dates=(last - timedelta(days=20)).isoformat(), billed=billed)
        if stage is Stage.COVERED:
            claim.status, claim.allowed = "paid", (billed * Decimal("0.8")).quantize(Decimal("0.01"))
            claim.paid = (claim.allowed * Decimal("0.8")).quantize(Decimal("0.01"))
            claim.patient_owes = claim.allowed - claim.paid
            claim.eob_received = last - timedelta(days=2)
        else:
            claim.status = "pending"
        appeals.claims.append(claim)
        case.appeals = appeals
        return
    # Denied, appealing, in external review, closed.
    pa.decision, pa.decided = "denied", submitted + timedelta(days=rng.randrange(5, 14))
    reason = rng.choice(REASONS)
    if esketamine and reason == "coding_error":  # J3490 is the IV drug's code
        reason = "medical_necessity"
    # Dates count back from the case's last update, so no step lies in the future.
    anchor = last
    final = appeal = None
    if stage in (Stage.EXTERNAL_REVIEW, Stage.CLOSED):
        final = anchor - timedelta(days=rng.randrange(3, 20))
        appeal = final - timedelta(days=rng.randrange(20, 30))
    elif stage is Stage.APPEALING:
        appeal = anchor - timedelta(days=rng.randrange(3, 20))
    received = (appeal or anchor) - timedelta(days=rng.randrange(3, 30))
    denial = Denial(id=new_id(), notice_date=received - timedelta(days=rng.randrange(3, 8)), received=received, reason=reason,
                    quoted=_quote(reason, esketamine, pain), reference=f"REF-{rng.randrange(10**6, 10**7)}",
                    post_service=reason in ("no_prior_auth", "coding_error", "out_of_network"),
                    appeal_filed=appeal, final_denial_received=final)
    if final and case.plan.plan_type in (PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE):
        denial.level = 2
    if stage is Stage.CLOSED:
        denial.status = rng.choice(["won", "lost"])
    appeals.denials.append(denial)
    case.appeals = appeals
