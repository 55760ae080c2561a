"""What a denial reason means and how to answer it: advocacy guidance, never law.

From ``ketcover_tui/data/denial_language.json`` (Fight Health Insurance,
Apache-2.0; see ``data/NOTICE.md``): 15 common denial reasons, each with what
it means, why insurers use it and how to counter it. ``ENTRIES`` maps
ketcover's denial reasons to them. ``ANSWERS`` says, for each counter, which
part of an appeal letter answers it (``PARTS``) or why a letter cannot (it is
something to do, not to write); the letter templates build their outline from
the parts in that order. The "success rate" lines are opinions, not
statistics, and are never shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "denial_language.json"
AS_OF = "2026-08-21"
SOURCE = ("Fight Health Insurance, denial_language.json (commit 63deffb, Apache-2.0): advocacy guidance, "
          "not law")

# ketcover denial reason -> the directory entries that explain it (first = main)
ENTRIES: dict[str, tuple[str, ...]] = {
    "medical_necessity": ("Not medically necessary",),
    "experimental": ("Experimental or investigational", "Off-label use not covered"),
    "no_prior_auth": ("Prior authorization now required",),
    "not_covered": (),
    "out_of_network": ("Provider out-of-network",),
    "step_therapy": ("Step therapy required",),
    "timely_filing": ("Timely filing limit exceeded",),
    "coding_error": ("Insufficient documentation",),
    "other": (),
}

# Letter parts a counter can become (the templates know how to write each one from the case).
PARTS = {
    "lmn": "the enclosed letter of medical necessity",
    "criteria": "a request for the exact policy and criteria used",
    "evidence": "the published evidence and guidelines",
    "prior": "the treatments that failed or were not tolerated",
    "risk": "the risk of delaying or stopping treatment",
    "fda": "the drug's FDA status",
    "standard": "the treating clinician's view that this is standard care",
    "gap": "why no in-network provider can give this care, and the exception asked for",
    "continuity": "continuity of care during a course of treatment",
    "records": "the records enclosed",
    "timely": "when the claim was filed, with proof",
}
LATER = "-a complaint to the regulator comes after the appeal, if the plan does not follow the rules"
# directory entry -> one answer per counter, in order: a PARTS key, or "-" + why a letter does not answer it
ANSWERS: dict[str, tuple[str, ...]] = {
    "Not medically necessary": ("lmn", "criteria", "evidence", "prior", "risk"),
    "Experimental or investigational": ("fda", "evidence", "evidence", "standard", "criteria"),
    "Off-label use not covered": ("evidence", "prior", "-the compendia are not in ketcover's notes", "standard",
                                  "prior"),
    "Prior authorization now required": ("-an expedited request is its own letter", "continuity", "risk",
                                         "-state law is not in ketcover's notes", "lmn"),
    "Provider out-of-network": ("-ketamine infusions are not emergency care", "gap", "gap", "continuity", LATER),
    "Step therapy required": ("prior", "standard", "risk", "prior", "-state law is not in ketcover's notes"),
    "Timely filing limit exceeded": ("-state law is not in ketcover's notes", "timely", "timely", "timely", LATER,
                                     "-a matter between the clinic and the plan"),
    "Insufficient documentation": ("criteria", "records", "-how it is sent (the sending record keeps it)",
                                   "records", "-copies are kept with the case"),
}


@dataclass(frozen=True)
class Guidance:
    title: str  # the directory's name for the reason
    what_it_means: str
    why_insurers_use_it: str
    how_to_counter: tuple[str, ...]
    source: str = SOURCE
    as_of: str = AS_OF


@lru_cache(maxsize=1)
def _entries() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def guidance(reason: str) -> list[Guidance]:
    """The explanations for a ketcover denial reason (none for 'other' and 'not covered')."""
    data = _entries()
    return [Guidance(title, data[title]["what_it_means"], data[title]["why_insurers_use_it"],
                     tuple(data[title]["how_to_counter"])) for title in ENTRIES.get(reason, ())]


def outline(reason: str) -> list[str]:
    """The letter parts that answer a denial reason, in the order its counters come (each part once)."""
    parts: list[str] = []
    for title in ENTRIES.get(reason, ()):
        for answer in ANSWERS[title]:
            if not answer.startswith("-") and answer not in parts:
                parts.append(answer)
    return parts
