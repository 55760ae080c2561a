"""The deadline engine, one row per rule and date case, each id naming the regulation section.

Every expected date was counted by hand from the rule as written in
domain-facts §8 (and §2 where §8 is silent): "180 days after receipt", "60
days from the date on the notice", "presumed 5 days after the notice's date",
"4 months; no such day -> the 1st of the 5th month; Saturday, Sunday or
Federal holiday -> the next day that is none of those". Month lengths, leap
days and the 5 U.S.C. 6103(a) holidays are written next to the cases they
matter for. Nothing here is copied from the engine's output.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ketcover_tui.domain import deadlines as dl
from ketcover_tui.domain.deadlines import Event as E
from ketcover_tui.domain.vocab import PlanType as P

D, T = date, datetime
EV = "fax confirmation 14:02"  # evidence that the plan received a request
EXPECT = "plan, event, facts, due, who, cite, check, before"


def case(cite, what, plan, event, facts, due, who, check=False, before=False):
    return pytest.param(plan, event, facts, due, who, cite, check, before, id=f"{cite} · {what}")


PATIENT, INSURER = "patient", "insurer"
ERISA_APPEAL = "29 CFR 2560.503-1(h)(3)(i)"
FED_ER = "45 CFR 147.136(d)(2)(i)"

GROUP = [
    # Internal appeal: at least 180 days after receipt of the denial.
    case(ERISA_APPEAL, "received Mar 2: 29+30+31+30+31 days to Jul 31, +29 = Aug 29", P.SELF_FUNDED_ERISA,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 2, 27), received=D(2026, 3, 2)), D(2026, 8, 29), PATIENT),
    case(ERISA_APPEAL, "leap year: Dec 31 2027 + 180 counts Feb 29 2028 -> Jun 28", P.COMMERCIAL_FULLY_INSURED,
         E.DENIAL_RECEIVED, dict(received=D(2027, 12, 31)), D(2028, 6, 28), PATIENT),
    case("45 CFR 147.136(b)(3)(i)", "Marketplace, across the year end: Jul 15 + 180 = Jan 11", P.MARKETPLACE,
         E.DENIAL_RECEIVED, dict(received=D(2026, 7, 15)), D(2027, 1, 11), PATIENT),
    case(ERISA_APPEAL, "receipt missing: counted from the notice date, flagged", P.SELF_FUNDED_ERISA,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 3, 2)), D(2026, 8, 29), PATIENT, check=True),
    case(ERISA_APPEAL, "a Saturday start and end stay put: no roll-forward for internal appeals",
         P.SELF_FUNDED_ERISA, E.DENIAL_RECEIVED, dict(received=D(2026, 1, 3)), D(2026, 7, 2), PATIENT),
    # Claim decisions, from the plan's receipt.
    case("29 CFR 2560.503-1(f)", "pre-service 15 days from plan receipt (with evidence)", P.SELF_FUNDED_ERISA,
         E.PA_SUBMITTED, dict(sent=D(2026, 1, 20), plan_received=D(2026, 1, 22), plan_proof=EV), D(2026, 2, 6),
         INSURER),
    case("29 CFR 2560.503-1(f)", "pre-service, plan receipt not recorded: assumed the day sent", P.SELF_FUNDED_ERISA,
         E.PA_SUBMITTED, dict(sent=D(2026, 1, 20)), D(2026, 2, 4), INSURER, check=True),
    case("29 CFR 2560.503-1(f)", "urgent claim 72 hours", P.SELF_FUNDED_ERISA, E.PA_SUBMITTED,
         dict(plan_received=T(2026, 1, 20, 9, 30), plan_proof=EV, urgent=True), T(2026, 1, 23, 9, 30), INSURER),
    case("29 CFR 2560.503-1(f)(2)(ii)", "concurrent-care urgent extension 24 hours", P.SELF_FUNDED_ERISA,
         E.PA_SUBMITTED, dict(plan_received=T(2026, 2, 28, 8, 0), plan_proof=EV, urgent=True, concurrent=True),
         T(2026, 3, 1, 8, 0), INSURER),
    case("29 CFR 2560.503-1(f)(2)(iii)(B)", "post-service claim 30 days across February's end",
         P.SELF_FUNDED_ERISA, E.CLAIM_SUBMITTED, dict(plan_received=D(2026, 1, 31), plan_proof=EV), D(2026, 3, 2),
         INSURER),
    case("29 CFR 2560.503-1(f)(2)(iii)(B)", "post-service claim, leap February: Feb 15 + 30 = Mar 16",
         P.COMMERCIAL_FULLY_INSURED, E.CLAIM_SUBMITTED, dict(plan_received=D(2028, 2, 15), plan_proof=EV),
         D(2028, 3, 16), INSURER),
    case("29 CFR 2560.503-1(f)(2)(iii)(B)", "post-service claim across the year end", P.MARKETPLACE,
         E.CLAIM_SUBMITTED, dict(plan_received=D(2026, 12, 15), plan_proof=EV), D(2027, 1, 14), INSURER),
    # Appeal decisions.
    case("29 CFR 2560.503-1(i)", "pre-service appeal 30 days", P.SELF_FUNDED_ERISA, E.APPEAL_FILED,
         dict(sent=D(2026, 1, 29), plan_received=D(2026, 1, 31), plan_proof=EV), D(2026, 3, 2), INSURER),
    case("29 CFR 2560.503-1(i)", "post-service appeal 60 days, leap February", P.MARKETPLACE, E.APPEAL_FILED,
         dict(plan_received=D(2028, 1, 31), plan_proof=EV, post_service=True), D(2028, 3, 31), INSURER),
    case("29 CFR 2560.503-1(i)", "urgent appeal 72 hours over a weekend", P.COMMERCIAL_FULLY_INSURED,
         E.APPEAL_FILED, dict(plan_received=T(2026, 2, 27, 16, 0), plan_proof=EV, urgent=True),
         T(2026, 3, 2, 16, 0), INSURER),
    case("29 CFR 2560.503-1(i)", "plan receipt recorded without evidence: used, flagged", P.SELF_FUNDED_ERISA,
         E.APPEAL_FILED, dict(sent=D(2026, 5, 1), plan_received=D(2026, 5, 6)), D(2026, 6, 5), INSURER, check=True),
    # Federal external review: 4 months, fifth-month rule, roll-forward.
    case(FED_ER, "Mar 15 + 4 months = Jul 15, a Wednesday", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2026, 3, 15)), D(2026, 7, 15), PATIENT),
    case(FED_ER, "Oct 31 -> no Feb 31 -> first day of the fifth month, Mon Mar 1 2027", P.SELF_FUNDED_ERISA,
         E.FINAL_DENIAL_RECEIVED, dict(received=D(2026, 10, 31)), D(2027, 3, 1), PATIENT),
    case(FED_ER, "leap year: Oct 29 2027 -> Feb 29 2028 exists (a Tuesday)", P.SELF_FUNDED_ERISA,
         E.FINAL_DENIAL_RECEIVED, dict(received=D(2027, 10, 29)), D(2028, 2, 29), PATIENT),
    case(FED_ER, "no Feb 29 in 2027 -> Mar 1", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2026, 10, 29)), D(2027, 3, 1), PATIENT),
    case(FED_ER, "fifth-month day Sun Mar 1 2026 -> Mon Mar 2", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2025, 10, 31)), D(2026, 3, 2), PATIENT),
    case(FED_ER, "Sat Jul 4 2026 -> Sun -> Mon Jul 6", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2026, 3, 4)), D(2026, 7, 6), PATIENT),
    case(FED_ER, "Sunday Jun 7 2026 -> Mon Jun 8", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2026, 2, 7)), D(2026, 6, 8), PATIENT),
    case(FED_ER, "MLK Day Mon Jan 19 2026 -> Tue Jan 20", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2025, 9, 19)), D(2026, 1, 20), PATIENT),
    case(FED_ER, "Memorial Day Mon May 25 2026 -> Tue May 26", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2026, 1, 25)), D(2026, 5, 26), PATIENT),
    case(FED_ER, "Thanksgiving Thu Nov 26 2026 -> Fri Nov 27", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2026, 7, 26)), D(2026, 11, 27), PATIENT),
    case(FED_ER, "Sat Dec 26 2026 (after Christmas Fri) -> Mon Dec 28", P.SELF_FUNDED_ERISA,
         E.FINAL_DENIAL_RECEIVED, dict(received=D(2026, 8, 26)), D(2026, 12, 28), PATIENT),
    case(FED_ER, "Christmas observed Fri Dec 24 2027 -> Mon Dec 27", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2027, 8, 24)), D(2027, 12, 27), PATIENT),
    case(FED_ER, "New Year's observed Fri Dec 31 2027 -> Mon Jan 3 2028", P.SELF_FUNDED_ERISA,
         E.FINAL_DENIAL_RECEIVED, dict(received=D(2027, 8, 31)), D(2028, 1, 3), PATIENT),
    case(FED_ER, "Juneteenth Sat Jun 19 2027 -> Mon Jun 21", P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED,
         dict(received=D(2027, 2, 19)), D(2027, 6, 21), PATIENT),
    case("45 CFR 147.136(c)", "state process: shortest 60 days, Sun May 3 not rolled forward",
         P.COMMERCIAL_FULLY_INSURED, E.FINAL_DENIAL_RECEIVED, dict(received=D(2026, 3, 4)), D(2026, 5, 3), PATIENT,
         check=True),
    case("45 CFR 147.136(c)", "Marketplace state process across the year end", P.MARKETPLACE,
         E.FINAL_DENIAL_RECEIVED, dict(received=D(2026, 11, 5)), D(2027, 1, 4), PATIENT, check=True),
    case("45 CFR 147.136(d)", "IRO decides in 45 days", P.SELF_FUNDED_ERISA, E.EXTERNAL_REVIEW_FILED,
         dict(plan_received=D(2026, 12, 20), plan_proof=EV), D(2027, 2, 3), INSURER),
    case("45 CFR 147.136(d)", "expedited external review 72 hours across the year end", P.SELF_FUNDED_ERISA,
         E.EXTERNAL_REVIEW_FILED, dict(plan_received=T(2026, 12, 31, 8, 0), plan_proof=EV, urgent=True),
         T(2027, 1, 3, 8, 0), INSURER),
]

MEDICARE = [
    case("42 CFR 405.942(a)", "presumed receipt Jan 10 + 120 = May 10", P.MEDICARE, E.DENIAL_RECEIVED,
         dict(notice_dated=D(2026, 1, 5)), D(2026, 5, 10), PATIENT),
    case("42 CFR 405.942(a), (a)(1)", "later receipt Jan 20 with proof counts: May 20", P.MEDICARE, E.DENIAL_RECEIVED,
         dict(notice_dated=D(2026, 1, 5), received=D(2026, 1, 20), proof="postmarked 2026-01-16"), D(2026, 5, 20),
         PATIENT),
    case("42 CFR 405.942(a), (a)(1)", "later receipt without proof: presumed date, flagged", P.MEDICARE,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 1, 5), received=D(2026, 1, 20)), D(2026, 5, 10), PATIENT,
         check=True),
    case("42 CFR 405.942(a), (a)(1)", "earlier recorded receipt Jan 7 is used: May 7", P.MEDICARE, E.DENIAL_RECEIVED,
         dict(notice_dated=D(2026, 1, 5), received=D(2026, 1, 7)), D(2026, 5, 7), PATIENT),
    case("42 CFR 405.942(a)", "notice date missing: from the receipt, flagged", P.MEDICARE, E.DENIAL_RECEIVED,
         dict(received=D(2026, 2, 1)), D(2026, 6, 1), PATIENT, check=True),
    case("42 CFR 405.962(a)", "presumed receipt crosses the year: Dec 27 + 5 = Jan 1 2028, + 180 = Jun 29",
         P.MEDICARE, E.DENIAL_RECEIVED, dict(notice_dated=D(2027, 12, 27), level=2), D(2028, 6, 29), PATIENT),
    case("42 CFR 405.1002(a)", "ALJ: Dec 26 + 5 = Dec 31, + 60 = Mar 1", P.MEDICARE, E.DENIAL_RECEIVED,
         dict(notice_dated=D(2026, 12, 26), level=3), D(2027, 3, 1), PATIENT),
    case("42 CFR 405.1102(a)", "ALJ decision received -> Council: Jan 1 + 5 + 60 = Mar 7", P.MEDICARE,
         E.FINAL_DENIAL_RECEIVED, dict(notice_dated=D(2026, 1, 1), level=3), D(2026, 3, 7), PATIENT),
    case("42 CFR 405.1130", "court, leap year: Feb 20 + 5 = Feb 25; 4 Feb days + 31 + 25 = Apr 25", P.MEDICARE,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2028, 2, 20), level=5), D(2028, 4, 25), PATIENT),
    case("42 CFR 405.950", "MAC decides 60 days after it received the request", P.MEDICARE, E.APPEAL_FILED,
         dict(sent=D(2026, 1, 5), plan_received=D(2026, 1, 8), plan_proof="delivery tracking"), D(2026, 3, 9),
         INSURER),
    case("42 CFR 405.970", "QIC decides in 60 days", P.MEDICARE, E.APPEAL_FILED,
         dict(plan_received=D(2026, 6, 1), plan_proof=EV, level=2), D(2026, 7, 31), INSURER),
    case("42 CFR 405.1016", "ALJ decides in 90 days (generally)", P.MEDICARE, E.APPEAL_FILED,
         dict(plan_received=D(2026, 1, 1), plan_proof=EV, level=3), D(2026, 4, 1), INSURER),
    # Medicare Advantage.
    case("42 CFR 422.582(b)", "60 days after presumed receipt = notice + 65: Mar 2 -> May 6",
         P.MEDICARE_ADVANTAGE, E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 3, 2)), D(2026, 5, 6), PATIENT),
    case("42 CFR 422.582(b), (b)(1)", "later receipt with proof: Mar 12 + 60 = May 11", P.MEDICARE_ADVANTAGE,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 3, 2), received=D(2026, 3, 12), proof="portal timestamp"),
         D(2026, 5, 11), PATIENT),
    case("42 CFR 422.582(b), (b)(1)", "later receipt without proof: presumed, flagged", P.MEDICARE_ADVANTAGE,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 3, 2), received=D(2026, 3, 12)), D(2026, 5, 6), PATIENT,
         check=True),
    case("42 CFR 422.582(b)", "across the year end: Dec 10 + 5 + 60 = Feb 13", P.MEDICARE_ADVANTAGE,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 12, 10)), D(2027, 2, 13), PATIENT),
    case("42 CFR 422.602(b)", "IRE decision received -> ALJ: Dec 30 + 5 = Jan 4 2028, + 60 = Mar 4 (leap)",
         P.MEDICARE_ADVANTAGE, E.FINAL_DENIAL_RECEIVED, dict(notice_dated=D(2027, 12, 30), level=2), D(2028, 3, 4),
         PATIENT),
    case("42 CFR 422.568(b)(1)(ii)", "prior authorization 7 days", P.MEDICARE_ADVANTAGE, E.PA_SUBMITTED,
         dict(plan_received=D(2026, 1, 28), plan_proof=EV), D(2026, 2, 4), INSURER),
    case("42 CFR 422.568(b)(1)(ii)", "7 days across the year end, receipt assumed", P.MEDICARE_ADVANTAGE,
         E.PA_SUBMITTED, dict(sent=D(2026, 12, 29)), D(2027, 1, 5), INSURER, check=True),
    case("42 CFR 422.572", "expedited prior authorization 72 hours", P.MEDICARE_ADVANTAGE, E.PA_SUBMITTED,
         dict(plan_received=T(2026, 2, 27, 15, 0), plan_proof=EV, urgent=True), T(2026, 3, 2, 15, 0), INSURER),
    case("42 CFR 422.590", "standard reconsideration decided in 30 days", P.MEDICARE_ADVANTAGE, E.APPEAL_FILED,
         dict(plan_received=D(2026, 2, 1), plan_proof=EV), D(2026, 3, 3), INSURER),
    case("42 CFR 422.590", "payment reconsideration decided in 60 days", P.MEDICARE_ADVANTAGE, E.APPEAL_FILED,
         dict(plan_received=D(2026, 2, 1), plan_proof=EV, post_service=True), D(2026, 4, 2), INSURER),
]

MEDICAID = [
    case("42 CFR 438.402(c)(2)(ii)", "60 days from the notice's date, not its arrival: Mar 2 -> May 1",
         P.MEDICAID_MANAGED_CARE, E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 3, 2), received=D(2026, 3, 9)),
         D(2026, 5, 1), PATIENT),
    case("42 CFR 438.402(c)(2)(ii)", "only the arrival date: on or before May 8, flagged", P.MEDICAID_MANAGED_CARE,
         E.DENIAL_RECEIVED, dict(received=D(2026, 3, 9)), D(2026, 5, 8), PATIENT, check=True, before=True),
    case("42 CFR 438.402(c)(2)(ii)", "across the year end: Dec 15 + 60 = Feb 13", P.MEDICAID_MANAGED_CARE,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 12, 15)), D(2027, 2, 13), PATIENT),
    case("42 CFR 438.408(f)(2)", "fair hearing 90 days from the notice of resolution (leap): Jan 15 -> Apr 14",
         P.MEDICAID_MANAGED_CARE, E.FINAL_DENIAL_RECEIVED, dict(notice_dated=D(2028, 1, 15), received=D(2028, 1, 22)),
         D(2028, 4, 14), PATIENT, check=True),
    case("42 CFR 438.408(f)(2)", "resolution date missing: on or before arrival + 90", P.MEDICAID_MANAGED_CARE,
         E.FINAL_DENIAL_RECEIVED, dict(received=D(2026, 11, 20)), D(2027, 2, 18), PATIENT, check=True, before=True),
    case("42 CFR 438.408", "plan resolves the appeal in 30 days", P.MEDICAID_MANAGED_CARE, E.APPEAL_FILED,
         dict(plan_received=D(2026, 2, 10), plan_proof=EV), D(2026, 3, 12), INSURER),
    case("42 CFR 438.408", "expedited appeal 72 hours", P.MEDICAID_MANAGED_CARE, E.APPEAL_FILED,
         dict(plan_received=T(2026, 2, 10, 7, 0), plan_proof=EV, urgent=True), T(2026, 2, 13, 7, 0), INSURER),
    case("42 CFR 438.210(d)", "prior authorization 7 days from 2026 (MED)", P.MEDICAID_MANAGED_CARE,
         E.PA_SUBMITTED, dict(plan_received=D(2026, 3, 27), plan_proof=EV), D(2026, 4, 3), INSURER, check=True),
    case("42 CFR 438.210(d)", "before 2026: 14 days, into the new year", P.MEDICAID_MANAGED_CARE, E.PA_SUBMITTED,
         dict(plan_received=D(2025, 12, 20), plan_proof=EV), D(2026, 1, 3), INSURER, check=True),
    case("42 CFR 438.210(d)", "expedited prior authorization 72 hours", P.MEDICAID_MANAGED_CARE, E.PA_SUBMITTED,
         dict(plan_received=T(2026, 4, 1, 10, 0), plan_proof=EV, urgent=True), T(2026, 4, 4, 10, 0), INSURER,
         check=True),
    case("42 CFR 431.221(d)", "fee-for-service: 90 days from the mailing (notice) date", P.MEDICAID,
         E.DENIAL_RECEIVED, dict(notice_dated=D(2026, 3, 3), received=D(2026, 3, 10)), D(2026, 6, 1), PATIENT,
         check=True),
    case("42 CFR 431.221(d)", "only the arrival date: on or before Jun 8", P.MEDICAID, E.DENIAL_RECEIVED,
         dict(received=D(2026, 3, 10)), D(2026, 6, 8), PATIENT, check=True, before=True),
    case("42 CFR 431.221(d)", "leap day: Dec 1 2027 + 90 = Feb 29 2028", P.MEDICAID, E.DENIAL_RECEIVED,
         dict(notice_dated=D(2027, 12, 1)), D(2028, 2, 29), PATIENT, check=True),
]

CASES = GROUP + MEDICARE + MEDICAID


def test_enough_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize(EXPECT, CASES)
def test_rule(plan, event, facts, due, who, cite, check, before):
    first = dl.compute(plan, event, **facts)[0]
    assert first.due == due
    assert type(first.due) is type(due)  # hour rules give a moment, day rules a date
    assert first.who == who
    assert cite in first.rule
    assert first.source and first.counts_from and first.as_of
    assert first.check_this is check, first.uncertain
    assert bool(first.warning()) is (check or not first.cite_verified)
    assert first.on_or_before is before
    assert first.due_text().startswith("on or before ") is before
    if first.confidence == "HIGH":  # HIGH only where the regulation text was read (notes §8)
        assert "§8" in first.source


KEEP = "42 CFR 438.420(a)"


@pytest.mark.parametrize("effective, due", [
    pytest.param(D(2026, 5, 20), D(2026, 5, 20), id=f"{KEEP} · the effective date is the later: May 20"),
    pytest.param(D(2026, 5, 5), D(2026, 5, 11), id=f"{KEEP} · 10 days after sending is the later: May 11"),
])
def test_keep_benefits_later_of_the_two(effective, due):
    found = dl.compute(P.MEDICAID_MANAGED_CARE, E.DENIAL_RECEIVED, notice_dated=D(2026, 5, 1), reduces=True,
                       effective=effective)
    keep = next(d for d in found if d.step == "keep_benefits")
    assert (keep.due, keep.rule, keep.check_this) == (due, "42 CFR 438.420(a), (b)", False)


def test_keep_benefits_never_on_a_first_request():  # 438.420(b): previously authorized services only
    found = dl.compute(P.MEDICAID_MANAGED_CARE, E.DENIAL_RECEIVED, notice_dated=D(2026, 5, 1))
    assert [d.step for d in found] == ["plan_appeal"]


def test_state_set_windows_carry_the_label():
    sfh = dl.compute(P.MEDICAID_MANAGED_CARE, E.FINAL_DENIAL_RECEIVED, notice_dated=D(2026, 4, 1))[0]
    assert sfh.state_set == "at most — your state or your notice may allow more"
    assert "120" in sfh.note and "90" in sfh.note
    ffs = dl.compute(P.MEDICAID, E.DENIAL_RECEIVED, notice_dated=D(2026, 4, 1))[0]
    assert ffs.state_set.startswith("at most") and "shorter" in ffs.state_set


def test_no_medicaid_or_medicare_date_is_later_than_the_federal_rule_allows():
    """For every notice date over three years and arrivals 0-20 days later: never past the federal limit."""
    start = D(2026, 1, 1)
    for offset in range(0, 3 * 365, 7):
        notice = D.fromordinal(start.toordinal() + offset)
        for late in (0, 3, 5, 6, 20):
            received = D.fromordinal(notice.toordinal() + late)
            mc = dl.compute(P.MEDICAID_MANAGED_CARE, E.DENIAL_RECEIVED, notice_dated=notice, received=received)
            assert (mc[0].day - notice).days <= 60
            sfh = dl.compute(P.MEDICAID_MANAGED_CARE, E.FINAL_DENIAL_RECEIVED, notice_dated=notice, received=received)
            assert (sfh[0].day - notice).days <= 120
            ffs = dl.compute(P.MEDICAID, E.DENIAL_RECEIVED, notice_dated=notice, received=received)
            assert (ffs[0].day - notice).days <= 90
            for plan, days in ((P.MEDICARE, 120), (P.MEDICARE_ADVANTAGE, 60)):
                unproven = dl.compute(plan, E.DENIAL_RECEIVED, notice_dated=notice, received=received)
                assert (unproven[0].day - notice).days <= 5 + days


def test_medicare_advantage_note_says_65_not_use_60():
    first = dl.compute(P.MEDICARE_ADVANTAGE, E.DENIAL_RECEIVED, notice_dated=D(2026, 3, 2))[0]
    assert "Use 60" not in first.note and "65 days after the date on the notice" in first.note


def test_roll_forward_is_explained():
    first = dl.compute(P.SELF_FUNDED_ERISA, E.FINAL_DENIAL_RECEIVED, received=D(2026, 3, 4))[0]
    assert "2026-07-04 (Saturday)" in first.note and "5 U.S.C. 6103(a)" in first.note


def test_medicare_advantage_ire_is_automatic_not_a_deadline():
    assert dl.compute(P.MEDICARE_ADVANTAGE, E.FINAL_DENIAL_RECEIVED, notice_dated=D(2026, 3, 2), level=1) == []
    assert any("IRE" in text for text, _cite, _src in dl.plan_facts(P.MEDICARE_ADVANTAGE))


def test_marketplace_one_level_is_a_plan_fact_not_a_deadline():
    found = dl.compute(P.MARKETPLACE, E.DENIAL_RECEIVED, received=D(2026, 5, 1))
    assert len(found) == 1
    assert [(cite, "one internal appeal level" in text) for text, cite, _ in dl.plan_facts(P.MARKETPLACE)] == [
        ("45 CFR 147.136(b)(3)(ii)(G)", True)]


@pytest.mark.parametrize("plan, message", [
    (None, "Set the plan type"),
    (P.TRICARE_VA, "no appeal rules for TRICARE / VA plans: use the deadline printed on your notice"),
    (P.OTHER, "no appeal rules for Other plans"),
])
def test_no_rules_say_what_to_do(plan, message):
    with pytest.raises(dl.NoRules, match=message):
        dl.compute(plan, E.DENIAL_RECEIVED, received=D(2026, 1, 1))


@pytest.mark.parametrize("plan, facts, message", [
    (P.MEDICAID_MANAGED_CARE, {}, "Enter the date printed on the notice"),
    (P.MEDICARE, {}, "Enter the date printed on the notice"),
    (P.SELF_FUNDED_ERISA, {}, "Enter the day the notice arrived"),
])
def test_missing_dates_say_what_to_enter(plan, facts, message):
    with pytest.raises(dl.NoRules, match=message):
        dl.compute(plan, E.DENIAL_RECEIVED, **facts)


def test_bad_medicare_level_and_court_decision():
    with pytest.raises(dl.NoRules, match="levels are 1 to 5"):
        dl.compute(P.MEDICARE, E.DENIAL_RECEIVED, received=D(2026, 1, 1), level=6)
    with pytest.raises(dl.NoRules, match="no decision deadline"):
        dl.compute(P.MEDICARE, E.APPEAL_FILED, plan_received=D(2026, 1, 1), plan_proof=EV, level=5)


@pytest.mark.parametrize("start, months, expected", [
    (D(2026, 1, 31), 1, D(2026, 3, 1)),
    (D(2028, 1, 31), 1, D(2028, 3, 1)),
    (D(2028, 1, 29), 1, D(2028, 2, 29)),
    (D(2026, 9, 30), 4, D(2027, 1, 30)),
    (D(2026, 8, 31), 4, D(2026, 12, 31)),
    (D(2026, 11, 30), 3, D(2027, 3, 1)),
])
def test_fifth_month_rule(start, months, expected):
    assert dl.add_months_fifth_month_rule(start, months) == expected


def test_countdown():
    deadline = dl.compute(P.SELF_FUNDED_ERISA, E.EXTERNAL_REVIEW_FILED, plan_received=D(2026, 1, 1), plan_proof=EV)[0]
    assert deadline.due == D(2026, 2, 15)
    assert dl.countdown(deadline, D(2026, 2, 15)) == "today"
    assert dl.countdown(deadline, D(2026, 2, 10)) == "in 5 d"
    assert dl.countdown(deadline, D(2026, 2, 20)) == "overdue 5 d"
