"""Where an appeal goes: the insurer's appeals fax and mailing address.

``appeal_destination`` is the one place that answers it. Today the answer comes
from the denial record (what the notice says); the insurer directory, when it is
wired in, extends this function as a second source behind the denial's own
details, and every caller (fax cover sheet, mail cover letter) follows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Destination:
    insurer: str
    fax: str = ""
    address: tuple[str, ...] = ()  # lines, as printed on the notice
    source: str = ""  # where the fax/address came from, shown on the cover

    def missing(self, how: str) -> list[str]:
        """What a cover for ``how`` ("fax" or "mail") still lacks."""
        needs = []
        if not self.insurer:
            needs.append("the insurer (edit the case, e)")
        if how == "fax" and not self.fax:
            needs.append("the plan's appeals fax number (on the denial notice: enter it on the denial, Appeals tab)")
        if how == "mail" and not self.address:
            needs.append("the plan's appeals mailing address (on the denial notice: enter it on the denial, "
                         "Appeals tab)")
        return needs


def appeal_destination(case, denial=None) -> Destination:
    """The appeals fax and address for ``denial`` (else the latest open denial), as far as they are known."""
    if denial is None or not hasattr(denial, "appeals_fax"):
        open_ones = [d for d in case.appeals.denials if d.open] or case.appeals.denials
        denial = open_ones[-1] if open_ones else None
    insurer = case.plan.insurer
    if denial is None:
        return Destination(insurer)
    lines = tuple(line.strip() for line in denial.appeals_address.splitlines() if line.strip())
    when = denial.notice_date or denial.received
    source = f"the denial notice{f' of {when.isoformat()}' if when else ''}" if (denial.appeals_fax or lines) else ""
    return Destination(insurer, denial.appeals_fax.strip(), lines, source)
