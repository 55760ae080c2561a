"""The Documents tab: add a denial letter and an SBC from the inbox, review each field beside its words, open as text."""

from __future__ import annotations

import pytest

import intake_pdfs as pdfs
from ketcover_tui.domain.case import Case, Patient
from ketcover_tui.store import CaseStore

pytestmark = pytest.mark.clock  # the denial's deadlines depend on today


@pytest.fixture
def app_and_case(data_dir, monkeypatch):
    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.tui.app import KetcoverApp

    store = CaseStore(data_dir)
    case = store.create(Case(patient=Patient(name="José [b]Müller[/b]", state="IL")))
    inbox = data_dir / "inbox"
    inbox.mkdir(mode=0o700)
    (inbox / "a-denial.pdf").write_bytes(pdfs.denial_notice_table())
    (inbox / "b-sbc.pdf").write_bytes(pdfs.sbc_pdf())
    (inbox / "c-scan.pdf").write_bytes(pdfs.scanned_pdf())
    return KetcoverApp(CaseStore(data_dir), plugin_host=PluginHost().load()), store, case.id


async def _add(pilot, app, kind: str, name: str):
    from textual.widgets import OptionList, Select

    await pilot.press("0", "a")
    await pilot.pause()
    dialog = app.screen
    dialog.query_one("#document-kind", Select).value = kind
    inbox = dialog.query_one("#document-inbox", OptionList)
    inbox.highlighted = dialog.names.index(name)
    inbox.focus()
    await pilot.press("enter")
    await pilot.pause()
    return dialog


async def test_a_denial_letter_is_reviewed_field_by_field_and_only_the_ticked_ones_are_saved(app_and_case):
    from textual.widgets import Input, SelectionList, Static

    from ketcover_tui.tui.screens.document_review import ReviewScreen

    app, store, case_id = app_and_case
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await _add(pilot, app, "denial letter", "a-denial.pdf")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        fields = review.query_one("#review-fields", SelectionList)
        labels = [p.key for p in review.review.proposals]
        source = str(review.query_one("#review-source", Static).render())
        assert "p. 1, line 7" in source and "Date of notice 02/14/2026" in source  # beside its words
        fields.deselect(labels.index("appeals_fax"))  # the user says this one is wrong
        review.query_one("#review-received", Input).value = "2026-02-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        case = store.load(case_id)
        [denial] = case.appeals.denials
        assert denial.reason == "experimental" and denial.appeals_fax == ""
        assert denial.notice_deadline.isoformat() == "2026-04-15" and denial.received.isoformat() == "2026-02-20"
        assert case.documents[0].filled == (f"denial:{denial.id}",)
        pane = app.screen.query_one("DocumentsPane")
        assert "denial letter" in str(pane.query_one("#documents-list").get_option_at_index(0).prompt)
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.query_one("#case-tabs").active == "appeals"


async def test_an_sbc_shows_old_and_new_and_leaves_unticked_facts_alone(app_and_case):
    from textual.widgets import SelectionList

    app, store, case_id = app_and_case
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await _add(pilot, app, "SBC", "b-sbc.pdf")
        review = app.screen
        keys = [p.key for p in review.review.proposals]
        review.query_one("#review-fields", SelectionList).deselect(keys.index("oop_out_fam"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        plan = store.load(case_id).benefits
        assert plan.ded_in_ind == 1500 and plan.oop_out_fam is None
        assert plan.fact_sources["ded_in_ind"] == "from SBC p. 1"


async def test_a_scan_is_refused_with_what_to_do_and_nothing_is_added(app_and_case):
    from textual.widgets import Static

    app, store, case_id = app_and_case
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        dialog = await _add(pilot, app, "denial letter", "c-scan.pdf")
        assert "type the fields from it by hand" in str(dialog.query_one("#document-add-status", Static).render())
        assert store.load(case_id).documents == []


async def test_a_document_opens_as_text_with_pages_and_lines_shown_literally(app_and_case):
    from textual.widgets import Static

    from ketcover_tui.store.attachments import DocumentVault, check_bytes
    from ketcover_tui.tui.screens.document_text import DocumentTextScreen

    app, store, case_id = app_and_case
    DocumentVault(store).add(case_id, check_bytes(b"Reason: [b]not[/b] covered\n", "n.txt", text=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "0", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentTextScreen)
        shown = str(app.screen.query_one("#document-text", Static).render())
        assert "p.1     1 │ Reason: [b]not[/b] covered" in shown  # markup shown as typed
