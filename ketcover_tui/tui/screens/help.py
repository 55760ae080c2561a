"""Help: the keys that work on the screen you came from, and where things are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen

from ..literal import Static

INTRO = (
    "ketcover keeps each case's insurance fight in one place. Everything works from the keyboard; "
    "your changes are saved as you make them, so ctrl+q quits at once."
)

# Sideways scrolling keys every scrollable widget has; noise in a help list.
SCROLL_ONLY = {"scroll_left", "scroll_right", "page_left", "page_right", "scroll_home", "scroll_end"}


def binding_lines(screen: Screen) -> list[str]:
    """Every active binding of ``screen`` (and the app), one line each, with its key."""
    lines, seen = [], set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.description in seen or binding.action in SCROLL_ONLY:
            continue
        seen.add(binding.description)
        lines.append(f"  {screen.app.get_key_display(binding):<10} {binding.description}")
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close", id="help.close")]

    def __init__(self, under: Screen):
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        text = "\n".join([INTRO, "", "Keys here:", *binding_lines(self.under), "",
                          "  ctrl+p     Command palette: every action here and on every tab, with its key; open a case by name",
                          "             (keys can be changed in keymap.toml, see the README)",
                          "", "esc closes this help."])
        with VerticalScroll(classes="dialog", id="help"):
            yield Static("Help", classes="dialog-title")
            yield Static(text, id="help-text")
