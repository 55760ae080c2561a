"""Letters after the first request: follow-ups, overdue decisions, external review, fair hearings, PA, claim file.

A follow-up says when the appeal was sent and when the plan received it
(counted from there, the plan's decision date comes from the deadline engine)
and, when that date has passed, asks for the decision and names what a late
decision means under the plan type's own rule. External review is written only
for employer and ACA plans (Medicare Advantage's independent review is
automatic, 42 CFR 422.590 and 422.592); fair hearings only for Medicaid.
"""

from __future__ import annotations

from ketcover_tui.documents import letter_facts as lf
from ketcover_tui.documents import letter_situation as ls
from ketcover_tui.documents.letter_facts import missing
from ketcover_tui.domain import deadlines as dl
from ketcover_tui.domain.deadline_model import Event
from ketcover_tui.domain.letter_log import sent_words
from ketcover_tui.domain.vocab import PlanType

from . import arguments, law, parts


def after_final_hint(plan_type) -> str:
    kind = law.family(plan_type)
    if kind == law.GROUP:
        return "The next step is external review: write the external review request."
    if kind == law.MEDICAID_MC:
        return "The next step is a state fair hearing: write the fair hearing request."
    if kind == law.MA:
        return ("The plan forwards its denial to the independent review entity itself (42 CFR 422.590; 42 CFR "
                "422.592): no letter is needed. Record the independent review's decision when it comes.")
    return "ketcover has no next appeal level to write for this denial."


def _filed_sentence(case, record, what: str = "appeal") -> str:
    sent = sent_words(case.appeals, record.id, "appeal")
    text = f"I filed an {what} of the plan's denial" + (f" on {record.appeal_filed}" if record.appeal_filed else "")
    text += f" ({sent})." if sent else "."
    if record.appeal_received:
        evidence = record.appeal_received_evidence.strip()
        text += f" The plan received it on {record.appeal_received}" + (f" ({evidence})" if evidence else "") + "."
    return text


def build_follow_up(ctx, sit):
    case, record = ctx.case, ctx.record
    plan_type = case.plan.plan_type
    overdue = sit.kind == ls.OVERDUE
    title = "Appeal decision overdue" if overdue else "Appeal follow-up"
    clinician = lf.clinician(case)
    opening = " ".join(part for part in (_filed_sentence(case, record), ls.due_sentence(sit, "appeal"),
                                         "I have received no decision." if overdue else "") if part)
    asks = (["- The plan's written decision on my appeal, now."] if overdue else
            ["- Written confirmation that the plan has my appeal, with the date it received it, and word if it "
             "needs anything else to decide it."])
    if overdue and (consequence := law.overdue_consequence(plan_type)):
        asks.append(f"- {consequence}")
    lines = parts.head(ctx, title, parts.subject_of(record, "My appeal of the denial"), "To the appeals department:")
    lines += [opening, "", "## What I ask for", *asks, *law.requests(plan_type, clinician)[:2], "",
              *parts.signature(case, "patient")]
    note = (f"The appeal is filed{f' ({record.appeal_filed})' if record.appeal_filed else ''}: this is a "
            + ("letter asking for the overdue decision." if overdue else "follow-up, not a second appeal."))
    return parts.draft("appeal-follow-up", title, lines, note=note)


def build_appeal_follow_up(ctx):
    sit = ls.situation(ctx.case.plan.plan_type, ctx.record, ctx.today)
    if sit.kind in (ls.PENDING, ls.OVERDUE):
        return build_follow_up(ctx, sit)
    return parts.refuse("appeal-follow-up", "Appeal follow-up", "No appeal is recorded as sent for this denial: "
                        "record the day it was sent (“Appeal sent”), or write the appeal.")


def _review_opening(ctx, sit, f, deemed: bool) -> str:
    record = ctx.record
    if deemed:
        received = record.appeal_received or record.appeal_filed
        cite = "45 CFR 147.136(b)(2)(ii)(F)" if f.plan_type is PlanType.MARKETPLACE else law.DEEMED
        return (f"The plan received my internal appeal on {received}, and its decision was due "
                f"{ls.day_words(sit.decision)}; it has not decided. The plan's internal appeals are therefore "
                f"deemed exhausted ({cite}), and I request external review now.{ls.check(sit.decision)}")
    dated = f" dated {record.final_notice_date}" if record.final_notice_date else ""
    got = f", which I received on {record.final_denial_received}," if record.final_denial_received else ""
    on_time = ls.late_sentence(sit, "request") if sit.kind == ls.LATE else ls.timeliness_sentence(sit, "This request")
    return f"The plan's final internal denial{dated}{got} upholds its denial. {on_time}"


def build_external_review(ctx):
    case, record = ctx.case, ctx.record
    plan_type, kind = case.plan.plan_type, law.family(case.plan.plan_type)
    name = "external-review"
    if kind == law.MA:
        return parts.refuse(name, "External review", "Medicare Advantage has no external review request: when the "
                            "plan keeps its denial on reconsideration, it forwards the case to the independent "
                            "review entity itself (42 CFR 422.590; 42 CFR 422.592).")
    if kind == law.MEDICARE:
        return parts.refuse(name, "External review", "Original Medicare has no external review: its next step is "
                            "the next appeal level (write the internal appeal, which asks for it).")
    if kind in (law.MEDICAID_MC, law.MEDICAID_FFS):
        return parts.refuse(name, "External review", "Medicaid has no external review: ask for a state fair "
                            "hearing (the fair hearing request).")
    if kind != law.GROUP:
        return parts.refuse(name, "External review", dl.no_rule_sentence(plan_type))
    sit = ls.situation(plan_type, record, ctx.today)
    deemed = sit.kind == ls.OVERDUE
    if sit.kind in (ls.REVIEW, ls.CLOSED):
        return parts.refuse(name, "External review", "External review was already requested, or the denial is "
                            "closed: no new request is written.")
    if not deemed and sit.stage is not Event.FINAL_DENIAL_RECEIVED:
        return parts.refuse(name, "External review", "External review comes after the plan's final internal "
                            "decision, or once the plan's decision on the internal appeal is overdue: "
                            + ("write the internal appeal first." if sit.stage is Event.DENIAL_RECEIVED else
                               f"the plan's decision is due {ls.day_words(sit.decision)}."))
    federal = plan_type is PlanType.SELF_FUNDED_ERISA
    f = arguments.Facts.of(case, record)
    title = "Request for external review"
    process = ("This request is made under the federal external review process (45 CFR 147.136(d))." if federal
               else "This request is made under the state's external review process (45 CFR 147.136(c)).")
    decision = ls.decision_sentence(plan_type, Event.EXTERNAL_REVIEW_FILED, ctx.today, "external review",
                                    who="the independent reviewer", urgent=record.urgent)
    lines = parts.head(ctx, title, parts.subject_of(record, "External review of the denial"),
                       "To the external review unit:", "appeals" if federal else "state_review")
    lines += [f"I request an independent external review of the plan's denial of the {f.treatment.name} for "
              f"{case.patient.name}. {_review_opening(ctx, sit, f, deemed)} {process}", "",
              "## What I ask for",
              f"I ask the reviewer to reverse the denial and to direct the plan to cover the {f.treatment.name} "
              f"(CPT/HCPCS {f.treatment.codes or missing('the codes')}).", "",
              "## The denial, point by point",
              *[f"> {line}" for line in (record.quoted.strip() or missing("the denial's reason, quoted exactly"))
                .splitlines()], "", *arguments.points(f), "", "## The evidence", *arguments.evidence_lines(f), "",
              *parts.evidence(case), *parts.risk(case, True), *parts.calls(case),
              "## The reviewer's decision", decision or missing("the time the reviewer has to decide"), "",
              *parts.enclosures(case, "The denial notice",
                                *(["The final internal denial"] if not deemed else [])),
              *parts.signature(case, "patient")]
    return parts.draft(name, title, lines, files="external_review")


def build_fair_hearing(ctx):
    case, record = ctx.case, ctx.record
    plan_type, kind = case.plan.plan_type, law.family(case.plan.plan_type)
    name = "fair-hearing"
    if kind not in (law.MEDICAID_MC, law.MEDICAID_FFS):
        return parts.refuse(name, "Fair hearing", "A state fair hearing is Medicaid's appeal: this plan is not "
                            "Medicaid.")
    sit = ls.situation(plan_type, record, ctx.today)
    if sit.kind in (ls.REVIEW, ls.CLOSED):
        return parts.refuse(name, "Fair hearing", "A hearing was already requested, or the denial is closed.")
    managed = kind == law.MEDICAID_MC
    deemed = managed and sit.kind == ls.OVERDUE
    if managed and not deemed and sit.stage is not Event.FINAL_DENIAL_RECEIVED:
        return parts.refuse(name, "Fair hearing", "In Medicaid managed care the plan's own appeal comes first (42 "
                            "CFR 438.402(c)): write the appeal to the plan, then ask for a hearing on its "
                            "resolution.")
    if not managed and sit.kind in (ls.PENDING, ls.OVERDUE):
        return parts.refuse(name, "Fair hearing", "The hearing request is recorded as sent: follow it up instead.")
    f = arguments.Facts.of(case, record)
    title = "Request for a state fair hearing"
    on_time = ls.late_sentence(sit, "request") if sit.kind == ls.LATE else ls.timeliness_sentence(sit, "This request")
    if deemed:
        opening = (f"{_filed_sentence(case, record)} {ls.due_sentence(sit, 'appeal')} It has not resolved it, so "
                   "the plan's appeal process is deemed exhausted and I request a state fair hearing "
                   "(42 CFR 438.408).")
    elif managed:
        dated = f" in its notice dated {record.final_notice_date}" if record.final_notice_date else ""
        opening = (f"I request a state fair hearing on {lf.or_missing(case.plan.insurer, 'the plan')}'s resolution "
                   f"of my appeal{dated} (42 CFR 438.408(f)). {on_time}")
    else:
        when = record.final_notice_date or record.notice_date
        dated = f" dated {when}" if when else ""
        opening = (f"I request a state fair hearing on the agency's notice{dated}, which denies coverage of the "
                   f"{f.treatment.name} (42 CFR 431.221). {on_time}")
    lines = parts.head(ctx, title, parts.subject_of(record, "Fair hearing on the denial"), "To the hearing office:",
                       "hearing" if managed else "appeals")
    lines += [opening, "", "## What I ask for",
              f"I ask that the denial be reversed and the {f.treatment.name} covered "
              f"(CPT/HCPCS {f.treatment.codes or missing('the codes')}).", "",
              "## The denial, point by point", *arguments.points(f), "", "## The evidence",
              *arguments.evidence_lines(f), "", *parts.evidence(case),
              *parts.risk(case, True), *parts.calls(case),
              *parts.enclosures(case, "The denial notice", *(["The notice of resolution"] if managed and not deemed
                                                           else [])),
              *parts.signature(case, "patient")]
    return parts.draft(name, title, lines, files="external_review")


def build_prior_auth(ctx):
    case, pa = ctx.case, ctx.record
    name = "prior-auth"
    if pa is not None and pa.decision:
        done = f"{'approved' if pa.decision in ('approved', 'partial') else pa.decision}" + \
               (f" on {pa.decided}" if pa.decided else "")
        hint = " Record the denial and write the appeal." if pa.decision == "denied" else ""
        return parts.refuse(name, "Prior authorization", f"This prior authorization is {done}: no new request is "
                            f"written.{hint}")
    plan_type = case.plan.plan_type
    f = arguments.Facts.of(case, pa)
    sit = ls.situation(plan_type, pa, ctx.today) if pa is not None else None
    urgent, concurrent = bool(getattr(pa, "urgent", False)), bool(getattr(pa, "concurrent", False))
    title = "Prior authorization request"
    if sit is not None and sit.kind in (ls.PENDING, ls.OVERDUE):
        title = "Prior authorization decision overdue" if sit.kind == ls.OVERDUE else "Prior authorization follow-up"
        received = f" The plan received it on {pa.received_by_plan}" + (
            f" ({pa.receipt_evidence})" if pa.receipt_evidence else "") + "." if pa.received_by_plan else ""
        opening = (f"I asked the plan on {pa.submitted or pa.received_by_plan} to authorize the {f.treatment.name} "
                   f"for {case.patient.name}.{received} {ls.due_sentence(sit, 'request')}")
        ask = "its written decision now" if sit.kind == ls.OVERDUE else "confirmation that it has the request"
        lines = parts.head(ctx, title, f"Prior authorization for {case.patient.name}", "To the plan:", "prior_auth")
        lines += [opening, "", f"I ask the plan for {ask}, with the authorization number when it approves.", "",
                  *parts.signature(case, "clinician")]
        return parts.draft(name, title, lines, signer="clinician")
    decision = ls.decision_sentence(plan_type, Event.PA_SUBMITTED, ctx.today, "request", urgent=urgent,
                                    concurrent=concurrent)
    urgency = (" It is urgent: waiting the standard time would seriously jeopardize the patient's health."
               if urgent else "")
    lines = parts.head(ctx, title, f"Prior authorization for {case.patient.name}", "To the plan:", "prior_auth")
    lines += [f"I ask the plan to authorize the {f.treatment.name} (CPT/HCPCS "
              f"{f.treatment.codes or missing('the codes requested')}) for {case.patient.name}, whom I treat for "
              f"{lf.diagnosis(case)}.{urgency} {decision}".rstrip(), "",
              "## Requested", f"- {missing('the number of sessions requested, and over what period')}", "",
              *parts.evidence(case), *parts.risk(case, True),
              "## Medical necessity", "The enclosed letter of medical necessity sets out why this treatment is "
              "medically necessary for this patient.", "",
              *parts.enclosures(case), *parts.signature(case, "clinician")]
    return parts.draft(name, title, lines, signer="clinician", files="prior_auth")


def build_claim_file(ctx):
    case, record = ctx.case, ctx.record
    plan_type = case.plan.plan_type
    title = "Request for the claim file and the criteria used"
    group = law.family(plan_type) == law.GROUP
    lines = parts.head(ctx, title, parts.subject_of(record, "The claim file for the denial"),
                       "To the appeals department:")
    lines += [f"Please send me, free of charge, for the claim of {case.patient.name}:",
              "- the complete claim file: every document, record and other information submitted, considered or "
              "generated in deciding it;",
              "- the internal rule, guideline, protocol or criteria the plan relied on;",
              "- the scientific or clinical judgment behind the denial, applied to the patient's circumstances;",
              "- the diagnosis and treatment codes and their meanings;",
              "- the name, qualifications and specialty of each health care professional the plan consulted.", ""]
    if group:
        lines += [f"These are mine to receive under {law.CLAIM_FILE} and {law.REVIEWERS}.", ""]
    lines += ["This request does not replace my appeal.", "", *parts.signature(case, "patient")]
    return parts.draft("claim-file", title, lines)
