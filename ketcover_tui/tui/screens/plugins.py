"""Plugins: what is loaded, what failed and why, what is disabled."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static


class PluginsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="plugins.back")]

    def compose(self) -> ComposeResult:
        yield Static("Plugins", id="plugins-title")
        yield DataTable(id="plugins-table", cursor_type="row", zebra_stripes=False)
        yield Static("", id="plugin-detail")
        yield Static("Add plugins with 'ketcover install PACKAGE'; choose which load with "
                     "KETCOVER_LOAD_PLUGINS=name,name (empty = none).", id="plugins-help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Distribution", "Version", "Status", "Hooks")
        self.records = self.app.plugin_host.plugins(include_disabled=True)
        for record in self.records:
            status = {"ok": "ok", "failed": "FAILED", "disabled": "disabled"}.get(record.status, record.status)
            table.add_row(record.name, record.distribution, record.version, status,
                          ", ".join(record.hooks) or "—", key=record.name)
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
        record = self.records[min(row, len(self.records) - 1)]
        if record.status == "failed":
            detail.update(f"{record.name} failed and was skipped; everything else works.\n{record.error}")
        elif record.status == "disabled":
            detail.update(f"{record.name} is installed but not loaded (KETCOVER_LOAD_PLUGINS).")
        else:
            detail.update(f"{record.name} {record.version} from {record.distribution}: loaded.")
