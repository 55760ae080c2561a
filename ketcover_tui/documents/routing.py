"""Where an appeal goes: the insurer's appeals fax and mailing address, each with its source and as-of date.

``appeal_destination`` is the one place that answers it, in this order, for the
address and for the fax each:

1. what the denial notice says (entered on the denial record);
2. else the insurer directory's published appeals address and fax, where the
   directory's notes say it serves this kind of plan (``insurer_directory``);
3. else nothing: it is missing, and a final copy that needs it is refused.

Never an insurer's head-office or general address: many insurers route
appeals per plan, and a wrong address loses the appeal's date.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import insurer_directory as idir


@dataclass(frozen=True)
class Destination:
    insurer: str
    fax: str = ""
    address: tuple[str, ...] = ()  # lines, as printed on the notice or in the directory
    source: str = ""  # where the address came from (the fax's own source when there is no address)
    as_of: str = ""
    fax_source: str = ""
    fax_as_of: str = ""
    portal: str = ""  # the insurer's appeals portal, from the directory
    why_not: str = ""  # why the directory could not give an address ('' when it did, or was not needed)

    def missing(self, how: str) -> list[str]:
        """What a cover or letter sent ``how`` ("fax" or "mail") still lacks, in words for the user."""
        needs = []
        if not self.insurer:
            needs.append("the insurer's name")
        if how == "fax" and not self.fax:
            needs.append("the plan's appeals fax number, as printed on the denial notice")
        if how == "mail" and not self.address:
            needs.append("the plan's appeals mailing address, as printed on the denial notice")
        return needs

    def address_block(self, missing_marker: str) -> list[str]:
        """The addressee lines of a letter: the address as printed (with the insurer's name first when the
        address does not start with it), else the insurer and ``missing_marker``."""
        name = self.insurer or missing_marker
        if not self.address:
            return [name, missing_marker] if self.insurer else [missing_marker]
        first = self.address[0].casefold()
        named = self.insurer and (self.insurer.casefold() in first or first.split()[0] in self.insurer.casefold())
        return list(self.address) if named or not self.insurer else [self.insurer, *self.address]

    def lines(self) -> list[str]:
        """'Address from …, as of …' / 'Fax from …' lines for the app and cover sheets."""
        out = []
        if self.address and self.fax and (self.source, self.as_of) == (self.fax_source, self.fax_as_of):
            return [f"Address and fax from {self.source}, as of {self.as_of}."]
        if self.address:
            out.append(f"Address from {self.source}, as of {self.as_of}.")
        if self.fax:
            out.append(f"Fax from {self.fax_source}, as of {self.fax_as_of}.")
        if not self.address and self.why_not:
            out.append(f"No address: {self.why_not}. {idir.CHECK_FIRST}")
        return out


def _latest_denial(case):
    open_ones = [d for d in case.appeals.denials if d.open] or case.appeals.denials
    return open_ones[-1] if open_ones else None


def appeal_destination(case, denial=None) -> Destination:
    """The appeals fax and address for ``denial`` (else the latest open denial), as far as they are known."""
    if denial is None or not hasattr(denial, "appeals_fax"):
        denial = _latest_denial(case)
    insurer = case.plan.insurer
    address: tuple[str, ...] = ()
    fax = source = as_of = fax_source = fax_as_of = ""
    if denial is not None:
        when = denial.notice_date or denial.received
        notice = f"the denial notice{f' dated {when.isoformat()}' if when else ''}, as entered"
        address = tuple(line.strip() for line in denial.appeals_address.splitlines() if line.strip())
        fax = denial.appeals_fax.strip()
        stamp = when.isoformat() if when else ""
        if address:
            source, as_of = notice, stamp
        if fax:
            fax_source, fax_as_of = notice, stamp
    match = idir.lookup(insurer)
    route = idir.published_route(match, case.plan.plan_type)
    why_not = ""
    if route.applies and not address:
        address, source, as_of = route.address, route.source, route.as_of
    elif not address:
        why_not = route.why_not
    if route.applies and not fax and route.fax:
        fax, fax_source, fax_as_of = route.fax, route.source, route.as_of
    return Destination(insurer, fax, address, source or fax_source, as_of or fax_as_of, fax_source, fax_as_of,
                       route.portal, why_not)
