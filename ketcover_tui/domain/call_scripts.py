"""Call scripts: the questions to ask on a guided call, contributed by plugins.

A script is data. A question may name a plan fact (a key of ``benefits.FACTS``):
its answer then updates the plan when the call is saved. Question text may use
{diagnoses} ("F33.2, F41.1"), {diagnosis_codes} ("diagnosis codes F33.2, F41.1"),
{insurer}, {clinic}, {npi}, {member_id} and {plan_type}; they are filled from the
case, and read as a sentence when the case lacks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .benefits import FACT_BY_KEY
from .vocab import PlanType


@dataclass(frozen=True)
class ScriptQuestion:
    id: str
    text: str
    help: str = ""
    fact: str = ""  # plan fact this answer sets (see benefits.FACTS), or ""
    source: str = ""  # where the facts in text/help come from
    as_of: str = ""  # when that source was read, YYYY-MM-DD


@dataclass(frozen=True)
class CallScript:
    id: str
    title: str
    questions: tuple[ScriptQuestion, ...]
    description: str = ""
    # None = any insurer / plan type. Insurer names match case-insensitively as substrings.
    insurers: tuple[str, ...] | None = None
    plan_types: frozenset[PlanType] | None = None
    plugin: str = field(default="", compare=False)  # set by the plugin host

    def applies_to(self, insurer: str, plan_type: PlanType | None) -> bool:
        insurer_ok = self.insurers is None or any(name.casefold() in insurer.casefold() for name in self.insurers)
        plan_ok = self.plan_types is None or plan_type is None or plan_type in self.plan_types
        return insurer_ok and plan_ok


def applicable_scripts(scripts: list[CallScript], insurer: str, plan_type: PlanType | None) -> list[CallScript]:
    """Scripts for this case, insurer-specific ones first."""
    shown = [s for s in scripts if s.applies_to(insurer, plan_type)]
    return sorted(shown, key=lambda s: s.insurers is None)


def placeholders(case) -> dict[str, str]:
    codes = ", ".join(c.icd10 for c in case.conditions if c.icd10)
    unknown = "the patient's diagnosis (no ICD-10-CM code on the case yet: ask the clinic for it)"
    return {
        "diagnoses": codes or unknown,
        "diagnosis_codes": (f"diagnosis code{'s' if ',' in codes else ''} {codes}" if codes else unknown),
        "insurer": case.plan.insurer or "the plan",
        "clinic": case.provider.clinic or "the clinic",
        "npi": case.provider.npi or "not entered",
        "member_id": case.plan.member_id or "not entered",
        "plan_type": case.plan.plan_type.label if case.plan.plan_type else "not known",
    }


def question_text(question: ScriptQuestion, case) -> str:
    text = question.text
    for name, value in placeholders(case).items():
        text = text.replace("{" + name + "}", value)
    return text


def validate_script(obj: object) -> CallScript:
    """Raise if a plugin's script is malformed (the host then drops that plugin's scripts)."""
    if not isinstance(obj, CallScript):
        raise TypeError(f"register() expects a CallScript, got {type(obj).__name__}")
    if not obj.id or not obj.title:
        raise ValueError("call script id and title must not be empty")
    seen: set[str] = set()
    for question in obj.questions:
        if not isinstance(question, ScriptQuestion):
            raise TypeError(f"call script {obj.id!r}: questions must be ScriptQuestion, "
                            f"got {type(question).__name__}")
        if not question.id or question.id in seen:
            raise ValueError(f"call script {obj.id!r}: question id {question.id!r} is empty or repeated")
        if question.fact and question.fact not in FACT_BY_KEY:
            raise ValueError(f"call script {obj.id!r}: question {question.id!r} names unknown plan fact "
                             f"{question.fact!r}")
        seen.add(question.id)
    return obj
