"""An invoice, receipt or EOB: date of service, payee, service lines, the amounts it states, linked sessions.

A new one starts from the latest session that has no document of this kind yet
(its date, the link, and for invoices and receipts the codes it suggests, to
which you add the charges). Amounts are dollars and cents; each bad one gets
its own message and nothing typed is lost.
"""

from __future__ import annotations

from ...domain import coding
from ...domain import journal as jn
from ...domain import money as mn
from ...domain import money_forms as mf
from ...domain.case import Case
from ...domain.vocab import PlanType
from ..case_updates import save_case_change
from .checks_form import ChecksFormScreen
from .spec_form import FormField, Section

TITLES = {"invoice": ("Date issued", "Invoice number"), "receipt": ("Date paid", "Receipt number"),
          "eob": ("Date processed", "Claim number")}
LINES_NOTE = ("Service lines, one per line, like 96365 x1 450.00 (code, units, charge for all units); "
              "99214-25 adds a modifier, dx AB points at diagnoses")


def money_items(kind: str, case: Case) -> list:
    date_label, number_label = TITLES[kind]
    sessions = tuple((jn.session_short(s), s.id)
                     for s in reversed(case.journal.sessions[-40:]))
    # The linked sessions come right after the date, so a pre-ticked one is seen at once.
    items: list = [
        Section(mn.KIND_LABELS[kind]),
        FormField("date_of_service", "Date of service *", "YYYY-MM-DD, the day of the treatment"),
        FormField("sessions", "Sessions it is for", kind="checks", options=sessions,
                  placeholder="No sessions in the journal yet (Journal tab, n)."),
        FormField("on", date_label, "YYYY-MM-DD"),
        FormField("payee", "Provider / payee", "the clinic"),
        FormField("reference", number_label, ""),
    ]
    if kind == "eob":
        items.append(FormField("network", "Processed as", kind="select",
                               options=tuple((label, value) for value, label in mn.NETWORKS), blank="Not stated"))
    items += [Section(LINES_NOTE), FormField("lines", "Service lines", kind="text"), Section("Amounts (dollars)")]
    items += [FormField(name, label, "e.g. 450.00") for name, label in mn.AMOUNTS[kind]]
    items.append(FormField("notes", "Notes", kind="text"))
    return items


def new_values(kind: str, case: Case) -> dict[str, str]:
    values = mf.entry_values(None, kind, payee=case.provider.clinic)
    covered = {sid for e in case.money.entries if e.kind == kind for sid in e.session_ids}
    open_sessions = [s for s in case.journal.sessions if s.id not in covered]
    if not open_sessions:
        return values
    session = open_sessions[-1]
    values |= {"date_of_service": session.on.isoformat(), "on": session.on.isoformat() if kind != "eob" else "",
               "sessions": session.id}
    invoice = next((e for e in reversed(case.money.entries) if e.kind == "invoice" and session.id in e.session_ids),
                   None)
    if kind == "receipt" and invoice is not None and invoice.lines:  # the clinic's own lines and charges
        values["lines"] = "\n".join(line.text() for line in invoice.lines)
        values["payee"] = invoice.payee or values.get("payee", "")
    elif kind in ("invoice", "receipt"):
        medicare = case.plan.plan_type in (PlanType.MEDICARE, PlanType.MEDICARE_ADVANTAGE)
        lines, _ = coding.suggested_lines(session, medicare=medicare)
        values["lines"] = "\n".join(f"{line.text()} " for line in lines)  # the charge goes after the units
    if kind == "eob":
        values["network"] = case.benefits.network_status
    return values


class MoneyFormScreen(ChecksFormScreen):
    def __init__(self, case: Case, kind: str, original: mn.MoneyEntry | None = None):
        self.case, self.kind, self.original = case, kind, original
        values = mf.entry_values(original) if original else new_values(kind, case)
        verb = "Edit" if original else "New"
        super().__init__(f"{verb} {mn.KIND_LABELS[kind].lower() if kind != 'eob' else 'EOB'} · {case.patient.name}",
                         money_items(kind, case), values, validate=self._validate, save=self._save,
                         focus="date_of_service")  # every form starts at its first field

    def _validate(self, values: dict[str, str]) -> mn.MoneyEntry:
        return mf.entry_from_form(self.kind, values, session_ids={s.id for s in self.case.journal.sessions},
                                  original=self.original)

    def _save(self, entry: mn.MoneyEntry) -> bool:
        def change(case: Case) -> None:
            if self.original is not None:
                case.money.find(entry.id)  # KeyError: deleted elsewhere
            known = {s.id for s in case.journal.sessions}
            entry.session_ids = [sid for sid in entry.session_ids if sid in known]
            mn.record_entry(case.money, entry)

        saved = save_case_change(self.app, self.case.id, change,
                                 gone="The entry was deleted in another session; copy what you typed.")
        if saved is not None:
            self.notify(f"{entry.kind_label} of {entry.date_of_service} saved: {entry.headline_amount()}.",
                        timeout=4)
        return saved is not None
