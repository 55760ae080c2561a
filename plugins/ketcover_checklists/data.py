"""The built-in checklists, as plain data.

Every fact here comes from the ketcover reference notes (domain-facts.md),
cited by section together with the public source the notes name. Where the
notes rate a fact MED, LOW or UNVERIFIED the help text says so. ``AS_OF`` is
the date the notes were taken; codes, deadlines and policies change, so users
are told to check against their own plan documents and notices.
"""

from __future__ import annotations

from ketcover_tui.domain.checklists import Checklist, ChecklistItem
from ketcover_tui.domain.vocab import PlanType, Stage

AS_OF = "2026-11-26"
NOTES = "ketcover reference notes"


REGULATION_AS_OF = "2026-12-02"  # notes §8: re-checked against the regulation text on this day


def _item(id: str, text: str, help: str, source: str, as_of: str = AS_OF) -> ChecklistItem:
    return ChecklistItem(id=id, text=text, help=help, source=f"{NOTES} {source}", as_of=as_of)


UNDERSTAND_PLAN = Checklist(
    id="understand-plan",
    title="Understand your plan",
    description="What your plan covers, what it costs you, and which rules protect you.",
    items=(
        _item(
            "get-sbc",
            "Get the plan's Summary of Benefits and Coverage (SBC) and the Uniform Glossary",
            "Plans must provide the SBC, a standard summary (at most 4 double-sided pages), together "
            "with the Uniform Glossary. It shows the deductible, the out-of-pocket limit, the network, "
            "the cost per service category and the excluded services.",
            "§6 (SBC); PHS Act §2715, 45 CFR 147.200, 29 CFR 2590.715-2715 (omb.report SBC instructions; uhc.com)",
        ),
        _item(
            "deductible",
            "Write down the deductible: in- and out-of-network, individual and family",
            "The deductible is what you pay for covered services before the plan pays (except "
            "pre-deductible services such as preventive care). Plans often have separate in-network "
            "and out-of-network deductibles, and separate individual and family amounts.",
            "§6 (Deductible); SBC text",
        ),
        _item(
            "out-of-pocket-max",
            "Write down the out-of-pocket maximum, and whether out-of-network costs count toward it",
            "The out-of-pocket limit is the most you pay in a plan year for covered in-network care. "
            "Out-of-network spending often does not count toward it, or has a separate limit.",
            "§6 (Out-of-pocket maximum); healthcare.gov via elena-health; scottglovsky.com",
        ),
        _item(
            "coinsurance-copay",
            "Note whether you pay coinsurance or a copay, and what the allowed amount is",
            "Coinsurance is a percentage of the allowed amount; a copay is a fixed dollar amount. "
            "The allowed amount is the most the plan pays for a service; an out-of-network provider "
            "may bill you the difference (balance billing).",
            "§6 (Coinsurance / copay; Allowed amount / UCR; balance billing)",
        ),
        _item(
            "exclusions",
            "Find any exclusion that could apply to ketamine: quote the exact text and where it is",
            "Check the excluded services and any 'experimental/investigational' wording. Commercial "
            "plans often call IV ketamine for depression experimental or investigational. Write down "
            "the exact words with the document name, page and section, so an appeal can answer them.",
            "§1.4 (Medica; AmeriHealth 08.01.80c); §6 (SBC: excluded services; omb.report SBC instructions)",
        ),
        _item(
            "medical-or-pharmacy",
            "Find out whether the treatment falls under the medical or the pharmacy benefit",
            "Drugs given in the office (IV ketamine, Spravato bought and billed by the clinic) are "
            "usually on the medical benefit; Spravato can also be on the pharmacy benefit through a "
            "specialty pharmacy. Which one applies changes the codes and the authorization route.",
            "§6 (Medical vs pharmacy benefit); §1.2 (Benefit path); spravatohcp.com",
        ),
        _item(
            "fully-insured-or-self-funded",
            "Find out whether the plan is fully insured or self-funded (ASO)",
            "This decides which rules apply. Fully insured plans fall under state law (state "
            "Department of Insurance, state external review, state mandates). Self-funded employer "
            "plans fall only under federal ERISA: state coverage mandates do not reach them, and "
            "complaints go to the US Department of Labor (EBSA). Ask the insurer or the employer's "
            "benefits office.",
            "§6 (Fully insured vs self-funded); §5.5 (Which regulator to contact); Georgetown navigator guide",
        ),
        _item(
            "grandfathered",
            "Check whether the plan is grandfathered",
            "A grandfathered plan existed on Mar 23 2010 and has not changed materially. ACA appeal "
            "and external-review rules generally do not apply to it (except for No Surprises Act items).",
            "§6 (Grandfathered plan); 45 CFR 147.136(a)(1)(ii) (getpocketlaw)",
        ),
        _item(
            "network-type",
            "Note the plan type (HMO, EPO, PPO or POS) and what it pays out of network",
            "HMOs and EPOs generally do not pay for non-emergency out-of-network care; PPO and POS "
            "plans pay, with higher cost sharing. If no in-network ketamine provider exists, ask "
            "about a network gap exception (see 'Verify benefits by phone').",
            "§6 (In- vs out-of-network); verywellhealth network gap",
        ),
    ),
)

VERIFY_BENEFITS = Checklist(
    id="verify-benefits",
    title="Verify benefits by phone",
    description="What to ask the insurer before treatment starts. Write every answer down.",
    stages=frozenset({Stage.RESEARCHING, Stage.VERIFYING_BENEFITS, Stage.PRIOR_AUTH}),
    items=(
        _item(
            "codes-covered",
            "Ask whether CPT 96365, +96366 and HCPCS J3490 are covered for your ICD-10 codes, in and out of network",
            "96365 is an IV infusion, initial hour (it must run more than 15 minutes; 15 minutes or "
            "less is IV push, 96374). +96366 is each additional hour (an add-on code). There is no "
            "ketamine-specific J-code: the drug is billed as J3490 (unclassified drugs) with its name, "
            "dose and NDC. Warning: some websites say J3000 is ketamine. It is not (J3000 is "
            "streptomycin), so never use or accept J3000 for ketamine.",
            "§1.1; freecptcodefinder.com 96365/96366; provider.bluecrossma.com (BCBS MA, Aug 2023); "
            "rvuedge.com J3000 (streptomycin)",
        ),
        _item(
            "prior-auth-needed",
            "Ask whether prior authorization is required, and exactly how to request it",
            "Ask for the form or portal, the fax number and who must submit it (you or the clinic). "
            "A prior-authorization request is a pre-service claim: under ERISA the plan must decide "
            "within 15 days (plus one 15-day extension), or within 72 hours if urgent. BCBS MA, for "
            "example, applies the same criteria to IV ketamine and Spravato.",
            "§6 (Prior authorization); §2.1 (29 CFR 2560.503-1(f); bu.edu; meritain.com); "
            "§1.2 (provider.bluecrossma.com)",
        ),
        _item(
            "out-of-network",
            "Ask about out-of-network benefits: deductible, coinsurance and how the allowed amount is set",
            "Out-of-network care often has its own deductible and may not count toward the "
            "out-of-pocket maximum. The plan pays up to its allowed amount (UCR); an out-of-network "
            "provider may bill you the rest (balance billing).",
            "§6 (Deductible; Out-of-pocket maximum; Allowed amount / UCR)",
        ),
        _item(
            "deductible-met",
            "Ask how much of the deductible and out-of-pocket maximum is met so far this plan year",
            "Ask for in-network and out-of-network amounts, individual and family.",
            "§6 (Deductible; Out-of-pocket maximum)",
        ),
        _item(
            "timely-filing",
            "Ask for the timely filing limit: how long after a visit a claim can still be submitted",
            "The reference notes have no figure for this; limits differ between plans "
            "(UNVERIFIED), so get this plan's limit and write it down.",
            "§3.3–3.4 (claims); the limit itself is not in the notes",
        ),
        _item(
            "how-to-submit",
            "Ask where and how to submit claims yourself (address or portal, form, attachments)",
            "For out-of-network care you may have to file yourself, with a CMS-1500 or a superbill. "
            "If you already paid and want the money sent to you, box 13 of the CMS-1500 is usually "
            "left unsigned (payer-specific; MED), so ask how this plan handles it.",
            "§3.3 (superbill); §3.4 (CMS-1500 item 13; NUCC manual)",
        ),
        _item(
            "gap-exception",
            "If no in-network provider is available, ask about a network gap exception or a single-case agreement",
            "A network gap exception covers an out-of-network provider at in-network cost sharing "
            "when no adequate in-network provider exists (specialty, distance, wait). Ask before "
            "care and list the in-network options you tried. Osmind reports such requests are often "
            "denied if an in-network provider is within 30-75 miles (MED). A single-case agreement "
            "is a contract between the plan and the provider for your care (codes, rate, duration); "
            "get it in writing, with an authorization number, before treatment (MED).",
            "§6 (Network gap exception; Single-case agreement); verywellhealth; osmind; proenrollment.com",
        ),
        _item(
            "call-reference",
            "On every call, write down the date, the representative's name and a reference number",
            "Ask for the call reference number before hanging up. Appeals cite claim and reference "
            "numbers, and a record of what you were told is evidence if a claim is later denied.",
            "§3.2 (appeal letter header: claim or reference number; built from 29 CFR 2560.503-1 and appeal guides)",
        ),
    ),
)

PRIOR_AUTH = Checklist(
    id="prior-auth",
    title="Prior authorization",
    description="Asking the plan to approve treatment before it starts.",
    stages=frozenset({Stage.VERIFYING_BENEFITS, Stage.PRIOR_AUTH, Stage.DENIED, Stage.APPEALING}),
    items=(
        _item(
            "pre-service-deadlines",
            "Know the deadlines: a prior-authorization request is a pre-service claim",
            "Under ERISA (and for ACA plans) the plan must decide within 15 days (plus one 15-day "
            "extension), or 72 hours if urgent. If it says no, you have at least 180 days to appeal, "
            "and the plan must decide a pre-service appeal within 30 days (urgent: 72 hours). "
            "Medicare, Medicaid, government and church plans follow other rules. Check the dates "
            "on your own notice.",
            "§6 (Prior authorization); §2.1 (29 CFR 2560.503-1(f), (h)(3)(i), (i); bu.edu; meritain.com; dol.gov)",
        ),
        _item(
            "payer-policy",
            "Get the plan's written medical policy for ketamine or esketamine",
            "The request should show, point by point, how you meet the plan's own criteria. "
            "Policies differ: BCBS MA covers IV ketamine under the same TRD criteria as Spravato "
            "(policy 087); AmeriHealth 08.01.80c covers IV ketamine only for anesthesia and "
            "opioid-resistant cancer pain.",
            "§1.4; §1.2 (provider.bluecrossma.com); §3.1 item 7",
        ),
        _item(
            "letter-of-medical-necessity",
            "Ask the clinician for a letter of medical necessity (LMN) with every standard section",
            "RE: line (patient, member ID, CPT/HCPCS and ICD-10 codes, dates); who the clinician is; "
            "history and diagnosis with validated scale scores, impairment and risk; each prior "
            "treatment with dose, duration and outcome; why this treatment and not others; the "
            "treatment plan (sessions, frequency, dose, setting, monitoring); evidence and how the "
            "plan's criteria are met; the words 'medically necessary', signature, NPI and a list of "
            "enclosures.",
            "§3.1 (fill.io Incyte sample LMN; droracle.ai; appealrx.tech)",
        ),
        _item(
            "diagnosis-codes",
            "Confirm the ICD-10-CM diagnosis codes",
            "There is no ICD-10 code for treatment-resistant depression: use F32.x (single episode) "
            "or F33.x (recurrent), usually F32.2 or F33.2, and document the failed trials, doses "
            "and durations in the record and the LMN (MED-HIGH). Other codes: PTSD F43.10-F43.12, "
            "generalized anxiety F41.1, chronic pain G89.29 or G89.4.",
            "§1.3 (icd10data; droracle.ai; texmed.us TRD guide)",
        ),
        _item(
            "prior-treatments",
            "Document every prior treatment: drug, dose, duration and outcome",
            "The usual criterion for treatment-resistant depression is at least 2 adequate "
            "antidepressant trials of at least 4 weeks each in the current episode. Also list "
            "psychotherapy, augmentation, and TMS or ECT if tried.",
            "§3.1 item 4; §1.4 (UHC CSLA2020D0069H; BCBS ND; AmeriHealth)",
        ),
        _item(
            "baseline-scores",
            "Record baseline scores on validated scales before treatment starts",
            "Payers ask for a baseline (UHC: MADRS, HAMD17 or QIDS-C16; others PHQ-9) and use later "
            "scores to continue authorization. Response usually means a drop of 50% or more from "
            "baseline; AmeriHealth calls under 25% improvement an inadequate response.",
            "§4 (Response and remission); §1.4",
        ),
        _item(
            "auth-in-writing",
            "Get the decision and the authorization number in writing",
            "The authorization number goes in box 23 of the CMS-1500. If the request is denied, the "
            "notice must give the specific reason and the plan provision relied on; keep it, because "
            "the appeal period (at least 180 days) runs from when you receive it.",
            "§3.4 (item 23); §2.1 (29 CFR 2560.503-1(g), (h)(3)(i))",
        ),
    ),
)

DOCUMENTS = Checklist(
    id="documents",
    title="Documents the insurer will want",
    description="Collect these as you go; they are needed for prior authorization, claims and appeals.",
    items=(
        _item(
            "records",
            "Medical records and progress notes for the diagnosis and the treatment",
            "Chart notes are a standard enclosure with a letter of medical necessity and with appeals.",
            "§3.1 item 8 (fill.io Incyte sample LMN; droracle.ai); §3.2 (Attachments)",
        ),
        _item(
            "infusion-times",
            "Infusion start and stop times for every session",
            "CPT 96365 needs an infusion of more than 15 minutes, and an extra hour (+96366) needs "
            "more than 30 minutes past the first hour (MED), so the documented times decide what can "
            "be billed.",
            "§1.1 (freecptcodefinder.com 96365/96366; codingahead.com)",
        ),
        _item(
            "failed-treatments",
            "A log of failed treatments: each drug, dose, duration and outcome",
            "This is how treatment resistance is proven; include intolerance as well as failure.",
            "§3.1 item 4 (fill.io Incyte sample LMN; droracle.ai; appealrx.tech); §3.2 (Attachments)",
        ),
        _item(
            "scale-scores",
            "Validated scale scores with dates: PHQ-9, GAD-7, PCL-5 (and MADRS or HAM-D if done)",
            "PHQ-9 runs 0-27 and GAD-7 0-21 (both free to reproduce); PCL-5 runs 0-80 over the past "
            "month. Keep a baseline and later scores: payers use them to continue authorization. If "
            "PHQ-9 item 9 (thoughts of self-harm) is answered positively, get help now: call or text 988.",
            "§4 (Kroenke 2001; Spitzer 2006; VA National Center for PTSD)",
        ),
        _item(
            "superbill",
            "A superbill for every visit, with every required field",
            "Patient name, date of birth, address and member ID; provider name, credentials, NPI "
            "(10 digits), Tax ID (9 digits), address and phone; for each service the exact date, "
            "place-of-service code, CPT/HCPCS codes with modifiers and units, ICD-10 codes with "
            "diagnosis pointers, and the charge; for J3490 the drug name, dose and NDC; amount paid "
            "and date; provider signature.",
            "§3.3 (help.mysuperbills.com; superbilled.com; reimbursify)",
        ),
        _item(
            "eobs-receipts",
            "Every Explanation of Benefits (EOB) and every payment receipt",
            "Keep 'paid in full' receipts for claims you submit yourself.",
            "§6 (EOB); §3.3 (Payment; superbilled.com; help.mysuperbills.com)",
        ),
        _item(
            "denial-letters",
            "Every denial letter, with the date you received it",
            "Appeal clocks run from receipt: at least 180 days for an internal appeal (ERISA/ACA), "
            "4 months for external review after the final internal denial. Medicare notices are "
            "presumed received 5 days after their date. Check the dates in your own notice.",
            "§2.1 (29 CFR 2560.503-1(h)(3)(i)); §2.2 (45 CFR 147.136); §2.3",
        ),
        _item(
            "authorization-papers",
            "Copies of the prior-authorization request, the LMN and the approval or denial",
            "The authorization number is needed on every claim (CMS-1500 box 23).",
            "§3.1; §3.4 (item 23)",
        ),
    ),
)

MEDICARE = Checklist(
    id="medicare",
    title="Medicare and ketamine",
    description="What is specific to Original Medicare and Medicare Advantage.",
    plan_types=frozenset({PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE}),
    items=(
        _item(
            "no-national-policy",
            "Know that Medicare has no national policy on IV ketamine for depression",
            "Most Medicare contractor (MAC) and Medicare Advantage policies say nothing about IV "
            "ketamine; an Aug 2025 analysis found about 12.5% of Medicare Advantage members under "
            "explicit exclusions (MED). Ask your MAC or plan for its own policy.",
            "§1.4 (Medicare; verity NGS L39978; ketaminetherapyfordepression.org study summary)",
        ),
        _item(
            "off-label",
            "Off-label use can be covered when it is 'medically accepted' (Benefit Policy Manual Ch.15 §50.4.2)",
            "Medicare may cover off-label use of an FDA-approved drug when the MAC finds it medically "
            "accepted, based on compendia, authoritative literature or accepted standards of practice "
            "(MED). Ketamine is FDA-approved only as an anesthetic, so the LMN should cite the "
            "evidence, for example the APA consensus statement (Sanacora et al., 2017).",
            "§1.4 (mmplusinc.com FAQ on §50.4.2); §3.1 item 7",
        ),
        _item(
            "spravato-g-codes",
            "Spravato under Part B is billed as G2082 (up to 56 mg) or G2083 (over 56 mg) with modifier KX",
            "The G-codes include the drug (no separate J-code) and 2 hours of observation; KX shows "
            "REMS enrollment; established patients only.",
            "§1.2 (cgsmedicare.com, CGS MAC, May 2023)",
        ),
        _item(
            "appeal-deadlines",
            "Know the appeal deadlines: 120 days (Original Medicare) or 60 days after receipt (Medicare Advantage)",
            "Original Medicare: ask for a redetermination within 120 days of receiving the notice (form "
            "CMS-20027), then a reconsideration within 180 days of receiving that decision (CMS-20033); the "
            "contractor must receive the request by the last day. Medicare Advantage: ask the plan for "
            "reconsideration within 60 days of receiving its decision. A notice counts as received 5 days after "
            "its date unless you can prove it arrived later (keep the postmarked envelope or the portal "
            "timestamp), so an MA notice gives 65 days from the date printed on it. If the plan keeps its "
            "denial, it sends the case to the independent review entity itself.",
            "§8.1 (42 CFR 405.942(a), 405.962(a), 422.582(b), (b)(1)); §8.6 (42 CFR 422.590, 422.592)",
            as_of=REGULATION_AS_OF,
        ),
        _item(
            "authorized-representative",
            "If someone else will handle appeals, file an authorized-representative form (CMS-1696)",
            "An authorized representative can file on the patient's behalf (MED).",
            "§6 (Authorized representative)",
        ),
    ),
)

CHECKLISTS: tuple[Checklist, ...] = (UNDERSTAND_PLAN, VERIFY_BENEFITS, PRIOR_AUTH, DOCUMENTS, MEDICARE)
