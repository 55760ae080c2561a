"""Example third-party ketcover plugin: one checklist about Spravato coverage.

Facts come from the ketcover reference notes §1.2 and §1.4, read on AS_OF.
"""

from __future__ import annotations

from ketcover_tui.domain.checklists import Checklist, ChecklistItem
from ketcover_tui.hookspecs import hookimpl

AS_OF = "2026-11-26"
KETCOVER_PLUGIN_API = "1.0"  # the plugin API this was written for (docs/plugins.md, chapter 8)


def _item(id: str, text: str, help: str, source: str) -> ChecklistItem:
    return ChecklistItem(id=id, text=text, help=help, source=f"ketcover reference notes {source}", as_of=AS_OF)


SPRAVATO = Checklist(
    id="spravato-coverage",
    title="Spravato (esketamine) coverage",
    description="Spravato is FDA-approved for treatment-resistant depression, so it is covered more often "
                "than IV ketamine, usually with prior authorization.",
    items=(
        _item(
            "benefit-path",
            "Ask whether Spravato is on your medical or your pharmacy benefit",
            "It can be on the medical benefit (the clinic buys and bills it, or a specialty pharmacy "
            "is paid through assignment of benefits) or on the pharmacy benefit. The codes and the "
            "prior-authorization route depend on which one.",
            "§1.2 (Benefit path); spravatohcp.com; therybargroup.com",
        ),
        _item(
            "g-codes",
            "Check the visit codes: G2082 (up to 56 mg) or G2083 (more than 56 mg)",
            "Each covers the supervised self-administration and 2 hours of observation, for "
            "established patients. For Medicare the codes include the drug (no separate J-code) "
            "and need modifier KX to show REMS enrollment.",
            "§1.2 (cgsmedicare.com, CGS MAC; Highmark DE Medicaid policy)",
        ),
        _item(
            "j0013",
            "For the drug itself on commercial or Medicaid claims, check the code is J0013, not S0013",
            "J0013 (esketamine, nasal spray, 1 mg) replaced S0013 from 2026-01-01 (HCPCS 2026 "
            "update; UnitedHealthcare policy 2026D0069P). Also, J0222 is not esketamine, whatever "
            "some websites say (it is patisiran; MED).",
            "§1.2 (osmind.org/blog/spravato-j-code, Feb 2026; openpayer.com UHC 2026D0069P)",
        ),
        _item(
            "rems-setting",
            "Make sure the clinic is REMS-certified and plans at least 2 hours of monitoring",
            "Spravato is available only through a REMS program, given in a certified healthcare "
            "setting with at least 2 hours of monitoring.",
            "§1.4 (beckershospitalreview.com; CGS; CMS MCD article A59250)",
        ),
        _item(
            "approved-use",
            "Match the request to an FDA-approved use",
            "Approved in 2019 for treatment-resistant depression together with an oral "
            "antidepressant, and for depressive symptoms in MDD with acute suicidal ideation; "
            "approved as monotherapy for adults with treatment-resistant depression in January 2025 "
            "(Jan 21; some outlets say Jan 17).",
            "§1.4 (beckershospitalreview.com; openminds.com)",
        ),
        _item(
            "pa-criteria",
            "Gather what prior authorization usually requires",
            "Typical criteria: a DSM-5 diagnosis of major depressive disorder, failure of at least 2 "
            "antidepressants, a psychiatrist as prescriber, and baseline MADRS, PHQ-9 or HAM-D "
            "scores. Some plans still deny it as not medically necessary (for example BCBS "
            "Mississippi L.5.01.537), so get your plan's own policy.",
            "§1.4 (UHC CSLA2020D0069H; BCBS ND; AmeriHealth; BCBS MS L.5.01.537)",
        ),
    ),
)


@hookimpl
def register_checklists(register):
    register(SPRAVATO)
