"""The seven built-in letters. Each returns a Draft whose text the user edits before export.

Facts: reference notes §1.4 (FDA status, coverage), §2 (appeal rules), §3.1–3.2
(letter sections). Paragraph-level cites the notes call unverified carry a
``[check this: …]`` line.
"""

from __future__ import annotations

from ketcover_tui.domain.deadlines import no_rule_sentence
from ketcover_tui.domain.vocab import PlanType
from ketcover_tui.documents.letters import (Draft, LetterTemplate, call_lines, clinician, deadline_lines, diagnosis,
                                  efficacy_lines, missing, or_missing, prior_treatment_lines, re_lines)

GROUP_PLANS = {PlanType.COMMERCIAL_FULLY_INSURED, PlanType.SELF_FUNDED_ERISA, PlanType.MARKETPLACE}
CITE_CHECK = ("[check this: paragraph-level cites come from general knowledge of the regulation; "
              "check them on eCFR before sending]")

REBUTTALS = {
    "medical_necessity": [
        "The plan's own written medical-necessity criteria are met, point by point (list each criterion "
        "and the record that shows it).",
        "Treatment resistance is documented: the adequate trials listed above failed or were not tolerated.",
        "Validated scale scores show the severity of illness and, where treatment started, the response.",
    ],
    "experimental": [
        "Esketamine (Spravato) is FDA-approved for treatment-resistant depression (2019; as monotherapy "
        "since January 2025), and the APA task force consensus statement on ketamine (Sanacora et al., "
        "JAMA Psychiatry 2017) describes its use.",
        "Some plans cover IV ketamine under the same criteria as Spravato (for example, Blue Cross Blue Shield "
        "of Massachusetts for treatment-resistant depression).",
        "Mental health parity (MHPAEA): an experimental exclusion is a nonquantitative treatment limit that "
        "may be no more stringent than for medical/surgical benefits; please send the plan's NQTL comparative "
        "analysis (CAA 2021 §203).",
    ],
    "no_prior_auth": [
        "State when and how authorization was requested (see the call log below), or why it could not be.",
        "Ask the plan to review the service for medical necessity now, on the evidence enclosed.",
    ],
    "not_covered": [
        "Ask for the exact plan provision relied on, which a denial notice must state.",
        "Mental health parity (MHPAEA): the exclusion must be no more stringent than for medical/surgical "
        "benefits; please send the plan's NQTL comparative analysis (CAA 2021 §203).",
    ],
    "out_of_network": [
        "No adequate in-network provider is available (list the in-network options tried, with distance "
        "and wait times).",
        "Request a network gap exception so the care is covered at in-network cost sharing.",
    ],
    "step_therapy": [
        "The steps the plan requires were already taken: see the prior treatments above (drug, dose, "
        "duration, outcome).",
        "Step therapy is a nonquantitative treatment limit under MHPAEA; please send the plan's comparative "
        "analysis (CAA 2021 §203).",
    ],
    "timely_filing": [
        "The claim was filed on time: give the submission date and proof (confirmation number, call reference).",
    ],
    "coding_error": [
        "The corrected coding is enclosed (for IV ketamine: the infusion CPT code with J3490, the drug name, "
        "dose and 11-digit NDC).",
    ],
    "other": [missing("your rebuttal of the denial reason, point by point")],
}


def regulation(plan_type: PlanType | None, expedited: bool = False) -> list[str]:
    if plan_type in GROUP_PLANS:
        law = ("29 CFR 2560.503-1 (ERISA)" if plan_type is PlanType.SELF_FUNDED_ERISA
               else "45 CFR 147.136 (ACA) and 29 CFR 2560.503-1")
        lines = [f"This appeal is filed under {law}, within 180 days of receiving the denial."]
        if expedited:
            lines.append("Because the standard timeframe would seriously jeopardize the patient's health, I ask "
                         "for an expedited (urgent) appeal, decided within 72 hours (29 CFR 2560.503-1(i)), and "
                         "for expedited external review at the same time.")
        lines.append("Please also tell me about my right to external review.")
        return lines + [CITE_CHECK]
    if plan_type is PlanType.MEDICARE:
        return ["This is a request for redetermination under Original Medicare's appeal process (level 1, "
                "form CMS-20027), filed within 120 days of receiving the initial determination."]
    if plan_type is PlanType.MEDICARE_ADVANTAGE:
        return ["This is a request for reconsideration of the organization determination (42 CFR 422.582)"
                + (", expedited: please decide within 72 hours." if expedited else "."),
                "It is filed within 60 days of receiving the plan's decision (42 CFR 422.582(b))."]
    if plan_type is PlanType.MEDICAID_MANAGED_CARE:
        return ["This is an appeal under 42 CFR 438 Subpart F, filed within 60 days of the notice"
                + ("; please resolve it as expedited, within 72 hours." if expedited else ".")]
    if plan_type is PlanType.MEDICAID:
        return ["I request a state fair hearing (42 CFR 431.221(d)).",
                "[check this: the regulation text was not retrieved; your state may set less than 90 days]"]
    if plan_type is None:
        return [missing("the appeal rule that applies (set the plan type on the case)")]
    return [missing(no_rule_sentence(plan_type))]


def _signature(case, signer: str) -> list[str]:
    if signer == "clinician":
        b = case.money.billing
        return ["Sincerely,", "", "", "______________________________", clinician(case),
                f"NPI {or_missing(b.rendering_npi or case.provider.npi, 'NPI')}",
                or_missing(case.provider.clinic, "clinic"),
                or_missing(b.phone, "clinic phone"), "Date: ______________"]
    return ["Sincerely,", "", "", "______________________________", case.patient.name,
            f"Member ID {or_missing(case.plan.member_id, 'member ID')}",
            "(or an authorized representative, with the plan's designation form)", "Date: ______________"]


def _denial_section(record) -> list[str]:
    if record is None:
        return ["## The denial", missing("the denial (record it on the Appeals tab, then choose it)")]
    lines = ["## The denial",
             f"The plan denied the service for this reason ({record.reason_label}), quoted exactly:"]
    lines += [f"> {line}" for line in (record.quoted or missing("the denial text, quoted")).splitlines()]
    lines += ["", "## Why the denial is wrong"]
    lines += [f"- {point}" for point in REBUTTALS.get(record.reason, REBUTTALS["other"])]
    return lines


def _head(ctx, title: str) -> list[str]:
    case = ctx.case
    return [f"# {title}", "", f"Date: {ctx.today.isoformat()}", "",
            f"To: {or_missing(case.plan.insurer, 'insurer')}, appeals department", "", "RE:",
            *re_lines(case, ctx.record), ""]


def _evidence(case) -> list[str]:
    return ["## Prior treatments", *prior_treatment_lines(case), "",
            "## Symptom scores and response", *efficacy_lines(case), ""]


def _calls(case) -> list[str]:
    return ["## What the plan told us", *call_lines(case), ""]


def _enclosures(extra: str = "") -> list[str]:
    items = ["letter of medical necessity", "chart notes", "scale score history", "prior treatment log",
             "the denial notice"]
    return ["## Enclosures", f"- {', '.join(items)}{extra}", ""]


def _draft(template_id: str, title: str, lines: list[str]) -> Draft:
    return Draft(template_id, title, "\n".join(lines).rstrip() + "\n")


def build_lmn(ctx) -> Draft:
    case = ctx.case
    title = "Letter of medical necessity"
    lines = _head(ctx, title) + [
        "## Introduction",
        f"I am {clinician(case)}, treating {case.patient.name}. I am writing to document the medical "
        f"necessity of the requested treatment and to ask for its approval. "
        f"{missing('your specialty and how long you have treated the patient')}",
        "",
        "## History and diagnosis",
        f"Diagnosis: {diagnosis(case)}. Severity, functional impairment and risk: "
        f"{missing('functional impairment and suicide risk, in your words')}",
        "", *_evidence(case),
        "## Why this treatment",
        f"{missing('why the alternatives are insufficient and why this treatment fits this patient')}",
        "",
        "## Treatment plan",
        f"{missing('number of sessions, frequency, dose, setting and monitoring')}",
        "",
        "## Evidence and the plan's criteria",
        "The APA task force consensus statement on ketamine (Sanacora et al., JAMA Psychiatry 2017) describes "
        "this treatment. How the patient meets the plan's own policy criteria, point by point: "
        f"{missing('the payer policy criteria and how each is met')}",
        "",
        "In my medical opinion this treatment is medically necessary for this patient. Please approve it. "
        "I am available to discuss this case with your medical director.",
        "", *_enclosures(), *_signature(case, "clinician")]
    return _draft("lmn", title, lines)


def _appeal(ctx, template_id: str, title: str, expedited: bool) -> Draft:
    case, record = ctx.case, ctx.record
    kind = "expedited (urgent) internal appeal" if expedited else "formal internal appeal"
    lines = _head(ctx, title) + [
        f"I am writing to file a {kind} of the plan's decision to deny coverage for {case.patient.name}.",
        "", *regulation(case.plan.plan_type, expedited), "",
        *_denial_section(record), "", *_evidence(case), *_calls(case),
        "## Claim file and criteria",
        "Please send, free of charge, the complete claim file and the criteria or guidelines used to decide "
        "this claim, and confirm whether the plan applied its own written criteria.",
        "", "## Deadlines", *(deadline_lines(case, record) or ["- " + missing("the denial's dates")]), "",
        *_enclosures(), *_signature(case, "patient")]
    return _draft(template_id, title, lines)


def build_internal_appeal(ctx) -> Draft:
    return _appeal(ctx, "internal-appeal", "Internal appeal", expedited=False)


def build_expedited_appeal(ctx) -> Draft:
    return _appeal(ctx, "expedited-appeal", "Expedited appeal", expedited=True)


def build_external_review(ctx) -> Draft:
    case, record = ctx.case, ctx.record
    title = "Request for external review"
    rule = ("45 CFR 147.136(c)/(d): requested within 4 months of the final internal denial (or the first day "
            "of the fifth month). An independent review organization decides within 45 days, or 72 hours when "
            "expedited; its decision binds the plan.")
    lines = _head(ctx, title) + [
        f"I request an independent external review of the final internal denial for {case.patient.name}.",
        "", rule,
        "[check this: fully insured plans use the state's external review, whose deadline may differ; the "
        "federal process covers medical-judgment denials (medical necessity, experimental) and rescissions]",
        "", *_denial_section(record), "", *_evidence(case), *_calls(case),
        "## Deadlines", *(deadline_lines(case, record) or ["- " + missing("the final denial's date")]), "",
        *_enclosures(", the final internal denial"), *_signature(case, "patient")]
    return _draft("external-review", title, lines)


def build_prior_auth(ctx) -> Draft:
    case = ctx.case
    title = "Prior authorization request"
    urgent = bool(getattr(ctx.record, "urgent", False))
    lines = _head(ctx, title) + [
        f"Please authorize the requested service for {case.patient.name}"
        + (" as an urgent pre-service request (decision within 72 hours)." if urgent else "."),
        "", *_evidence(case),
        "## Requested",
        f"Codes: {or_missing(getattr(ctx.record, 'codes', ''), 'codes requested')}. "
        f"Number of sessions and dates: {or_missing(getattr(ctx.record, 'units_approved', ''), 'sessions requested')}.",
        "", "## Decision due", *(deadline_lines(case, ctx.record) or ["- " + missing("the submitted date")]), "",
        "A letter of medical necessity is enclosed.", "", *_signature(case, "clinician")]
    return _draft("prior-auth", title, lines)


def build_network_gap(ctx) -> Draft:
    case = ctx.case
    title = "Network gap exception / single-case agreement request"
    lines = _head(ctx, title) + [
        f"I request a network gap exception for {case.patient.name}, so that care from "
        f"{or_missing(case.provider.clinic, 'the clinic')} (out of network) is covered at in-network cost "
        "sharing, and a single-case agreement with that clinic for the codes below, with the rate and "
        "duration in writing and an authorization number before service.",
        "", "## In-network options tried",
        f"- {missing('each in-network clinic tried: name, distance, wait time, why not suitable')}",
        "[check this: plans often deny out-of-network authorizations when an in-network provider is within "
        "30–75 miles (one industry source)]",
        "", *_evidence(case), *_calls(case), *_signature(case, "patient")]
    return _draft("network-gap", title, lines)


def build_claim_file(ctx) -> Draft:
    case, record = ctx.case, ctx.record
    title = "Request for the claim file and the criteria used"
    lines = _head(ctx, title) + [
        f"Please send me, free of charge, for the claim of {case.patient.name}:",
        "- the complete claim file, including every document, record and note considered;",
        "- the internal rule, guideline, protocol or criteria relied on in the decision;",
        "- the scientific or clinical judgment behind a medical-necessity or experimental denial;",
        "- the diagnosis and treatment codes and their meanings.",
        "", "This is my right under 29 CFR 2560.503-1(h)(2)(iii) and (g)(1)(v).", CITE_CHECK,
        "", "## Deadlines", *(deadline_lines(case, record) or ["- No denial chosen."]), "",
        "Please note: this request does not replace my appeal, and the appeal deadline still runs.",
        "", *_signature(case, "patient")]
    return _draft("claim-file", title, lines)


TEMPLATES = (
    LetterTemplate("lmn", "Letter of medical necessity", "For the physician to sign: history, prior "
                   "treatments, scores, rationale, plan", build_lmn),
    LetterTemplate("internal-appeal", "Internal appeal", "The plan's first (or second) level appeal of a denial",
                   build_internal_appeal, needs="denial"),
    LetterTemplate("expedited-appeal", "Expedited appeal", "An urgent appeal, decided within 72 hours",
                   build_expedited_appeal, needs="denial"),
    LetterTemplate("external-review", "External review request", "Independent review after the final "
                   "internal denial", build_external_review, needs="denial"),
    LetterTemplate("prior-auth", "Prior authorization request", "Ask the plan to approve before treatment",
                   build_prior_auth, needs="prior_auth"),
    LetterTemplate("network-gap", "Network gap exception / single-case agreement", "In-network cost sharing "
                   "for an out-of-network clinic", build_network_gap),
    LetterTemplate("claim-file", "Claim file and criteria request", "The claim file and the criteria used, "
                   "free of charge", build_claim_file, needs="denial"),
)
