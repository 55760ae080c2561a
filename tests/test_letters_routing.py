"""Where letters go (the denial notice, else the insurer directory where it serves the plan) and what a denial
means (the denial explanations, as guidance): in the letters, the Plan tab and the Appeals tab."""

from __future__ import annotations

import pytest

from ketcover_tui.documents.routing import appeal_destination
from ketcover_tui.domain import denial_guidance as dg
from ketcover_tui.domain.vocab import PlanType
from ketcover_tui.tui.widgets.appeals_pane import guidance_text
from ketcover_tui.tui.widgets.directory_text import directory_texts

from letter_cases import draft, rich_case

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

AETNA = ["Aetna", "P.O. Box 14463", "Lexington, KY 40512"]  # the directory's address, as written in its YAML


def _addressee(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[4:lines.index("", 4)]


def test_a_letter_is_addressed_from_the_directory_where_its_notes_name_the_plan(frozen_clock):
    case = rich_case(frozen_clock, PlanType.SELF_FUNDED_ERISA)
    assert _addressee(draft(case, "internal-appeal", frozen_clock).text) == AETNA
    where = appeal_destination(case)
    assert where.as_of == "2026-08-21" and "Fight Health Insurance" in where.source and where.fax == "859-425-3379"
    assert "Address and fax from Fight Health Insurance insurer directory" in " ".join(where.lines())


def test_the_denial_notice_address_wins_and_nothing_is_guessed(frozen_clock):
    case = rich_case(frozen_clock, PlanType.SELF_FUNDED_ERISA)
    denial = case.appeals.denials[0]
    denial.appeals_address = "Aetna Appeals Unit\nPO Box 1\nHartford, CT 06101"
    assert _addressee(draft(case, "internal-appeal", frozen_clock).text) == ["Aetna Appeals Unit", "PO Box 1",
                                                                             "Hartford, CT 06101"]
    assert appeal_destination(case).source == f"the denial notice dated {denial.notice_date}, as entered"
    for insurer, plan_type in (("Aetna", PlanType.MEDICARE_ADVANTAGE), ("UnitedHealthcare", PlanType.SELF_FUNDED_ERISA),
                               ("Cigna", PlanType.COMMERCIAL_FULLY_INSURED), ("Medicare (Original)", PlanType.MEDICARE)):
        other = rich_case(frozen_clock, plan_type, insurer=insurer)
        lines = _addressee(draft(other, "internal-appeal", frozen_clock).text)
        assert lines[-1] == "[missing: the plan's appeals mailing address, as printed on the denial notice]", insurer


def test_the_plan_tab_shows_where_appeals_go_and_the_medical_policy_index(frozen_clock):
    aetna = " ".join(t.plain for t in directory_texts(rich_case(frozen_clock, PlanType.SELF_FUNDED_ERISA)))
    for words in ("Aetna", "P.O. Box 14463 · Lexington, KY 40512", "National Appeals address for member commercial",
                  "859-425-3379", "Clinical Policy Bulletins (CPBs)", "as of 2026-08-21", "Apache-2.0"):
        assert words in aetna, words
    humana = " ".join(t.plain for t in directory_texts(rich_case(frozen_clock, PlanType.MEDICARE_ADVANTAGE,
                                                                 insurer="Humana")))
    assert "Not used here" in humana and "do not say which plans" in humana and "denial letter" in humana


def test_a_denial_is_explained_as_guidance_with_its_source(frozen_clock):
    denial = rich_case(frozen_clock).appeals.denials[0]
    shown = guidance_text(denial).plain
    for words in ("What “Experimental or investigational” means", "How to answer it", "FDA-approved for your condition",
                  "What “Off-label use not covered” means", "advocacy guidance, not law", "as of 2026-08-21"):
        assert words in shown, words
    assert "success" not in shown.lower() and "High -" not in shown  # opinions, not statistics: never shown


def test_the_appeal_outline_follows_the_explanations_counters(frozen_clock):
    case = rich_case(frozen_clock, reason="medical_necessity", quoted="The service is not medically necessary.")
    text = draft(case, "internal-appeal", frozen_clock).text
    assert dg.outline("medical_necessity") == ["lmn", "criteria", "evidence", "prior", "risk"]
    order = [text.index(h) for h in ("Letter of medical necessity from", "## The evidence", "## Treatments that failed",
                                     "## The risk of not treating")]
    assert order[1] < order[2] < order[3] and "the internal rule, guideline, protocol or criteria" in text
