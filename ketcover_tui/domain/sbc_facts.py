"""What a plan's Summary of Benefits and Coverage says it costs per service, kept on the Plan tab.

The SBC's cost table (45 CFR 147.200) gives, per service, what the member pays
in and out of network and its limits (prior authorization, supply limits). The
rows that matter for ketamine care are kept as the SBC words them, with the
page they came from; they are text, because "$30 copay/office visit; 20%
coinsurance for other outpatient services" is not one number.
"""

from __future__ import annotations

from dataclasses import dataclass

ROW_KEYS = {
    "specialist": "Specialist visit",
    "outpatient_facility": "Outpatient facility fee",
    "outpatient_physician": "Outpatient physician/surgeon fees",
    "mental_health_outpatient": "Mental health outpatient services",
    "rx_generic": "Generic drugs (tier 1)",
    "rx_preferred": "Preferred brand drugs (tier 2)",
    "rx_non_preferred": "Non-preferred brand drugs (tier 3)",
    "rx_specialty": "Specialty drugs (tier 4)",
}


@dataclass(frozen=True)
class SbcRow:
    key: str  # of ROW_KEYS
    service: str  # the SBC's own words for the row
    network: str  # what the member pays in network, as printed
    out_network: str
    note: str = ""  # limitations, exceptions & other important information
    where: str = ""  # "SBC p. 2"
    line: int = 0

    @property
    def title(self) -> str:
        return ROW_KEYS.get(self.key, self.service)


def row_to_dict(row: SbcRow) -> dict:
    return {"key": row.key, "service": row.service, "network": row.network, "out_network": row.out_network,
            "note": row.note, "where": row.where, "line": row.line}


def rows_from_list(data: object) -> list[SbcRow]:
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("sbc_rows: expected a list of {key, service, network, out_network, note, where}")
    rows = []
    for item in data:
        line = item.get("line", 0)
        rows.append(SbcRow(str(item.get("key") or ""), str(item.get("service") or ""),
                           str(item.get("network") or ""), str(item.get("out_network") or ""),
                           str(item.get("note") or ""), str(item.get("where") or ""),
                           line if isinstance(line, int) and not isinstance(line, bool) else 0))
    return rows
