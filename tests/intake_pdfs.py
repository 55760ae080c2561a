"""Denial letters and an SBC made at test time with reportlab: another PDF producer than ketcover's fpdf2.

Laid out like the real thing: the federal SBC template (2021 edition, 45 CFR
147.200) with its questions and table wording, and denial letters in several
insurers' styles (a letter with wrapped paragraphs, a notice built from a
two-column table, a hard-wrapped text file). The insurers, people and numbers
are made up; phone and fax numbers use the fictional 555-01xx range.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ketcover_tui.documents.fonts import FONTS

pdfmetrics.registerFont(TTFont("DejaVu", str(FONTS / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
pdfmetrics.registerFont(TTFont("Droid", str(FONTS / "DroidSansFallbackFull.ttf")))
BODY = ParagraphStyle("body", fontName="DejaVu", fontSize=10, leading=12.5)
SMALL = ParagraphStyle("small", fontName="DejaVu", fontSize=8, leading=9.5)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="DejaVu-Bold")
TITLE = ParagraphStyle("title", parent=BODY, fontName="DejaVu-Bold", fontSize=13, leading=16)
CJK = ParagraphStyle("cjk", parent=BODY, fontName="Droid")
GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])


def _build(story, *, pagesize=LETTER, title="") -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=pagesize, title=title, leftMargin=0.6 * inch, rightMargin=0.6 * inch,
                      topMargin=0.6 * inch, bottomMargin=0.6 * inch).build(story)
    return out.getvalue()


def _p(text, style=BODY):
    return Paragraph(text, style)


def denial_letter_commercial(patient="José Müller") -> bytes:
    """An employer-plan claim denial: letterhead, labelled numbers, wrapped paragraphs, an appeals box."""
    story = [
        _p("Northwind Health Plan", TITLE),
        _p("Utilization Management · PO Box 4410 · Springfield, IL 62705"),
        Spacer(1, 14),
        _p("March 3, 2026"),
        Spacer(1, 10),
        _p(f"{patient}<br/>18 Alder Court<br/>Springfield, IL 62704"),
        Spacer(1, 10),
        _p(f"Member: {patient}<br/>Member ID: XKM123456789<br/>Group Number: 0048812<br/>"
           "Claim Number: 2026030300123<br/>Reference #: APL-77812<br/>"
           "Date(s) of Service: 02/10/2026<br/>"
           "Service: Intravenous ketamine infusion (CPT 96365, 96366; HCPCS J3490)<br/>Provider: Calm Harbor Infusion"),
        Spacer(1, 10),
        _p(f"Dear {patient}:"),
        _p("We reviewed the claim for the services listed above. Your plan does not cover the services. "
           "The requested service is not medically necessary because the clinical information we received "
           "does not show that you meet the criteria in our medical policy MP-2.114 for intravenous ketamine "
           "for depression (F33.2). This decision was made by a board-certified psychiatrist."),
        Spacer(1, 8),
        _p("<b>Your right to appeal</b>"),
        _p("You have 180 days from the date you receive this letter to ask for an internal appeal. "
           "Your appeal must be received by August 31, 2026. Send your written appeal to:"),
        _p("Northwind Health Plan<br/>Attn: Appeals Department<br/>PO Box 12345<br/>Springfield, IL 62701"),
        _p("Or fax it to: (555) 010-4477"),
        Spacer(1, 8),
        _p("If your situation is urgent, you may ask for an expedited appeal by calling 1-555-010-2200."),
    ]
    return _build(story, title="Claim determination")


def denial_notice_table(patient="李雷") -> bytes:
    """A prior-authorization denial laid out as a two-column table (label | value), then the reasons."""
    rows = [[_p("Member name", BOLD), _p(patient, CJK)],
            [_p("Member number", BOLD), _p("W2284-1190-03")],
            [_p("Date of notice", BOLD), _p("02/14/2026")],
            [_p("Authorization number", BOLD), _p("PA-2026-000481")],
            [_p("Service requested", BOLD), _p("Esketamine nasal spray, more than 56 mg (G2083)")],
            [_p("Decision", BOLD), _p("Denied")]]
    table = Table(rows, colWidths=[1.9 * inch, 4.9 * inch], style=GRID)
    story = [
        _p("Lakeshore Care Advantage", TITLE),
        _p("NOTICE OF DENIAL OF MEDICAL COVERAGE", BOLD),
        Spacer(1, 10), table, Spacer(1, 10),
        _p("<b>Why we said no</b>"),
        _p("We denied your request for prior authorization because the service is experimental or "
           "investigational for your condition. Our Medical Director reviewed the records sent by your doctor."),
        Spacer(1, 8),
        _p("<b>You have the right to ask us to change our decision</b>"),
        _p("Your request for an appeal must be received by April 15, 2026. Mail it to Lakeshore Care Advantage, "
           "Appeals and Grievances, 900 Harbor Way, Suite 12, Milwaukee, WI 53202, or fax it to 555-010-9911."),
        _p("If you or your doctor believe that waiting for a standard decision could seriously harm your health, "
           "ask for a fast (expedited) appeal."),
    ]
    return _build(story, title="Notice of denial")


def denial_text_medicaid() -> bytes:
    """A managed-care notice as a hard-wrapped text file: a sentence broken over lines, a hyphenated word."""
    return (
        "RIVERBEND COMMUNITY HEALTH PLAN\n"
        "Notice of Adverse Benefit Determination\n"
        "\n"
        "Date: 2026-01-20\n"
        "Member ID: RB-55-0192\n"
        "Prior authorization request number: 88-1234-XYZ\n"
        "\n"
        "We received a request from your provider for ketamine\n"
        "infusion treatments (96365). The reason for our decision: your\n"
        "plan requires that you try two other treatments first (step\n"
        "therapy), and our records do not show those tri-\n"
        "als. This is a pre-service decision.\n"
        "\n"
        "You must ask for an appeal within 60 calendar days from the\n"
        "date on this notice.\n"
    ).encode("utf-8")


def scanned_pdf() -> bytes:
    """A PDF page with a picture of text and no text layer (what a scanner makes)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=LETTER)
    for row in range(40):
        page.rect(72, 700 - row * 15, 300 + (row * 37) % 150, 6, fill=1, stroke=0)
    page.showPage()
    page.save()
    return out.getvalue()


def zip_named_pdf() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:  # a fixed stamp: the same bytes every time
        archive.writestr(zipfile.ZipInfo("letter.pdf", date_time=(2026, 1, 2, 3, 4, 6)), b"%PDF-1.4 not really")
    return out.getvalue()


# --- the SBC ----------------------------------------------------------------------------------------

SBC_INTRO = ("The Summary of Benefits and Coverage (SBC) document will help you choose a health plan. The SBC "
             "shows you how you and the plan would share the cost for covered health care services. NOTE: "
             "Information about the cost of this plan (called the premium) will be provided separately.")
QUESTIONS = [
    ("What is the overall deductible?",
     "$1,500 individual / $3,000 family for network providers; $3,000 individual / $6,000 family for "
     "out-of-network providers.",
     "Generally, you must pay all of the costs from providers up to the deductible amount before this plan "
     "begins to pay."),
    ("Are there services covered before you meet your deductible?",
     "Yes. Preventive care and primary care visits are covered before you meet your deductible.",
     "This plan covers some items and services even if you haven't yet met the deductible amount."),
    ("Are there other deductibles for specific services?", "No.",
     "You don't have to meet deductibles for specific services."),
    ("What is the out-of-pocket limit for this plan?",
     "For network providers $6,000 individual / $12,000 family; for out-of-network providers $12,000 "
     "individual / $24,000 family.",
     "The out-of-pocket limit is the most you could pay in a year for covered services."),
    ("What is not included in the out-of-pocket limit?",
     "Premiums, balance-billing charges, and health care this plan doesn't cover.",
     "Even though you pay these expenses, they don't count toward the out-of-pocket limit."),
    ("Will you pay less if you use a network provider?",
     "Yes. See www.example-plan.test/providers or call 1-555-010-3000 for a list of network providers.",
     "This plan uses a provider network. You will pay less if you use a provider in the plan's network."),
    ("Do you need a referral to see a specialist?", "No.",
     "You can see the specialist you choose without a referral."),
]
EVENTS = [
    ("If you visit a health care provider's office or clinic", [
        ("Primary care visit to treat an injury or illness", "$30 copay/office visit", "40% coinsurance", "None"),
        ("Specialist visit", "$60 copay/visit", "40% coinsurance", "None"),
        ("Preventive care/screening/ immunization", "No charge", "40% coinsurance",
         "You may have to pay for services that aren't preventive."),
    ]),
    ("If you have outpatient surgery", [
        ("Facility fee (e.g., ambulatory surgery center)", "20% coinsurance", "40% coinsurance",
         "Preauthorization is required for out-of-network services; without it you pay the full cost."),
        ("Physician/surgeon fees", "20% coinsurance", "40% coinsurance", "None"),
    ]),
    ("If you need drugs to treat your illness or condition More information about prescription drug coverage "
     "is available at www.example-plan.test/rx", [
        ("Generic drugs (Tier 1)", "$10 copay/prescription (retail)", "Not covered",
         "Covers up to a 30-day supply (retail); 90-day supply (mail order)."),
        ("Preferred brand drugs (Tier 2)", "$40 copay/prescription (retail)", "Not covered", "None"),
        ("Non-preferred brand drugs (Tier 3)", "$75 copay/prescription (retail)", "Not covered", "None"),
        ("Specialty drugs (Tier 4)", "30% coinsurance", "Not covered",
         "Prior authorization required. Must be filled at a network specialty pharmacy."),
    ]),
    ("If you need mental health, behavioral health, or substance abuse services", [
        ("Outpatient services", "$30 copay/office visit; 20% coinsurance for other outpatient services",
         "40% coinsurance", "Preauthorization is required for certain services, including ketamine infusion "
                            "and transcranial magnetic stimulation."),
        ("Inpatient services", "20% coinsurance", "40% coinsurance", "Preauthorization is required."),
    ]),
]
EXCLUDED = ["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)",
            "Experimental or investigational services, including intravenous ketamine for depression",
            "Infertility treatment", "Long-term care", "Routine eye care (Adult)", "Routine foot care",
            "Weight loss programs"]
OTHER_COVERED = ["Chiropractic care (20 visits per year)", "Hearing aids", "Non-emergency care when traveling "
                 "outside the U.S.", "Private-duty nursing"]


def sbc_pdf(*, pages_of_events: int = 1) -> bytes:
    """An SBC in the federal template's layout; ``pages_of_events`` repeats the cost table (for benchmarks)."""
    header = [_p("Summary of Benefits and Coverage: What this Plan Covers &amp; What You Pay for Covered "
                 "Services", TITLE),
              _p("Coverage Period: 01/01/2026 - 12/31/2026"),
              _p("Northwind Health Plan: Choice PPO 1500   Coverage for: Individual + Family | Plan Type: PPO"),
              Spacer(1, 6), _p(SBC_INTRO, SMALL), Spacer(1, 6)]
    questions = Table([[_p("Important Questions", BOLD), _p("Answers", BOLD), _p("Why This Matters:", BOLD)]]
                      + [[_p(q, BOLD), _p(a), _p(w, SMALL)] for q, a, w in QUESTIONS],
                      colWidths=[2.4 * inch, 3.4 * inch, 3.9 * inch], style=GRID, repeatRows=1)
    head = [_p(t, BOLD) for t in ("Common Medical Event", "Services You May Need",
                                  "What You Will Pay Network Provider (You will pay the least)",
                                  "Out-of-Network Provider (You will pay the most)",
                                  "Limitations, Exceptions, &amp; Other Important Information")]
    body = []
    for event, rows in EVENTS:
        for n, (service, network, out, note) in enumerate(rows):
            body.append([_p(event, BOLD) if n == 0 else "", _p(service), _p(network), _p(out), _p(note, SMALL)])
    events = []
    for _ in range(pages_of_events):
        events += [Table([head] + body, colWidths=[1.9 * inch, 2.0 * inch, 1.7 * inch, 1.5 * inch, 2.6 * inch],
                         style=GRID, repeatRows=1), PageBreak()]
    bullets = max(len(EXCLUDED), len(OTHER_COVERED))
    excluded = Table([[_p("• " + EXCLUDED[i], SMALL) if i < len(EXCLUDED) else "",
                       _p("• " + EXCLUDED[i + 5], SMALL) if i + 5 < len(EXCLUDED) else ""] for i in range(5)],
                     colWidths=[4.8 * inch, 4.8 * inch])
    other = Table([[_p("• " + item, SMALL)] for item in OTHER_COVERED[:bullets]], colWidths=[9.6 * inch])
    story = [*header, questions, PageBreak(), *events,
             _p("Excluded Services &amp; Other Covered Services:", BOLD),
             _p("Services Your Plan Generally Does NOT Cover (Check your policy or plan document for more "
                "information and a list of any other excluded services.)", BOLD), excluded, Spacer(1, 8),
             _p("Other Covered Services (Limitations may apply to these services. This isn't a complete list. "
                "Please see your plan document.)", BOLD), other, Spacer(1, 8),
             _p("Your Rights to Continue Coverage: There are agencies that can help if you want to continue your "
                "coverage after it ends.", SMALL)]
    return _build(story, pagesize=landscape(LETTER), title="Summary of Benefits and Coverage")
