"""Cases for the letter tests: every fact a letter can be filled from, dated relative to a given day.

Everything here is made up. The journal (four infusions, five PHQ-9 scores, two
prior treatments) comes from ``test_journal_tui.journal_case``; the plan, the
denial, the call and the clinics are added around it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from ketcover_tui.documents.letters import LetterContext, find_template, pick_record
from ketcover_tui.domain import appeals as ap
from ketcover_tui.domain.benefits import Exclusion
from ketcover_tui.domain.calls import CallEntry
from ketcover_tui.domain.case import Condition
from ketcover_tui.domain.providers import ProviderCandidate
from ketcover_tui.domain.vocab import PlanType
from ketcover_tui.plugin_host import PluginHost

from test_journal_tui import BILLING, journal_case

QUOTE = ("Intravenous ketamine for the treatment of depression is considered experimental and investigational. "
         "Our criteria require documented failure of two adequate antidepressant trials.")
EXCLUSION = Exclusion("Experimental or investigational services are not covered.",
                      "Certificate of coverage 2026, Exclusions, p. 61")
PAIN = [Condition("G90.50", "Complex regional pain syndrome I, unspecified")]
GROUP = (PlanType.COMMERCIAL_FULLY_INSURED, PlanType.SELF_FUNDED_ERISA, PlanType.MARKETPLACE)


def host():
    return PluginHost(env={"KETCOVER_LOAD_PLUGINS": "exporters,letters"}).load()


def rich_case(on: date, plan_type: PlanType = PlanType.SELF_FUNDED_ERISA, *, insurer: str = "Aetna",
              received_days_ago: int = 7, reason: str = "experimental", quoted: str = QUOTE):
    """A case with a denial received ``received_days_ago`` days before ``on`` and every fact filled in."""
    case = journal_case()
    case.patient.name = "José Müller 李雷"
    case.plan.insurer, case.plan.plan_type, case.plan.member_id = insurer, plan_type, "W123456789"
    case.money.billing = replace(BILLING)  # a copy: tests change it
    received = on - timedelta(days=received_days_ago)
    case.appeals.prior_auths.append(ap.PriorAuth(codes="96365, 96366, J3490", submitted=received - timedelta(days=40),
                                                 decision="denied", decided=received - timedelta(days=30),
                                                 id="pa000001"))
    case.appeals.denials.append(ap.Denial(notice_date=received - timedelta(days=3), received=received, reason=reason,
                                          quoted=quoted, reference="REF-77", id="den00001"))
    case.calls.append(CallEntry(started_at=f"{received.isoformat()}T10:15:00-05:00", rep_name="J. Smith",
                                department="Appeals", reference="12345",
                                promised="You can appeal in writing; the address is on your denial letter."))
    case.benefits.exclusions.append(EXCLUSION)
    case.provider_search.candidates.append(ProviderCandidate("Summit Mind Infusions", id="cand0001", network="in",
                                                             distance_miles=Decimal("62.5")))
    case.provider_search.in_network_within_reach = "no"
    return case


def esketamine(case):
    """The same case treated with esketamine (Spravato): its codes and its sessions."""
    case.appeals.prior_auths[0].codes = "G2083"
    for s in case.journal.sessions:
        s.drug, s.route, s.dose_mg = "esketamine", "intranasal", Decimal("84")
    return case


def draft(case, template_id: str, on: date, h=None, record=None):
    h = h or host()
    template = find_template(h.letter_templates(), template_id)
    return template.build(LetterContext(case, record or pick_record(case, template), today=on))


MARKER = re.compile(r"\[(?:missing|check this): [^\]]*\]")


def filled(text: str) -> str:
    """The letter as a user finishes it: each [missing: …] written in, each [check this: …] settled."""
    return MARKER.sub(lambda m: "" if m.group(0).startswith("[check") else "as written by the patient", text)


INSTRUCTION = re.compile(r"(?m)^(?:- |\d+\. )?(?:List (?:each|the)|State (?:when|how|the|why)|Ask the plan to|Explain "
                         r"(?:why|how)|Describe|Enter the|Record the|Add the|Press|Type the|Fill in|Give the|Request a)\b")
FOREIGN_RULES = {  # plan family -> cites that must never appear in its letters
    "group": ("42 CFR 4",),
    "medicare": ("147.136", "2560.503", "2590.715", "438.", "431.", "422.5"),
    "medicare_advantage": ("147.136", "2560.503", "2590.715", "438.", "431."),
    "medicaid_managed_care": ("147.136", "2560.503", "2590.715", "422.", "405."),
    "medicaid_ffs": ("147.136", "2560.503", "2590.715", "422.", "405.", "438."),
}


def without_markers(text: str) -> str:
    return MARKER.sub("", text)
