"""Call-log exports through the real exporter plugins: PDFs read back with pypdf, CSV and JSON parsed back."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import stat
from datetime import date, timedelta

import pypdf
import pytest

from fake_plugins import install
from ketcover_tui.documents import Document, Exporter
from ketcover_tui.domain import calls as calllog
from ketcover_tui.domain.case import Case, Patient, Plan
from ketcover_tui.documents.calls import call_log_document, default_file_name
from ketcover_tui.store.exports import ExportError, unused_path, write_export
from ketcover_tui.plugin_host import ExportFailed, PluginHost

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

NAMES = ["José Müller", "李雷", "Zoë Ørsted", "Nguyễn Thị Hoa", "Ελένη Παπαδοπούλου"]


def builtin_host() -> PluginHost:
    return PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,exporters"}).load()


def exporter(fmt: str) -> Exporter:
    return next(e for e in builtin_host().exporters() if e.id == fmt)


def case_with_calls(count: int) -> Case:
    case = Case(patient=Patient("李雷"), plan=Plan(insurer="Blue Cross Blue Shield of Massachusetts",
                                                   member_id="W123456789", group_id="G1"))
    start = calllog.CallEntry(started_at="2026-01-05T09:00:00-05:00").started
    for n in range(count):
        case.calls.append(calllog.CallEntry(
            id=f"{n:08x}", started_at=(start + timedelta(hours=7 * n)).isoformat(), duration_s=60 * (n % 40) + 7,
            number="1-800-555-0142", department=["Member services", "Prior authorization", "Claims"][n % 3],
            rep_name=NAMES[n % len(NAMES)], rep_id=f"ID{n}", reference=f"REF-{n:05d}",
            answers=[calllog.Answer("Is prior authorization required?", "yes, for J3490")] if n % 2 else [],
            promised=f"“We will call you back within {n % 5 + 1} days.”\nSecond line, with a comma.",
            outcome="Logged", follow_up_due=date(2026, 2, 1) + timedelta(days=n % 30) if n % 3 == 0 else None,
            plan_changes=["Prior authorization required: not known → yes"] if n == 1 else []))
    return case


def pdf_text(data: bytes, pages: slice = slice(None)) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages[pages]), len(reader.pages)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read UTF-8 names correctly
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def json_records(data: bytes) -> list[dict[str, str]]:
    document = json.loads(data)
    assert document["format"] == "ketcover-document" and document["kind"] == "call-log"
    return [block["fields"] for block in document["blocks"] if block["type"] == "record"]


def test_pdf_contains_every_entry_with_unicode_names_header_and_page_numbers():
    case = case_with_calls(12)
    data = exporter("pdf").render(call_log_document(case))
    assert data.startswith(b"%PDF")
    text, pages = pdf_text(data)
    for call in case.calls:
        assert call.reference in text and call.rep_name in text
    for name in NAMES:
        assert name in text
    assert "Patient: 李雷" in text and "Member id: W123456789" in text
    assert text.count("Call log · 李雷") == pages  # the header is on every page
    assert f"Page {pages} of {pages}" in text and "Generated " in text
    assert "DejaVu" in data.decode("latin-1") and "Droid" in data.decode("latin-1")  # fonts embedded


def test_empty_log_exports_in_every_format():
    case = case_with_calls(0)
    document = call_log_document(case)
    text, pages = pdf_text(exporter("pdf").render(document))
    assert pages == 1 and "No calls were recorded" in text
    rows = csv_rows(exporter("csv").render(document))
    assert rows == []
    header = exporter("csv").render(document).decode("utf-8-sig").splitlines()[0]
    assert header.startswith("id,started_at,duration,number")
    assert json_records(exporter("json").render(document)) == []
    assert "No calls were recorded" in exporter("md").render(document).decode()


def test_one_entry_reads_back_from_csv_and_json():
    case = case_with_calls(2)
    case.calls = case.calls[1:]
    document = call_log_document(case)
    for rows in (csv_rows(exporter("csv").render(document)), json_records(exporter("json").render(document))):
        assert [calllog.call_from_record(row) for row in rows] == case.calls


def test_thousand_entries_read_back_and_pdf_paginates():
    case = case_with_calls(1000)
    document = call_log_document(case)
    assert [calllog.call_from_record(r) for r in csv_rows(exporter("csv").render(document))] == case.calls
    assert [calllog.call_from_record(r) for r in json_records(exporter("json").render(document))] == case.calls
    markdown = exporter("md").render(document).decode()
    assert markdown.count("### ") == 1000 and "REF-00999" in markdown
    data = exporter("pdf").render(document)
    first, pages = pdf_text(data, slice(0, 1))
    last, _ = pdf_text(data, slice(-1, None))
    assert pages > 100
    assert "REF-00000" in first and "REF-00999" in last and f"Page {pages} of {pages}" in last


def test_date_range_limits_the_calls_and_is_shown_in_the_header():
    case = case_with_calls(10)
    start, end = case.calls[3].day, case.calls[6].day
    document = call_log_document(case, start, end)
    days = {date.fromisoformat(r.as_dict()["started_at"][:10]) for r in document.records()}
    assert days and min(days) >= start and max(days) <= end
    assert ("Calls", f"{start} to {end}") in document.header


def test_markdown_escapes_what_people_typed():
    case = case_with_calls(1)
    case.calls[0].outcome = "*not* a [link](x) | pipe"
    markdown = exporter("md").render(call_log_document(case)).decode()
    assert r"\*not\* a \[link\](x) \| pipe" in markdown


# --- writing files ---------------------------------------------------------------------------------

@pytest.mark.permissions
def test_write_export_is_private_and_never_overwrites(tmp_path):
    path = write_export(tmp_path / "calls.pdf", b"%PDF-1 new")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with pytest.raises(ExportError, match="already exists"):
        write_export(path, b"other")
    assert path.read_bytes() == b"%PDF-1 new"
    with pytest.raises(ExportError, match="does not exist"):
        write_export(tmp_path / "missing" / "x.csv", b"x")
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())  # no temp file left behind
    name = default_file_name("abc123", "pdf", date(2026, 3, 2))
    assert name == "ketcover-calls-abc123-2026-03-02.pdf"
    (tmp_path / name).write_bytes(b"taken")
    assert unused_path(tmp_path, name).name == "ketcover-calls-abc123-2026-03-02-2.pdf"


def test_a_failing_exporter_plugin_writes_nothing_and_is_recorded(site, tmp_path):
    install(site, "badexport", """
        from ketcover_tui.documents import Exporter
        from ketcover_tui.hookspecs import hookimpl

        def render(document):
            raise RuntimeError("renderer crashed")

        @hookimpl
        def register_exporters(register):
            register(Exporter("docx", "Word", "docx", render))
    """)
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "exporters,badexport"}).load()
    docx = next(e for e in host.exporters() if e.id == "docx")
    assert docx.plugin == "badexport"
    with pytest.raises(ExportFailed, match="renderer crashed; nothing was written"):
        host.render_export(docx, call_log_document(case_with_calls(1)))
    assert {r.name: r.state for r in host.plugins()} == {"exporters": "ok", "badexport": "run failed"}
    assert list(tmp_path.glob("*.docx")) == []


def test_exporter_ids_are_unique_and_validated(site):
    install(site, "dupexport", """
        from ketcover_tui.documents import Exporter
        from ketcover_tui.hookspecs import hookimpl

        @hookimpl
        def register_exporters(register):
            register(Exporter("pdf", "Another PDF", "pdf", lambda d: b""))
    """)
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "exporters,dupexport"}).load()
    assert [e.plugin for e in host.exporters() if e.id == "pdf"] == ["exporters"]
    assert "already registered" in next(r.error for r in host.plugins() if r.name == "dupexport")


def test_third_party_call_script_is_offered_for_its_insurer(site):
    install(site, "aetnascript", """
        from ketcover_tui.domain.call_scripts import CallScript, ScriptQuestion
        from ketcover_tui.hookspecs import hookimpl

        @hookimpl
        def register_call_scripts(register):
            register(CallScript("aetna-pa", "Aetna prior auth", (
                ScriptQuestion("fax", "Which fax number takes PA requests?", fact="prior_auth_how",
                               source="plan letter", as_of="2026-01-01"),), insurers=("Aetna",)))
    """)
    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "checklists,aetnascript"}).load()
    scripts = {s.id: s.plugin for s in host.call_scripts()}
    assert scripts == {"benefits-verification": "checklists", "aetna-pa": "aetnascript"}


def test_builtin_script_facts_come_with_sources():
    [script] = builtin_host().call_scripts()
    assert script.id == "benefits-verification"
    assert {"covered_in_network", "prior_auth_required", "ded_in_ind_met", "timely_filing",
            "claims_submission", "gap_exception"} <= {q.fact for q in script.questions}
    assert all(q.source.startswith("ketcover reference notes §") and q.as_of for q in script.questions)
    assert "96365" in script.questions[0].text and "J3490" in script.questions[0].text


def test_document_model_needs_no_renderer():
    document = call_log_document(case_with_calls(3))
    assert isinstance(document, Document) and len(document.records()) == 3
    copy.deepcopy(document)  # plain data
