"""Symptom measures: official items, scoring at every published cut-off, response and remission."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ketcover_tui.domain import measures as ms
from ketcover_tui.domain import instruments as ins
from ketcover_tui.domain.fields import InvalidFields

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

D0 = date(2026, 3, 2)


def entry(instrument: str, score: int, on: date = D0, item9: int | None = None) -> ms.MeasureEntry:
    """An entry with the given total, spread over the items (PHQ-9 item 9 = ``item9``, else only what is left)."""
    spec = ins.INSTRUMENTS[instrument]
    if item9 is None:
        item9 = max(0, score - 24) if instrument == "phq9" else 0
    items = [0] * len(spec.items)
    free = [i for i in range(len(items)) if not (instrument == "phq9" and i == 8)]
    if instrument == "phq9":
        items[8] = item9
        score -= item9
    for i in free:
        items[i] = min(spec.max_item, score)
        score -= items[i]
    assert score == 0, "score too high for the free items"
    return ms.MeasureEntry(instrument, on, tuple(items))


# Published cut-offs, reference notes §4: every band's first and last score.
BOUNDARIES = {
    "phq9": [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
             (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe")],
    "gad7": [(0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
             (15, "severe"), (21, "severe")],
    "pain": [(0, "no pain"), (1, "mild"), (3, "mild"), (4, "moderate"), (6, "moderate"), (7, "severe"),
             (10, "severe")],
}


@pytest.mark.parametrize("instrument,score,band",
                         [(i, s, b) for i, cases in BOUNDARIES.items() for s, b in cases])
def test_band_at_every_published_boundary(instrument, score, band):
    e = entry(instrument, score)
    assert e.score == score
    assert e.band == band


@pytest.mark.parametrize("score,expected", [(0, "below"), (30, "below"), (31, "within"), (32, "within"),
                                            (33, "at or above"), (80, "at or above")])
def test_pcl5_has_only_the_provisional_cut_point_range(score, expected):
    assert entry("pcl5", score).band.startswith(expected)
    assert "31–33" in entry("pcl5", score).band


@pytest.mark.parametrize("instrument,outside", [("phq9", 28), ("gad7", 22), ("pcl5", 81), ("pain", 11), ("phq9", -1)])
def test_scores_outside_the_scale_are_refused(instrument, outside):
    with pytest.raises(ValueError, match="outside"):
        ins.band_label(ins.INSTRUMENTS[instrument], outside)


def test_official_items_answer_scales_and_footers():
    assert [len(i.items) for i in (ins.PHQ9, ins.GAD7, ins.PCL5, ins.PAIN)] == [9, 7, 20, 1]
    assert (ins.PHQ9.max_score, ins.GAD7.max_score, ins.PCL5.max_score, ins.PAIN.max_score) == (27, 21, 80, 10)
    assert ins.PHQ9.items[8] == "Thoughts that you would be better off dead or of hurting yourself in some way"
    assert ins.GAD7.items[1] == "Not being able to stop or control worrying"
    assert ins.PCL5.items[16] == "Being “superalert” or watchful or on guard?"
    assert ins.PHQ9.stem.startswith("Over the last 2 weeks") and ins.PCL5.stem.startswith("In the past month")
    assert ins.PHQ9.legend() == "0 Not at all · 1 Several days · 2 More than half the days · 3 Nearly every day"
    assert ins.PCL5.option_label(4) == "Extremely"
    for instrument in (ins.PHQ9, ins.GAD7):
        assert "No permission required to reproduce, translate, display or distribute" in instrument.footer
        assert "Pfizer" in instrument.footer
    assert "public domain" in ins.PCL5.footer
    for instrument in ins.INSTRUMENTS.values():
        assert "reference notes §4" in instrument.source and instrument.as_of == "2026-11-26"


def test_item_9_above_zero_is_a_crisis_and_988_is_sourced():
    assert entry("phq9", 10, item9=1).crisis
    assert entry("phq9", 3, item9=3).crisis
    assert not entry("phq9", 27 - 3, item9=0).crisis
    assert not entry("gad7", 21).crisis  # only the PHQ-9 has the self-harm item
    assert "988" in ins.CRISIS.text and "Suicide & Crisis Lifeline" in ins.CRISIS.text
    assert "§4" in ins.CRISIS.source and ins.CRISIS.as_of


def test_pcl5_dsm_rule_needs_one_b_one_c_two_d_two_e():
    items = [0] * 20
    for n in (1, 6, 8, 9, 15, 16):  # 1 B, 1 C, 2 D, 2 E, each rated 2
        items[n - 1] = 2
    assert ins.pcl5_dsm_rule(tuple(items))
    items[15] = 1  # only 1 E left
    assert not ins.pcl5_dsm_rule(tuple(items))


# --- response and remission ----------------------------------------------------------------------

def efficacy(*scores, instrument="phq9", sessions=()):
    entries = [entry(instrument, s, D0 + timedelta(days=7 * n)) for n, s in enumerate(scores)]
    return ms.efficacy(entries, instrument, list(sessions))


@pytest.mark.parametrize("baseline,latest,response", [
    (20, 10, True),   # exactly 50% counts
    (20, 11, False),  # 45%
    (21, 10, True),   # 52.4%
    (21, 11, False),  # 47.6%: rounding never turns it into a response
    (10, 5, True),
    (10, 12, False),  # worse
])
def test_response_is_a_drop_of_at_least_half(baseline, latest, response):
    result = efficacy(baseline, latest)
    assert result.response is response


@pytest.mark.parametrize("latest,remission", [(4, True), (5, False), (0, True)])
def test_phq9_remission_is_below_5(latest, remission):
    assert efficacy(18, latest).remission is remission


def test_edge_cases_single_score_zero_baseline_other_measures():
    single = efficacy(18)
    assert not single.followed_up and single.response is None and single.remission is None
    assert "no follow-up" in single.line()
    zero = efficacy(0, 3)
    assert zero.change_percent is None and zero.response is None
    assert "+3 points" in zero.line()
    gad = efficacy(15, 4, instrument="gad7")
    assert gad.remission is None and gad.response is True  # remission is defined for the PHQ-9 only
    worse = efficacy(10, 13)
    assert worse.change_percent == 30 and "+30%" in worse.line()


def test_baseline_is_the_earliest_and_sessions_are_counted_between():
    late, early = entry("phq9", 6, D0 + timedelta(days=20)), entry("phq9", 21, D0)
    sessions = [D0 - timedelta(days=1), D0, D0 + timedelta(days=3), D0 + timedelta(days=20), D0 + timedelta(days=30)]
    result = ms.efficacy([late, early], "phq9", sessions)
    assert (result.baseline.score, result.latest.score, result.count) == (21, 6, 2)
    assert result.sessions == 3  # from the baseline day to the latest day, inclusive
    assert result.change_percent == -71
    line = result.line()
    assert "21 severe → 6 mild" in line and "−71%" in line and "response yes" in line and "remission no" in line
    assert "3 sessions" in line


def test_same_day_scores_keep_the_order_they_were_recorded_in():
    first, second = entry("phq9", 20, D0), entry("phq9", 8, D0)
    assert ms.ordered([first, second], "phq9") == [first, second]


# --- the form ----------------------------------------------------------------------------------

def test_form_needs_every_item_and_a_date_and_names_each_problem():
    values = {ms.item_key(n): "1" for n in range(9)}
    values[ms.item_key(3)] = ""
    values[ms.item_key(5)] = "4"  # above the PHQ-9 maximum of 3
    with pytest.raises(InvalidFields) as caught:
        ms.entry_from_form("phq9", values | {"on": "2026-13-01"})
    errors = caught.value.errors
    assert set(errors) == {"on", "item-4", "item-6"}
    assert "Answer this item" in errors["item-4"] and "0 to 3" in errors["item-6"]
    with pytest.raises(InvalidFields) as caught:
        ms.entry_from_form("phq9", {ms.item_key(n): "0" for n in range(9)} | {"on": "2999-01-01"},
                           today=date(2026, 11, 26))
    assert "future" in caught.value.errors["on"]


def test_form_builds_an_entry_and_keeps_the_id_when_editing():
    values = {ms.item_key(n): str((n + 1) % 4) for n in range(9)} | {"on": "2026-03-02", "difficulty": "2"}
    made = ms.entry_from_form("phq9", values)
    assert made.score == sum((n + 1) % 4 for n in range(9)) and made.difficulty == 2 and made.crisis
    edited = ms.entry_from_form("phq9", ms.entry_values(made), original=made)
    assert edited == made


def test_stored_entries_round_trip_and_bad_ones_are_named():
    e = entry("pcl5", 44)
    assert ms.entries_from_list([ms.entry_to_dict(e)]) == [e]
    bad = ms.entry_to_dict(e) | {"items": [5] * 20}
    with pytest.raises(ValueError, match="measure 1: PCL-5 needs 20 answers from 0 to 4"):
        ms.entries_from_list([bad])
    with pytest.raises(ValueError, match="unknown instrument"):
        ms.entries_from_list([ms.entry_to_dict(e) | {"instrument": "madrs"}])
