"""Prior auths, claims, denials; letters (read back from PDF and DOCX); the .ics export; the Appeals tab."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from ketcover_tui.domain import appeals as ap
from ketcover_tui.domain.calls import CallEntry
from ketcover_tui.domain.case_json import case_from_dict, case_to_dict
from ketcover_tui.domain.fields import InvalidFields
from ketcover_tui.domain.vocab import PlanType, Stage
from ketcover_tui.documents.letters import LetterContext, letter_document, missing_in
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore

from test_journal_tui import BILLING, SIZE, journal_case, make_app, open_tab

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

QUOTE = "Intravenous ketamine is considered experimental and investigational."


def appeal_case():
    case = journal_case()
    case.patient.name = "José Müller 李雷"
    case.plan.plan_type = PlanType.SELF_FUNDED_ERISA
    case.money.billing = BILLING
    case.appeals.prior_auths.append(ap.PriorAuth(codes="96365, J3490", submitted=date(2026, 2, 1), id="pa000001",
                                                 decision="denied", decided=date(2026, 2, 10)))
    case.appeals.claims.append(ap.Claim(claim_number="C123", billed=Decimal("700.00"), id="clm00001"))
    case.appeals.denials.append(ap.Denial(notice_date=date(2026, 2, 27), received=date(2026, 3, 2),
                                          reason="experimental", quoted=QUOTE, reference="REF-9", id="den00001"))
    case.calls.append(CallEntry(started_at="2026-03-02T10:15:00-05:00", rep_name="J. Smith", reference="12345",
                                promised="The denial can be appealed within 180 days."))
    return case


def host():
    return PluginHost(env={"KETCOVER_LOAD_PLUGINS": "exporters,letters"}).load()


# --- domain ------------------------------------------------------------------------------

def test_round_trip_and_older_files_load():
    case = appeal_case()
    again = case_from_dict(case_to_dict(case))
    assert again.appeals == case.appeals
    assert again.appeals.claims[0].billed == Decimal("700.00")
    old = case_to_dict(case)
    del old["appeals"]
    assert case_from_dict(old).appeals == ap.Appeals()


def test_bad_stored_appeals_are_reported():
    data = case_to_dict(appeal_case())
    data["appeals"]["denials"][0]["received"] = "March 2"
    with pytest.raises(ValueError, match="received"):
        case_from_dict(data)


def test_form_errors_per_field():
    with pytest.raises(InvalidFields) as caught:
        ap.from_form("denial", {"received": "2026-13-01", "reason": "bogus", "level": "9"})
    assert set(caught.value.errors) == {"received", "reason", "level"}
    with pytest.raises(InvalidFields) as caught:
        ap.from_form("denial", {"notice_date": "2026-03-05", "received": "2026-03-01"})
    assert "before the notice date" in caught.value.errors["received"]
    denial = ap.from_form("denial", {"received": "2026-03-02", "reason": "Step therapy", "urgent": "yes"})
    assert (denial.reason, denial.urgent) == ("step_therapy", True)


def test_denial_deadlines_follow_the_latest_step():
    case = appeal_case()
    denial = case.appeals.denials[0]
    first = ap.denial_deadlines(case.plan.plan_type, denial)[0]
    assert (first.due, first.rule) == (date(2026, 8, 29), "29 CFR 2560.503-1(h)(3)(i)")
    denial.appeal_filed = date(2026, 3, 20)
    assert ap.denial_deadlines(case.plan.plan_type, denial)[0].due == date(2026, 4, 19)
    denial.final_denial_received = date(2026, 10, 31)
    assert ap.denial_deadlines(case.plan.plan_type, denial)[0].due == date(2027, 3, 1)
    denial.status = "won"
    assert ap.denial_deadlines(case.plan.plan_type, denial) == []


def test_summary_indexes_deadlines(data_dir):
    store = CaseStore(data_dir)
    store.create(appeal_case(), stamp=False)
    summary = CaseStore(data_dir).summaries()[0]
    assert summary.deadlines == (("2026-08-29", "den00001", "File the internal appeal"),)


# --- letters ------------------------------------------------------------------------------

LETTERS = {
    "lmn": ["Treatments that failed", "Response to treatment", "Sertraline", "200 mg daily", "PHQ-9",
            "medically necessary", "F33.2", "35 mg (0.50 mg/kg)"],
    "internal-appeal": ["The denial, point by point", QUOTE, "FDA", "J. Smith", "12345", "2026-08-29",
                        "29 CFR 2560.503-1", "Mental Health Parity and Addiction Equity Act"],
    "expedited-appeal": ["72 hours", QUOTE],
    "external-review": ["45 CFR 147.136(d)", "45 days", QUOTE, "2027-01-04"],
    "prior-auth": ["96365, J3490", "Treatments that failed", "15 days"],
    "network-gap": ["network gap exception", "single-case agreement"],
    "claim-file": ["claim file", "2560.503-1(h)(2)(iii)"],
}


def case_for(template_id: str):
    """appeal_case, at the step each letter is written at (a pending PA, a final internal denial)."""
    case = appeal_case()
    if template_id == "prior-auth":
        case.appeals.prior_auths[0].decision = ""
        case.appeals.prior_auths[0].submitted = None
    if template_id == "external-review":
        denial = case.appeals.denials[0]
        denial.appeal_filed, denial.final_denial_received = date(2026, 3, 10), date(2026, 9, 4)
    return case


@pytest.mark.parametrize("template_id, expected", LETTERS.items())
def test_letters_hold_their_sections_and_the_case_facts(template_id, expected):
    from ketcover_tui.documents.letters import find_template, pick_record

    case = case_for(template_id)
    template = find_template(host().letter_templates(), template_id)
    on = date(2026, 9, 10) if template_id == "external-review" else date(2026, 3, 5)
    draft = template.build(LetterContext(case, pick_record(case, template), today=on))
    assert not draft.refused, draft.refused
    for fact in expected + ["José Müller 李雷", case.plan.member_id]:
        assert fact in draft.text, fact
    assert "Sincerely" in draft.text


def test_missing_facts_are_listed_not_blank():
    from ketcover_tui.documents.letters import find_template

    case = appeal_case()
    case.plan.member_id, case.journal.prior = "", []
    draft = find_template(host().letter_templates(), "lmn").build(LetterContext(case))
    gaps = missing_in(draft.text)
    assert "member ID" in gaps
    assert any("prior treatments" in gap for gap in gaps)


def _letter_bytes(fmt: str) -> bytes:
    from ketcover_tui.documents.letters import find_template, pick_record

    h = host()
    case = appeal_case()
    template = find_template(h.letter_templates(), "internal-appeal")
    draft = template.build(LetterContext(case, pick_record(case, template)))
    exporter = next(e for e in h.exporters() if e.id == fmt)
    return h.render_export(exporter, letter_document(case, draft.title, draft.text))


def test_pdf_letter_reads_back():
    reader = PdfReader(io.BytesIO(_letter_bytes("pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for fact in ("Internal appeal", "José Müller", "李雷", "REF-9", "J. Smith"):
        assert fact in text, fact


def test_docx_letter_reads_back():
    from docx import Document

    doc = Document(io.BytesIO(_letter_bytes("docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    for fact in ("Internal appeal", "José Müller 李雷", QUOTE, "The denial, point by point", "Sincerely"):
        assert fact in text, fact
    assert "PAGE" in doc.sections[0].footer._element.xml  # page number field


@pytest.mark.permissions
def test_cli_letter_and_calendar(data_dir, tmp_path):
    store = CaseStore(data_dir)
    case = store.create(appeal_case(), stamp=False)
    run = lambda *args: subprocess.run([sys.executable, "-m", "ketcover_tui.cli", *args], capture_output=True,
                                       text=True, env={**os.environ, "KETCOVER_HOME": str(data_dir)})
    out = tmp_path / "appeal.docx"
    refused = run("export", "letter", case.id, "internal-appeal", "--format", "docx", "-o", str(out))
    assert refused.returncode == 2 and "not a final copy yet" in refused.stderr and not out.exists()
    result = run("export", "letter", case.id, "internal-appeal", "--format", "docx", "--draft", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    again = run("export", "letter", case.id, "internal-appeal", "--format", "docx", "--draft", "-o", str(out))
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = run("export", "letter", case.id, "no-such-letter", "-o", str(tmp_path / "x.pdf"))
    assert bad.returncode == 2 and "unknown letter" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    ics = tmp_path / "d.ics"
    result = run("export", "deadlines", case.id, "-o", str(ics))
    assert result.returncode == 0, result.stderr
    text = ics.read_bytes().decode("utf-8")
    assert "DTSTART;VALUE=DATE:20260829" in text and "2560.503-1" in text.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


# --- TUI ----------------------------------------------------------------------------------

async def test_record_a_denial_then_write_its_appeal(data_dir, tmp_path, monkeypatch):
    from textual.widgets import Input, TextArea

    from ketcover_tui.tui.screens.confirm import ConfirmScreen
    from ketcover_tui.tui.screens.document_export import DocumentExportScreen
    from ketcover_tui.tui.screens.letter_screens import LetterScreen
    from ketcover_tui.tui.screens.pick import PickScreen
    from ketcover_tui.tui.screens.spec_form import SpecFormScreen

    monkeypatch.chdir(tmp_path)
    case = journal_case()
    case.plan.plan_type = PlanType.SELF_FUNDED_ERISA
    case.stage = Stage.IN_TREATMENT
    app, case_id = make_app(data_dir, case)
    app._plugin_host = host()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "9")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # Denial is first
        await pilot.pause()
        assert isinstance(app.screen, SpecFormScreen)
        app.screen.query_one("#received", Input).value = "2026-03-33"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "YYYY-MM-DD" in str(app.screen.query_one("#error-received").render())  # kept open, per field
        app.screen.query_one("#received", Input).value = "2026-03-02"
        app.screen.query_one("#quoted", TextArea).text = QUOTE
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = CaseStore(data_dir).load(case_id)
        assert saved.appeals.denials[0].received == date(2026, 3, 2)
        assert "File the internal appeal" in str(app.screen.query_one("#appeals-deadlines").render())
        # The denial moved the case on: its stage says so, on the case and in the title, and a notice tells why.
        assert saved.stage == Stage.DENIED and "· Denied" in str(app.screen.query_one("#case-title").render())
        assert any(n.message.startswith("Stage: Denied (a denial is recorded; it was ") for n in app._notifications)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "enter")  # internal-appeal
        await pilot.pause()
        assert isinstance(app.screen, LetterScreen)
        body = app.screen.query_one("#letter-body", TextArea)
        assert QUOTE in body.text
        body.text = body.text.replace("[missing: date of birth]", "1980-01-01") + "\nEdited by hand.\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # not final yet: what is left is listed, a draft offered
        assert "Not ready to send" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DocumentExportScreen)
        path_input = app.screen.query_one("#doc-path", Input)
        path_input.value = "appeal.pdf"
        await pilot.press("ctrl+s")
        for _ in range(50):
            await pilot.pause(0.1)
            if (data_dir / "exports" / "appeal.pdf").exists():
                break
        pages = [p.extract_text() for p in PdfReader(data_dir / "exports" / "appeal.pdf").pages]
        assert "Edited by hand." in "\n".join(pages) and "experimental" in "\n".join(pages)
        assert all("DRAFT" in page for page in pages)
        kept = CaseStore(data_dir).load(case_id).appeals.letters  # exporting kept the edited text with the case
        assert len(kept) == 1 and "Edited by hand." in kept[0].latest.text


def test_a_yes_no_field_lists_no_once_and_reads_back_both_answers():
    from ketcover_tui.tui.screens.appeal_form import form_items

    urgent = next(f for f in form_items("denial") if f.name == "urgent")
    assert [label for label, _ in urgent.options] + [urgent.blank] == ["yes", "no"]
    values = ap.values_of(ap.KINDS["denial"]())
    assert ap.from_form("denial", values | {"urgent": "", "received": "2026-03-02"}).urgent is False
    assert ap.from_form("denial", values | {"urgent": "yes", "received": "2026-03-02"}).urgent is True
