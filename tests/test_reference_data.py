"""The insurer directory and the denial explanations ketcover ships: faithful to their source, read correctly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ketcover_tui.domain import denial_guidance as dg
from ketcover_tui.domain import insurer_directory as idir
from ketcover_tui.domain.appeal_records import REASONS
from ketcover_tui.domain.vocab import PlanType

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
DATA = REPO / "ketcover_tui" / "data"


@pytest.mark.skipif(not (SHARED / "insurance_companies.yaml").exists(), reason="the shared source data is absent")
def test_the_conversion_is_faithful_to_the_source():
    yaml = pytest.importorskip("yaml")
    source = yaml.safe_load((SHARED / "insurance_companies.yaml").read_text(encoding="utf-8"))
    shipped = json.loads((DATA / "insurance_companies.json").read_text(encoding="utf-8"))
    assert shipped["records"] == source
    assert (DATA / "denial_language.json").read_bytes() == (SHARED / "denial_language.json").read_bytes()


def test_the_attribution_travels_with_the_data():
    header = json.loads((DATA / "insurance_companies.json").read_text(encoding="utf-8"))["source"]
    assert header["commit"] == "63deffb5b877f7ca3b8f8eec305151191a75eda7" and header["license"] == "Apache-2.0"
    notice = (DATA / "NOTICE.md").read_text(encoding="utf-8")
    for words in ("Fight Health Insurance", "63deffb5b877f7ca3b8f8eec305151191a75eda7", "Apache License",
                  "insurance_companies.yaml", "denial_language.json"):
        assert words in notice
    assert "Apache-2.0" in idir.SOURCE and "Apache-2.0" in dg.SOURCE and "not law" in dg.SOURCE


def test_the_directory_reads_every_insurer_and_pattern():
    everyone = idir.insurers()
    assert len(everyone) == 86
    faxes = sum(1 for i in everyone if i.appeal_fax) + sum(1 for i in everyone for p in i.plans if p.appeal_fax)
    assert faxes == 15  # the data's README: "15 have a fax" (one of them a plan's own)
    for insurer in everyone:
        re.compile(insurer.pattern)
        for plan in insurer.plans:
            re.compile(plan.pattern)


def test_each_route_rests_on_the_words_of_its_notes():
    for pk, (kinds, words) in idir.ROUTES.items():
        insurer = idir.by_pk(pk)
        assert insurer.appeal_address and kinds
        for phrase in words:
            assert phrase in insurer.notes, (insurer.name, phrase)


@pytest.mark.parametrize("typed, expected", [
    ("Aetna", "Aetna"), ("aetna", "Aetna"), ("UHC", "UnitedHealthcare"), ("United Healthcare", "UnitedHealthcare"),
    ("Aetna Better Health of Illinois", "Aetna Better Health"), ("Blue Cross Blue Shield of Massachusetts",
                                                                   "Blue Cross Blue Shield of Massachusetts"),
    ("BCBSMA", "Blue Cross Blue Shield of Massachusetts"),
])
def test_lookup_by_name_pattern_and_alternative_name(typed, expected):
    assert idir.lookup(typed).insurer.name == expected


def test_nothing_is_matched_for_plans_the_directory_does_not_know():
    assert idir.lookup("Medicare (Original)") is None  # "medica(?!...re)" must not take Medicare for Medica
    assert idir.lookup("State Medicaid") is None
    assert idir.lookup("") is None


def test_typing_offers_insurers_by_the_start_of_a_name():
    offered = [m.insurer.name for m in idir.matches("meri")]
    assert "Meritain Health" in offered
    assert idir.matches("   ") == []


def test_a_published_address_is_used_only_for_the_plans_its_notes_name():
    aetna = idir.lookup("Aetna")
    route = idir.published_route(aetna, PlanType.SELF_FUNDED_ERISA)
    assert route.applies and route.address == ("Aetna", "P.O. Box 14463", "Lexington, KY 40512")
    assert route.fax == "859-425-3379" and route.as_of == "2026-08-21" and "Apache-2.0" in route.source
    advantage = idir.published_route(aetna, PlanType.MEDICARE_ADVANTAGE)
    assert not advantage.applies and "other plans" in advantage.why_not
    cigna = idir.published_route(idir.lookup("Cigna"), PlanType.COMMERCIAL_FULLY_INSURED)
    assert not cigna.applies and "do not say which plans" in cigna.why_not
    uhc = idir.published_route(idir.lookup("UnitedHealthcare"), PlanType.SELF_FUNDED_ERISA)
    assert not uhc.applies and uhc.address == () and uhc.portal.startswith("https://memberforms.uhc.com")
    empire = idir.published_route(idir.lookup("NYS Empire Plan"), PlanType.COMMERCIAL_FULLY_INSURED)
    assert empire.applies and empire.address[-1] == "Kingston, NY 12402-1600"
    assert not idir.published_route(None, PlanType.MARKETPLACE).applies


def test_every_denial_reason_is_mapped_and_every_counter_answered():
    data = json.loads((DATA / "denial_language.json").read_text(encoding="utf-8"))
    assert len(data) == 15
    assert set(dg.ENTRIES) == set(REASONS)
    for reason, titles in dg.ENTRIES.items():
        for title in titles:
            assert title in data
            assert len(dg.ANSWERS[title]) == len(data[title]["how_to_counter"]), title
            assert all(a.startswith("-") or a in dg.PARTS for a in dg.ANSWERS[title])
    explained = dg.guidance("experimental")
    assert explained[0].what_it_means == data["Experimental or investigational"]["what_it_means"]
    assert dg.outline("medical_necessity") == ["lmn", "criteria", "evidence", "prior", "risk"]
    assert dg.guidance("other") == [] and dg.outline("other") == []
