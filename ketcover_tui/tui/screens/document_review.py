"""Review what a denial letter or an SBC gave, field by field, beside its words, before anything is saved.

Every field is a ticked line: the value, then the document's own words and the
page and line they came from (shown literally, never as markup). space unticks
what is wrong; ctrl+s saves only what stays ticked, with the file, in one save;
esc saves nothing. A denial also asks the day the letter arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from ..literal import Input, Label, SelectionList, Static, keys_hint

from ...domain.case import Case


@dataclass
class Review:
    title: str
    proposals: list  # intake.proposals.Proposal
    save: Callable[[list, str], str]  # (ticked items, arrival day) -> what was saved; raises to refuse
    asks_received: bool = False


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
    from ...intake.proposals import denial_proposals, denial_record, only, same_denial, taken_lines
    from ...store import current_user_name
    from ...store.attachments import DocumentVault

    from ...intake.sbc import looks_like_sbc

    if looks_like_sbc(source):
        return f"{name} reads as a Summary of Benefits and Coverage: choose \"SBC\" instead; nothing was added"
    reading = read_denial(source)
    if not reading.fields:
        return f"{name}: nothing a denial letter carries was found in its text; nothing was added"

    def save(items: list, received: str) -> str:
        chosen = only(reading, items)
        denial = denial_record(chosen, set(), received=received)
        if same_denial(store.load(case.id), denial):
            raise ValueError(f"the denial of {denial.notice_date} ({denial.reference}) is already on the Appeals tab")
        dated = denial.notice_date.isoformat() if denial.notice_date else ""
        checked = _checked(name, data, label="denial letter", dated=dated, taken=taken_lines(chosen, set()),
                           filled=(f"denial:{denial.id}",))
        DocumentVault(store).add(case.id, checked, by=current_user_name(),
                                       also=lambda kept, _record: kept.appeals.denials.append(denial))
        return f"Added the denial and kept {name} with the case."

    return Review(f"Denial letter {name}: tick what is right", denial_proposals(reading, set()), save,
                  asks_received=True)


def sbc_review(store, case: Case, name: str, data: bytes, source) -> Review | str:
    from ...intake.proposals import apply_sbc, only, sbc_proposals, taken_lines
    from ...intake.sbc import looks_like_sbc, read_sbc
    from ...store import current_user_name
    from ...store.attachments import DocumentVault

    if not looks_like_sbc(source):
        return f"{name} does not read as a Summary of Benefits and Coverage; nothing was added"
    reading = read_sbc(source)

    def save(items: list, _received: str) -> str:
        chosen = only(reading, items)
        checked = _checked(name, data, label="SBC", taken=taken_lines(chosen, set()), filled=("plan",))

        def set_plan(kept, _record) -> None:
            kept.benefits = apply_sbc(kept.benefits, chosen, set(), document=f"SBC ({name})")

        DocumentVault(store).add(case.id, checked, by=current_user_name(), also=set_plan)
        return f"Updated the plan from the SBC and kept {name} with the case."

    return Review(f"SBC {name}: the plan as it is → as the SBC says", sbc_proposals(case.benefits, reading, set()),
                  save)


class ReviewScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="review.cancel"),
                Binding("ctrl+s", "save", "Save ticked", priority=True, id="review.save")]

    def __init__(self, review: Review):
        super().__init__()
        self.review = review

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="document-review-dialog"):
            yield Static(Text(self.review.title), classes="dialog-title")
            if self.review.asks_received:
                with Horizontal(classes="export-row"):
                    yield Label("Arrived on", classes="export-label")
                    yield Input(placeholder="YYYY-MM-DD (employer and ACA plans count from it)",
                                id="review-received", compact=True)
            yield SelectionList(*[(proposal_prompt(p), n, True) for n, p in enumerate(self.review.proposals)],
                                id="review-fields")
            yield Static("", id="review-source")
            yield Static(Text("Nothing new to take from it: ctrl+s keeps the file." if not self.review.proposals
                              else ""), id="review-status")
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
        received = self.query_one("#review-received", Input).value.strip() if self.review.asks_received else ""
        try:
            message = self.review.save(ticked, received)
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
