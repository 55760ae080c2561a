"""The law a letter cites, by plan type: only the rules of the case's own kind of plan.

Employer and ACA plans cite 29 CFR 2560.503-1 / 45 CFR 147.136 and ask for the
claim file, the criteria and the reviewers' credentials under the paragraphs
the reference notes list for letters (§8.6); Medicare Advantage cites Part 422
and its automatic independent review (never ACA external review); Medicaid
cites Part 438 or 431; Original Medicare its appeal levels in Part 405. A
paragraph the notes did not verify is cited at its section only
(``section_cite``). Nothing here cites ketcover's own notes.
"""

from __future__ import annotations

from ketcover_tui.domain import deadlines as dl
from ketcover_tui.domain.vocab import PlanType

GROUP, MEDICARE, MA = dl.GROUP, dl.MEDICARE, dl.MEDICARE_ADVANTAGE
MEDICAID_MC, MEDICAID_FFS = dl.MEDICAID_MC, dl.MEDICAID_FFS

CLAIM_FILE = "29 CFR 2560.503-1(h)(2)(iii) and (m)(8)"
REVIEWERS = "29 CFR 2560.503-1(h)(3)(iii)–(iv)"
DEEMED = "29 CFR 2560.503-1(l); 29 CFR 2590.715-2719(b)(2)(ii)(F)"
MA_IRE = "42 CFR 422.590; 42 CFR 422.592"
ERISA_PLANS = (PlanType.SELF_FUNDED_ERISA, PlanType.COMMERCIAL_FULLY_INSURED)

# Original Medicare level -> (what is asked for, the request's title, its cite)
MEDICARE_LEVELS = {
    1: ("redetermination of the initial determination (level 1 of Medicare's appeals; form CMS-20027 or a "
        "written request)", "Request for redetermination", "42 CFR 405.942"),
    2: ("reconsideration by the qualified independent contractor (level 2; form CMS-20033 or a written request)",
        "Request for reconsideration", "42 CFR 405.962"),
    3: ("a hearing before an administrative law judge (level 3)", "Request for an ALJ hearing", "42 CFR 405.1002"),
    4: ("review by the Medicare Appeals Council (level 4)", "Request for Council review", "42 CFR 405.1102"),
}


def family(plan_type: PlanType | None) -> str | None:
    return dl.FAMILIES.get(plan_type)


def appeal_title(plan_type: PlanType | None, level: int, expedited: bool) -> str:
    kind = family(plan_type)
    if kind == MEDICARE or (kind == MA and level >= 3):
        title = MEDICARE_LEVELS.get(level, MEDICARE_LEVELS[1])[1]
    elif kind == MA:
        title = "Request for reconsideration"
    elif kind == MEDICAID_MC:
        title = "Appeal to the plan"
    else:
        title = "Internal appeal"
    return f"Expedited {title[0].lower()}{title[1:]}" if expedited else title


def appeal_basis(plan_type: PlanType | None, level: int, expedited: bool) -> str:
    """'This is a formal internal appeal under …': the request, under the plan type's own rule."""
    kind = family(plan_type)
    urgent = (" I ask for an expedited (urgent) decision: waiting the standard time would seriously jeopardize the "
              "patient's life, health or ability to regain maximum function, because "
              "[missing: why waiting would harm the patient, in the treating clinician's words].") if expedited else ""
    if kind == GROUP:
        law = {PlanType.SELF_FUNDED_ERISA: "29 CFR 2560.503-1", PlanType.MARKETPLACE: "45 CFR 147.136"}.get(
            plan_type, "29 CFR 2560.503-1 and 45 CFR 147.136")
        return f"This is a formal internal appeal under the plan's claims procedure and {law}.{urgent}"
    if kind == MEDICARE or (kind == MA and level >= 3):
        what, _title, cite = MEDICARE_LEVELS.get(level, MEDICARE_LEVELS[1])
        return f"This is a request for {what} ({cite}).{urgent}"
    if kind == MA:
        return f"This is a request for reconsideration of the plan's organization determination (42 CFR 422.582).{urgent}"
    if kind == MEDICAID_MC:
        return f"This is an appeal of the plan's adverse benefit determination (42 CFR 438.402).{urgent}"
    return ("This is an appeal under the plan's own appeal process: [missing: the appeal process and deadline "
            f"printed on the denial notice ({dl.no_rule_sentence(plan_type).split(':')[0]})]")


def requests(plan_type: PlanType | None, clinician: str) -> list[str]:
    """What the appeal asks the plan to send and to do: the claim file and criteria, the reviewers, a peer-to-peer."""
    peer = (f"- A peer-to-peer review: before deciding, please arrange a conversation between the treating "
            f"clinician, {clinician}, and the plan's reviewing physician.")
    if family(plan_type) == GROUP:
        return [f"- The complete claim file, free of charge: every document, record and other information "
                f"relevant to this claim, including the internal rule, guideline, protocol or criteria the plan "
                f"relied on ({CLAIM_FILE}).",
                f"- The name, qualifications and specialty of each health care professional the plan consulted on "
                f"this appeal, and confirmation that the reviewer has training and experience in this field of "
                f"medicine ({REVIEWERS}).", peer]
    return ["- A copy of the case file and of the criteria or guidelines used to decide it, free of charge.",
            "- The name, qualifications and specialty of the reviewer who decides this appeal.", peer]


def next_step(plan_type: PlanType | None, level: int = 1) -> str:
    """What happens if the plan keeps its denial: the plan type's own next step, with its cite."""
    kind = family(plan_type)
    if plan_type is PlanType.SELF_FUNDED_ERISA:
        return "If the plan keeps its denial, I will request independent external review (45 CFR 147.136(d))."
    if kind == GROUP:
        return ("If the plan keeps its denial, I will request external review through the state's process "
                "(45 CFR 147.136(c)).")
    if kind == MA and level <= 1:
        return ("If the plan does not decide fully in the patient's favour, it must send the case to the "
                f"independent review entity itself ({MA_IRE}).")
    if kind == MEDICAID_MC:
        return "If the plan keeps its denial, I will request a state fair hearing (42 CFR 438.408(f))."
    if kind in (MEDICARE, MA) and level + 1 in MEDICARE_LEVELS:
        what, _title, cite = MEDICARE_LEVELS[level + 1]
        return f"If the decision is unfavourable, I will ask for {what} ({cite})."
    return ""


def overdue_consequence(plan_type: PlanType | None) -> str:
    """What an overdue decision means, said to the plan (only where a rule gives a consequence)."""
    kind = family(plan_type)
    if plan_type is PlanType.MARKETPLACE:
        return ("The plan has not decided within the time the rules allow. Unless it decides now, I will treat its "
                "internal appeal as exhausted and request external review (45 CFR 147.136(b)(2)(ii)(F)).")
    if kind == GROUP:
        return ("The plan has not decided within the time the claims-procedure rules allow. Unless it decides now, "
                "I will treat the plan's internal appeals as exhausted and take the claim to external review or "
                f"to court ({DEEMED}).")
    if kind == MA:
        return ("If the plan does not reverse its denial, it must forward the case to the independent review "
                f"entity ({MA_IRE}).")
    if kind == MEDICAID_MC:
        return ("If the plan does not resolve my appeal now, the plan's appeal process is deemed exhausted and I "
                "will request a state fair hearing (42 CFR 438.408).")
    return ""


def parity_applies(plan_type: PlanType | None, mental_health: bool) -> bool:
    """The MHPAEA argument: only employer and ACA plans, only for a mental-health diagnosis."""
    return mental_health and family(plan_type) == GROUP


def parity_point(limit: str) -> str:
    plural = " criteria " in f" {limit} "  # "the criteria … are", "the requirement … is"
    is_, it = ("are", "they") if plural else ("is", "it")
    return (f"{limit[0].upper()}{limit[1:]} {is_} a nonquantitative treatment limitation under the Mental Health "
            f"Parity and Addiction Equity Act, and {it} may not be applied to this mental health benefit more "
            "stringently than to medical and surgical benefits. I ask for the plan's comparative analysis of "
            f"{'them' if plural else 'it'} (Consolidated Appropriations Act, 2021, §203).")
