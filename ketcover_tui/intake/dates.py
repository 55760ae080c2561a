"""Dates as letters print them: "March 3, 2026", "Mar. 3, 2026", "3 March 2026", "03/03/2026", "2026-03-03"."""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE = re.compile(rf"\b(?:{MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTHS}\s+\d{{4}}|"
                  rf"\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b", re.I)
_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y", "%Y-%m-%d")


def parse_printed(text: str) -> date | None:
    """The date ``text`` prints, or None if it is not one (a 31st of February is none)."""
    cleaned = re.sub(r"\s+", " ", text.replace(",", " ").replace(".", " ")).strip()
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned, flags=re.I)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None
