"""Due: open call follow-ups and appeal deadlines of every case, overdue first.

Built from the case summaries the home screen already holds (the index keeps
every open follow-up and deadline of each case), so it never opens a case file
and costs next to nothing at start-up, whatever the number of cases. It shows
the cases the home filter shows, grows with the terminal (30% of its
height; ctrl+p Maximize or F for all of it) and scrolls; nothing is cut.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from ...domain import clock
from ...domain import due
from ...domain.summary import CaseSummary
from ..literal import Static
from .due_list import DueList


FEW = 4  # option rows (headings included) that fit at 80×24 without taking the panel's whole share


class DuePanel(Vertical):
    ALLOW_MAXIMIZE = True  # ctrl+p Maximize on the list shows the whole panel, the list filling the screen
    MAXIMIZE_ALONE = True  # (the palette offers Maximize only for parts that read on their own)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._source: list | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="due-title")
        yield DueList(id="due-list")

    @property
    def items(self) -> list[due.DueItem]:
        return self.query_one(DueList).items

    @property
    def current(self) -> due.DueItem | None:
        return self.query_one(DueList).current

    def set_summaries(self, summaries: list[CaseSummary]) -> None:
        """Redraw from the home table's (filtered) summaries when their due items changed.

        The first time it is drawn just after the screen is painted, so the case list
        never waits for it at start-up; later changes are drawn at once.
        """
        signature = [(s.id, s.patient, s.follow_ups, s.deadlines) for s in summaries if s.follow_ups or s.deadlines]
        if signature == self._source:
            return
        first = self._source is None
        self._source = signature
        if first:
            self.call_after_refresh(self._draw, summaries, signature)
        else:
            self._draw(summaries, signature)

    def _draw(self, summaries: list[CaseSummary], signature: list) -> None:
        if signature is not self._source:
            return  # newer summaries arrived meanwhile
        items = due.collect(summaries)
        self.display = bool(items)
        if not items:
            return
        title = Text(due.title(items, clock.today()) + " · ")
        title.append("F", style="bold")
        title.append(" full screen")
        title.no_wrap, title.overflow = True, "ellipsis"
        self.query_one("#due-title", Static).update(title)
        listing = self.query_one(DueList)
        listing.show(items)
        self.set_class(listing.option_count <= FEW, "-few")  # a short list takes only its rows

    def focus_list(self) -> None:
        if self.items:
            self.query_one(DueList).focus()
