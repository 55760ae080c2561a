"""Sourced facts about paying for treatment, for hints and result footnotes.

Every value comes from the ketcover reference notes (domain-facts.md §5),
which name the public pages they were read from and rate each fact's
confidence. ``NOTES_AS_OF`` is when those notes were taken. These values are
shown as labelled hints only, never filled in as if they were the user's own
terms: rates and fees change, so users are told to check their own offer.
"""

from __future__ import annotations

from .funding import SourceRef

NOTES_AS_OF = "2026-11-26"
_NOTES = "ketcover reference notes"

PRICE_PER_INFUSION = SourceRef(
    f"{_NOTES} §5.1: IV ketamine costs 'approximately $700 per session' (Hawaii legislature, SB967, 2025)",
    as_of=NOTES_AS_OF, confidence="MED-HIGH")
PRICE_RANGE = SourceRef(
    f"{_NOTES} §5.1: $400–$900 per infusion (eatsip365); $300–$1,500 (healingmaps); "
    "a consultation of about $350 may be extra", as_of=NOTES_AS_OF, confidence="LOW-MED")
INITIAL_SERIES = SourceRef(
    f"{_NOTES} §5.1: a typical initial series is 6 infusions over 2–3 weeks (Andrade 2017; APA consensus "
    "statement, Sanacora 2017)", as_of=NOTES_AS_OF, confidence="MED")

PROMO_LENGTHS = SourceRef(
    f"{_NOTES} §5.2: CareCredit 'No Interest if Paid in Full' promotions of 6, 12, 18 or 24 months on "
    "purchases of $200 or more; if not paid in full in time, interest is charged from the purchase date "
    "(CareCredit provider training text via aatmainc.com; carecredit.com calculator disclaimer)",
    as_of=NOTES_AS_OF, confidence="HIGH")
CARECREDIT_APR = SourceRef(
    f"{_NOTES} §5.2: CareCredit standard purchase APR 32.99% (ora.it.com; one calculator says 29.99%). "
    "NOT confirmed from carecredit.com: check your current cardholder agreement",
    as_of=NOTES_AS_OF, confidence="LOW")
CARECREDIT_MIN_PAYMENT = SourceRef(
    f"{_NOTES} §5.2: minimum monthly payment on promotions $30 or more (carecredit.com calculator); "
    "minimum payments may not clear the balance in time", as_of=NOTES_AS_OF, confidence="MED")
REDUCED_APR_PLANS = SourceRef(
    f"{_NOTES} §5.2: reduced-APR fixed-payment plans of 24–60 months for larger amounts, typically "
    "$1,000 or more", as_of=NOTES_AS_OF, confidence="MED")

DONATION_FEES = SourceRef(
    f"{_NOTES} §5.3: GoFundMe (US) charges no platform fee and a transaction fee of 2.9% + $0.30 per "
    "donation; a $100 donation nets $96.80 (GoFundMe statement to USA Today, Jan 2025; "
    "support.gofundme.com; Pledgeling uses the same fee)", as_of=NOTES_AS_OF, confidence="HIGH")

CTGOV_API = SourceRef(
    f"{_NOTES} §5.4: ClinicalTrials.gov API v2, GET /api/v2/studies (free, no key; about 50 requests a "
    "minute per address)", as_of=NOTES_AS_OF, confidence="HIGH", url="https://clinicaltrials.gov/")

WHICH_OFFICE = SourceRef(
    f"{_NOTES} §5.5: the state Department of Insurance for fully insured plans; the US Department of "
    "Labor's EBSA for self-funded employer (ERISA) plans; SHIPs and 1-800-MEDICARE for Medicare; the "
    "state Medicaid agency for fair hearings. Appeal first, complain if the process breaks down "
    "(navigatorguide.georgetown.edu; patientadvocates.io)", as_of=NOTES_AS_OF, confidence="HIGH")
STATE_EXTERNAL_REVIEW = SourceRef(
    f"{_NOTES} §2.2: fully insured plans go through the state's external review; deadlines vary by state "
    "(type2.wiki state pages)", as_of=NOTES_AS_OF, confidence="HIGH")
CONSUMER_ASSISTANCE = SourceRef(
    f"{_NOTES} §5.5: Consumer Assistance Programs (ACA §1002) help file complaints and appeals; federal "
    "grants have lapsed, so the programs still running are state-funded (cms.gov/cciio)",
    as_of=NOTES_AS_OF, confidence="HIGH")

HSA_FSA = SourceRef(
    f"{_NOTES} §6: ketamine treatment paid out of pocket is generally a qualified medical expense under "
    "IRS Publication 502 if it is medical care; NOT verified for ketamine specifically",
    as_of=NOTES_AS_OF, confidence="UNVERIFIED")


# Short citations for hints, where a whole SourceRef line would not fit under a form field.
SHORT_CITES = {
    PRICE_PER_INFUSION: "Hawaii SB967 (2025), notes §5.1",
    PRICE_RANGE: "eatsip365, healingmaps, notes §5.1",
    INITIAL_SERIES: "Andrade 2017, APA consensus 2017, notes §5.1",
    PROMO_LENGTHS: "CareCredit training text and calculator, notes §5.2",
    CARECREDIT_APR: "ora.it.com, notes §5.2",
    CARECREDIT_MIN_PAYMENT: "carecredit.com calculator, notes §5.2",
    REDUCED_APR_PLANS: "notes §5.2",
    DONATION_FEES: "GoFundMe, notes §5.3",
    HSA_FSA: "IRS Pub 502, notes §6",
}


def hint(text: str, ref: SourceRef, cite: str | None = None) -> str:
    """A labelled typical value: 'text (source; LOW confidence; as of YYYY-MM-DD)'.

    The source named is ``cite`` (a short citation), else the short citation
    of one of ketcover's own facts above, else the ``SourceRef``'s own name:
    a plugin's facts are credited to the plugin's source, never to ketcover's notes.
    """
    parts = [cite or SHORT_CITES.get(ref) or ref.name]
    if ref.confidence:
        parts.append(f"{ref.confidence} confidence")
    parts.append(f"as of {ref.as_of}")
    return f"{text} ({'; '.join(parts)})"
