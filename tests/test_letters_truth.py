"""Letters that are true on the day they are written, cite only the plan type's own rules, and argue the case.

Expected dates come from the rules as written (notes §8.1: ERISA 180 days from
receipt, appeal decisions 30 days from the plan's receipt; Medicare Advantage 60
days from a receipt presumed 5 days after the notice), not from running the code.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from ketcover_tui.demo.cases import demo_cases
from ketcover_tui.documents import letter_situation as ls
from ketcover_tui.documents.letters import LetterContext, LetterProblem, find_template, make_draft, pick_record
from ketcover_tui.domain import deadlines as dl
from ketcover_tui.domain.vocab import PlanType

from letter_cases import (FOREIGN_RULES, INSTRUCTION, PAIN, QUOTE, draft, esketamine, host, rich_case,
                          without_markers)

pytestmark = pytest.mark.clock  # outcomes depend on today's date (see conftest)

ENDS = re.compile(r"that time ends on (\d{4}-\d{2}-\d{2})")
WAS_DUE = re.compile(r"was due on (\d{4}-\d{2}-\d{2})")
IS_DUE = re.compile(r"is due on (\d{4}-\d{2}-\d{2})")


def test_an_appeal_whose_window_has_passed_never_says_it_is_on_time(frozen_clock):
    on = frozen_clock
    case = rich_case(on, received_days_ago=200)  # 180 days from receipt (29 CFR 2560.503-1(h)(3)(i)) ended 20 days ago
    letter = draft(case, "internal-appeal", on)
    ended = on - timedelta(days=20)
    assert f"The time to file this appeal ended on {ended} (29 CFR 2560.503-1(h)(3)(i))" in letter.text
    assert "within the time" not in letter.text and "within 180 days" not in letter.text
    assert "[missing: why it is late" in letter.text  # the good-cause reason is the writer's to give
    assert "EBSA" in letter.note or "Employee Benefits Security Administration" in letter.note


def test_an_appeal_already_filed_with_an_overdue_decision_asks_for_it_and_names_the_consequence(frozen_clock):
    on = frozen_clock
    case = rich_case(on, received_days_ago=200)
    denial = case.appeals.denials[0]
    denial.appeal_filed, denial.appeal_received = on - timedelta(days=160), on - timedelta(days=155)
    denial.appeal_received_evidence = "fax confirmation 4471"
    letter = draft(case, "internal-appeal", on)
    assert letter.template_id == "appeal-follow-up" and letter.title == "Appeal decision overdue"
    due = on - timedelta(days=125)  # 30 days after the plan received it (pre-service, 29 CFR 2560.503-1(i))
    assert f"was due on {due}" in letter.text and f"received it on {on - timedelta(days=155)}" in letter.text
    assert "fax confirmation 4471" in letter.text and "[check this" not in letter.text
    assert "29 CFR 2560.503-1(l); 29 CFR 2590.715-2719(b)(2)(ii)(F)" in letter.text
    assert "I appeal the plan's decision" not in letter.text  # a follow-up, never a second appeal
    assert "follow-up" in letter.note or "overdue" in letter.note


def test_a_filed_appeal_not_yet_due_gets_a_follow_up(frozen_clock):
    on = frozen_clock
    case = rich_case(on, received_days_ago=30)
    denial = case.appeals.denials[0]
    denial.appeal_filed, denial.appeal_received, denial.appeal_received_evidence = on - timedelta(days=5), \
        on - timedelta(days=3), "portal receipt"
    letter = draft(case, "internal-appeal", on)
    assert letter.title == "Appeal follow-up"
    assert f"is due on {on + timedelta(days=27)}" in letter.text and "overdue" not in letter.text.lower()


def test_no_expedited_appeal_for_care_already_given(frozen_clock):
    case = rich_case(frozen_clock)
    case.appeals.denials[0].post_service = True
    refused = draft(case, "expedited-appeal", frozen_clock)
    assert refused.refused and "post-service" in refused.refused and not refused.text
    with pytest.raises(LetterProblem, match="post-service"):
        template = find_template(host().letter_templates(), "expedited-appeal")
        make_draft(host(), template, LetterContext(case, case.appeals.denials[0], frozen_clock))


def test_an_on_or_before_date_never_reads_by_on_or_before(frozen_clock):
    on = frozen_clock
    case = rich_case(on, PlanType.MEDICAID_MANAGED_CARE, insurer="Anthem Blue Cross")
    case.appeals.denials[0].notice_date = None  # only the day it arrived: the real deadline may be earlier
    text = draft(case, "internal-appeal", on).text
    assert f"ends on or before {on - timedelta(days=7) + timedelta(days=60)}" in text
    assert "by on or before" not in text and "[check this:" in text


@pytest.mark.parametrize("plan_type, must_cite", [
    (PlanType.SELF_FUNDED_ERISA, ("29 CFR 2560.503-1(h)(2)(iii) and (m)(8)", "29 CFR 2560.503-1(h)(3)(iii)–(iv)",
                                  "45 CFR 147.136(d)")),
    (PlanType.COMMERCIAL_FULLY_INSURED, ("29 CFR 2560.503-1 and 45 CFR 147.136", "45 CFR 147.136(c)")),
    (PlanType.MARKETPLACE, ("45 CFR 147.136", "(h)(2)(iii) and (m)(8)")),
    (PlanType.MEDICARE_ADVANTAGE, ("42 CFR 422.582", "42 CFR 422.590; 42 CFR 422.592")),
    (PlanType.MEDICARE, ("42 CFR 405.942",)),
    (PlanType.MEDICAID_MANAGED_CARE, ("42 CFR 438.402", "42 CFR 438.408(f)")),
])
def test_each_plan_type_cites_only_its_own_rules(frozen_clock, plan_type, must_cite):
    text = draft(rich_case(frozen_clock, plan_type), "internal-appeal", frozen_clock).text
    for cite in must_cite:
        assert cite in text, cite
    for cite in FOREIGN_RULES[dl.FAMILIES[plan_type]]:
        assert cite not in text, cite


def test_medicare_advantage_gets_no_external_review_and_medicaid_a_fair_hearing(frozen_clock):
    on = frozen_clock
    ma = rich_case(on, PlanType.MEDICARE_ADVANTAGE)
    refused = draft(ma, "external-review", on)
    assert "42 CFR 422.590; 42 CFR 422.592" in refused.refused and not refused.text
    ffs = rich_case(on, PlanType.MEDICAID, insurer="State Medicaid")
    hearing = draft(ffs, "fair-hearing", on).text
    assert "state fair hearing" in hearing and "42 CFR 431.221" in hearing and "147.136" not in hearing
    assert draft(ffs, "internal-appeal", on).refused


def test_a_chronic_pain_case_gets_no_depression_or_parity_arguments(frozen_clock):
    case = rich_case(frozen_clock, quoted="Ketamine infusion for chronic pain is considered investigational.")
    case.conditions = PAIN
    for template_id in ("internal-appeal", "lmn"):
        text = draft(case, template_id, frozen_clock).text
        for words in ("treatment-resistant", "Spravato", "Parity", "Sanacora", "mood disorders", "antidepressant"):
            assert words not in text, (template_id, words)
    appeal = draft(case, "internal-appeal", frozen_clock).text
    assert "approved drug" in appeal and "off-label" in appeal and "for chronic pain, as cited" in appeal


def test_iv_ketamine_and_esketamine_are_argued_differently(frozen_clock):
    iv = draft(rich_case(frozen_clock), "internal-appeal", frozen_clock).text
    assert "as an anesthetic" in iv and "off-label" in iv and "Sanacora" in iv and "policy 087" in iv
    assert "A drug prescribed for its FDA-approved use is not experimental" not in iv
    spravato = draft(esketamine(rich_case(frozen_clock)), "internal-appeal", frozen_clock).text
    assert "approved by the FDA for treatment-resistant depression" in spravato
    assert "off-label" not in spravato and "as an anesthetic" not in spravato
    assert "esketamine (Spravato) treatment sessions (CPT/HCPCS G2083)" in spravato


def test_the_letter_is_filled_from_what_the_case_knows(frozen_clock):
    on = frozen_clock
    case = rich_case(on)
    text = draft(case, "internal-appeal", on).text
    pa = case.appeals.prior_auths[0]
    for fact in (f"> {QUOTE}", "Claim / reference number: REF-77",
                 f"96365, 96366, J3490, requested {pa.submitted}, denied {pa.decided}",
                 "Sertraline, 200 mg daily, 2024-01 to 2024-06: failed.",
                 "Bupropion XL, 450 mg daily, 2024-08 to 2025-01: not tolerated (Insomnia).",
                 "35 mg (0.50 mg/kg)", "dissociation (2 of 4 sessions)",
                 "PHQ-9: 21/27 (severe) on 2026-03-01; 4/27 (minimal) on 2026-03-09: 81% lower, a response",
                 "answered “Several days” to item 9",
                 "J. Smith (Appeals), call reference 12345, said: “You can appeal in writing; the address is on "
                 "your denial letter.”",
                 f"“{case.benefits.exclusions[0].text}” ({case.benefits.exclusions[0].where})",
                 "1. “Intravenous ketamine for the treatment of depression is considered experimental"):
        assert fact in text, fact
    gap = draft(case, "network-gap", on).text
    assert "Summit Mind Infusions, 62.5 miles away." in gap
    case.plan.member_id = ""
    assert "Member ID: [missing: member ID]" in draft(case, "internal-appeal", on).text


def test_the_letter_quotes_only_the_exclusions_that_bear_on_the_denial(frozen_clock):
    from ketcover_tui.domain.benefits import Exclusion

    case = rich_case(frozen_clock)
    hearing = Exclusion("Hearing aids and their fitting are not covered.", "Certificate of coverage 2026, p. 58")
    policy = Exclusion("Ketamine infusion therapy for psychiatric conditions is considered unproven.",
                       "Medical policy 'Ketamine', Policy section")
    case.benefits.exclusions += [hearing, policy]
    text = draft(case, "internal-appeal", frozen_clock).text
    assert "Hearing aids" not in text
    assert f"“{policy.text}”" in text and f"“{case.benefits.exclusions[0].text}”" in text
    case.appeals.denials[0].reason = "not_covered"
    text = draft(case, "internal-appeal", frozen_clock).text
    assert f"“{policy.text}”" in text and "Hearing aids" not in text
    case.appeals.denials[0].quoted = "Hearing aids are not a covered benefit under this plan."
    assert "Hearing aids and their fitting" in draft(case, "internal-appeal", frozen_clock).text  # its own words


def test_outline_text_is_written_as_arguments(frozen_clock):
    case = rich_case(frozen_clock, reason="no_prior_auth", quoted="No authorization was on file.")
    for template_id in ("internal-appeal", "lmn", "network-gap", "claim-file"):
        text = without_markers(draft(case, template_id, frozen_clock).text)
        assert not INSTRUCTION.findall(text), (template_id, INSTRUCTION.findall(text))
        assert "tab" not in text.lower().replace("establish", "") and "ketcover" not in text.lower()
    text = draft(case, "internal-appeal", frozen_clock).text
    assert "Authorization was requested: 96365" in text and "administrative matter" in text  # after the sessions began


def _window_day(case, record, on):
    return ls.situation(case.plan.plan_type, record, on).window


def test_every_demo_case_and_template_is_true_today(frozen_clock):
    """For each demo case and each template: a refusal with its reason, or a letter whose every date and
    status agrees with the deadline engine today, citing only its plan type's rules, with no instruction."""
    on, h = frozen_clock, host()
    written = 0
    for case in demo_cases(30):
        for template in h.letter_templates():
            try:
                record = pick_record(case, template)
            except LetterProblem:
                continue
            letter = template.build(LetterContext(case, record, on))
            if letter.refused:
                assert letter.refused.endswith((".", ")")) and not letter.text
                continue
            written += 1
            text, family = letter.text, dl.FAMILIES.get(case.plan.plan_type)
            where = (case.id, template.id)
            for day in ENDS.findall(text):
                assert date.fromisoformat(day) >= on, where
                assert date.fromisoformat(day) == _window_day(case, record, on).day, where
            assert all(date.fromisoformat(d) < on for d in WAS_DUE.findall(text)), where
            assert all(date.fromisoformat(d) >= on for d in IS_DUE.findall(text)), where
            if record is not None and hasattr(record, "quoted"):
                sit = ls.situation(case.plan.plan_type, record, on)
                assert sit.kind not in (ls.PENDING, ls.OVERDUE) or letter.template_id == "appeal-follow-up" or \
                    template.id in ("claim-file", "lmn", "network-gap"), where
                if sit.position.window_passed:
                    assert "is made within" not in text, where
            for cite in FOREIGN_RULES.get(family, ()):
                assert cite not in text, (where, cite)
            assert not INSTRUCTION.findall(without_markers(text)), where
            if all(c.icd10.startswith("G") for c in case.conditions):
                assert "treatment-resistant" not in text and "Parity" not in text, where
            assert str(on) in text.splitlines()[2], where  # dated today
    assert written >= 40


def test_demo_letters_read_back_the_same_in_pdf_docx_and_text(frozen_clock):
    """One demo letter per template, exported as a draft: each format says DRAFT and carries the letter's own
    dates and cites, and none carries another plan type's rule or an instruction (PDF for three of them)."""
    import io

    from docx import Document as Docx
    from pypdf import PdfReader

    from ketcover_tui.documents.letters import letter_document

    on, h = frozen_clock, host()
    exporters = {e.id: e for e in h.exporters()}
    seen: dict[str, tuple] = {}
    for case in demo_cases(30):
        for template in h.letter_templates():
            if template.id in seen:
                continue
            try:
                record = pick_record(case, template)
            except LetterProblem:
                continue
            letter = template.build(LetterContext(case, record, on))
            if not letter.refused:
                seen[template.id] = (case, record, letter)
    assert len(seen) >= 8
    for template_id, (case, record, letter) in sorted(seen.items()):
        document = letter_document(case, letter.title, letter.text, record=record, signer=letter.signer)
        texts = {"txt": h.render_export(exporters["txt"], document).decode("utf-8")}
        docx = Docx(io.BytesIO(h.render_export(exporters["docx"], document)))
        texts["docx"] = "\n".join(p.text for p in docx.paragraphs)
        assert docx.sections[0].header.paragraphs[0].text.startswith("DRAFT")
        if template_id in ("internal-appeal", "lmn", "appeal-follow-up"):
            pages = [p.extract_text() for p in PdfReader(io.BytesIO(h.render_export(exporters["pdf"], document))).pages]
            assert all("DRAFT" in page for page in pages), template_id
            texts["pdf"] = " ".join(" ".join(page.split()) for page in pages)
        family = dl.FAMILIES.get(case.plan.plan_type)
        for fmt, text in texts.items():
            flat = " ".join(text.split())
            assert "DRAFT" in text and str(on) in flat, (template_id, fmt)
            for cite in FOREIGN_RULES.get(family, ()):
                assert cite not in flat, (template_id, fmt, cite)
            for day in ENDS.findall(flat):
                assert date.fromisoformat(day) >= on, (template_id, fmt)
            assert "Money tab" not in text and "reference notes" not in text, (template_id, fmt)


def test_the_parity_point_agrees_with_what_it_names():
    from ketcover_letters.law import parity_point

    assert parity_point("the medical-necessity criteria the plan applied").startswith(
        "The medical-necessity criteria the plan applied are a nonquantitative treatment limitation")
    assert "and they may not be applied" in parity_point("the medical-necessity criteria the plan applied")
    one = parity_point("the plan's step-therapy requirement")
    assert one.startswith("The plan's step-therapy requirement is a") and "and it may not" in one
    assert "comparative analysis of it " in one
