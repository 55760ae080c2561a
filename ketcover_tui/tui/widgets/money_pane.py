"""The Money tab: invoices, receipts and EOBs, their totals, and what EOBs say about the deductible.

n adds a document (invoice, receipt or EOB), enter edits, delete removes, b
makes a superbill (checked first, then PDF), d edits the superbill's billing
details, u copies the deductible and out-of-pocket amounts the EOBs add up to
into the Plan tab (after showing what would change).

The plan's "met so far" values stay the user's: the insurer's own total also
counts claims from other providers that are not recorded here, so EOB sums are
shown next to them and copied only when the user chooses.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets.option_list import Option

from ...domain import money as mn
from ...domain.case import Case
from ...domain.fields import format_money, one_line
from ..case_updates import save_case_change
from ..literal import OptionList, Static

KIND_MARK = {"invoice": "INV", "receipt": "RCT", "eob": "EOB"}


def entry_prompt(e: mn.MoneyEntry) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{e.date_of_service} ", style="bold")
    text.append(f"{KIND_MARK[e.kind]} ", style="reverse" if e.kind == "eob" else "bold")
    text.append(f"{e.headline_amount()}")
    codes = " ".join(dict.fromkeys(line.code for line in e.lines))
    if codes:
        text.append(f"  {codes}", style="dim")
    if e.reference:
        text.append(f"  {e.reference}", style="dim")
    return text


def entry_detail(e: mn.MoneyEntry, case: Case) -> Text:
    text = Text()
    head = [f"{e.kind_label}", e.payee or "payee not noted", e.reference or "no number"]
    if e.on:
        head.append(f"dated {e.on}")
    if e.kind == "eob":
        head.append({"in": "in network", "out": "out of network"}.get(e.network, "network not stated"))
    text.append(" · ".join(head) + "\n", style="bold")
    amounts = [f"{label.split(' (')[0]} {format_money(getattr(e, name))}" for name, label in mn.AMOUNTS[e.kind]
               if getattr(e, name) is not None]
    if amounts:
        text.append(" · ".join(amounts) + "\n")
    if e.lines:
        text.append("Lines: " + "; ".join(line.text() for line in e.lines) + "\n")
    sessions = [s for s in case.journal.sessions if s.id in e.session_ids]
    if sessions:
        text.append("Sessions: " + ", ".join(str(s.on) for s in sessions) + "\n", style="dim")
    if e.notes:
        text.append("Notes: " + one_line(e.notes, 200) + "\n", style="dim")
    return text


def totals_text(case: Case) -> Text:
    """Three short lines (80 columns): invoices and receipts, EOBs, and the plan's accumulators."""
    t = mn.totals(case.money)
    counts = dict(t.counts)
    text = Text(no_wrap=True, overflow="ellipsis")

    def pair(label: str, value, sep: str = " · ") -> None:
        text.append(f"{label} ", style="dim")
        text.append(format_money(value), style="bold")
        text.append(sep, style="dim")

    pair("Billed", t.billed)
    pair("you paid", t.paid_by_you)
    pair("your net cost", t.net_cost, "\n")
    text.append(f"EOBs {counts['eob']}: ", style="dim")
    pair("allowed", t.allowed)
    pair("plan paid", t.paid_by_plan)
    progress = mn.eob_progress(case.money, case.benefits)
    if any(p.eobs for p in progress):  # the deductible shows on its own line below
        pair("to you", t.reimbursed, "")
    else:
        pair("to you", t.reimbursed)
        pair("deductible", t.deductible, "")
    for p in progress:
        if not p.eobs:
            continue
        name = p.label.replace("-network, individual", "-net").replace("Out-of-pocket", "Out-of-pocket")
        text.append(f"\n{name} met: plan tab {format_money(p.plan_met)}", style="dim")
        if p.limit is not None:
            text.append(f"/{format_money(p.limit)}", style="dim")
        text.append(f" · EOBs {format_money(p.from_eobs)}", style="bold" if p.differs else "dim")
        if p.differs:
            text.append(" (u)", style="dim")
    return text


class MoneyPane(Vertical):
    BINDINGS = [
        Binding("n", "new", "New", id="money.new"),
        Binding("b", "superbill", "Superbill", id="money.superbill"),
        Binding("d", "details", "Billing details", id="money.details"),
        Binding("u", "update_plan", "EOBs → plan", id="money.update"),
        Binding("delete", "delete", "Delete", show=False, id="money.delete"),
    ]

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case
        self.shown: list[mn.MoneyEntry] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="money-totals")
        yield OptionList(id="money-list")
        with VerticalScroll(id="money-detail-box"):
            yield Static("", id="money-detail")

    def on_mount(self) -> None:
        self._fill(keep=None)

    def on_show(self) -> None:
        self.query_one("#money-list", OptionList).focus()

    # --- drawing ---------------------------------------------------------------------------

    @property
    def current(self) -> mn.MoneyEntry | None:
        listing = self.query_one("#money-list", OptionList)
        if listing.highlighted is None or not self.shown:
            return None
        return self.shown[listing.highlighted] if listing.highlighted < len(self.shown) else None

    def _fill(self, keep: str | None) -> None:
        self.shown = list(reversed(self.case.money.entries))
        listing = self.query_one("#money-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(entry_prompt(e), id=e.id) for e in self.shown])
        if self.shown:
            listing.highlighted = next((n for n, e in enumerate(self.shown) if e.id == keep), 0)
        self.query_one("#money-totals", Static).update(totals_text(self.case))
        self._detail()

    def _detail(self) -> None:
        detail = self.query_one("#money-detail", Static)
        entry = self.current
        if entry is None:
            detail.update("No invoices, receipts or EOBs yet. Press n to add one: keep every receipt, it is what "
                          "gets you reimbursed. b makes a superbill from the journal's sessions.")
        else:
            detail.update(entry_detail(entry, self.case))

    def show_case(self, case: Case) -> None:
        current = self.current
        self.case = case
        self._fill(keep=current.id if current else None)

    @on(OptionList.OptionHighlighted, "#money-list")
    def _highlighted(self) -> None:
        self._detail()

    @on(OptionList.OptionSelected, "#money-list")
    def _selected(self) -> None:
        if (entry := self.current) is not None:
            self._form(entry.kind, entry)

    # --- actions ----------------------------------------------------------------------------

    def _form(self, kind: str, original: mn.MoneyEntry | None = None) -> None:
        from ..screens.money_form import MoneyFormScreen

        def saved(entry) -> None:
            if entry is not None:
                self._fill(keep=entry.id)

        self.app.push_screen(MoneyFormScreen(self.case, kind, original), saved)

    def action_new(self) -> None:
        from ..screens.pick import PickScreen

        options = [("receipt", "Receipt · what you paid (keep every one)"),
                   ("invoice", "Invoice · what the clinic billed"),
                   ("eob", "EOB · what the plan allowed, paid, reimbursed, applied to the deductible")]

        def chosen(kind: str | None) -> None:
            if kind:
                self._form(kind)

        self.app.push_screen(PickScreen("Add which document?", options), chosen)

    def action_delete(self) -> None:
        from ..screens.confirm import ConfirmScreen

        entry = self.current
        if entry is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                save_case_change(self.app, self.case.id, lambda case: mn.delete_entry(case.money, entry.id))

        self.app.push_screen(ConfirmScreen(f"Delete the {entry.kind_label.lower()} of {entry.date_of_service}?",
                                           "Delete only an entry made by mistake: receipts and EOBs are evidence.",
                                           yes="Delete", no="Keep"), answered)

    def action_details(self) -> None:
        self.edit_details(self.case)

    def edit_details(self, case: Case, done=None) -> None:
        from ...domain import superbill as sbl
        from ..screens.spec_form import FormField, Section, SpecFormScreen
        from ...domain.coding import PLACES_OF_SERVICE

        items = [
            Section("Patient"), FormField("patient_address", "Patient address", "street, city, state ZIP"),
            FormField("patient_sex", "Sex", kind="select", options=(("Female", "F"), ("Male", "M"))),
            FormField("insured_relationship", "To the insured", kind="select",
                      options=(("Self", "self"), ("Spouse", "spouse"), ("Child", "child"), ("Other", "other"))),
            FormField("insured_name", "Insured's name", "the policyholder, if not the patient"),
            Section("Rendering provider (the clinician)"),
            FormField("clinician", "Name, credentials", "e.g. Dana Reyes, MD"),
            FormField("signer", "Signed by", "printed under the signature; empty = the clinician"),
            FormField("rendering_npi", "NPI (Type 1)",
                      f"10 digits, starts with 1 (case's: {case.provider.npi or '—'})"),
            FormField("license", "License number", ""), FormField("license_state", "License state", "e.g. CA"),
            Section(f"Practice: {case.provider.clinic or 'clinic not set'} (its name and tax id are on the case form)"),
            FormField("group_npi", "Group NPI (Type 2)", "optional, starts with 2"),
            FormField("practice_address", "Address", "the physical location"),
            FormField("phone", "Phone", ""),
            FormField("place_of_service", "Place of service", kind="select",
                      options=tuple((f"{code} {label}", code) for code, label in PLACES_OF_SERVICE.items())),
            Section("Drug for J3490 (ketamine has no J-code of its own)"),
            FormField("drug_name", "Drug name, strength", "e.g. Ketamine HCl 50 mg/mL"),
            FormField("ndc", "NDC", "11 digits 5-4-2, from the vial"),
        ]
        saved_case: list[Case] = []

        def save(details) -> bool:
            result = save_case_change(self.app, case.id, lambda c: setattr(c.money, "billing", details))
            if result is not None:
                saved_case.append(result)
            return result is not None

        def closed(details) -> None:
            if done is not None:
                done(saved_case[-1] if saved_case else None)

        self.app.push_screen(SpecFormScreen(
            f"Billing details for superbills · {case.patient.name}", items, sbl.billing_values(case.money.billing),
            validate=sbl.billing_from_form, save=save,
            note="What a superbill needs beyond the case (reference notes §3.3). Empty fields are fine here; "
                 "the superbill check says which it needs."), closed)

    def action_superbill(self) -> None:
        from ...domain import superbill as sbl
        from ...documents.superbill import superbill_document
        from ..screens.document_export import DocumentExportScreen

        def check(case: Case, start, end):
            bill = sbl.build(case, start, end)
            dates = len(bill.dates())
            summary = (f"{len(bill.lines)} line{'s' if len(bill.lines) != 1 else ''} on {dates} date"
                       f"{'s' if dates != 1 else ''} of service · charges {format_money(bill.total_charges)} · "
                       f"paid {format_money(bill.amount_paid)}")
            if bill.notes:  # how codes were suggested for sessions without an invoice or receipt
                summary += "\n" + "\n".join(f"· {note}" for note in bill.notes[:3])
            return summary, sbl.check(bill, case)

        self.app.push_screen(DocumentExportScreen(
            self.case, "superbill", f"Superbill · {self.case.patient.name}",
            build=lambda case, start, end: superbill_document(sbl.build(case, start, end)),
            check=check, details=self.edit_details, edit_case=True, dates=sbl.billed_span(self.case) or (None, None),
            formats=("pdf", "md", "json")))

    def action_update_plan(self) -> None:
        from ...domain import benefit_changes as bc
        from ...domain.fields import InvalidFields
        from ..screens.confirm import ConfirmScreen

        progress = [p for p in mn.eob_progress(self.case.money, self.case.benefits) if p.differs]
        if not progress:
            self.notify("The Plan tab already matches what the EOBs here add up to (or there are no EOBs).",
                        timeout=5)
            return
        lines = "\n".join(f"{p.label}: {format_money(p.plan_met)} → {format_money(p.from_eobs)}" for p in progress)

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def change(case: Case) -> None:
                updates = mn.plan_updates(mn.eob_progress(case.money, case.benefits))
                case.benefits, _ = bc.benefits_from_form(case.benefits, updates)

            try:
                saved = save_case_change(self.app, self.case.id, change)
            except InvalidFields as exc:
                self.notify("; ".join(exc.errors.values()), title="Plan not changed", severity="error", timeout=10)
                return
            if saved is not None:
                self.notify(lines, title="Plan updated from EOBs", timeout=8)

        self.app.push_screen(ConfirmScreen(
            "Copy the EOB totals into the plan's “met so far”?",
            f"{lines}\n\nOnly the EOBs recorded here are counted; the insurer's own total may be higher (other "
            "providers' claims). The values lose any “confirmed on call” mark.", yes="Copy", no="Cancel"), answered)
