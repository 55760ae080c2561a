"""The case's stage moves forward with its records, never back, and never out of a settled stage."""

from __future__ import annotations

from datetime import date

from ketcover_tui.domain.appeal_records import Claim, Denial, PriorAuth
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.domain.journal import Session
from ketcover_tui.domain.stage import advance
from ketcover_tui.domain.vocab import Stage

DAY = date(2026, 3, 2)


def test_each_record_moves_the_stage_forward_to_what_it_shows():
    case = Case(patient=Patient("José Müller"))
    assert case.stage == Stage.RESEARCHING and advance(case) == ""
    steps = [
        (lambda c: c.appeals.prior_auths.append(PriorAuth(submitted=DAY)), Stage.PRIOR_AUTH),
        (lambda c: c.journal.sessions.append(Session(on=DAY)), Stage.IN_TREATMENT),
        (lambda c: c.appeals.claims.append(Claim(submitted=DAY)), Stage.CLAIM_SUBMITTED),
        (lambda c: c.appeals.denials.append(Denial(received=DAY)), Stage.DENIED),
        (lambda c: setattr(c.appeals.denials[0], "appeal_filed", DAY), Stage.APPEALING),
        (lambda c: setattr(c.appeals.denials[0], "external_review_filed", DAY), Stage.EXTERNAL_REVIEW),
        (lambda c: setattr(c.appeals.denials[0], "status", "won"), Stage.COVERED),
    ]
    for step, stage in steps:
        before = case.stage
        step(case)
        said = advance(case)
        assert case.stage == stage and said.startswith(f"Stage: {stage.label} (") and before.label in said


def test_the_stage_never_moves_back_nor_out_of_a_settled_one():
    case = Case(patient=Patient("李雷"))
    case.stage = Stage.APPEALING  # set by the user ahead of the records
    case.appeals.denials.append(Denial(received=DAY))
    assert advance(case) == "" and case.stage == Stage.APPEALING
    for settled in (Stage.SELF_FUNDING, Stage.CLOSED, Stage.COVERED):
        case.stage = settled
        case.appeals.denials[0].appeal_filed = DAY
        assert advance(case) == "" and case.stage == settled
    case.stage = Stage.RESEARCHING
    case.appeals.denials[0].status = "lost"  # upheld and closed: nothing open shows a stage past the claim
    case.journal.sessions.append(Session(on=DAY))
    assert advance(case) and case.stage == Stage.IN_TREATMENT
