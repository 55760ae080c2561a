"""The Journal and Money tabs driven by keys through Textual's Pilot at 80×24, on real data folders."""

from __future__ import annotations

import io
import os
import stat
from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from textual.widgets import Input, OptionList, SelectionList, Static, TextArea

from ketcover_tui.domain.journal import PriorTreatment, Session
from ketcover_tui.domain.measures import MeasureEntry
from ketcover_tui.domain.money import BillingDetails, MoneyEntry, ServiceLine
from ketcover_tui.plugin_host import PluginHost
from ketcover_tui.store import CaseStore
from ketcover_tui.testing import sample_case
from ketcover_tui.tui.app import KetcoverApp
from ketcover_tui.tui.screens.case_view import CaseScreen
from ketcover_tui.tui.screens.document_export import DocumentExportScreen
from ketcover_tui.tui.screens.measure_form import MeasureFormScreen
from ketcover_tui.tui.screens.money_form import MoneyFormScreen
from ketcover_tui.tui.screens.pick import PickScreen
from ketcover_tui.tui.screens.session_form import SessionFormScreen
from ketcover_tui.tui.screens.spec_form import SpecFormScreen

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

SIZE = (80, 24)
PHQ = [(3, 3, 2, 3, 2, 2, 3, 2, 1), (2, 2, 2, 2, 1, 2, 2, 1, 0), (1, 2, 1, 1, 1, 1, 1, 1, 0),
       (1, 1, 1, 1, 0, 1, 1, 0, 0), (0, 1, 1, 1, 0, 0, 1, 0, 0)]
BILLING = BillingDetails(patient_address="12 Rue Müller, Springfield, MA 01103", clinician="Dana Reyes, MD",
                         rendering_npi="1234567893", practice_address="400 Harbor St, Boston, MA 02110",
                         phone="(555) 555-0142", license="MD-48213", license_state="MA", ndc="12345-6789-01",
                         drug_name="Ketamine HCl 50 mg/mL", patient_sex="M", insured_relationship="self")


def journal_case():
    """A made-up case with a series of four infusions, five PHQ-9 scores and two prior treatments."""
    case = sample_case()
    case.created = case.updated = "2026-03-20T10:00:00+00:00"
    j = case.journal
    j.weight_kg = Decimal("70.0")
    for n, day in enumerate((2, 4, 6, 9)):
        j.sessions.append(Session(on=date(2026, 3, day), id=f"sess000{n}", start=time(9, 30), stop=time(10, 12),
                                  dose_mg=Decimal("35"), provider="Dana Reyes, MD",
                                  before={"mood": 2 + n, "anxiety": 8 - n}, after={"mood": 4 + n, "anxiety": 6 - n},
                                  side_effects=["dissociation"] if n < 2 else []))
    for n, (day, items) in enumerate(zip((1, 2, 4, 6, 9), PHQ)):
        j.measures.append(MeasureEntry("phq9", date(2026, 3, day), items, id=f"phq000{n}",
                                       session_id=f"sess000{n - 1}" if n else ""))
    j.prior = [PriorTreatment("Sertraline", id="prior001", dose="200 mg daily", start="2024-01", end="2024-06",
                              outcome="failed"),
               PriorTreatment("Bupropion XL", id="prior002", dose="450 mg daily", start="2024-08", end="2025-01",
                              outcome="not_tolerated", notes="Insomnia")]
    return case


def make_app(data_dir, case=None):
    store = CaseStore(data_dir)
    saved = store.create(case or journal_case(), stamp=False)
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,exporters"}).load()
    return KetcoverApp(store, plugin_host=host), saved.id


async def open_tab(pilot, number: str) -> None:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CaseScreen)
    await pilot.press(number)
    await pilot.pause()


def static_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def set_values(screen, **values) -> None:
    for name, value in values.items():
        widget = screen.query_one(f"#{name}")
        if isinstance(widget, TextArea):
            widget.text = value
        else:
            widget.value = value


async def test_add_a_session_then_a_phq9_with_item_9_positive(data_dir):
    case = sample_case()
    app, case_id = make_app(data_dir, case)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "7")
        assert "No sessions yet" in static_text(app, "#journal-detail")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        set_values(form, on="2026-03-02", start="09:30", stop="10:15", dose_mg="", dose_per_kg="0.5",
                   weight="154 lb", before_mood="3", after_mood="6", provider="Dana Reyes, MD")
        await pilot.pause()
        assert "Duration 45 min" in static_text(app, "#session-computed")
        form.query_one("#side_effects", SelectionList).select("nausea")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)  # "record a symptom score for it?"
        await pilot.press("enter")  # PHQ-9, the first choice
        await pilot.pause()
        measure = app.screen
        assert isinstance(measure, MeasureFormScreen) and measure.query_one("#on", Input).value == "2026-03-02"
        assert "No permission required to reproduce" in static_text(app, "#measure-footer")
        assert measure.focused is measure.query_one("#item-1", Input)  # the first answer, not the filled-in date
        await pilot.press(*"21212121")  # each digit moves on to the next item by itself
        assert not measure.query_one("#measure-crisis").display
        await pilot.press("1")  # item 9: thoughts of being better off dead or of self-harm
        await pilot.pause()
        assert measure.query_one("#measure-crisis").display
        assert "988" in static_text(app, "#measure-crisis")
        assert static_text(app, "#measure-score") == "Score 13/27 · moderate"
        assert measure.query_one("#on", Input).value == "2026-03-02"  # no answer landed in the date
        await pilot.press("ctrl+s")  # the crisis message never blocks saving
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert any("988" in n.message for n in app._notifications)
        assert "item 9 positive" in static_text(app, "#journal-summary")
        assert "call or text 988" in static_text(app, "#journal-summary")
    saved = CaseStore(data_dir).load(case_id)
    [session] = saved.journal.sessions
    assert (session.duration_min, session.dose_mg, saved.journal.weight_kg) == (45, Decimal("35.0"), Decimal("69.9"))
    assert session.side_effects == ["nausea"] and session.before == {"mood": 3} and session.after == {"mood": 6}
    [entry] = saved.journal.measures
    assert entry.items == (2, 1, 2, 1, 2, 1, 2, 1, 1) and entry.session_id == session.id and entry.crisis


async def test_session_form_shows_each_error_and_saves_nothing(data_dir):
    app, case_id = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "7")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        set_values(form, on="2026-03-10", start="10:00", stop="09:00", before_mood="12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        errors = {e.id: str(e.render()) for e in form.query(".field-error") if e.display}
        assert set(errors) == {"error-stop", "error-before_mood"}
        assert "not after the start" in errors["error-stop"]
        assert form.query_one("#before_mood", Input).value == "12"  # what was typed is kept
    assert len(CaseStore(data_dir).load(case_id).journal.sessions) == 4


async def test_add_a_receipt_with_its_lines_and_a_bad_amount_first(data_dir):
    case = journal_case()
    case.money.billing = replace(BILLING)
    app, case_id = make_app(data_dir, case)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "8")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")  # Receipt
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MoneyFormScreen)
        # Started from the latest session without a receipt: its date, the link, the codes it suggests.
        assert form.query_one("#date_of_service", Input).value == "2026-03-09"
        assert form.query_one("#lines", TextArea).text.split() == ["96365", "x1", "J3490", "x1"]
        assert form.query_one("#sessions", SelectionList).selected == ["sess0003"]
        set_values(form, lines="96365 x1 500.00\nJ3490 x1 200.00", paid_patient="7OO", reference="R-77")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "write an amount in dollars" in str(form.query_one("#error-paid_patient").render())
        set_values(form, paid_patient="700")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        totals = static_text(app, "#money-totals")
        assert "you paid $700.00" in totals
        listing = app.screen.query_one("#money-list", OptionList)
        assert "RCT paid $700.00" in str(listing.get_option_at_index(0).prompt)
    [entry] = CaseStore(data_dir).load(case_id).money.entries
    assert entry.paid_patient == Decimal("700.00") and entry.session_ids == ["sess0003"]
    assert [(line.code, line.charge) for line in entry.lines] == [("96365", Decimal("500.00")),
                                                                   ("J3490", Decimal("200.00"))]


@pytest.mark.permissions
async def test_a_receipt_for_an_invoiced_session_starts_from_the_invoice_lines(data_dir):
    case = journal_case()
    last = case.journal.sessions[-1]
    case.money.entries.append(MoneyEntry("invoice", last.on, payee="Harbor Light Ketamine Clinic", session_ids=[last.id],
                                         lines=[ServiceLine("96365", charge=Decimal("450.00")),
                                                ServiceLine("96366", units=2, charge=Decimal("300.00")),
                                                ServiceLine("J3490", charge=Decimal("95.50"))]))
    app, _ = make_app(data_dir, case)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "8")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # Receipt
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MoneyFormScreen)
        assert form.query_one("#lines", TextArea).text.splitlines() == ["96365 x1 450.00", "96366 x2 300.00",
                                                                       "J3490 x1 95.50"]
        assert form.query_one("#payee", Input).value == "Harbor Light Ketamine Clinic"
        assert form.query_one("#sessions", SelectionList).selected == [last.id]


async def test_the_superbill_dialog_with_many_problems_keeps_its_status_and_keys_on_an_80x24_screen(data_dir):
    case = journal_case()
    case.money.billing = BillingDetails()  # nothing filled in: a dozen problems
    app, _ = make_app(data_dir, case)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "8")
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert static_text(app, "#doc-check").count("✗") >= 8
        for part in ("#doc-status", ".dialog-keys", "#doc-check-box"):
            region = dialog.query_one(part).region
            assert region.height >= 1 and region.y >= 0 and region.bottom <= SIZE[1] - 1, (part, region)
        assert "ctrl+e opens the billing details" in static_text(app, "#doc-status")


async def test_superbill_is_checked_then_exported_as_pdf(data_dir, tmp_path):
    case = journal_case()
    case.money.billing = replace(BILLING, ndc="")
    for s in case.journal.sessions:
        case.money.entries.append(MoneyEntry("receipt", s.on, paid_patient=Decimal("700.00"), session_ids=[s.id],
                                             lines=[ServiceLine("96365", charge=Decimal("500.00")),
                                                    ServiceLine("J3490", charge=Decimal("200.00"))]))
    app, case_id = make_app(data_dir, case)
    target = data_dir / "exports" / "superbill.pdf"
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "8")
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DocumentExportScreen)
        await app.workers.wait_for_complete()  # the check runs once the code list is loaded, off the UI thread
        await pilot.pause()
        check = static_text(app, "#doc-check")
        assert "8 lines on 4 dates of service" in check and "✗ NDC" in check
        dialog.query_one("#doc-path", Input).value = target.name
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not target.exists() and "Fix the 1 problem" in static_text(app, "#doc-status")
        await pilot.press("ctrl+e")  # the billing details the check points to
        await pilot.pause()
        details = app.screen
        assert isinstance(details, SpecFormScreen)
        set_values(details, ndc="12345-678-90")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "Every required field is there" in static_text(app, "#doc-check")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages).split())
    assert "Zoë Ørsted" in text and "NDC N4 12345067890" in text and "Total charges $2,800.00" in text
    assert CaseStore(data_dir).load(case_id).money.billing.ndc == "12345-0678-90"


async def test_superbill_starts_at_the_billed_days_and_ctrl_o_opens_the_case_the_check_names(data_dir):
    from ketcover_tui.tui.screens.case_form import CaseFormScreen

    case = journal_case()
    case.money.billing = replace(BILLING)
    billed = case.journal.sessions[:2]  # the clinic's receipts for the first two sessions only
    for s in billed:
        case.money.entries.append(MoneyEntry("receipt", s.on, paid_patient=Decimal("700.00"), session_ids=[s.id],
                                             lines=[ServiceLine("96365", charge=Decimal("500.00")),
                                                    ServiceLine("J3490", charge=Decimal("200.00"))]))
    case.patient.date_of_birth = None
    app, case_id = make_app(data_dir, case)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "8")
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert dialog.query_one("#doc-from", Input).value == billed[0].on.isoformat()
        assert dialog.query_one("#doc-to", Input).value == billed[-1].on.isoformat()
        check = static_text(app, "#doc-check")
        assert "4 lines on 2 dates of service" in check and "no charge" not in check
        assert "Patient date of birth: missing: edit the case" in check and "(e)" not in check
        assert "ctrl+o opens the case" in static_text(app, "#doc-status")
        assert "Billing details (Money tab, d)" not in check  # d does nothing in the dialog; ctrl+e does
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        app.screen.query_one("#date_of_birth", Input).value = "1980-05-17"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "date of birth" not in static_text(app, "#doc-check")
        dialog.query_one("#doc-to", Input).value = ""  # widened: the sessions without a receipt come in
        await pilot.pause()
        assert "no charge" in static_text(app, "#doc-check")
    assert CaseStore(data_dir).load(case_id).patient.date_of_birth == date(1980, 5, 17)


async def test_chart_follows_the_measure_and_prior_treatments_open(data_dir):
    case = journal_case()
    case.journal.measures.append(MeasureEntry("gad7", date(2026, 3, 2), (2, 2, 2, 2, 1, 1, 1), id="gad00001"))
    app, _ = make_app(data_dir, case)
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "7")
        chart = app.screen.query_one("#journal-chart")
        assert chart.instrument.id == "phq9"
        rendered = str(chart.render())
        assert "21 → 4 minimal, −81% · response yes · remission yes" in rendered and "(t: GAD-7)" in rendered
        await pilot.press("t")
        assert chart.instrument.id == "gad7"
        await pilot.press("p")
        await pilot.pause()
        prior = app.screen.query_one("#prior-list", OptionList)
        assert "Sertraline" in str(prior.get_option_at_index(0).prompt)


@pytest.mark.pinned_day("2026-12-02")  # the day the snapshots were recorded
@pytest.mark.parametrize("tab", ["journal", "money"])
def test_snapshot_journal_and_money_80x24(tab, data_dir, snap_compare):
    case = journal_case()
    case.money.billing = replace(BILLING)
    for s in case.journal.sessions[:3]:
        case.money.entries.append(MoneyEntry("receipt", s.on, on=s.on, reference=f"R-{s.on.day}",
                                             paid_patient=Decimal("700.00"), session_ids=[s.id],
                                             lines=[ServiceLine("96365", charge=Decimal("500.00")),
                                                    ServiceLine("J3490", charge=Decimal("200.00"))]))
    case.money.entries.append(MoneyEntry("eob", date(2026, 3, 2), on=date(2026, 3, 30), reference="CLM1",
                                         network="out", billed=Decimal("700.00"), allowed=Decimal("0.00"),
                                         notes="Denied as investigational"))
    app, _ = make_app(data_dir, case)

    async def go(pilot):
        await open_tab(pilot, "7" if tab == "journal" else "8")

    assert snap_compare(app, terminal_size=SIZE, run_before=go)


@pytest.mark.clock
async def test_journal_export_and_eob_totals_copied_into_the_plan(data_dir, tmp_path, frozen_clock):
    from ketcover_tui.domain.benefits import Benefits

    case = journal_case()
    year_start = frozen_clock - timedelta(days=100)  # the plan year we are in, whatever the day
    case.benefits = Benefits(plan_year_start=year_start, plan_year_end=year_start + timedelta(days=364),
                             ded_out_ind=Decimal("1000.00"), ded_out_ind_met=Decimal("0.00"), network_status="out")
    case.money.entries.append(MoneyEntry("eob", frozen_clock - timedelta(days=30), billed=Decimal("700.00"),
                                         allowed=Decimal("490.00"), deductible=Decimal("490.00"),
                                         patient_share=Decimal("490.00"), reimbursed=Decimal("0.00")))
    app, case_id = make_app(data_dir, case)
    target = data_dir / "exports" / "journal.pdf"
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(pilot, "7")
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DocumentExportScreen)
        dialog.query_one("#doc-path", Input).value = target.name
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("8")
        await pilot.pause()
        totals = static_text(app, "#money-totals")
        assert "Deductible, out-net met: plan tab $0.00/$1,000.00 · EOBs $490.00 (u)" in totals
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "EOBs $490.00" in static_text(app, "#money-totals") and "(u)" not in static_text(app, "#money-totals")
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages).split())
    assert "Treatment journal · Zoë Ørsted" in text and "Sertraline" in text and "PHQ-9" in text
    assert "No permission required to reproduce" in text
    saved = CaseStore(data_dir).load(case_id)
    assert saved.benefits.ded_out_ind_met == Decimal("490.00")
    assert saved.benefits.oop_out_ind_met == Decimal("490.00")  # "your share" counts toward out-of-pocket
