"""Where a case stands, as its records show it: the stage moves forward when a record shows it has.

The stage is the user's to set (the case form); this only moves it forward, to the
furthest step the records show (a prior authorization sent, a session given, a claim
filed, a denial received, an appeal or external review filed, a denial overturned).
It never moves a case back, and never out of a stage that ends the fight (covered,
self-funding, closed): those are the user's judgement, not the records'.
"""

from __future__ import annotations

from .vocab import Stage

ORDER = [Stage.RESEARCHING, Stage.VERIFYING_BENEFITS, Stage.PRIOR_AUTH, Stage.IN_TREATMENT,
         Stage.CLAIM_SUBMITTED, Stage.DENIED, Stage.APPEALING, Stage.EXTERNAL_REVIEW, Stage.COVERED]
SETTLED = (Stage.COVERED, Stage.SELF_FUNDING, Stage.CLOSED)


def shown_by_records(case) -> tuple[Stage, str] | None:
    """The furthest stage the case's records show, and the record that shows it."""
    appeals = case.appeals
    open_denials = [d for d in appeals.denials if not d.status]
    if any(d.status == "won" for d in appeals.denials) and not open_denials:
        return Stage.COVERED, "a denial was overturned"
    if any(d.external_review_filed for d in open_denials):
        return Stage.EXTERNAL_REVIEW, "an external review was filed"
    if any(d.appeal_filed for d in open_denials):
        return Stage.APPEALING, "an appeal was filed"
    if open_denials:
        return Stage.DENIED, "a denial is recorded"
    if any(c.submitted for c in appeals.claims):
        return Stage.CLAIM_SUBMITTED, "a claim was submitted"
    if case.journal.sessions:
        return Stage.IN_TREATMENT, "a treatment session is recorded"
    if any(p.submitted for p in appeals.prior_auths):
        return Stage.PRIOR_AUTH, "a prior authorization was requested"
    return None


def advance(case) -> str:
    """Move ``case.stage`` forward to what its records show; what moved it ('' = it stays)."""
    shown = shown_by_records(case)
    if shown is None or case.stage in SETTLED or case.stage not in ORDER:
        return ""
    stage, why = shown
    if ORDER.index(stage) <= ORDER.index(case.stage):
        return ""
    before, case.stage = case.stage, stage
    return f"Stage: {stage.label} ({why}; it was {before.label})."
