"""The Plan tab: the plan's facts as the SBC states them, how much is met, what the plan type means, and
where appeals go and the insurer's medical policies (from the insurer directory).

enter edits (the form opens at the highlighted fact), c marks the highlighted
value as confirmed on one of the case's calls, a adds an exclusion.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets.option_list import Option

from ...domain import benefits as bf
from ...domain import benefit_changes as bc
from ...domain import benefit_guidance as bg
from ...domain import providers as pv
from ...domain.case import Case
from ...domain.fields import InvalidFields, format_money
from ..case_updates import save_case_change
from ..literal import OptionList
from .directory_text import directory_texts

LABEL_W = 28
GROUPS = ("Plan", "Plan year", "Deductible", "Out-of-pocket max", "Cost sharing", "Coverage", "Claims")


def fact_prompt(b: bf.Benefits, spec: bf.FactSpec, implied: str = "") -> Text:
    """One plan fact; ``implied``: what the case says when the fact itself is not recorded."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"  {spec.short_label:<{LABEL_W}} ", style="dim" if getattr(b, spec.key) in (None, "") else "")
    value = bf.format_fact(b, spec.key)
    if implied and getattr(b, spec.key) in (None, ""):
        text.append(implied)
        return text
    text.append(value, style="bold" if value not in ("—", "not known") else "dim")
    if (confirmation := b.confirmed.get(spec.key)) is not None:
        text.append(f"  ✓ call {confirmation.reference or confirmation.on}", style="green")
    return text


def bar_prompt(acc: bg.Accumulator) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"  {acc.scope:<{LABEL_W}} ", style="dim")
    text.append(bg.progress_bar(acc.fraction, 12), style="bold")
    if acc.met is None:
        text.append(f"  met: not known, of {format_money(acc.limit)}", style="dim")
    else:
        percent = f" {acc.fraction:.0%}" if acc.fraction is not None else ""
        text.append(f"  {format_money(acc.met)} of {format_money(acc.limit)}{percent}")
    return text


def benefits_form_items() -> list:
    from ..screens.spec_form import FormField, FormRow, Section

    def field(key: str, label: str | None = None) -> FormField:
        spec = bf.FACT_BY_KEY[key]
        if spec.kind == "choice":
            return FormField(key, label or spec.label, kind="select", options=tuple((l, v) for v, l in spec.options))
        if spec.kind == "yesno":
            return FormField(key, label or spec.label, kind="select", options=(("Yes", "yes"), ("No", "no")))
        return FormField(key, label or spec.label, spec.placeholder)

    items: list = [Section("Plan"), field("funding"), field("sbc_source"), field("plan_year_start"),
                   field("plan_year_end")]
    for prefix, name in (("ded", "Deductible"), ("oop", "Out-of-pocket maximum")):
        items.append(Section(f"{name}: the amount, and how much is met so far"))
        for net, net_label in (("in", "In-network"), ("out", "Out-of-network")):
            for tier, tier_label in (("ind", "individual"), ("fam", "family")):
                key = f"{prefix}_{net}_{tier}"
                items.append(FormRow(f"{net_label}, {tier_label}",
                                     (field(key, "amount"), field(f"{key}_met", "met"))))
    items += [Section("Cost sharing"), field("coinsurance_in"), field("coinsurance_out"), field("copay_in"),
              field("copay_out"), Section("Coverage"), field("network_status"), field("covered_in_network"),
              field("covered_out_network"), field("prior_auth_required"), field("prior_auth_codes"),
              field("prior_auth_how"), field("benefit_type"), Section("Claims"), field("timely_filing"),
              field("claims_submission"), field("gap_exception")]
    return items


class PlanPane(Vertical):
    BINDINGS = [
        Binding("c", "confirm", "Confirm", id="plan.confirm"),
        Binding("a", "add_exclusion", "Exclusion", id="plan.exclusion"),
        Binding("enter", "edit", "Edit", show=False, id="plan.edit"),
        Binding("delete", "remove_exclusion", "Remove exclusion", show=False, id="plan.remove"),
    ]

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case

    def compose(self) -> ComposeResult:
        yield OptionList(*self._options(), id="plan-list")

    def on_show(self) -> None:
        self.query_one("#plan-list", OptionList).focus()

    def on_mount(self) -> None:
        plan_list = self.query_one("#plan-list", OptionList)
        plan_list.highlighted = next((n for n, o in enumerate(plan_list.options) if not o.disabled), None)

    # --- drawing -----------------------------------------------------------------------

    def _options(self) -> list[Option]:
        b = self.case.benefits
        options: list[Option] = []

        def heading(title: str) -> None:
            options.append(Option(Text(title, style="bold"), disabled=True))

        for group in GROUPS:
            heading({"Out-of-pocket max": "Out-of-pocket maximum"}.get(group, group))
            if group in ("Deductible", "Out-of-pocket max"):
                prefix = "ded" if group == "Deductible" else "oop"
                for acc in bg.accumulators(b):
                    if acc.label.startswith("Deductible" if prefix == "ded" else "Out-of-pocket"):  # bars first
                        options.append(Option(bar_prompt(acc), disabled=True))
            for spec in bf.FACTS:
                if spec.group == group:
                    options.append(Option(fact_prompt(b, spec, self._implied(spec.key)), id=f"fact:{spec.key}"))
                    if spec.key == "network_status" and (conflict := pv.network_conflict(self.case)):
                        options.append(Option(Text(f"  ⚠ {conflict}", style="yellow"), disabled=True))
            if group == "Plan":
                options += self._regulator_options()
        options += self._sbc_row_options()
        heading("Where appeals go, and the insurer's medical policies")
        options += [Option(text, disabled=True) for text in directory_texts(self.case)]
        heading(f"Exclusions ({len(b.exclusions)})  a adds one: the plan's exact words and where they are")
        for n, exclusion in enumerate(b.exclusions):
            text = Text()
            text.append(f"  “{exclusion.text}”")
            text.append(f"\n    {exclusion.where or 'where: not noted'}", style="dim")
            options.append(Option(text, id=f"excl:{n}"))
        return options

    def _implied(self, key: str) -> str:
        """The plan's funding, when only its plan type says it (the regulator note below says the same)."""
        if key != "funding":
            return ""
        funding, why = bg.effective_funding(self.case.benefits, self.case.plan.plan_type)
        return f"{dict(bf.FUNDING_OPTIONS)[funding]} (from the plan type)" if why == "from the plan type" else ""

    def _sbc_row_options(self) -> list[Option]:
        """The SBC's cost-sharing rows as printed (read from it on the Documents tab), each with its page and line."""
        b = self.case.benefits
        if not b.sbc_rows:
            return []
        title = Text(f"What you pay for these services, as the SBC prints it ({len(b.sbc_rows)})", style="bold")
        if b.sbc_source:
            title.append(f"  {b.sbc_source}", style="dim")
        options = [Option(title, disabled=True)]
        from .hanging import hanging_row

        for n, row in enumerate(b.sbc_rows):
            text = Text()
            text.append(f"{row.title}: ", style="bold")
            text.append(f"in network {row.network or '—'}; out of network {row.out_network or '—'}")
            if row.note and row.note.strip().lower() != "none":  # the SBC prints "None" for no limitation
                text.append(f"\n  {row.note}")
            where = ", ".join(x for x in (row.where, f"line {row.line}" if row.line else "") if x)
            text.append(f"\n  {where or 'where: not noted'}", style="dim")
            options.append(Option(hanging_row("  ", text), id=f"sbc:{n}"))  # wraps under its text
        return options

    def _regulator_options(self) -> list[Option]:
        b, plan_type = self.case.benefits, self.case.plan.plan_type
        funding, why = bg.effective_funding(b, plan_type)
        note = bg.regulator_note(b, plan_type)
        if note is None:
            text = Text("  Whether the plan is fully insured or self-funded decides which rules and regulators "
                        "apply: ask the insurer or the employer's benefits office.", style="italic")
            return [Option(text, disabled=True)]
        text = Text()
        prefix = "  (from the plan type) " if why == "from the plan type" else "  "
        text.append(prefix + note.text, style="italic")
        text.append(f"\n  Source: {note.source} (as of {note.as_of})", style="dim")
        return [Option(text, disabled=True)]

    def show_case(self, case: Case) -> None:
        self.case = case
        plan_list = self.query_one("#plan-list", OptionList)
        keep = plan_list.highlighted
        options = plan_list.options
        current = options[keep].id if keep is not None and keep < len(options) else None
        plan_list.clear_options()
        plan_list.add_options(self._options())
        ids = [o.id for o in plan_list.options]
        plan_list.highlighted = ids.index(current) if current in ids else min(keep or 0, len(ids) - 1)

    @property
    def current_id(self) -> str | None:
        plan_list = self.query_one("#plan-list", OptionList)
        if plan_list.highlighted is None:
            return None
        return plan_list.get_option_at_index(plan_list.highlighted).id

    # --- actions -----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#plan-list")
    def _selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        current = self.current_id or ""
        if current.startswith("excl:"):
            self._edit_exclusion(int(current[5:]))
            return
        if current.startswith("sbc:"):
            self.notify("This row is the SBC's own words: add a newer SBC on the Documents tab (0, a) to change it.",
                        timeout=5, markup=False)
            return
        self._edit_benefits(current.removeprefix("fact:") or None)

    def _edit_benefits(self, focus: str | None) -> None:
        from ..screens.spec_form import SpecFormScreen

        old = self.case.benefits
        initial = {spec.key: bf.input_text(old, spec.key) for spec in bf.FACTS}
        typed: dict[str, str] = {}

        def validate(values: dict[str, str]):
            typed.clear()
            typed.update(values)
            return bc.benefits_from_form(old, values)

        def save(result) -> bool:
            _, changes = result
            if not changes:
                return True
            mine = {c.key: typed[c.key] for c in changes}

            def change(case: Case) -> None:  # only what was changed here, onto what is on disk now
                case.benefits, _ = bc.benefits_from_form(case.benefits, mine)

            return save_case_change(self.app, self.case.id, change) is not None

        def done(result) -> None:
            if result and result[1]:
                self.notify("\n".join(c.line() for c in result[1][:6]), title="Plan saved", timeout=6)

        self.app.push_screen(SpecFormScreen(
            f"Plan and benefits · {self.case.patient.name}", benefits_form_items(), initial,
            validate=validate, save=save, focus=focus,
            note="As the Summary of Benefits and Coverage (SBC) states them. Amounts in dollars; a value "
                 "you change here is no longer marked as confirmed on a call."), done)

    def action_confirm(self) -> None:
        from ..screens.pick import PickScreen

        current = self.current_id or ""
        if not current.startswith("fact:"):
            self.notify("Highlight a plan fact first (exclusions carry where they were found).", timeout=4)
            return
        key = current[5:]
        if not self.case.calls:
            self.notify("No calls yet: log the call first (Calls tab, n), then mark values it confirmed.",
                        timeout=6)
            return
        calls = list(reversed(self.case.calls))
        options = [(c.id, f"{c.when()} · Ref {c.reference or '—'} · {c.department or c.number or 'call'}")
                   for c in calls]
        options.append(("-", "Not confirmed (remove the mark)"))
        existing = self.case.benefits.confirmed.get(key)

        def chosen(call_id: str | None) -> None:
            if call_id is None:
                return
            call = next((c for c in calls if c.id == call_id), None)
            conf = bf.Confirmation(call.id, call.reference, call.day.isoformat()) if call else None
            save_case_change(self.app, self.case.id, lambda case: bc.confirm(case.benefits, key, conf))

        self.app.push_screen(PickScreen(f"{bf.FACT_BY_KEY[key].label}: confirmed on which call?", options,
                                        selected=existing.call_id if existing else calls[0].id), chosen)

    def _exclusion_form(self, title: str, values: dict[str, str], save) -> None:
        from ..screens.spec_form import FormField, SpecFormScreen

        def validate(v: dict[str, str]) -> bf.Exclusion:
            if not v["text"].strip():
                raise InvalidFields({"text": "Paste or type the plan's exact words"})
            return bf.Exclusion(v["text"].strip(), v["where"].strip())

        self.app.push_screen(SpecFormScreen(title, [
            FormField("text", "Exact words", kind="text"),
            FormField("where", "Where found", "document, page, section (e.g. SBC p. 3)"),
        ], values, validate=validate, save=save))

    def action_add_exclusion(self) -> None:
        def save(exclusion: bf.Exclusion) -> bool:
            return save_case_change(self.app, self.case.id,
                                    lambda case: case.benefits.exclusions.append(exclusion)) is not None

        self._exclusion_form("Add an exclusion", {"text": "", "where": ""}, save)

    def _edit_exclusion(self, index: int) -> None:
        old = self.case.benefits.exclusions[index]

        def save(exclusion: bf.Exclusion) -> bool:
            def change(case: Case) -> None:
                position = case.benefits.exclusions.index(old)  # ValueError: changed elsewhere
                case.benefits.exclusions[position] = exclusion

            try:
                return save_case_change(self.app, self.case.id, change) is not None
            except ValueError:
                self.notify("That exclusion was changed in another session; nothing was saved.", severity="warning")
                return False

        self._exclusion_form("Edit the exclusion", {"text": old.text, "where": old.where}, save)

    def action_remove_exclusion(self) -> None:
        from ..screens.confirm import ConfirmScreen

        current = self.current_id or ""
        if not current.startswith("excl:"):
            return
        old = self.case.benefits.exclusions[int(current[5:])]

        def answered(yes: bool | None) -> None:
            if yes:
                def change(case: Case) -> None:
                    if old in case.benefits.exclusions:
                        case.benefits.exclusions.remove(old)

                save_case_change(self.app, self.case.id, change)

        self.app.push_screen(ConfirmScreen("Remove this exclusion?", f"“{old.text[:200]}”", yes="Remove",
                                           no="Keep"), answered)
