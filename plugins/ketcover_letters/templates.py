"""The built-in letters. Each checks what the case's dates and status say applies today, then writes the letter.

Before drafting, ``letter_situation.situation`` (the deadline engine) says where
the denial stands: an open window gets the appeal; a passed one gets the
appeal with a request to accept it late and what is left; an appeal already
filed gets a follow-up (or, when the plan's decision is overdue, a letter asking
for it and naming the consequence), never a second appeal; an expedited appeal
is never written for care already given. Sections follow the reference notes
§3.1 (letter of medical necessity) and §3.2 (appeal), and every appeal states
the remedy wanted, the plan's response deadline, the requests for the reviewers'
credentials and a peer-to-peer review, and its enclosures. Follow-ups, external
review and fair hearings are in ``followups``.
"""

from __future__ import annotations

from ketcover_tui.documents import letter_facts as lf
from ketcover_tui.documents import letter_situation as ls
from ketcover_tui.documents.letter_facts import missing
from ketcover_tui.documents.letters import LetterTemplate
from ketcover_tui.domain import denial_guidance as dg
from ketcover_tui.domain.deadline_model import Event

from . import arguments, followups, law, parts


def _level(sit) -> int:
    step = sit.window.step if sit.window is not None else ""
    return int(step.split("_")[1]) if step.startswith("level_") else 1


def _remedy(f, verb: str = "cover") -> list[str]:
    claims = [c.claim_number for c in f.case.appeals.claims if c.claim_number and c.status not in ("paid",)]
    pay = f" and to pay claim{'s' if len(claims) > 1 else ''} {', '.join(claims)}" if claims and \
        getattr(f.record, "post_service", False) else ""
    return ["## What I ask for",
            f"I ask the plan to reverse its denial and to {verb} the {f.treatment.name} prescribed for "
            f"{f.case.patient.name} by {f.clinician} (CPT/HCPCS {f.treatment.codes or missing('the codes')}){pay}.",
            ""]


def _outline(f, lmn_enclosed: bool) -> list[str]:
    """The sections after the point-by-point answer, in the order the denial explanation's counters give."""
    case, reason = f.case, f.record.reason
    order = dg.outline(reason) or ["prior", "evidence", "risk"]
    lines: list[str] = []
    for part in order:
        if part == "prior" and "## Treatments" not in "\n".join(lines):
            lines += parts.evidence(case)
        elif part == "evidence":
            lines += ["## The evidence", *arguments.evidence_lines(f), ""]
        elif part == "risk":
            lines += parts.risk(case, lmn_enclosed)
        elif part == "continuity" and case.journal.sessions:
            s = case.journal.sessions
            lines += ["## Continuity of care", f"The patient is in a course of treatment: {len(s)} session"
                      f"{'s' if len(s) != 1 else ''} since {s[0].on}, with the response set out below.", ""]
        elif part == "standard":
            lines += ["## The treating clinician's view", f"{f.clinician}, the treating clinician, explains in the "
                      "enclosed letter of medical necessity why this treatment is right for this patient and why "
                      "the treatments tried before are not enough.", ""]
    if "## Treatments" not in "\n".join(lines):
        lines += parts.evidence(case)
    if "risk" not in order and lf.risk_lines(case):  # a recorded risk is always said (PHQ-9 item 9)
        lines += parts.risk(case, lmn_enclosed)
    if (wording := lf.exclusion_lines(case, f.record)) and reason in ("experimental", "not_covered", "medical_necessity") \
            and not any("exclusion" in arguments.topics_of(s) for s in arguments.sentences(f.record.quoted)):
        lines += ["## The plan's own wording", "The denial must rest on the plan's own terms. Its wording, as "
                  "found:", *wording, "I ask the plan to show how this wording applies to this treatment for "
                  "this patient.", ""]
    if law.parity_applies(f.plan_type, lf.mental_health(case)) and reason in (
            "experimental", "step_therapy", "no_prior_auth", "not_covered", "medical_necessity"):
        lines += ["## Mental health parity", law.parity_point(arguments.parity_limit(reason)), ""]
    return lines


def _appeal(ctx, template_id: str, expedited: bool):
    case, record = ctx.case, ctx.record
    plan_type = case.plan.plan_type
    if plan_type is None:
        return parts.refuse(template_id, "Appeal", "Set the plan type on the case first (e): the appeal rules "
                            "depend on it.")
    if expedited and record.post_service:
        return parts.refuse(template_id, "Expedited appeal", "An expedited appeal is only for care not yet given, "
                            "and this denial is post-service: write the internal appeal instead.")
    kind = law.family(plan_type)
    if expedited and kind in (law.MEDICARE, law.MEDICAID_FFS):
        return parts.refuse(template_id, "Expedited appeal", f"ketcover's notes hold no expedited appeal for "
                            f"{plan_type.label} plans: write the standard one.")
    if kind == law.MEDICAID_FFS:
        return parts.refuse(template_id, "Appeal", "Fee-for-service Medicaid has no appeal to a plan: the appeal is "
                            "a state fair hearing (choose the fair hearing request).")
    sit = ls.situation(plan_type, record, ctx.today)
    if sit.kind in (ls.PENDING, ls.OVERDUE):
        return followups.build_follow_up(ctx, sit)
    if sit.kind == ls.CLOSED:
        return parts.refuse(template_id, "Appeal", "This denial is closed: no appeal letter is written for it.")
    if sit.kind == ls.REVIEW:
        return parts.refuse(template_id, "Appeal", "External review (or the next level) was already requested: "
                            "follow it up instead.")
    if sit.stage is Event.FINAL_DENIAL_RECEIVED and (kind not in (law.MEDICARE, law.MA) or sit.window is None):
        return parts.refuse(template_id, "Appeal", "The plan's internal appeal is decided (the final decision is "
                            "recorded). " + followups.after_final_hint(plan_type))
    return _write_appeal(ctx, template_id, sit, expedited)


def _write_appeal(ctx, template_id: str, sit, expedited: bool):
    case, record = ctx.case, ctx.record
    plan_type = case.plan.plan_type
    level = _level(sit)
    f = arguments.Facts.of(case, record)
    title = law.appeal_title(plan_type, level, expedited)
    late = sit.kind == ls.LATE
    opening = [f"I am {case.patient.name}, the member, and I appeal the plan's decision to deny coverage of "
               f"the {f.treatment.name}. {law.appeal_basis(plan_type, level, expedited)}"]
    if late:
        opening.append(ls.late_sentence(sit, "appeal"))
    elif timely := ls.timeliness_sentence(sit, "This appeal"):
        opening.append(timely)
    post = record.post_service
    what = {law.MA: "reconsideration", law.MEDICARE: "request"}.get(law.family(plan_type), "appeal")
    if what == "appeal":
        what = "expedited appeal" if expedited else "post-service appeal" if post else "pre-service appeal"
    decision = ls.decision_sentence(plan_type, Event.APPEAL_FILED, ctx.today, what, urgent=expedited,
                                    post_service=post, level=level)
    lmn = True
    lines = parts.head(ctx, title, parts.subject_of(record, "Appeal of the denial"), "To the appeals department:")
    lines += [" ".join(opening), "", *_remedy(f, "pay for" if post else "cover"),
              "## The denial, point by point",
              f"The notice gives this reason ({record.reason_label}), quoted exactly:",
              *[f"> {line}" for line in (record.quoted.strip() or missing("the denial's reason, quoted exactly from "
                                                                          "the notice")).splitlines()],
              "", *arguments.points(f), "", *_outline(f, lmn), *parts.calls(case),
              "## The plan's decision", decision or missing("the time the plan has to decide this appeal"),
              law.next_step(plan_type, level), "",
              "## What I ask the plan to send and to do", *law.requests(plan_type, f.clinician), "",
              *parts.enclosures(case, "The denial notice", lmn=lmn), *parts.signature(case, "patient")]
    note = ("The time to appeal has passed: this appeal asks the plan to accept it late. What is left: "
            + "; ".join(r.text for r in sit.position.left)) if late else ""
    return parts.draft(template_id, title, lines, files="appeal", note=note)


def build_internal_appeal(ctx):
    return _appeal(ctx, "internal-appeal", expedited=False)


def build_expedited_appeal(ctx):
    return _appeal(ctx, "expedited-appeal", expedited=True)


def build_lmn(ctx):
    case = ctx.case
    f = arguments.Facts.of(case, ctx.record)
    b = case.money.billing
    title = "Letter of medical necessity"
    sessions = case.journal.sessions
    since = f" The patient has had {len(sessions)} treatment session{'s' if len(sessions) != 1 else ''} since " \
            f"{sessions[0].on} (listed below)." if sessions else ""
    to = "appeals" if case.appeals.denials else "prior_auth"
    lines = parts.head(ctx, title, f"Medical necessity of {f.treatment.name} for {case.patient.name}",
                       "To the medical director:", to) + [
        f"I am {f.clinician}, {missing('your specialty')}, at {lf.or_missing(case.provider.clinic, 'the clinic')}, "
        f"and I treat {case.patient.name}.{since} I write to document the medical necessity of "
        f"{f.treatment.name} (CPT/HCPCS {f.treatment.codes or missing('the codes')}) and to ask for its approval.",
        "",
        "## Diagnosis and severity",
        f"Diagnosis: {lf.diagnosis(case)}. Functional impairment: "
        f"{missing('how the illness limits work, home life and safety, in your words')}",
        "", *parts.evidence(case), *parts.risk(case, lmn_enclosed=False),
        "## Why this treatment",
        missing("why the treatments above are not enough and why this treatment fits this patient"), "",
        "## Treatment plan",
        missing("the number of sessions, frequency, dose (mg/kg), setting and monitoring planned"), "",
        "## The evidence", *arguments.evidence_lines(f), "",
        "## Medical necessity",
        f"In my medical opinion, {f.treatment.name} {'are' if f.treatment.name.endswith('s') else 'is'} medically "
        f"necessary for {case.patient.name}. I ask the plan to approve {'them' if f.treatment.name.endswith('s') else 'it'}. "
        f"I am available for a peer-to-peer review with the plan's medical director at "
        f"{lf.or_missing(b.phone, 'the clinic phone number')}.", "",
        *parts.enclosures(case, lmn=False), *parts.signature(case, "clinician")]
    return parts.draft("lmn", title, lines, signer="clinician")


def build_network_gap(ctx):
    case = ctx.case
    f = arguments.Facts.of(case, ctx.record)
    title = "Network gap exception / single-case agreement request"
    lines = parts.head(ctx, title, f"Network gap exception for {case.patient.name}", "To the plan:") + [
        f"I ask for a network gap exception for {case.patient.name}: coverage of the {f.treatment.name} given by "
        f"{lf.or_missing(case.provider.clinic, 'the treating clinic')} (out of network) at in-network cost "
        "sharing, and a single-case agreement with that clinic for the codes above, with the rate and its "
        "duration in writing and an authorization number before the next session.", "",
        "## In-network options", arguments.network_options(f), "",
        *parts.evidence(case), *parts.calls(case),
        "## What I ask the plan to do",
        "- Approve the exception and confirm it in writing, with the authorization number.",
        "- If the plan names an in-network provider instead, give its name, address, the distance from the "
        "patient and its first available appointment for this treatment.", "",
        *parts.enclosures(case), *parts.signature(case, "patient")]
    return parts.draft("network-gap", title, lines)


TEMPLATES = (
    LetterTemplate("lmn", "Letter of medical necessity", "For the physician to sign: history, prior treatments, "
                   "scores, rationale, plan", build_lmn, signer="clinician"),
    LetterTemplate("internal-appeal", "Internal appeal", "The plan's appeal of a denial (a follow-up once filed)",
                   build_internal_appeal, needs="denial", files="appeal"),
    LetterTemplate("expedited-appeal", "Expedited appeal", "An urgent appeal of care not yet given (72 hours)",
                   build_expedited_appeal, needs="denial", files="appeal"),
    LetterTemplate("appeal-follow-up", "Appeal follow-up", "The appeal is filed: ask for the decision (and say "
                   "what a late one means)", followups.build_appeal_follow_up, needs="denial"),
    LetterTemplate("external-review", "External review request", "Independent review after the final internal "
                   "denial", followups.build_external_review, needs="denial", files="external_review"),
    LetterTemplate("fair-hearing", "State fair hearing request", "Medicaid: a hearing after the plan's appeal "
                   "(or the agency's notice)", followups.build_fair_hearing, needs="denial", files="external_review"),
    LetterTemplate("prior-auth", "Prior authorization request", "Ask the plan to approve before treatment",
                   followups.build_prior_auth, needs="prior_auth", signer="clinician", files="prior_auth"),
    LetterTemplate("network-gap", "Network gap exception / single-case agreement", "In-network cost sharing "
                   "for an out-of-network clinic", build_network_gap),
    LetterTemplate("claim-file", "Claim file and criteria request", "The claim file and the criteria used, "
                   "free of charge", followups.build_claim_file, needs="denial"),
)
