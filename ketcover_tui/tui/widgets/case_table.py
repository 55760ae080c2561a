"""The case list: a table that renders only the rows on screen.

A DataTable builds every row up front, so 5,000 cases cost about a second before
the first paint. This widget keeps plain summaries in a list and draws just the
visible lines (Textual's line API), so start-up, sorting and filtering as you
type stay fast whatever the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.summary import CaseSummary, fold
from ...domain.vocab import PlanType
from ..literal import Static, one_line


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    share: float  # of the width left after fixed columns; 0 = fixed width
    width: int = 0


COLUMNS = (
    Column("patient", "Patient", 0.28),
    Column("insurer", "Insurer", 0.22),
    Column("plan_type", "Plan type", 0.22),
    Column("stage", "Stage", 0.28),
    Column("updated", "Updated", 0, width=10),
)
GAP = 1


def column_widths(total: int) -> list[int]:
    fixed = sum(c.width for c in COLUMNS) + GAP * (len(COLUMNS) - 1)
    flexible = max(total - fixed, 20)
    widths = [c.width or max(6, int(flexible * c.share)) for c in COLUMNS]
    widths[0] += max(0, total - sum(widths) - GAP * (len(COLUMNS) - 1))
    return widths


SHORT_PLAN_LABELS = {t.label: t.short_label for t in PlanType}


def cell_text(summary: CaseSummary, key: str) -> str:
    value = getattr(summary, key)
    if key == "updated":
        return value[:10]
    if key == "plan_type":
        return SHORT_PLAN_LABELS.get(value, value)
    if key == "patient" and summary.demo:
        return f"{value} (demo)"
    return value


def fit(text: str, width: int) -> str:
    """Pad or cut ``text`` to ``width`` cells; a cut ends in '…' so it reads as cut."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class CaseTableHeader(Static):
    """Column titles with the sort arrow; kept in step with the table below it."""


class CaseTable(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="case_table.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="case_table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="case_table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="case_table.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="case_table.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="case_table.last"),
        Binding("enter", "select", "Open", id="case_table.open"),
        Binding("s", "sort_next", "Sort", id="case_table.sort"),
        Binding("r", "sort_reverse", "Reverse", show=False, id="case_table.reverse"),
    ]
    COMPONENT_CLASSES = {"case-table--cursor", "case-table--empty"}

    cursor = reactive(0, always_update=True, repaint=False)

    class Selected(Message):
        def __init__(self, case_id: str):
            self.case_id = case_id
            super().__init__()

    class Changed(Message):
        """The visible rows changed (filter, sort or data): shown vs total counts."""

        def __init__(self, shown: int, total: int, sort_title: str, descending: bool):
            self.shown, self.total = shown, total
            self.sort_title, self.descending = sort_title, descending
            super().__init__()

    def __init__(self, *, empty_text: str = "No cases yet.", **kwargs):
        super().__init__(**kwargs)
        self._all: list[CaseSummary] = []
        self.partial_total: int | None = None
        self._search: dict[str, str] | None = None  # built on the first filter: start-up never pays for it
        self.rows: list[CaseSummary] = []
        self.filter_text = ""
        self.sort_key = "updated"
        self.descending = True
        self.empty_text = empty_text
        self.version = 0  # bumped when the cases themselves change (not on filter or sort)

    # --- data -----------------------------------------------------------------------

    def set_summaries(self, summaries: list[CaseSummary], *, keep_cursor_on: str | None = None,
                      total: int | None = None) -> None:
        """``total``: these are only the newest of that many cases (the first screen at start-up)."""
        self._all = list(summaries)
        self.partial_total = total
        self.version += 1
        self._search = None
        self._refresh_rows(keep_cursor_on or self.current_id)

    def upsert(self, summary: CaseSummary) -> None:
        """Add or replace one case's row without rebuilding the whole list's search text."""
        index = next((n for n, s in enumerate(self._all) if s.id == summary.id), None)
        if index is None:
            self._all.append(summary)
        else:
            self._all[index] = summary
        if self._search is not None:
            self._search[summary.id] = summary.search_text
        self.version += 1
        self._refresh_rows(summary.id)

    def remove(self, case_id: str) -> None:
        index = self.cursor
        self.set_summaries([s for s in self._all if s.id != case_id])
        self.cursor = min(index, max(len(self.rows) - 1, 0))

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._refresh_rows(None)
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)

    def sort_by(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        self._refresh_rows(self.current_id)

    @property
    def total(self) -> int:
        return self.partial_total if self.partial_total is not None else len(self._all)

    @property
    def partial(self) -> bool:
        return self.partial_total is not None

    @property
    def current_id(self) -> str | None:
        return self.rows[self.cursor].id if 0 <= self.cursor < len(self.rows) else None

    def _refresh_rows(self, keep_id: str | None) -> None:
        needle = fold(self.filter_text.strip())
        if needle and self._search is None:
            self._search = {s.id: s.search_text for s in self._all}
        rows = [s for s in self._all if needle in self._search[s.id]] if needle else list(self._all)
        key = self.sort_key
        rows.sort(key=lambda s: getattr(s, key).casefold(), reverse=self.descending)
        self.rows = rows
        self.virtual_size = Size(self.content_width, self._height())
        if keep_id is not None:
            self.cursor = next((n for n, s in enumerate(rows) if s.id == keep_id), 0)
        else:
            self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self.refresh()
        title = next(c.title for c in COLUMNS if c.key == key)
        shown = len(rows) if not (self.partial and not needle) else self.total
        self.post_message(self.Changed(shown, self.total, title, self.descending))

    # --- drawing --------------------------------------------------------------------

    @property
    def content_width(self) -> int:
        """Width left for text once the scrollbar is drawn."""
        return self.scrollable_content_region.width

    def on_resize(self) -> None:
        self.virtual_size = Size(self.content_width, self._height())

    def _height(self) -> int:
        """Lines of the list; while only the first screen is known, already sized for every case."""
        return self.total if self.partial and not self.filter_text.strip() else len(self.rows)

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.content_width
        base = self.rich_style
        if not self.rows:
            if y == 0:
                text = self.empty_text if not self._all else one_line(f"No case matches “{self.filter_text}”.")
                style = base + self.get_component_rich_style("case-table--empty")
                return Strip([Segment(set_cell_size(" " + text, width), style)], width)
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        summary = self.rows[index]
        line = " " + (" " * GAP).join(fit(one_line(cell_text(summary, c.key)), w)
                                      for c, w in zip(COLUMNS, column_widths(width - 1)))
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("case-table--cursor")
        return Strip([Segment(set_cell_size(line, width), style)], width)

    def header_text(self, width: int) -> str:
        titles = []
        for column, w in zip(COLUMNS, column_widths(width)):
            arrow = (" ▼" if self.descending else " ▲") if column.key == self.sort_key else ""
            titles.append(set_cell_size(column.title + arrow, w))
        return (" " * GAP).join(titles)

    # --- cursor and actions ---------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh(self._line_region(old), self._line_region(new))
        self.scroll_to_region(Region(0, new, self.content_width, 1), animate=False, force=True, immediate=True)

    def _line_region(self, index: int) -> Region:
        return Region(0, index - self.scroll_offset.y, self.content_width, 1)

    def action_cursor(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 1))

    def action_jump(self, where: int) -> None:
        if self.rows:
            self.cursor = where if where >= 0 else len(self.rows) - 1

    def action_select(self) -> None:
        if (case_id := self.current_id) is not None:
            self.post_message(self.Selected(case_id))

    def action_sort_next(self) -> None:
        keys = [c.key for c in COLUMNS]
        key = keys[(keys.index(self.sort_key) + 1) % len(keys)]
        self.sort_by(key, descending=(key == "updated"))

    def action_sort_reverse(self) -> None:
        self.sort_by(self.sort_key, not self.descending)

    def on_click(self, event) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = index
