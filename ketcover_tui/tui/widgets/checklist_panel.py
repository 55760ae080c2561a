"""Checklists on a case: tick items with space, add a note with o.

Items come from plugins as data; this widget only draws them and reports ticks.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets.option_list import Option

from ...domain.case import ChecklistTick
from ...domain.checklists import Checklist, ChecklistItem, progress
from ..literal import OptionList, Static
from .hanging import hanging_row


class ChecklistPanel(Vertical):
    BINDINGS = [
        Binding("space", "toggle", "Tick", id="checklists.tick"),
        Binding("o", "note", "Note", id="checklists.note"),
    ]

    class Ticked(Message):
        def __init__(self, key: str, done: bool, note: str | None):
            self.key, self.done, self.note = key, done, note
            super().__init__()

    class NoteRequested(Message):
        def __init__(self, key: str, title: str, note: str):
            self.key, self.title, self.note = key, title, note
            super().__init__()

    def __init__(self, checklists: list[Checklist], ticks: dict[str, ChecklistTick], **kwargs):
        super().__init__(**kwargs)
        self.checklists = checklists
        self.ticks = ticks
        self._items: dict[str, tuple[Checklist, ChecklistItem]] = {
            c.item_key(i): (c, i) for c in checklists for i in c.items
        }

    def compose(self) -> ComposeResult:
        yield OptionList(*self._options(), id="checklist-items")
        yield Static("", id="checklist-detail")

    def on_mount(self) -> None:
        items = self.query_one(OptionList)
        first = next((n for n, o in enumerate(items.options) if not o.disabled), None)
        if first is not None:
            items.highlighted = first

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for checklist in self.checklists:
            options.append(Option(self._heading(checklist), id=f"heading:{checklist.id}", disabled=True))
            options += [Option(self._item_prompt(checklist, item), id=checklist.item_key(item))
                        for item in checklist.items]
        return options

    def _heading(self, checklist: Checklist) -> Text:
        done, total = progress(checklist, self.ticks)
        return Text.assemble((checklist.title, "bold"), f"  {done}/{total} done")

    def _item_prompt(self, checklist: Checklist, item: ChecklistItem) -> Table:
        tick = self.ticks.get(checklist.item_key(item))
        done = bool(tick and tick.done)
        box = Text("  ")
        box.append("[x] " if done else "[ ] ", style="bold" if done else "")
        text = Text(item.text, style="dim" if done else "")
        if tick and tick.note:
            text.append("  ✎", style="italic")
        return hanging_row(box, text)  # a long item wraps under its text, not under the box

    def update_ticks(self, ticks: dict[str, ChecklistTick]) -> None:
        """Redraw after a save (the case may also hold ticks made by someone else)."""
        self.ticks = ticks
        items = self.query_one(OptionList)
        for checklist in self.checklists:
            items.replace_option_prompt(f"heading:{checklist.id}", self._heading(checklist))
            for item in checklist.items:
                items.replace_option_prompt(checklist.item_key(item), self._item_prompt(checklist, item))
        self._show_detail(items.highlighted)

    @property
    def current_key(self) -> str | None:
        items = self.query_one(OptionList)
        if items.highlighted is None:
            return None
        option_id = items.get_option_at_index(items.highlighted).id
        return option_id if option_id in self._items else None

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option_index)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_toggle()

    def _show_detail(self, index: int | None) -> None:
        detail = self.query_one("#checklist-detail", Static)
        key = self.current_key
        if index is None or key is None:
            detail.update("")
            return
        checklist, item = self._items[key]
        text = Text()
        text.append(item.text + "\n", style="bold")
        if item.help:
            text.append(item.help + "\n")
        if item.source:
            text.append(f"Source: {item.source}" + (f" (as of {item.as_of})" if item.as_of else "") + "\n",
                        style="italic")
        tick = self.ticks.get(key)
        if tick and tick.note:
            text.append(f"Note: {tick.note}\n")
        if tick and tick.at:
            who = f" by {tick.by}" if tick.by else ""
            text.append(f"{'Ticked' if tick.done else 'Updated'} {tick.at[:16].replace('T', ' ')}{who}",
                        style="dim")
        text.append(f"\nFrom plugin: {checklist.plugin}" if checklist.plugin else "", style="dim")
        detail.update(text)

    def action_toggle(self) -> None:
        if (key := self.current_key) is not None:
            tick = self.ticks.get(key)
            self.post_message(self.Ticked(key, not (tick and tick.done), None))

    def action_note(self) -> None:
        if (key := self.current_key) is not None:
            tick = self.ticks.get(key)
            self.post_message(self.NoteRequested(key, self._items[key][1].text, tick.note if tick else ""))
