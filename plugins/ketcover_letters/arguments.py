"""The appeal's arguments, fitted to the case: the diagnosis, the drug, the plan type and the denial's words.

The denial is answered point by point: each sentence of the quoted notice is
matched to a topic by its words, and each topic has an answer written as an
argument from the case's own facts (never an instruction to the writer). IV
ketamine and esketamine are argued differently (reference notes §1.4):
esketamine is FDA-approved for treatment-resistant depression, IV ketamine is
an approved anesthetic used off-label. Evidence published for mood disorders
is used only for depression, and the treatment-resistance and parity
arguments only where they fit (a mental-health diagnosis; parity only in
employer and ACA plans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ketcover_tui.documents import letter_facts as lf
from ketcover_tui.documents.letter_facts import missing

from . import law

TOPICS = (  # topic, words that mark it in a denial's sentence (checked in this order)
    ("prior_auth", r"authori[sz]ation|pre-?certification|precertification"),
    ("network", r"network|non-participating|not contracted"),
    ("coding", r"\bndc\b|j3490|\bcod(e|es|ing)\b|corrected claim"),
    ("timely", r"timely|filing limit|filed late|too late"),
    ("experimental", r"experimental|investigational|unproven|not proven|off-label|not approved"),
    ("trials", r"\btrials?\b|antidepressant|step therapy|preferred|augmentation|tried"),
    ("scores", r"\bscale\b|\bscores?\b|rating|baseline|madrs|phq"),
    ("exclusion", r"not covered|exclu|not a covered|benefit"),
    ("necessity", r"medically necessary|medical necessity|criteria|does not (show|meet)|not meet"),
)
REASON_TOPIC = {"medical_necessity": "necessity", "experimental": "experimental", "no_prior_auth": "prior_auth",
                "not_covered": "exclusion", "out_of_network": "network", "step_therapy": "trials",
                "timely_filing": "timely", "coding_error": "coding"}
CONDITION_WORDS = {"depression": "depression", "ptsd": "post-traumatic stress disorder", "anxiety": "anxiety",
                   "pain": "chronic pain", "migraine": "migraine"}
APA = ("The American Psychiatric Association's task force consensus statement on the use of ketamine for mood "
       "disorders (Sanacora et al., JAMA Psychiatry 2017) describes this treatment for depression that has not "
       "responded to other treatment.")
BCBSMA = ("Other plans cover IV ketamine for treatment-resistant depression: Blue Cross Blue Shield of "
          "Massachusetts applies the same medical-necessity criteria (its policy 087) to IV ketamine and to "
          "esketamine.")
SPRAVATO = ("Esketamine (Spravato) is approved by the FDA for treatment-resistant depression in adults (since "
            "2019 with an oral antidepressant, and since January 2025 on its own) and for depressive symptoms in "
            "adults with major depressive disorder with acute suicidal ideation or behavior. A drug prescribed for "
            "its FDA-approved use is not experimental or investigational.")
KETALAR = ("Ketamine is an FDA-approved drug (as an anesthetic). Using an approved drug for another condition is "
           "off-label prescribing, which is lawful and common medical practice: it does not make the drug "
           "experimental.")
MEDICARE_OFF_LABEL = ("Medicare covers an FDA-approved drug used off-label when the use is medically accepted "
                      "(Medicare Benefit Policy Manual, chapter 15, §50.4.2).")


@dataclass
class Facts:
    """What the arguments are written from: the case, the record, and what is treated for what."""

    case: object
    record: object
    plan_type: object
    treatment: lf.Treatment
    conditions: set
    clinician: str

    @classmethod
    def of(cls, case, record) -> "Facts":
        return cls(case, record, case.plan.plan_type, lf.treatment(case, record), lf.conditions(case),
                   lf.clinician(case))

    @property
    def depression(self) -> bool:
        return "depression" in self.conditions

    def condition_words(self) -> str:
        found = [CONDITION_WORDS[c] for c in sorted(self.conditions)]
        return " and ".join(found) if found else "the patient's condition"


def sentences(quoted: str) -> list[str]:
    flat = " ".join(quoted.split())
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", flat) if s.strip()]


def topics_of(sentence: str) -> tuple[str, ...]:
    low = sentence.casefold()
    return tuple(topic for topic, words in TOPICS if re.search(words, low))


def points(f: Facts) -> list[str]:
    """'1. “…” Answer.' for each part of the denial (consecutive sentences on the same topics answered once)."""
    record = f.record
    quoted = (getattr(record, "quoted", "") or "").strip()
    default = (REASON_TOPIC[record.reason],) if getattr(record, "reason", "") in REASON_TOPIC else ("",)
    groups: list[tuple[tuple[str, ...], list[str]]] = []
    for sentence in sentences(quoted):
        topics = topics_of(sentence) or (groups[-1][0] if groups else default)
        if groups and groups[-1][0] == topics:
            groups[-1][1].append(sentence)
        else:
            groups.append((topics, [sentence]))
    if not groups:
        groups = [(default, [])]
    named = {topic for topics, _ in groups for topic in topics}
    if "necessity" in named:  # the criteria met first, then the treatments tried and the scores (unless apart)
        extra = tuple(x for x in ("trials", "scores") if x not in named)
        groups = [((("necessity",) + extra + tuple(t for t in topics if t != "necessity")) if "necessity" in topics
                   else topics, said) for topics, said in groups]
    out, answered = [], {}
    for n, (topics, said) in enumerate(groups, 1):
        quote = f"“{' '.join(said)}” " if said else ""
        new = [topic for topic in dict.fromkeys(topics) if topic not in answered]
        answers = [answer(topic, f) for topic in new] or [f"Point {answered[topics[0]]} above answers this."]
        answered.update({topic: n for topic in new})
        out.append(f"{n}. {quote}{' '.join(answers)}")
    return out


def answer(topic: str, f: Facts) -> str:
    writer = ANSWERS.get(topic)
    if writer is None:
        return missing("the answer to this part of the denial")
    return writer(f)


def _experimental(f: Facts) -> str:
    t = f.treatment
    if t.kind == "esketamine" and f.depression:
        parts = ["A drug prescribed for its FDA-approved use is not experimental or investigational, and esketamine "
                 "(Spravato) is FDA-approved for treatment-resistant depression (see “The evidence”, below)."]
    else:
        parts = [KETALAR] if t.kind == "iv_ketamine" else []
        if t.kind == "esketamine":
            parts.append("Esketamine (Spravato) is FDA-approved for depression; its use here for "
                         f"{f.condition_words()} is off-label prescribing of an approved drug.")
        if f.depression and t.kind == "iv_ketamine":
            parts.append("The published evidence and other plans' coverage of it for depression are set out under "
                         "“The evidence”, below.")
        else:
            parts += evidence_lines(f)
    if law.family(f.plan_type) in (law.MEDICARE, law.MA) and t.kind:
        parts.append(MEDICARE_OFF_LABEL)
    return " ".join(parts)


def _necessity(f: Facts) -> str:
    return (f"The enclosed letter of medical necessity from {f.clinician} explains why this treatment is "
            f"necessary for {f.case.patient.name}, and the record meets the plan's criteria point by point:")


def _trials(f: Facts) -> str:
    failed = lf.failed_trials(f.case)
    if not failed:
        return "The treatments already tried: " + missing("each earlier treatment, with dose, dates and outcome")
    named = ", ".join(p.name for p in failed)
    text = (f"The record shows {len(failed)} earlier treatment{'s' if len(failed) != 1 else ''} that failed or "
            f"{'were' if len(failed) != 1 else 'was'} not tolerated: {named}. Each is listed below with its dose, "
            "dates and outcome.")
    adequate = [p for p in failed if p.kind == "drug" and (p.weeks() or 0) >= 4]
    if f.depression and len(adequate) >= 2:
        text += (f" {len(adequate)} of them were drug trials of four weeks or more, the usual measure of treatment "
                 "resistance.")
    return text


def _scores(f: Facts) -> str:
    lines = lf.efficacy_lines(f.case)
    if not lines:
        return "The baseline severity score: " + missing("a validated scale score before treatment, with its date")
    return "Validated scale scores, with their dates: " + " ".join(line.removeprefix("- ") for line in lines)


def _prior_auth(f: Facts) -> str:
    asked = [pa for pa in f.case.appeals.prior_auths if pa.submitted]
    if asked:
        said = "; ".join(lf.pa_line(pa) for pa in asked)
        sessions = f.case.journal.sessions
        before = not sessions or min(pa.submitted for pa in asked) <= sessions[0].on
        first = f"Authorization was requested{' before treatment' if before else ''}: {said}."
    else:
        first = ("When and how authorization was requested, or why it could not be before treatment: "
                 + missing("the prior-authorization request's date and how it was sent, or why none was possible"))
    return (first + " A missing authorization is an administrative matter, not a finding about the care: the "
            "service should be reviewed for medical necessity on the evidence enclosed.")


def network_options(f: Facts) -> str:
    """Whether an in-network provider is within reach (as the case records it), and the options looked at."""
    reach = f.case.provider_search.in_network_within_reach
    if reach == "no":
        text = "No in-network provider can give this treatment within reasonable reach."
    elif reach == "yes":
        text = ("[check this: the case records an in-network provider within reach; a gap exception needs the "
                "reason it cannot give this care]")
    else:
        text = "Whether an in-network provider can give it: " + missing(
            "whether any in-network provider can give this treatment within reach, and why not")
    options = lf.in_network_lines(f.case)
    if options:
        text += " In-network options looked at: " + " ".join(line.removeprefix("- ") for line in options)
    elif reach != "yes":
        text += " " + missing("the in-network clinics looked at, with their distance and why none can give it")
    return text


def _network(f: Facts) -> str:
    clinic = lf.or_missing(f.case.provider.clinic, "the treating clinic")
    return (f"{network_options(f)} I therefore ask for a network gap exception: coverage of the care from {clinic} "
            "at in-network cost sharing, and a single-case agreement with that clinic.")


def _coding(f: Facts) -> str:
    b = f.case.money.billing
    codes = lf.requested_codes(f.case, f.record) or missing("the CPT/HCPCS codes billed")
    drug = ""
    if "J3490" in codes.upper():
        drug = (f" The unlisted drug code J3490 is billed with the drug's name "
                f"({lf.or_missing(b.drug_name, 'the drug name and strength')}), dose and 11-digit NDC "
                f"({lf.or_missing(b.ndc, 'the 11-digit NDC')}).")
    return f"The service is coded as {codes}.{drug} I ask the plan to process the claim with these details."


def _timely(f: Facts) -> str:
    sent = [c for c in f.case.appeals.claims if c.submitted]
    if not sent:
        return "The claim was filed on time: " + missing("the day the claim was submitted and the proof")
    return "The claim was filed on time: " + "; ".join(
        f"claim {c.claim_number or '(no number)'} submitted {c.submitted}"
        + (f", received by the plan {c.received_by_plan} ({c.receipt_evidence})" if c.received_by_plan else "")
        for c in sent) + "."


def _exclusion(f: Facts) -> str:
    quoted = lf.exclusion_lines(f.case, f.record)
    provision = " The plan's own wording, as found: " + " ".join(q.removeprefix("- ") for q in quoted) if quoted \
        else ""
    cite = " (29 CFR 2560.503-1)" if law.family(f.plan_type) == law.GROUP else ""
    return ("The notice must name the plan provision it relied on" + cite + ". I ask the plan to identify it and "
            f"to show how it applies to this treatment.{provision}")


ANSWERS = {"experimental": _experimental, "necessity": _necessity, "trials": _trials, "scores": _scores,
           "prior_auth": _prior_auth, "network": _network, "coding": _coding, "timely": _timely,
           "exclusion": _exclusion}


def parity_limit(reason: str) -> str:
    return {"experimental": "the plan's experimental or investigational exclusion",
            "step_therapy": "the plan's step-therapy requirement", "no_prior_auth": "the plan's prior "
            "authorization requirement", "not_covered": "the exclusion the plan applied"}.get(
        reason, "the medical-necessity criteria the plan applied")


def evidence_lines(f: Facts) -> list[str]:
    """The published evidence, for this drug and this condition only."""
    t = f.treatment
    if t.kind == "esketamine" and f.depression:
        return [SPRAVATO]
    if t.kind == "iv_ketamine" and f.depression:
        return [APA, BCBSMA]
    name = t.name if t.kind else "this treatment"
    return ["The published evidence for this use: " + missing(f"the studies or guidelines supporting {name} for "
                                                              f"{f.condition_words()}, as cited by the treating "
                                                              "clinician")]
