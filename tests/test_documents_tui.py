"""The Documents tab: add a denial letter and an SBC from the inbox, review each field beside its words, open as text."""

from __future__ import annotations

import os

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


async def _add(pilot, app, kind: str, name: str, *, wait: bool = True):
    from textual.widgets import OptionList, Select

    await pilot.press("0", "a")
    await pilot.pause()
    dialog = app.screen
    dialog.query_one("#document-kind", Select).value = kind
    inbox = dialog.query_one("#document-inbox", OptionList)
    inbox.highlighted = dialog.names.index(name)
    inbox.focus()
    await pilot.press("enter")
    if wait:
        await app.workers.wait_for_complete()  # the file is read off the UI thread
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
        # The Plan tab shows the cost rows as the SBC prints them, each with its page and line.
        from ketcover_tui.tui.screens.case_view import CASE_TABS

        await pilot.press(str(next(n for n, t in enumerate(CASE_TABS, start=1) if t[0] == "plan")))
        await pilot.pause()
        plan_list = app.screen.query_one("#plan-list")
        rows = [str(o.prompt) for o in plan_list.options if (o.id or "").startswith("sbc:")]
        assert len(rows) == len(plan.sbc_rows) > 0
        generic = next(r for r in rows if "$10 copay/prescription (retail)" in r)
        assert "out of network Not covered" in generic and "SBC p." in generic and "line " in generic
        assert not any(line.strip() == "None" for r in rows for line in r.splitlines())
        from rich.console import Console

        narrow = Console(width=36, record=True, file=open(os.devnull, "w"))  # a long row wraps under its text
        narrow.print(next(o.prompt for o in plan_list.options if "$10 copay" in str(o.prompt)))
        assert all(line.startswith("  ") for line in narrow.export_text().splitlines() if line.strip())


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


@pytest.fixture
def eob_app(data_dir):
    """A case with a member id and two sessions; a clinic's 835 (one other patient) and a FHIR NDJSON in the inbox."""
    import json
    from datetime import date

    from eob_samples import fhir_eob, fhir_patient_and_coverage, visit, x12_835
    from ketcover_tui.domain.case import Plan
    from ketcover_tui.domain.journal import Session
    from ketcover_tui.plugin_host import PluginHost
    from ketcover_tui.tui.app import KetcoverApp

    march_2, march_4 = date(2026, 3, 2), date(2026, 3, 4)
    store = CaseStore(data_dir)
    case = Case(patient=Patient(name="José Müller"), plan=Plan(insurer="Acme Health Plan", member_id="W100200300"))
    case.journal.sessions = [Session(on=march_2), Session(on=march_4)]
    case = store.create(case)
    inbox = data_dir / "inbox"
    inbox.mkdir(mode=0o700)
    (inbox / "a-remit.835").write_text(x12_835([
        visit(1, march_2), visit(2, march_4, denied_with="50"),
        visit(3, march_4, member="Z900800700", last="OTHER", first="PAT")]))
    fhir = [*fhir_patient_and_coverage(), fhir_eob(4, march_2), fhir_eob(5, march_4)]
    (inbox / "b-eobs.ndjson").write_text("".join(json.dumps(r) + "\n" for r in fhir))
    (inbox / "c-fake.835").write_bytes(b"ISA*00*garbage that ends early")
    return KetcoverApp(CaseStore(data_dir), plugin_host=PluginHost().load()), store, case.id


async def test_an_835_is_reviewed_claim_by_claim_and_a_denied_one_needs_both_dates(eob_app):
    from textual.widgets import Input, Static

    from ketcover_tui.tui.screens.document_review import ReviewScreen

    app, store, case_id = eob_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await _add(pilot, app, "EOB", "a-remit.835")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert [p.label for p in review.review.proposals] == ["Claim PAYER0000001", "Claim PAYER0000002"]
        assert "1 claim(s) of other patients are left out" in str(review.query_one("#review-status", Static).render())
        assert "denied (CO-50)" in review.review.proposals[1].new
        detail = review.review.proposals[0].quote  # shown beside the highlighted claim
        assert "lines 96365 x1 350.00, J3490 x1 150.00" in detail and "linked to 1 session" in detail
        assert "['" not in detail and "_" not in detail  # words for a person, not program data
        review.query_one("#review-notice", Input).value = "2026-03-12"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "give both the notice date and the day it arrived" in str(
            review.query_one("#review-status", Static).render())
        assert store.load(case_id).money.entries == [] and app.screen is review  # nothing written, still open
        review.query_one("#review-received", Input).value = "2026-03-16"
        await pilot.press("ctrl+s")
        await pilot.pause()
        case = store.load(case_id)
        assert sorted(e.reference for e in case.money.entries if e.kind == "eob") == ["PAYER0000001", "PAYER0000002"]
        [denial] = case.appeals.denials
        assert (denial.notice_date.isoformat(), denial.received.isoformat()) == ("2026-03-12", "2026-03-16")
        [kept] = case.documents
        assert kept.label == "EOB"
        extract = (store.root / "documents" / case_id / kept.name).read_bytes()
        assert b"PAYER0000001" in extract and b"Z900800700" not in extract  # only this patient's claims


async def test_fhir_eobs_import_only_the_ticked_claims_and_a_broken_file_adds_nothing(eob_app):
    from textual.widgets import SelectionList, Static

    app, store, case_id = eob_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        dialog = await _add(pilot, app, "EOB", "c-fake.835")
        assert "nothing was added" in str(dialog.query_one("#document-add-status", Static).render())
        assert store.load(case_id).documents == []
        await pilot.press("escape")
        await pilot.pause()
        await _add(pilot, app, "EOB", "b-eobs.ndjson")
        review = app.screen
        assert review.review.dates == ()  # nothing denied: no dates asked
        review.query_one("#review-fields", SelectionList).deselect(1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        case = store.load(case_id)
        assert [e.reference for e in case.money.entries] == ["PAYER0000004"]
        assert case.money.entries[0].session_ids == [case.journal.sessions[0].id]
        assert [d.kind for d in case.documents] == ["fhir"]


async def test_reading_a_long_835_shows_progress_keeps_the_screen_working_and_esc_stops_it(eob_app):
    from datetime import date, timedelta

    from textual.widgets import Static

    from eob_samples import visit, x12_835
    from ketcover_tui.tui.screens.document_add import AddDocumentScreen

    app, store, case_id = eob_app
    start = date(2025, 1, 1)
    (store.root / "inbox" / "d-clinic-year.835").write_text(
        x12_835([visit(n, start + timedelta(days=n % 300)) for n in range(1, 1501)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        dialog = await _add(pilot, app, "EOB", "d-clinic-year.835", wait=False)
        status = dialog.query_one("#document-add-status", Static)
        for _ in range(300):  # the screen keeps answering while the file is read
            await pilot.pause(0.05)
            if "claims…" in str(status.render()):
                break
        assert "claims… (esc stops)" in str(status.render())
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, AddDocumentScreen)  # the first esc stops the reading only
        assert str(status.render()) == "Stopped reading: nothing was added."
        case = store.load(case_id)
        assert case.money.entries == [] and case.documents == []


async def test_a_denial_letter_for_another_member_id_is_flagged_before_saving(app_and_case):
    from textual.widgets import Static

    app, store, case_id = app_and_case
    store.update(case_id, lambda c: setattr(c.plan, "member_id", "W100200300"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await _add(pilot, app, "denial letter", "a-denial.pdf")
        status = str(app.screen.query_one("#review-status", Static).render())
        printed = next(p.new for p in app.screen.review.proposals if p.key == "member_id")
        assert f"⚠ The letter's member id {printed} is not this case's (W100200300)" in status


async def test_add_document_starts_at_what_the_file_is_so_enter_reads_nothing_yet(app_and_case):
    from ketcover_tui.tui.screens.document_add import AddDocumentScreen

    app, store, case_id = app_and_case
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "0", "a")
        await pilot.pause()
        assert isinstance(app.screen, AddDocumentScreen) and app.focused.id == "document-kind"
        await pilot.press("enter")  # opens the choice of kind; it used to read the highlighted file as a denial
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, AddDocumentScreen) and store.load(case_id).documents == []


async def test_a_file_put_in_the_inbox_while_the_dialog_is_open_appears_in_it(app_and_case, data_dir):
    from ketcover_tui.tui.screens import document_add

    app, store, case_id = app_and_case
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "0", "a")
        await pilot.pause()
        dialog = app.screen
        inbox = dialog.query_one("#document-inbox")
        inbox.highlighted = dialog.names.index("b-sbc.pdf")
        assert "d-new-sbc.pdf" not in dialog.names
        (data_dir / "inbox" / "d-new-sbc.pdf").write_bytes(pdfs.sbc_pdf())
        for _ in range(40):
            await pilot.pause(0.05)
            if "d-new-sbc.pdf" in dialog.names:
                break
        assert "d-new-sbc.pdf" in dialog.names and inbox.option_count == len(dialog.names) == 4
        assert dialog.names[inbox.highlighted] == "b-sbc.pdf"  # what was highlighted stays highlighted
    assert document_add.INBOX_RESCAN_S <= 2


async def test_an_sbc_that_never_names_the_case_insurer_is_flagged_before_saving(app_and_case):
    from textual.widgets import Static

    from ketcover_tui.intake.proposals import other_insurer
    from ketcover_tui.intake.source_text import read_source

    app, store, case_id = app_and_case
    store.update(case_id, lambda c: setattr(c.plan, "insurer", "Aetna"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await _add(pilot, app, "SBC", "b-sbc.pdf")
        status = str(app.screen.query_one("#review-status", Static).render())
        assert "⚠ This SBC does not name Aetna, the case's insurer" in status
    text = read_source(pdfs.sbc_pdf()).text  # the SBC is Northwind Health Plan's
    case = store.load(case_id)
    for insurer, warned in (("Northwind Health Plan", False), ("NORTHWIND", False), ("Health Plan Inc", False),
                            ("Blue Cross Blue Shield of Massachusetts", True), ("", False)):
        case.plan.insurer = insurer
        assert bool(other_insurer(text, case)) is warned, insurer
