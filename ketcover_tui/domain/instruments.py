"""Symptom instruments: PHQ-9, GAD-7, PCL-5 and a 0–10 pain rating, and how each is scored.

Each instrument carries its official item wording, answer scale, severity bands
and where those come from (the reference notes, §4), with the sourced texts
shown next to scores (the crisis message, the response and change rules).
Recorded scores and their progress over time are in ``measures``.

Pure Python: no Textual, no TinyDB.
"""

from __future__ import annotations

from dataclasses import dataclass

NOTES = "ketcover reference notes"
AS_OF = "2026-11-26"

PHQ_FOOTER = ("Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an "
              "educational grant from Pfizer Inc. No permission required to reproduce, translate, display or "
              "distribute.")
PCL_FOOTER = "PCL-5: developed by the VA National Center for PTSD; public domain."


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    title: str
    stem: str  # the question every item answers
    items: tuple[str, ...]
    options: tuple[tuple[int, str], ...]  # (value, label); labels may be "" between the anchors
    bands: tuple[Band, ...]
    source: str
    footer: str = ""
    difficulty: bool = False  # the unscored "how difficult" question of the PHQ-9 / GAD-7
    as_of: str = AS_OF

    @property
    def max_item(self) -> int:
        return self.options[-1][0]

    @property
    def max_score(self) -> int:
        return self.max_item * len(self.items)

    def option_label(self, value: int) -> str:
        return dict(self.options).get(value, "")

    def legend(self) -> str:
        """'0 Not at all · 1 Several days · …' (only labelled values)."""
        return " · ".join(f"{value} {label}" for value, label in self.options if label)


FREQUENCY = ((0, "Not at all"), (1, "Several days"), (2, "More than half the days"), (3, "Nearly every day"))
DIFFICULTY = ((0, "Not difficult at all"), (1, "Somewhat difficult"), (2, "Very difficult"),
              (3, "Extremely difficult"))
DIFFICULTY_QUESTION = ("If you checked off any problems, how difficult have these problems made it for you to do "
                       "your work, take care of things at home, or get along with other people?")

PHQ9 = Instrument(
    id="phq9", name="PHQ-9", title="Patient Health Questionnaire (PHQ-9)",
    stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety "
        "or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    options=FREQUENCY,
    bands=(Band(0, 4, "minimal"), Band(5, 9, "mild"), Band(10, 14, "moderate"),
           Band(15, 19, "moderately severe"), Band(20, 27, "severe")),
    source=f"{NOTES} §4 (PHQ-9); Kroenke 2001 JGIM 16:606",
    footer=PHQ_FOOTER, difficulty=True,
)

GAD7 = Instrument(
    id="gad7", name="GAD-7", title="Generalized Anxiety Disorder scale (GAD-7)",
    stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
    items=(
        "Feeling nervous, anxious, or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid, as if something awful might happen",
    ),
    options=FREQUENCY,
    bands=(Band(0, 4, "minimal"), Band(5, 9, "mild"), Band(10, 14, "moderate"), Band(15, 21, "severe")),
    source=f"{NOTES} §4 (GAD-7); Spitzer 2006 Arch Intern Med 166:1092",
    footer=PHQ_FOOTER, difficulty=True,
)

PCL5 = Instrument(
    id="pcl5", name="PCL-5", title="PTSD Checklist for DSM-5 (PCL-5)",
    stem="In the past month, how much were you bothered by:",
    items=(
        "Repeated, disturbing, and unwanted memories of the stressful experience?",
        "Repeated, disturbing dreams of the stressful experience?",
        "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you "
        "were actually back there reliving it)?",
        "Feeling very upset when something reminded you of the stressful experience?",
        "Having strong physical reactions when something reminded you of the stressful experience (for "
        "example, heart pounding, trouble breathing, sweating)?",
        "Avoiding memories, thoughts, or feelings related to the stressful experience?",
        "Avoiding external reminders of the stressful experience (for example, people, places, conversations, "
        "activities, objects, or situations)?",
        "Trouble remembering important parts of the stressful experience?",
        "Having strong negative beliefs about yourself, other people, or the world (for example, having "
        "thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the "
        "world is completely dangerous)?",
        "Blaming yourself or someone else for the stressful experience or what happened after it?",
        "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
        "Loss of interest in activities that you used to enjoy?",
        "Feeling distant or cut off from other people?",
        "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving "
        "feelings for people close to you)?",
        "Irritable behavior, angry outbursts, or acting aggressively?",
        "Taking too many risks or doing things that could cause you harm?",
        "Being “superalert” or watchful or on guard?",
        "Feeling jumpy or easily startled?",
        "Having difficulty concentrating?",
        "Trouble falling or staying asleep?",
    ),
    options=((0, "Not at all"), (1, "A little bit"), (2, "Moderately"), (3, "Quite a bit"), (4, "Extremely")),
    # No official severity bands (reference notes §4): only the provisional-PTSD cut-point range 31–33.
    bands=(Band(0, 30, "below the provisional PTSD cut-point (31–33)"),
           Band(31, 32, "within the provisional PTSD cut-point range (31–33)"),
           Band(33, 80, "at or above the provisional PTSD cut-point (31–33)")),
    source=f"{NOTES} §4 (PCL-5); comorbidityguidelines.org.au; VA National Center for PTSD",
    footer=PCL_FOOTER,
)

PAIN = Instrument(
    id="pain", name="Pain", title="Pain rating (numeric rating scale, 0–10)",
    stem="How bad is the pain, from 0 to 10?",
    items=("Pain: 0 = no pain, 10 = worst pain imaginable",),
    options=tuple((n, {0: "No pain", 10: "Worst pain imaginable"}.get(n, "")) for n in range(11)),
    bands=(Band(0, 0, "no pain"), Band(1, 3, "mild"), Band(4, 6, "moderate"), Band(7, 10, "severe")),
    source=f"{NOTES} §4 (Pain NRS); IMMPACT, Dworkin 2008 J Pain 9:105",
)

INSTRUMENTS: dict[str, Instrument] = {i.id: i for i in (PHQ9, GAD7, PCL5, PAIN)}

# PCL-5 DSM-5 clusters (1-based item numbers) and how many items rated 2+ each needs.
PCL5_CLUSTERS = (("B", range(1, 6), 1), ("C", range(6, 8), 1), ("D", range(8, 15), 2), ("E", range(15, 21), 2))


@dataclass(frozen=True)
class SourcedText:
    text: str
    source: str
    as_of: str = AS_OF


CRISIS = SourcedText(
    "Item 9 is above “Not at all”: thoughts of death or self-harm need follow-up today with the clinician. "
    "If you are thinking about harming yourself, call or text 988 (988 Suicide & Crisis Lifeline), any time.",
    f"{NOTES} §4 (PHQ-9 item 9)",
)
RESPONSE_RULE = SourcedText(
    "Response = a drop of 50% or more from the baseline score. Remission (PHQ-9) = a score below 5; "
    "NQF 0710 / CMS159 count it for a baseline above 9.",
    f"{NOTES} §4 (Response and remission); psychiatryonline.org 10.1176/appi.ps.201900295; ecqi CMS159",
)
PCL5_CHANGE = SourcedText("A 10–20 point drop on the PCL-5 is clinically meaningful; 5–10 points is reliable.",
                          f"{NOTES} §4 (PCL-5)")
PAIN_CHANGE = SourcedText("A 30% fall in pain is moderately important, 50% or more substantial (IMMPACT).",
                          f"{NOTES} §4 (Pain NRS); J Pain 2008;9:105")


# --- scoring -----------------------------------------------------------------------------

def band_label(instrument: Instrument, score: int) -> str:
    for band in instrument.bands:
        if band.low <= score <= band.high:
            return band.label
    raise ValueError(f"{instrument.name} score {score} is outside 0–{instrument.max_score}")


def short_band(instrument: Instrument, score: int) -> str:
    """Band words short enough for one line ('moderately severe', 'PTSD cut-point+')."""
    if instrument.id == "pcl5":
        return "≥ cut-point" if score >= 31 else "< cut-point"
    return band_label(instrument, score)


def pcl5_dsm_rule(items: tuple[int, ...]) -> bool:
    """Provisional PTSD by the DSM-5 rule: items rated 2+ in at least 1 B, 1 C, 2 D and 2 E."""
    return all(sum(1 for n in numbers if items[n - 1] >= 2) >= needed for _, numbers, needed in PCL5_CLUSTERS)
