"""The bare Textual apps the terminal benchmarks compare ketcover with (run as ``python3 _bare_apps.py KIND``).

``table``: a 50-row DataTable, as in startup.py. ``tabs``: the same table; enter
opens a screen with a 9-tab TabbedContent of text like a case's (keys 1-9 switch
tabs), ``e`` there opens a form of labelled inputs, escape goes back.
"""

from __future__ import annotations

import sys

INSURERS = ["Aetna", "Cigna", "UnitedHealthcare", "Humana", "Kaiser Permanente"]
STAGES = ["Denied", "Appealing", "Prior authorization", "Covered", "Researching"]
ROWS = [(f"Patient Number {n}", INSURERS[n % 5], "Commercial (fully insured)", STAGES[n % 5],
         f"2026-02-{n % 28 + 1:02d}") for n in range(50)]
TABS = ["Case", "Checks", "Funding", "Plan", "Clinics", "Calls", "Journal", "Money", "Appeals"]


def pane_text(n: int) -> str:
    """About a screenful of case-like text, different on every tab."""
    lines = [f"{TABS[n]} of Patient Number 1 · Cigna · Appealing"]
    for k in range(18):
        lines.append(f"  {2026 - k % 3}-0{k % 9 + 1}-1{k % 10}  {TABS[n]} item {k}: Prior authorization "
                     f"requested, reference INQ{n}{k:04d}, follow-up in {k + 2} d")
    return "\n".join(lines)


def table_app():
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class BareTable(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Patient", "Insurer", "Plan type", "Stage", "Updated")
            table.add_rows(ROWS)

    return BareTable()


def tabs_app():
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.containers import Horizontal, VerticalScroll
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer, Input, Label, Static, TabbedContent, TabPane

    class FormScreen(Screen):
        BINDINGS = [Binding("escape", "app.pop_screen", "Cancel")]

        def compose(self) -> ComposeResult:
            yield Static("Edit case · Patient Number 1 · Cigna")
            with VerticalScroll():
                for label in ("Number dialled", "Department", "Representative", "Rep id", "Reference number",
                              "Asked", "They said", "Outcome", "Follow-up due"):
                    with Horizontal(classes="row"):
                        yield Label(label, classes="label")
                        yield Input(placeholder=f"{label.lower()}", compact=True)
            yield Footer(compact=True)

    class CaseScreen(Screen):
        BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("e", "new", "Edit"),
                    *[Binding(str(n), f"tab({n})", show=False) for n in range(1, 10)]]

        def compose(self) -> ComposeResult:
            yield Static("Patient Number 1 · Cigna · Appealing")
            with TabbedContent():
                for n, label in enumerate(TABS):
                    with TabPane(f"{n + 1} {label}", id=f"t{n + 1}"):
                        with VerticalScroll():
                            yield Static(pane_text(n))
            yield Footer(compact=True)

        def action_tab(self, n: int) -> None:
            self.query_one(TabbedContent).active = f"t{n}"

        def action_new(self) -> None:
            self.app.push_screen(FormScreen())

    class BareTabs(App):
        CSS = ".row { height: 2; } .label { width: 26; padding-right: 2; } Input { width: 1fr; }"

        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")
            yield Footer(compact=True)

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Patient", "Insurer", "Plan type", "Stage", "Updated")
            table.add_rows(ROWS)

        def on_data_table_row_selected(self, event) -> None:
            self.push_screen(CaseScreen())

    return BareTabs()


if __name__ == "__main__":
    {"table": table_app, "tabs": tabs_app}[sys.argv[1]]().run()
