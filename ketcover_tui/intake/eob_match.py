"""Which case each claim of a clinic's multi-patient file belongs to: member id and name, never a guess.

A claim goes to a case only when exactly one case has the claim's member id and
that case's patient name agrees with the name on the claim (family and given
name, compared without case or accents: "MULLER, JOSE" is José Müller). Every
other claim is listed as unmatched, with the reason, and imported nowhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .eob_model import EobClaim


@dataclass(frozen=True)
class Person:
    case_id: str
    name: str
    member_id: str


@dataclass
class Matches:
    by_case: dict[str, list[EobClaim]] = field(default_factory=dict)
    unmatched: list[tuple[EobClaim, str]] = field(default_factory=list)


def folded(text: str) -> str:
    """Lower case, accents and punctuation dropped: 'Müller-Lüdenscheidt' -> 'muller ludenscheidt'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(kept.replace("ß", "ss").split())


def member_key(text: str) -> str:
    return "".join(text.split()).upper()


def names_agree(claim_name: str, case_name: str) -> bool:
    """Every word of the claim's name (LAST, FIRST) appears in the case's patient name, and there are two or more."""
    claim_words = folded(claim_name).split()
    case_words = set(folded(case_name).split())
    return len(claim_words) >= 2 and all(word in case_words for word in claim_words)


def match(claims: list[EobClaim], people: list[Person]) -> Matches:
    by_member: dict[str, list[Person]] = {}
    for person in people:
        if person.member_id:
            by_member.setdefault(member_key(person.member_id), []).append(person)
    result = Matches()
    for claim in claims:
        candidates = by_member.get(member_key(claim.member_id), []) if claim.member_id else []
        agreeing = [p for p in candidates if names_agree(claim.patient_name, p.name)]
        if not claim.member_id:
            result.unmatched.append((claim, "no member id on the claim"))
        elif not candidates:
            result.unmatched.append((claim, "no case has this member id"))
        elif not agreeing:
            result.unmatched.append((claim, "the case with this member id has another patient name"))
        elif len(agreeing) > 1:
            result.unmatched.append((claim, f"{len(agreeing)} cases have this member id and name"))
        else:
            result.by_case.setdefault(agreeing[0].case_id, []).append(claim)
    return result


def belongs(claim: EobClaim, person: Person) -> str | None:
    """Why a claim in a file named for one case is not that case's (another member or name), else None."""
    if claim.member_id and person.member_id and member_key(claim.member_id) != member_key(person.member_id):
        return "another member id than the case's"
    if claim.patient_name and not names_agree(claim.patient_name, person.name):
        return "another patient name than the case's"
    return None
