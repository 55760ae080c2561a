"""Plugins: what is loaded and what each contributes, what failed (loading, a hook, a run since), what is disabled."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer

from ..literal import DataTable, Static

STATUS_LABELS = {"ok": "ok", "failed": "FAILED", "disabled": "disabled", "run failed": "RUN FAILED"}


def detail_text(record) -> Text:
    """Everything known about one plugin, plugin-given text shown literally."""
    text = Text()
    text.append(f"{record.name} {record.version}", style="bold")
    text.append(f" from {record.distribution}" + (f" ({record.module})" if record.module else "") + "\n")
    if record.status == "disabled":
        text.append("Installed but not loaded: KETCOVER_LOAD_PLUGINS leaves it out. Nothing of it was imported.")
        return text
    if record.status == "failed" and not record.loaded:
        text.append("Could not be loaded, so none of it is used; everything else works.\n", style="bold")
        text.append(record.error)
        return text
    text.append(f"Contributes {record.contributes()}.\n")
    for problem in record.problems:
        text.append("✗ ", style="bold")
        text.append(problem.line()[0].upper() + problem.line()[1:] + ".\n")
    if record.run_failures:
        text.append(f"Run failures ({len(record.run_failures)}), latest last:\n", style="bold")
        for failure in record.run_failures[-5:]:
            text.append(f"✗ {failure.line()}\n")
    if not record.problems and not record.run_failures:
        text.append("Loaded; nothing has gone wrong.")
    return text


class PluginsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="plugins.back")]

    def compose(self) -> ComposeResult:
        yield Static("Plugins", id="plugins-title")
        yield DataTable(id="plugins-table", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="plugin-detail-box"):
            yield Static("", id="plugin-detail")
        yield Static("Add plugins with 'ketcover install PACKAGE'; 'ketcover plugins --check' checks them; "
                     "KETCOVER_LOAD_PLUGINS=name,name chooses which load (empty = none).", id="plugins-help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Version", "Status", "Contributes")
        host = self.app.plugin_host
        host.collect_all()  # a hook that fails is recorded now, not when its feature is first opened
        self.records = host.plugins(include_disabled=True)
        for record in self.records:
            contributes = record.contributes() if record.status != "disabled" else "—"
            table.add_row(Text(record.name), Text(record.version), STATUS_LABELS.get(record.state, record.state),
                          Text(contributes), key=record.name)
        table.focus()
        self._show(0)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    def _show(self, row: int) -> None:
        detail = self.query_one("#plugin-detail", Static)
        if not self.records:
            detail.update("No plugins are loaded (KETCOVER_LOAD_PLUGINS may be empty).")
            return
        detail.update(detail_text(self.records[min(row, len(self.records) - 1)]))
