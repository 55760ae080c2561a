"""Letters kept with the case: versions survive esc and reach the packet; sending and the plan's receipt are
recorded once, on the record the deadline engine reads."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from pypdf import PdfReader

from ketcover_tui.domain import appeals as ap
from ketcover_tui.domain import letter_log as ll
from ketcover_tui.domain.case_json import case_from_dict, case_to_dict
from ketcover_tui.domain.fields import InvalidFields
from ketcover_tui.store import CaseStore

from letter_cases import host, rich_case
from test_journal_tui import SIZE, make_app, open_tab

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)


def test_versions_sending_and_receipt_are_kept_once(frozen_clock):
    on = frozen_clock
    case = rich_case(on)
    appeals, denial = case.appeals, case.appeals.denials[0]
    first = ll.save_version(appeals, "internal-appeal", "Internal appeal", "one", record_id=denial.id,
                            files="appeal", at="2026-12-01T10:00:00+00:00", by="ana")
    again = ll.save_version(appeals, "internal-appeal", "Internal appeal", "one", record_id=denial.id,
                            files="appeal", at="2026-12-01T11:00:00+00:00", by="ana")
    ll.save_version(appeals, "internal-appeal", "Internal appeal", "two", record_id=denial.id, files="appeal",
                    at="2026-12-02T09:00:00+00:00", by="ben")
    assert first is again and [(v.number, v.text, v.by) for v in first.versions] == [(1, "one", "ana"), (2, "two", "ben")]
    with pytest.raises(InvalidFields) as caught:
        ll.mark_sent(appeals, first.id, version=3, on=on, how="pigeon", to="", today=on)
    assert set(caught.value.errors) == {"version", "how"}
    sent_on = on - timedelta(days=40)
    ll.mark_sent(appeals, first.id, version=2, on=sent_on, how="fax", to="859-425-3379", tracking="FX-1", today=on)
    assert denial.appeal_filed == sent_on  # the denial's "Appeal sent", set from the letter
    with pytest.raises(InvalidFields, match="before it was sent"):
        ll.mark_received(appeals, first.id, on=sent_on - timedelta(days=1), evidence="", today=on)
    got_on = sent_on + timedelta(days=2)
    ll.mark_received(appeals, first.id, on=got_on, evidence="fax confirmation FX-1", today=on)
    assert (denial.appeal_received, denial.appeal_received_evidence) == (got_on, "fax confirmation FX-1")
    assert ll.received(appeals, first) == (got_on, "fax confirmation FX-1")
    decision = ap.denial_deadlines(case.plan.plan_type, denial)[0]  # counted from the plan's receipt
    assert decision.day == got_on + timedelta(days=30) and not decision.check_this
    label = ap.deadline_index(case.plan.plan_type, appeals)[0][2]
    assert label.startswith(f"sent {sent_on:%m-%d}, received {got_on:%m-%d} · Plan decides")
    assert case_from_dict(case_to_dict(case)).appeals == appeals  # stored and read back as they were
    bad = case_to_dict(case)
    bad["appeals"]["letters"][0]["sendings"][0]["how"] = "pigeon"
    with pytest.raises(ValueError, match="how a letter was sent"):
        case_from_dict(bad)


def test_a_letter_that_starts_no_clock_keeps_its_receipt_on_the_sending(frozen_clock):
    case = rich_case(frozen_clock)
    letter = ll.save_version(case.appeals, "claim-file", "Claim file", "text", record_id="den00001", at="x", by="y")
    ll.mark_sent(case.appeals, letter.id, version=1, on=frozen_clock, how="mail", to="Aetna", today=frozen_clock)
    ll.mark_received(case.appeals, letter.id, on=frozen_clock, evidence="green card", today=frozen_clock)
    assert case.appeals.denials[0].appeal_received is None
    assert ll.received(case.appeals, letter) == (frozen_clock, "green card")


async def test_edits_survive_esc_reach_the_packet_and_sending_feeds_the_decision_clock(data_dir, tmp_path,
                                                                                       monkeypatch, frozen_clock):
    from textual.widgets import Input, TextArea

    from ketcover_tui.tui.screens.letter_screens import LetterScreen
    from ketcover_tui.tui.screens.spec_form import SpecFormScreen

    monkeypatch.chdir(tmp_path)
    app, case_id = make_app(data_dir, rich_case(frozen_clock))
    app._plugin_host = host()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "9")
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("down", "enter")  # the internal appeal
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        status = str(app.screen.query_one("#letter-status").render())
        assert "Fight Health Insurance insurer directory" in status and "as of 2026-08-21" in status
        body = app.screen.query_one("#letter-body", TextArea)
        body.text = body.text.replace("To the appeals department:", "To the appeals department:\n\nEdited by hand.")
        await pilot.press("escape")
        await pilot.pause()
        kept = CaseStore(data_dir).load(case_id).appeals.letters
        assert len(kept) == 1 and "Edited by hand." in kept[0].latest.text and kept[0].latest.by
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert "Edited by hand." in app.screen.query_one("#letter-body", TextArea).text  # the kept version
        await pilot.press("escape")
        await pilot.pause()
        pane = app.screen.query_one("#appeals-list")
        pane.highlighted = len(pane.options) - 1  # the LTR line
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SpecFormScreen)
        assert app.screen.query_one("#to", Input).value == "859-425-3379"  # the directory's fax for this plan
        app.screen.query_one("#tracking", Input).value = "FX-77"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#on", Input).value = frozen_clock.isoformat()
        app.screen.query_one("#evidence", Input).value = "fax confirmation FX-77"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = CaseStore(data_dir).load(case_id)
        denial = saved.appeals.denials[0]
        assert (denial.appeal_filed, denial.appeal_received) == (frozen_clock, frozen_clock)
        assert denial.appeal_received_evidence == "fax confirmation FX-77"
        box = str(app.screen.query_one("#appeals-deadlines").render())
        assert f"{frozen_clock + timedelta(days=30)}" in box and "Plan decides the pre-service appeal" in box
        summary = next(s for s in CaseStore(data_dir).summaries() if s.id == case_id)
        assert summary.deadlines[0][2].startswith(f"sent {frozen_clock:%m-%d}, received")  # the Due list's label
    out = tmp_path / "packet.pdf"
    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "export", "packet", case_id, "--draft", "-o",
                             str(out)], capture_output=True, text=True, env={**os.environ, "KETCOVER_HOME": str(data_dir)})
    assert result.returncode == 0, result.stderr
    assert "Edited by hand." in "\n".join(page.extract_text() for page in PdfReader(out).pages)


async def test_a_kept_draft_says_when_the_case_now_has_what_it_marks_missing(data_dir, frozen_clock):
    from datetime import date

    from textual.widgets import TextArea

    from ketcover_tui.tui.screens.letter_screens import LetterScreen

    case = rich_case(frozen_clock)
    case.patient.date_of_birth = None
    app, case_id = make_app(data_dir, case)
    app._plugin_host = host()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "9")
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("down", "enter")  # the internal appeal, kept on esc
        await pilot.pause()
        body = app.screen.query_one("#letter-body", TextArea)
        assert "[missing: date of birth]" in body.text
        assert "now has" not in str(app.screen.query_one("#letter-status").render())
        body.text = body.text.replace("Sincerely,", "Thank you for your time.\n\nSincerely,")  # edited: kept on esc
        await pilot.press("escape")
        await pilot.pause()
        from ketcover_tui.tui.case_updates import show_everywhere

        saved = app.store.update(case_id, lambda c: setattr(c.patient, "date_of_birth", date(1990, 1, 1)))
        show_everywhere(app, saved)  # as the case form does when it is saved
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        body = app.screen.query_one("#letter-body", TextArea)
        assert "[missing: date of birth]" in body.text and "Thank you for your time." in body.text  # as kept
        status = str(app.screen.query_one("#letter-status").render())
        assert "The case now has what this version still marks missing (date of birth)" in status
        assert "ctrl+r" in status
        await pilot.press("escape")  # nothing edited: the kept version stays as it was
        await pilot.pause()
        pane = app.screen.query_one("#appeals-list")
        pane.highlighted = len(pane.options) - 1  # the letter's line on the Appeals tab
        await pilot.press("enter")
        for _ in range(40):  # it drafts afresh in the background to compare
            await pilot.pause(0.05)
            if "now has" in str(app.screen.query_one("#letter-status").render()):
                break
        assert "The case now has what this version still marks missing (date of birth)" in \
            str(app.screen.query_one("#letter-status").render())
        body = app.screen.query_one("#letter-body", TextArea)
        await pilot.press("ctrl+r")
        for _ in range(20):
            await pilot.pause(0.05)
            if "[missing: date of birth]" not in body.text:
                break
        assert "[missing: date of birth]" not in body.text and "1990-01-01" in body.text
