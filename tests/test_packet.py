"""The appeal packet: one document, numbered and stamped throughout, contents and bookmarks right, read back."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PIL import Image
from pypdf import PdfReader

from pdf_checks import bookmarks, contents, orphan_headings, overprinted, page_texts
from test_appeals import appeal_case, host
from ketcover_tui.documents.packet import PacketLetter, attachment_block, packet_document
from ketcover_tui.domain import money as mn
from ketcover_tui.domain.calls import CallEntry
from ketcover_tui.domain.fields import format_money
from ketcover_tui.store import CaseStore

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

STAMP = "Patient: José Müller 李雷 · Date of birth: 1984-03-07 · Claim / reference: REF-9"


def scan_pdf(pages: int, label: str = "DENIAL SCAN PAGE") -> bytes:
    from fpdf import FPDF

    scan = FPDF(format="a4")
    for n in range(pages):
        scan.add_page()
        scan.set_font("helvetica", size=20)
        scan.cell(0, 10, f"{label} {n + 1}")
    return bytes(scan.output())


def png(colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), colour).save(out, format="PNG")
    return out.getvalue()


def letters(case, *ids):
    from ketcover_tui.documents.letters import LetterContext, find_template, pick_record

    h = host()
    out = []
    for template_id in ids:
        template = find_template(h.letter_templates(), template_id)
        draft = h.build_letter(template, LetterContext(case, pick_record(case, template)))
        out.append(PacketLetter(template.id, draft.title, draft.text))
    return out


def render(packet) -> bytes:
    from ketcover_exporters.pdf import render_pdf

    return render_pdf(packet.document)


def assert_numbered_and_stamped(texts: list[str]) -> None:
    for n, text in enumerate(texts, 1):
        flat = " ".join(text.split())
        assert f"Page {n} of {len(texts)}" in flat, n
        assert STAMP in flat, n


def assert_contents_match(data: bytes, texts: list[str]) -> list[tuple[str, int]]:
    marks = bookmarks(data)
    listed = contents(texts, len(marks))
    assert listed == marks
    for title, page in marks:  # each section starts on the page its bookmark and contents line say
        expected = title.removeprefix("Attachment: ") if title.startswith("Attachment") else title
        assert expected in texts[page - 1], (title, page)
    return marks


@pytest.mark.permissions
def test_cli_packet_is_one_numbered_stamped_document_with_the_attachments(data_dir, tmp_path):
    store = CaseStore(data_dir)
    case = store.create(appeal_case(), stamp=False)
    (tmp_path / "denial scan.pdf").write_bytes(scan_pdf(2))
    (tmp_path / "notes.pdf").write_bytes(b"not a pdf")
    env = {**os.environ, "KETCOVER_HOME": str(data_dir)}
    run = lambda *args: subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "export", "packet", case.id,
                                        *args], capture_output=True, text=True, env=env)
    bad = run("--attach", str(tmp_path / "notes.pdf"), "-o", str(tmp_path / "p0.pdf"))
    assert bad.returncode == 2 and "not a PDF, PNG or JPEG file" in bad.stderr
    assert not (tmp_path / "p0.pdf").exists()
    twice = run("--letter", "lmn", "--letter", "lmn", "-o", str(tmp_path / "p0.pdf"))
    assert twice.returncode == 2 and "--letter lmn is given twice" in twice.stderr
    out = tmp_path / "packet.pdf"
    refused = run("-o", str(out))  # a final copy by default: refused while a letter lacks something
    assert refused.returncode == 2 and "not a final copy yet" in refused.stderr and not out.exists()
    assert "missing: the plan's appeals mailing address" in refused.stderr
    result = run("--attach", str(tmp_path / "denial scan.pdf"), "--draft", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    stored = data_dir / "documents" / case.id / "denial scan.pdf"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    data = out.read_bytes()
    texts = page_texts(data)
    assert_numbered_and_stamped(texts)
    marks = assert_contents_match(data, texts)
    titles = [t for t, _ in marks]
    assert titles == ["Appeal packet: Internal appeal", "Internal appeal", "Letter of medical necessity",
                      "Efficacy summary", "Symptom scores", "Prior treatments", "Call log", "Payments",
                      "Attachment: denial scan.pdf"]
    scan_page = dict(marks)["Attachment: denial scan.pdf"]
    assert "DENIAL SCAN PAGE 1" in texts[scan_page - 1] and "DENIAL SCAN PAGE 2" in texts[-1]
    assert len(texts) == scan_page + 1  # both scan pages, stamped like the rest (checked above)
    assert "PHQ-9" in texts[dict(marks)["Symptom scores"] - 1]
    assert overprinted(data) == [] and orphan_headings(data) == []
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title.endswith("Appeal packet · José Müller 李雷") and meta.author and meta.subject
    again = run("--draft", "-o", str(tmp_path / "packet2.pdf"))  # stored attachments are included from then on
    assert again.returncode == 0 and len(PdfReader(tmp_path / "packet2.pdf").pages) == len(texts)


def test_contents_over_two_pages_still_match_every_page_and_bookmark():
    case = appeal_case()
    scans = [attachment_block(f"record {n:02d}.png", png((n * 7 % 255, 90, 160))) for n in range(30)]
    scans.append(attachment_block("long scan.pdf", scan_pdf(3, "LONG SCAN PAGE")))
    packet = packet_document(case, letters(case, "internal-appeal", "lmn"), scans, record=case.appeals.denials[0])
    data = render(packet)
    texts = page_texts(data)
    marks = assert_contents_match(data, texts)
    assert len(marks) == 8 + 31
    first_section = dict(marks)["Internal appeal"]
    assert first_section == 3  # the cover page and one more page of contents come first
    assert "Contents" in texts[0] and "record 29.png" in texts[1]
    assert_numbered_and_stamped(texts)
    assert "LONG SCAN PAGE 3" in texts[-1]
    assert overprinted(data) == []


def test_fax_cover_counts_every_page_and_names_what_is_missing():
    case = appeal_case()
    denial = case.appeals.denials[0]
    packet = packet_document(case, letters(case, "internal-appeal", "lmn"), [], record=denial, cover="fax")
    assert packet.document.draft
    assert any("appeals fax number" in gap for gap in packet.missing)
    assert any(gap.startswith("the denial notice, named as enclosed") for gap in packet.missing)
    denial.appeals_fax, denial.appeals_address = "(555) 555-0199", "Appeals Unit\nPO Box 1\nBoston, MA 02101"
    packet = packet_document(case, letters(case, "internal-appeal", "lmn"),
                             [attachment_block("denial.pdf", scan_pdf(1))], record=denial, cover="fax")
    assert not any("fax" in gap for gap in packet.missing)
    data = render(packet)
    texts = page_texts(data)
    cover = " ".join(texts[0].split())
    assert f"Pages {len(texts)}, including this cover sheet" in cover
    for words in ("Fax cover sheet", "(555) 555-0199", case.plan.insurer, "REF-9",
                  "Appeal of the denial dated 2026-02-27", "Internal appeal", "Letter of medical necessity",
                  "Confidential"):
        assert words in cover, words
    mail = render(packet_document(case, letters(case, "internal-appeal"), [], record=denial, cover="mail"))
    first = page_texts(mail)[0]
    assert "Appeals Unit\nPO Box 1\nBoston, MA 02101" in first and "Cover letter" in first


def test_payments_table_agrees_with_the_money_tab_and_nothing_overprints():
    case = appeal_case()
    for n in range(10):
        case.money.entries.append(mn.MoneyEntry("receipt", date(2026, 3, 2) + timedelta(days=n),
                                                paid_patient=Decimal("700.00"), reference=f"R-{n}"))
    case.money.entries.append(mn.MoneyEntry("eob", date(2026, 3, 2), billed=Decimal("700.00"),
                                            allowed=Decimal("350.00"), paid_plan=Decimal("0.00"),
                                            reimbursed=Decimal("0.00"), reference="CLM-1"))
    t = mn.totals(case.money)
    for n in range(30):
        case.calls.append(CallEntry(started_at=f"2026-03-{n % 28 + 1:02d}T09:00:00-05:00", rep_name="Rep",
                                    reference=f"R{n}", promised="A long promise, " * 12))
    data = render(packet_document(case, letters(case, "internal-appeal"), [], record=case.appeals.denials[0]))
    texts = page_texts(data)
    payments = next(t for t in texts if "\nPayments\n" in f"\n{t}")
    total = next(line for line in payments.splitlines() if line.startswith("Total"))
    assert "no invoices" in total and format_money(t.paid_by_you) in total and format_money(t.allowed) in total
    assert "Billed by the clinic $0.00" not in payments
    assert overprinted(data) == [] and orphan_headings(data) == []
    assert re.search(r"Page \d+ of \d+", texts[-1])


def test_the_draft_packet_notes_say_missing_once(data_dir, capsys, tmp_path):
    from ketcover_tui.cli.main import main

    case = appeal_case()
    case.provider.npi = ""  # so the letter of medical necessity has a gap
    case = CaseStore(data_dir).create(case)
    assert main(["export", "packet", case.id, "--draft", "-o", str(tmp_path / "p.pdf")]) == 0
    notes = [line for line in capsys.readouterr().err.splitlines() if line.startswith("ketcover: note:")]
    assert any("missing:" in line for line in notes) and not any("missing: missing:" in line for line in notes)
