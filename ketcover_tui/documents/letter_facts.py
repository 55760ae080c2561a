"""What a case already knows, written as letter lines: the RE block, treatments, sessions, scores, calls.

Every line is a fact from the case, with its date; what the case lacks is a
``[missing: …]`` marker, never a guess. Markers name the fact only: where to
enter it is the app's business (``WHERE``), never the letter's. No internal
note of the case, a call or a denial is ever written into a letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain.journal import OUTCOME_LABELS, dose_text


def missing(what: str) -> str:
    return f"[missing: {what}]"


def or_missing(value: object, what: str) -> str:
    text = str(value or "").strip()
    return text if text else missing(what)


# Where the app lets the user add a fact a marker names (shown in the app, never in a letter).
WHERE = {
    "clinician's name and credentials": "Money tab → d (billing details)",
    "clinician NPI": "Money tab → d (billing details)",
    "clinic phone": "Money tab → d (billing details)",
    "clinic or clinician sending": "Clinics tab (choose the clinic), or Money tab → d (billing details)",
    "missing: date of birth": "edit the case (e)",
    "missing: member ID": "edit the case (e)",
    "diagnosis code": "edit the case (e)",
    "insurer's name": "edit the case (e)",
    "prior treatments:": "Journal tab (prior treatments)",
    "validated scale scores": "Journal tab (scores)",
    "appeals mailing address": "the denial on the Appeals tab (appeals address)",
    "CPT/HCPCS codes": "a prior authorization on the Appeals tab, or an invoice on the Money tab",
    "check this:": "the record's dates on the Appeals tab",
}


def where_to_add(gap: str) -> str:
    return next((place for words, place in WHERE.items() if words in gap), "")


# --- what is treated, and for what -------------------------------------------------------

ESKETAMINE_CODES = ("G2082", "G2083", "J0013", "S0013")
IV_CODES = ("96365", "96366", "96374", "J3490")


@dataclass(frozen=True)
class Treatment:
    kind: str  # "esketamine" | "iv_ketamine" | ""
    name: str  # "IV ketamine infusions", "esketamine (Spravato) treatment sessions"
    codes: str


def requested_codes(case, record=None) -> str:
    if record is not None and getattr(record, "codes", ""):
        return record.codes
    for pa in reversed(case.appeals.prior_auths):
        if pa.codes:
            return pa.codes
    seen = dict.fromkeys(line.code for entry in case.money.entries for line in entry.lines if line.code)
    return ", ".join(seen)


def treatment(case, record=None) -> Treatment:
    """The treatment a letter is about: from the codes requested, else the journal's sessions."""
    codes = requested_codes(case, record)
    upper = codes.upper()
    drugs = {s.drug for s in case.journal.sessions}
    if any(code in upper for code in ESKETAMINE_CODES) or (not codes and drugs == {"esketamine"}):
        return Treatment("esketamine", "esketamine (Spravato) treatment sessions", codes)
    if any(code in upper for code in IV_CODES) or (not codes and "ketamine" in drugs):
        return Treatment("iv_ketamine", "IV ketamine infusions", codes)
    return Treatment("", missing("the treatment requested"), codes)


def conditions(case) -> set[str]:
    """{"depression", "ptsd", "anxiety", "pain", "migraine"} for the case's ICD-10-CM codes."""
    found = set()
    for c in case.conditions:
        code = c.icd10.upper()
        if code.startswith(("F32", "F33")):
            found.add("depression")
        elif code.startswith("F43.1"):
            found.add("ptsd")
        elif code.startswith("F41"):
            found.add("anxiety")
        elif code.startswith(("G89", "G90.5", "G56.4", "G57.7")):
            found.add("pain")
        elif code.startswith("G43"):
            found.add("migraine")
    return found


def mental_health(case) -> bool:
    return any(c.icd10.upper().startswith("F") for c in case.conditions)


# --- the RE block ------------------------------------------------------------------------

def diagnosis(case) -> str:
    if not case.conditions:
        return missing("diagnosis code (ICD-10-CM)")
    return "; ".join(f"{c.icd10} {c.description}".strip() for c in case.conditions)


def service_line(case, record=None) -> str:
    t = treatment(case, record)
    codes = t.codes or missing("CPT/HCPCS codes requested")
    return f"{t.name} (CPT/HCPCS {codes})"


def re_lines(case, record=None) -> list[str]:
    """The 'RE:' block every payer letter starts with: who, which plan, which claim, which service."""
    p, plan = case.patient, case.plan
    kind = f" ({plan.plan_type.label})" if plan.plan_type else ""
    lines = [f"- Patient: {p.name}",
             f"- Date of birth: {or_missing(p.date_of_birth, 'date of birth')}",
             f"- Member ID: {or_missing(plan.member_id, 'member ID')}"
             + (f"; group number: {plan.group_id}" if plan.group_id else ""),
             f"- Plan: {or_missing(plan.insurer, 'insurer')}{kind}"]
    if record is not None and getattr(record, "reference", ""):
        lines.append(f"- Claim / reference number: {record.reference}")
    if record is not None and hasattr(record, "quoted"):
        dated = f"dated {record.notice_date}" if record.notice_date else ""
        got = f"received {record.received}" if record.received else ""
        lines.append(f"- Denial notice: {', '.join(part for part in (dated, got) if part)}")
    for pa in case.appeals.prior_auths:
        lines.append(f"- Prior authorization: {pa_line(pa)}")
    for claim in case.appeals.claims:
        if claim.claim_number:
            lines.append(f"- Claim {claim.claim_number}" + (f", dates of service {claim.service_dates}"
                                                            if claim.service_dates else ""))
    lines += [f"- Service: {service_line(case, record)}", f"- Diagnosis (ICD-10-CM): {diagnosis(case)}"]
    return lines


def pa_line(pa) -> str:
    from ..domain.appeal_records import PA_DECISIONS

    parts = [pa.codes or "codes not recorded"]
    if pa.submitted:
        parts.append(f"requested {pa.submitted}")
    if pa.decision:
        parts.append(PA_DECISIONS.get(pa.decision, pa.decision) + (f" {pa.decided}" if pa.decided else ""))
    if pa.auth_number:
        parts.append(f"authorization number {pa.auth_number}")
    return ", ".join(parts)


# --- the evidence ------------------------------------------------------------------------

def prior_treatment_lines(case) -> list[str]:
    if not case.journal.prior:
        return [f"- {missing('prior treatments: drug or therapy, dose, dates, outcome')}"]
    lines = []
    for p in case.journal.prior:
        weeks = p.weeks()
        duration = p.period() + (f" ({weeks} weeks)" if weeks is not None else "")
        outcome = OUTCOME_LABELS.get(p.outcome, p.outcome) or "outcome not recorded"
        lines.append(f"- {p.name}, {p.dose or 'dose not recorded'}, {duration or 'dates not recorded'}: "
                     f"{outcome.lower()}" + (f" ({p.notes.strip()})" if p.notes.strip() else "") + ".")
    return lines


def failed_trials(case) -> list:
    return [p for p in case.journal.prior if p.outcome in ("failed", "not_tolerated")]


def session_lines(case) -> list[str]:
    """The sessions given so far: how many, when, the doses (with mg/kg) and the side effects."""
    sessions = case.journal.sessions
    if not sessions:
        return []
    weight = case.journal.weight_kg
    doses = list(dict.fromkeys(d for s in sessions if (d := dose_text(s, weight))))
    routes = sorted({f"{s.drug_label}, {s.route_label}" for s in sessions})
    lines = [f"- {len(sessions)} session{'s' if len(sessions) != 1 else ''} from {sessions[0].on} to "
             f"{sessions[-1].on} ({'; '.join(routes)})" + (f"; doses: {', '.join(doses)}" if doses else "") + "."]
    effects: dict[str, int] = {}
    for s in sessions:
        for word in filter(None, (w.strip() for w in s.side_effect_words().split(","))):
            effects[word] = effects.get(word, 0) + 1
    if effects:
        lines.append("- Side effects recorded: " + ", ".join(f"{word} ({n} of {len(sessions)} sessions)"
                                                            for word, n in effects.items()) + ".")
    else:
        lines.append("- No side effects were recorded.")
    return lines


def efficacy_lines(case) -> list[str]:
    """Each scale's baseline and latest score with their dates, and the change from baseline."""
    from ..domain import measures

    results = measures.efficacy_all(case.journal.measures, case.journal.session_days())
    lines = []
    for e in results:
        head = f"- {e.instrument.name}: {e.baseline.score}/{e.instrument.max_score} ({e.baseline.band}) on " \
               f"{e.baseline.on}"
        if not e.followed_up:
            lines.append(head + ", before treatment; no later score yet.")
            continue
        pct = e.change_percent
        change = f"{abs(pct)}% {'lower' if e.change < 0 else 'higher'}" if pct is not None else f"{e.change:+d} points"
        text = f"{head}; {e.latest.score}/{e.instrument.max_score} ({e.latest.band}) on {e.latest.on}: {change}"
        if e.response:
            text += ", a response (a drop of 50% or more from baseline)"
        if e.remission:
            text += ", and remission (a PHQ-9 below 5)"
        lines.append(text + f"; {e.count} scores over {e.sessions} session{'s' if e.sessions != 1 else ''}.")
    return lines


def risk_lines(case) -> list[str]:
    """PHQ-9 item 9 answers above 'not at all' (thoughts of death or self-harm), with their dates."""
    from ..domain.instruments import PHQ9

    lines = []
    for m in sorted(case.journal.measures, key=lambda m: m.on):
        if m.crisis:
            lines.append(f"- On the PHQ-9 of {m.on}, the patient answered “{PHQ9.option_label(m.items[8])}” to "
                         f"item 9, “{PHQ9.items[8]}”.")
    return lines


def call_lines(case, limit: int = 6) -> list[str]:
    """'On 2026-03-02 J. Smith (Claims), reference 12345, said: “…”.' Calls without a reference or words are left out."""
    lines = []
    for call in sorted(case.calls, key=lambda c: c.started_at):
        said = (call.promised or call.outcome).strip().strip('"“”')
        if not (call.reference and said):
            continue
        who = call.rep_name or "the plan's representative"
        if call.department:
            who += f" ({call.department})"
        end = "" if said[-1] in ".!?" else "."
        lines.append(f"- On {call.day.isoformat()}, {who}, call reference {call.reference}, said: “{said}{end}”")
    return lines[-limit:]


TREATMENT_WORDS = ("ketamine", "esketamine", "spravato", "infusion")
REASON_WORDS = {"experimental": ("experimental", "investigational", "unproven"),
                "medical_necessity": ("medically necessary", "medical necessity")}
_WORD_RE = re.compile(r"[a-z]{6,}")


def exclusions_for(case, record=None) -> list:
    """The plan's recorded exclusions that bear on this denial: they name the treatment, the kind of
    reason the plan gave (experimental, medical necessity), or share words with the denial's own
    wording. A letter quotes only these: an unrelated exclusion (hearing aids, say) would confuse it."""
    reason = getattr(record, "reason", "") or ""
    words = TREATMENT_WORDS + REASON_WORDS.get(reason, ())
    quoted = set(_WORD_RE.findall((getattr(record, "quoted", "") or "").casefold()))
    return [e for e in case.benefits.exclusions
            if any(w in e.text.casefold() for w in words) or len(quoted & set(_WORD_RE.findall(e.text.casefold()))) >= 2]


def exclusion_lines(case, record=None) -> list[str]:
    return [f"- “{e.text}” ({e.where})" if e.where else f"- “{e.text}”" for e in exclusions_for(case, record)]


def in_network_lines(case) -> list[str]:
    """In-network clinics the case looked at, with their distance, and the in-network options tried."""
    search = case.provider_search
    lines = []
    for c in search.candidates:
        if c.network == "in":
            far = f", {c.distance_miles} miles away" if c.distance_miles is not None else ", distance not recorded"
            lines.append(f"- {c.name}{far}.")
    if search.search_note.strip():
        lines.append(f"- In-network options tried: {search.search_note.strip()}")
    return lines


def clinician(case) -> str:
    return or_missing(case.money.billing.clinician, "the treating clinician's name and credentials")
