"""Review what a denial letter, an SBC or an EOB file gave, line by line, beside its source, before anything is saved.

Every field (or, for an EOB file, every claim) is a ticked line: the value, then
the document's own words and where they are (shown literally, never as markup).
space unticks what is wrong; ctrl+s saves only what stays ticked, with the file,
in one save; esc saves nothing. A denial asks the day the letter arrived; EOBs
with denied lines ask the notice date too, from which the deadlines count.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from ..literal import Input, Label, SelectionList, Static, keys_hint
from ..widgets.tick_list import TickList

from ...domain.case import Case


@dataclass
class Review:
    title: str
    proposals: list  # intake.proposals.Proposal
    save: Callable[[list, dict], str]  # (ticked items, {date id: text}) -> what was saved; raises to refuse
    dates: tuple = ()  # (id, label, placeholder) of each date asked
    note: str = ""  # what the list leaves out, shown under it


RECEIVED = ("received", "Arrived on", "YYYY-MM-DD (employer and ACA plans count from it)")


def proposal_prompt(proposal) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{proposal.label}: ", style="bold")
    if proposal.old not in ("", "—", "not known"):
        text.append(f"{proposal.old} → ")
    text.append(proposal.new)
    return text


def proposal_source(proposal) -> Text:
    """The highlighted field in full, beside the document's own words and where they are."""
    text = Text()
    text.append(f"{proposal.label}: ", style="bold")
    if proposal.old not in ("", "—", "not known"):
        text.append(f"{proposal.old} → ")
    text.append(proposal.new + "\n")
    text.append(f"{proposal.cite}: ", style="bold")
    text.append(f"“{proposal.quote}”")
    return text


def _checked(name: str, data: bytes, **record):
    from ...store.attachments import check_bytes

    checked = check_bytes(data, name, text=True)
    return replace(checked, record=replace(checked.record, **record))


def denial_review(store, case: Case, name: str, data: bytes, source) -> Review | str:
    from ...intake.denial_letter import read_denial
    from ...intake.proposals import denial_proposals, denial_record, only, other_member, same_denial, taken_lines
    from ...store import current_user_name
    from ...store.attachments import DocumentVault

    from ...intake.sbc import looks_like_sbc

    if looks_like_sbc(source):
        return f"{name} reads as a Summary of Benefits and Coverage: choose \"SBC\" instead; nothing was added"
    reading = read_denial(source)
    if not reading.fields:
        return f"{name}: nothing a denial letter carries was found in its text; nothing was added"

    def save(items: list, dates: dict) -> str:
        chosen = only(reading, items)
        denial = denial_record(chosen, set(), received=dates["received"])
        if same_denial(store.load(case.id), denial):
            raise ValueError(f"the denial of {denial.notice_date} ({denial.reference}) is already on the Appeals tab")
        dated = denial.notice_date.isoformat() if denial.notice_date else ""
        checked = _checked(name, data, label="denial letter", dated=dated, taken=taken_lines(chosen, set()),
                           filled=(f"denial:{denial.id}",))
        DocumentVault(store).add(case.id, checked, by=current_user_name(),
                                       also=lambda kept, _record: kept.appeals.denials.append(denial))
        return f"Added the denial and kept {name} with the case."

    return Review(f"Denial letter {name}: tick what is right", denial_proposals(reading, set()), save,
                  dates=(RECEIVED,), note=other_member(reading, case))


def sbc_review(store, case: Case, name: str, data: bytes, source) -> Review | str:
    from ...intake.proposals import apply_sbc, only, other_insurer, sbc_proposals, taken_lines
    from ...intake.sbc import looks_like_sbc, read_sbc
    from ...store import current_user_name
    from ...store.attachments import DocumentVault

    if not looks_like_sbc(source):
        return f"{name} does not read as a Summary of Benefits and Coverage; nothing was added"
    reading = read_sbc(source)

    def save(items: list, _dates: dict) -> str:
        chosen = only(reading, items)
        checked = _checked(name, data, label="SBC", taken=taken_lines(chosen, set()), filled=("plan",))

        def set_plan(kept, _record) -> None:
            kept.benefits = apply_sbc(kept.benefits, chosen, set(), document=f"SBC ({name})")

        DocumentVault(store).add(case.id, checked, by=current_user_name(), also=set_plan)
        return f"Updated the plan from the SBC and kept {name} with the case."

    return Review(f"SBC {name}: the plan as it is → as the SBC says", sbc_proposals(case.benefits, reading, set()),
                  save, note=other_insurer(source.text, case))


EOB_DATES = (("notice", "Notice date", "YYYY-MM-DD printed on the EOB (never the check date)"),
             ("received", "Arrived on", "YYYY-MM-DD, the day it reached the patient"))


_DETAIL_LABELS = {"date_of_service": "date of service", "claim": "claim", "lines": "lines", "billed": "billed",
                  "allowed": "allowed", "paid_plan": "plan paid", "patient_share": "you owe",
                  "deductible": "deductible"}


def _detail(key: str, value) -> str:
    """One fact of a planned EOB change for a person: "lines 96365 x1 350.00, J3490 x1 150.00"."""
    if key == "sessions":
        return f"linked to {len(value)} session{'s' if len(value) != 1 else ''}" if value else "no session that day"
    label = _DETAIL_LABELS.get(key, key.replace("_", " "))
    if isinstance(value, list) and len(value) == 2 and key not in ("lines",):
        return f"{label} {value[0] or '—'} → {value[1] or '—'}"  # a change: before → after
    return f"{label} {', '.join(map(str, value)) if isinstance(value, list) else value}"


def eob_review(store, case: Case, name: str, data: bytes, progress=None) -> Review | str:
    """This patient's claims in an EOB file (FHIR or X12 835), one line each, as the Money tab would take them.

    ``progress(claims read so far)`` is called as the file is read (it may raise to stop the reading).
    """
    import io

    from ...intake.eob_changes import denied_adjustments, merge_claims
    from ...intake.eob_file import read_eob
    from ...intake.eob_match import Person, belongs
    from ...intake.proposals import Proposal
    from ...intake.source import IntakeError

    try:
        eob_file = read_eob(io.BufferedReader(io.BytesIO(data)), name, progress)
    except IntakeError as exc:
        return f"{exc}; nothing was added"
    person = Person(case.id, case.patient.name, case.plan.member_id)
    mine = [claim for claim in eob_file.claims if not belongs(claim, person)]
    if not mine:
        return (f"{name}: none of its {len(eob_file.claims)} claim(s) has this patient's member id and name; "
                "nothing was added")
    merged = merge_claims(store.load(case.id), mine, file_name=name)  # on a fresh copy: nothing is written
    refused = [n for n in merged.notes if "not imported" in n]
    proposals = []
    for claim in merged.accepted:
        outcomes = [o for o in merged.outcomes if o.source == claim.source]
        shown = "; ".join(f"{o.area} {o.action}: {o.summary}" for o in outcomes)
        details = "; ".join(_detail(key, value) for o in outcomes for key, value in o.details.items())
        if denied := denied_adjustments(claim):
            codes = ", ".join(dict.fromkeys(f"{a.group}-{a.reason}" for _, a in denied))
            shown += f"; denied ({codes}): recorded on the Appeals tab when both dates above are given"
        proposals.append(Proposal(claim.source, f"Claim {claim.claim_number}", "", shown, details or shown,
                                  claim.source, claim))
    others = len(eob_file.claims) - len(mine)
    note = "; ".join([*([f"{others} claim(s) of other patients are left out"] if others else []), *refused])

    def save(items: list, dates: dict) -> str:
        from ...domain.fields import parse_day
        from ...store import current_user_name
        from ...store.attachments import DocumentVault, check_data

        notice = parse_day(dates.get("notice", ""), label="Notice date")
        received = parse_day(dates.get("received", ""), label="Arrived on")
        if (notice is None) != (received is None):
            raise ValueError("give both the notice date and the day it arrived, or neither")
        chosen = [claim for claim in mine if any(claim is item for item in items)]
        if not chosen:
            raise ValueError("no claim is ticked")

        def change(kept, _record=None) -> None:
            merge_claims(kept, chosen, file_name=name, notice_date=notice, received=received)

        accepted = merge_claims(store.load(case.id), chosen, file_name=name).accepted
        if not accepted or eob_file.extractor is None:
            store.update(case.id, change)
            return f"Imported {len(chosen)} claim(s) from {name}."
        kind = "x12" if eob_file.format == "x12-835" else "fhir"
        extract = check_data(eob_file.extractor(accepted), f"eob-{Path(name).stem}", kind)
        extract = replace(extract, record=replace(extract.record, label="EOB"))  # listed as what it is
        DocumentVault(store).add(case.id, extract, by=current_user_name(), also=change)
        return f"Imported {len(chosen)} claim(s) from {name} and kept this patient's part of the file."

    asks = EOB_DATES if any(denied_adjustments(c) for c in merged.accepted) else ()
    return Review(f"EOBs in {name}: this patient's claims", proposals, save, dates=asks, note=note)


class ReviewScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="review.cancel"),
                Binding("ctrl+s", "save", "Save ticked", priority=True, id="review.save")]

    def __init__(self, review: Review):
        super().__init__()
        self.review = review

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="document-review-dialog"):
            yield Static(Text(self.review.title), classes="dialog-title")
            for date_id, label, placeholder in self.review.dates:
                with Horizontal(classes="export-row"):
                    yield Label(label, classes="export-label")
                    yield Input(placeholder=placeholder, id=f"review-{date_id}", compact=True)
            yield TickList(*[(proposal_prompt(p), n, True) for n, p in enumerate(self.review.proposals)],
                           id="review-fields")
            yield Static("", id="review-source")
            yield Static(Text("Nothing new to take from it: ctrl+s keeps the file." if not self.review.proposals
                              else self.review.note), id="review-status")
            yield Static(keys_hint(("space", "Tick/untick"), ("ctrl+s", "Save ticked"), ("esc", "Save nothing")),
                         classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#review-fields", SelectionList).focus()
        self._show_source()

    @on(SelectionList.SelectionHighlighted, "#review-fields")
    def _show_source(self) -> None:
        fields = self.query_one("#review-fields", SelectionList)
        n = fields.highlighted
        self.query_one("#review-source", Static).update(
            proposal_source(self.review.proposals[n]) if n is not None and self.review.proposals else Text(""))

    def action_save(self) -> None:
        from ...domain.fields import InvalidFields

        ticked = [self.review.proposals[n].item for n in self.query_one("#review-fields", SelectionList).selected]
        dates = {date_id: self.query_one(f"#review-{date_id}", Input).value.strip()
                 for date_id, _, _ in self.review.dates}
        try:
            message = self.review.save(ticked, dates)
        except InvalidFields as exc:
            self._status("✗ " + "; ".join(exc.errors.values()) + ". Nothing was saved.")
            return
        except ValueError as exc:
            self._status(f"✗ {exc}. Nothing was saved.")
            return
        except Exception as exc:  # noqa: BLE001  (a full disk, a held lock: a message, never a crash)
            from ..save_errors import save_problem

            self._status(f"✗ {save_problem(exc)[1]}")
            return
        self.app.notify(message, title="Saved", timeout=6, markup=False)
        self.dismiss(True)

    def _status(self, message: str) -> None:
        status = self.query_one("#review-status", Static)
        status.update(Text(message))
        status.set_class(True, "error")

    def action_cancel(self) -> None:
        self.dismiss(False)
