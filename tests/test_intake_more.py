"""More on reading letters: the printed deadline reaches the deadline engine; no text ever crashes a reader."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import intake_pdfs as pdfs
from ketcover_tui.domain import appeal_deadlines
from ketcover_tui.domain.case import PlanType
from ketcover_tui.intake.denial_letter import read_denial
from ketcover_tui.intake.proposals import denial_record
from ketcover_tui.intake.sbc import read_sbc
from ketcover_tui.intake.source_text import read_source


def test_the_deadline_printed_in_a_letter_is_the_notices_own_deadline_and_wins_when_earlier():
    denial = denial_record(read_denial(read_source(pdfs.denial_letter_commercial())), set(), received="2026-03-07")
    found = appeal_deadlines.denial_deadlines(PlanType.SELF_FUNDED_ERISA, denial)
    printed = [d for d in found if d.from_notice]
    assert [d.due for d in printed] == [date(2026, 8, 31)]  # the rule's 180 days from 2026-03-07 is 2026-09-03


letters = st.lists(st.sampled_from(["Date: 2026-01-20", "Claim Number: 12345", "Member ID:", "not medically",
                                    "necessary.", "Send your appeal to:", "PO Box 1", "Springfield, IL 62701",
                                    "Fax: (555) 010-0000", "What is the overall deductible?", "$500 individual",
                                    "for out-of-network providers;", "•", "Services Your Plan Generally Does NOT "
                                    "Cover", "\n", "\x1b[2J", "\u202e", "李雷", "within 60 days", "by 13/45/2026"]),
                   max_size=40).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(letters, st.text(max_size=400)))
def test_any_text_reads_without_a_crash_and_every_value_points_into_the_text(text):
    source = read_source(text.encode("utf-8", "ignore").replace(b"\x00", b""))
    for found in read_denial(source).fields + read_sbc(source).facts:
        assert 1 <= found.page <= source.pages and found.line >= 1
        assert "\x1b" not in found.value and "\u202e" not in found.value
