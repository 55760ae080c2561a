"""The built-in benefits-verification call script, as plain data.

Questions follow the "Verify benefits by phone" checklist (``data.py``); each cites
the reference notes section behind it. Questions that name a ``fact`` update the
case's plan from the answer when the call is saved.
"""

from __future__ import annotations

from ketcover_tui.domain.call_scripts import CallScript, ScriptQuestion

from .data import AS_OF, NOTES


def _q(id: str, text: str, help: str, source: str, fact: str = "") -> ScriptQuestion:
    return ScriptQuestion(id=id, text=text, help=help, fact=fact, source=f"{NOTES} {source}", as_of=AS_OF)


CODES_HELP = ("96365: IV infusion, initial hour (over 15 minutes). +96366: each additional hour (add-on). "
              "J3490: unclassified drug, billed with the drug name, dose and NDC; there is no "
              "ketamine J-code (J3000 is streptomycin, never ketamine). Answer yes or no first.")

BENEFITS_VERIFICATION = CallScript(
    id="benefits-verification",
    title="Benefits verification",
    description="Ask the insurer what the plan covers for IV ketamine, before treatment. "
                "Write every answer down; ask for a reference number before hanging up.",
    questions=(
        _q("codes-in-network",
           "Are CPT 96365, +96366 and HCPCS J3490 covered in network for {diagnosis_codes}?",
           CODES_HELP, "§1.1; freecptcodefinder.com 96365/96366; provider.bluecrossma.com; rvuedge.com J3000",
           fact="covered_in_network"),
        _q("codes-out-of-network",
           "Are the same codes covered out of network for {diagnoses}?",
           "Out-of-network care often has its own deductible and may not count toward the "
           "out-of-pocket maximum; the plan pays up to its allowed amount (balance billing may follow).",
           "§1.1; §6 (Deductible; Out-of-pocket maximum; Allowed amount / UCR)",
           fact="covered_out_network"),
        _q("provider-network",
           "Is {clinic} (NPI {npi}) in network for this plan?",
           "Answer yes (in network) or no (out of network).",
           "§6 (In- vs out-of-network)", fact="network_status"),
        _q("benefit-type",
           "Does this treatment fall under the medical or the pharmacy benefit?",
           "Office-given drugs (IV ketamine, Spravato bought and billed) are usually on the medical "
           "benefit; Spravato can also be on the pharmacy benefit. Answer medical or pharmacy.",
           "§6 (Medical vs pharmacy benefit); §1.2 (Benefit path); spravatohcp.com",
           fact="benefit_type"),
        _q("prior-auth-required",
           "Is prior authorization required?",
           "Answer yes or no first. A prior-authorization request is a pre-service claim (ERISA deadlines apply).",
           "§6 (Prior authorization); §2.1", fact="prior_auth_required"),
        _q("prior-auth-codes",
           "For which codes is prior authorization required?",
           "Write the codes they name, e.g. 96365, J3490.", "§6 (Prior authorization)",
           fact="prior_auth_codes"),
        _q("prior-auth-how",
           "How is prior authorization requested: form or portal, fax number, and who submits it?",
           "Ask whether you or the clinic must submit it, and for the form's name.",
           "§6 (Prior authorization); VERIFY_BENEFITS checklist", fact="prior_auth_how"),
        _q("deductible-met-in",
           "How much of the in-network deductible (individual) is met so far this plan year?",
           "An amount, like 650 or $650.00.", "§6 (Deductible)", fact="ded_in_ind_met"),
        _q("deductible-met-out",
           "How much of the out-of-network deductible (individual) is met so far?",
           "An amount, like 0 or $250.", "§6 (Deductible)", fact="ded_out_ind_met"),
        _q("oop-met-in",
           "How much of the in-network out-of-pocket maximum (individual) is met so far?",
           "An amount. Out-of-network spending often does not count toward it.",
           "§6 (Out-of-pocket maximum)", fact="oop_in_ind_met"),
        _q("timely-filing",
           "What is the timely filing limit: how long after a visit can a claim be submitted?",
           "The reference notes have no figure for this (limits differ between plans), so write "
           "down exactly what they say.", "§3.3–3.4; the limit itself is not in the notes",
           fact="timely_filing"),
        _q("how-to-submit",
           "Where and how do I submit claims myself (address or portal, form, attachments)?",
           "For out-of-network care you may file yourself with a CMS-1500 or a superbill.",
           "§3.3 (superbill); §3.4 (CMS-1500)", fact="claims_submission"),
        _q("gap-exception",
           "If no in-network provider is available, is a network gap exception or a single-case "
           "agreement possible, and how is it requested?",
           "A gap exception covers an out-of-network provider at in-network cost sharing when no "
           "adequate in-network provider exists; a single-case agreement should be in writing, with "
           "an authorization number, before treatment (MED).",
           "§6 (Network gap exception; Single-case agreement); verywellhealth; osmind; proenrollment.com",
           fact="gap_exception"),
        _q("reference",
           "Before hanging up: may I have a reference number for this call, and your name and id?",
           "Write them in the Reference and Representative fields above.",
           "§3.2 (appeal letter header: claim or reference number)"),
    ),
)

CALL_SCRIPTS = (BENEFITS_VERIFICATION,)
