"""Every exported document on paper: stamped and numbered, nothing split or overprinted, shaped, reported."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from pdf_checks import orphan_headings, overprinted, page_texts
from ketcover_tui.documents import (Bullets, Chart, Document, Heading, KeepTogether, KeyValues, Lines, Paragraph,
                                    Section, Series, Table)
from ketcover_tui.documents.calls import call_log_document
from ketcover_tui.documents.fonts import unsupported_characters
from ketcover_tui.documents.journal import journal_document
from ketcover_tui.domain.calls import Answer, CallEntry
from ketcover_tui.domain.journal import Session

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)


def pdf(document) -> bytes:
    from ketcover_exporters.pdf import render_pdf

    return render_pdf(document)


def test_the_checks_themselves_find_overprinted_text_and_a_lone_heading():
    from fpdf import FPDF

    from ketcover_tui.documents.fonts import add_fonts

    bad = FPDF(format="letter")
    add_fonts(bad)
    for _ in range(2):
        bad.add_page()
        bad.set_font("DejaVu", "", 9)
        bad.text(20, 40, "Allowed by the plan (EOBs)")
        bad.text(40, 40, "$7,200.00")  # a value drawn over its label
        bad.set_font("DejaVu", "B", 12)
        bad.text(20, 255, "A heading at the foot")
    data = bytes(bad.output())
    assert overprinted(data) and orphan_headings(data) == [(1, "A heading at the foot")]


def test_headings_stay_with_what_follows_and_groups_never_split():
    blocks = []
    for n in range(14):
        blocks += [Heading(f"Part {n}", 2), Paragraph("Some words. " * 30),
                   KeepTogether((Lines(tuple(f"line {n}.{k}" for k in range(8))),)),
                   Table(("A", "B"), tuple((f"{n}.{k}", "x " * 30) for k in range(4)))]
    document = Document("Layout", stamp=(("Patient", "Zoë Ørsted"), ("Date of birth", "1984-03-07")),
                        blocks=blocks)
    data = pdf(document)
    texts = page_texts(data)
    assert len(texts) > 4 and orphan_headings(data) == [] and overprinted(data) == []
    for n in range(14):  # each Lines block on one page
        holders = [i for i, t in enumerate(texts) if f"line {n}.0" in t]
        assert holders and all(f"line {n}.7" in texts[i] for i in holders)
    for i, text in enumerate(texts, 1):
        assert f"Page {i} of {len(texts)}" in text and "Patient: Zoë Ørsted · Date of birth: 1984-03-07" in text


def call_case(sample, calls: int):
    case = sample
    start = CallEntry(started_at="2026-01-05T09:00:00-05:00").started
    for n in range(calls):
        case.calls.append(CallEntry(
            id=f"{n:08x}", started_at=(start + timedelta(hours=7 * n)).isoformat(), duration_s=300,
            number="1-800-555-0142", department="Prior authorization", rep_name="José Müller", reference=f"R-{n}",
            answers=[Answer(f"Question {k} about coverage?", "An answer that runs on for a while. " * 3)
                     for k in range(n % 4 + 1)], promised="We will call back.", outcome="Logged"))
    return case


def test_call_log_records_never_split_and_every_page_is_stamped():
    from ketcover_tui.testing import sample_case

    data = pdf(call_log_document(call_case(sample_case(), 40)))
    texts = page_texts(data)
    assert overprinted(data) == [] and orphan_headings(data) == []
    for n in range(40):  # a call's question/answer pairs are on one page
        holders = [t for t in texts if f"R-{n}\n" in t + "\n" or f"Reference R-{n} " in " ".join(t.split())]
        assert holders
    for i, text in enumerate(texts, 1):
        assert f"Page {i} of {len(texts)}" in text and "Patient: Zoë Ørsted" in text and "1984-03-07" in text


def test_a_long_first_call_starts_on_the_first_page_and_short_ones_stay_whole():
    from ketcover_tui.testing import sample_case

    case = call_case(sample_case(), 4)
    first = case.calls[0]
    first.answers = [Answer(f"Question {k} about the infusion benefit?", "The representative explained. " * 3)
                     for k in range(11)]
    first.promised = "We will call back within two days. " * 16
    # Taller than the room under the log's title, shorter than a page: it used to go whole to page 2,
    # leaving page 1 with the title alone.
    data = pdf(call_log_document(case))
    texts = page_texts(data)
    assert "Reference number R-0" in texts[0] and "Q1 Question 0 about" in texts[0]
    assert overprinted(data) == [] and orphan_headings(data) == []
    for k in range(11):  # a question and its answer on one page
        holder = next(t for t in texts if f"Question {k} about" in t)
        assert "The representative explained." in holder.split(f"Question {k} about", 1)[1]
    for n in range(1, 4):  # the short calls are kept whole
        holders = [t for t in texts if f"Call id {n:08x}" in t]
        assert len(holders) == 1 and f"Reference number R-{n}" in holders[0], n


def test_journal_prints_sessions_as_one_compact_table():
    from ketcover_tui.testing import sample_case

    case = sample_case()
    case.journal.weight_kg = Decimal("70")
    case.journal.sessions = [Session(on=date(2026, 3, 2) + timedelta(days=2 * n), id=f"s{n:07d}",
                                     start=time(9, 0), stop=time(9, 50), dose_mg=Decimal("35"),
                                     before={"mood": 3}, after={"mood": 6}, side_effects=["nausea"])
                             for n in range(20)]
    data = pdf(journal_document(case))
    texts = page_texts(data)
    assert len(texts) <= 2 and overprinted(data) == [] and orphan_headings(data) == []
    flat = " ".join(" ".join(texts).split())
    assert "35 mg (0.50 mg/kg)" in flat and "50 min" in flat and "Mood 3 → 6" in flat and "nausea" in flat


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_arabic_is_shaped_and_pdftotext_reads_it_in_logical_order():
    name = "محمد عبد الله"
    document = Document(f"Call log · {name}", stamp=(("Patient", name),), blocks=[Paragraph(f"Patient: {name}")])
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf(document), capture_output=True, check=True).stdout
    assert name in out.decode("utf-8")


def test_an_emoji_the_fonts_cannot_draw_is_reported_before_export():
    document = Document("Call log · Ana 👩 Silva", blocks=[KeyValues((("Patient", "Ana 👩 Silva"),)),
                                                            Paragraph("José Müller 李雷 Ελένη محمد")])
    [problem] = unsupported_characters(document)
    assert problem.char == "👩" and "U+1F469" in problem.line() and "Ana 👩 Silva" in problem.line()


def test_every_exporter_writes_the_new_blocks():
    from ketcover_letters.docx_export import render_docx

    from ketcover_exporters.text import render_csv, render_json, render_markdown
    from ketcover_tui.documents.plain_text import document_text

    document = Document("Packet", stamp=(("Patient", "Zoë"),), draft=True, author="kim", blocks=[
        Section("Scores"), Chart("Scores over time", (Series("PHQ-9 (0–27)", (("2026-03-02", 21.0),
                                                                               ("2026-03-09", 9.0)), 27.0),)),
        Lines(("12 Main St", "Springfield, MA 01103")), Bullets(("one", "two"))])
    for rendered in (document_text(document), render_markdown(document).decode(), render_json(document).decode(),
                     render_csv(document).decode("utf-8-sig")):
        assert "2026-03-09" in rendered and "21" in rendered
    text = document_text(document)
    assert "12 Main St\nSpringfield, MA 01103" in text and "DRAFT" in text
    docx = zipfile.ZipFile(io.BytesIO(render_docx(document)))
    core = docx.read("docProps/core.xml").decode()
    body = docx.read("word/document.xml").decode()
    assert "<dc:creator>kim</dc:creator>" in core and "2013" not in core
    assert document.created.astimezone().strftime("%Y-%m-%d") in core or "2026" in core
    assert "ListBullet" in body and "PHQ-9" in body
