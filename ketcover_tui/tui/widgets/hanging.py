"""Lines of "label   value" text that wrap under their value, never back to column 0.

A long condition ("G43.709  Chronic migraine without aura, not intractable, …")
or checklist item continues under the start of its text: the hanging indent is
where the value starts (after the first run of two or more spaces), else the
line's own leading spaces. Text is shown literally (never read as markup).
"""

from __future__ import annotations

import re

from rich.table import Table
from rich.text import Text

_VALUE = re.compile(r"^(\s*\S.*?\s{2,})(?=\S)")


def split_hanging(line: str) -> tuple[str, str]:
    """(the part the wrapped rest hangs under, the rest)."""
    if match := _VALUE.match(line):
        return match.group(1), line[match.end(1):]
    stripped = line.lstrip(" ")
    return line[: len(line) - len(stripped)], stripped


class HangingRow(Table):
    """A one-row grid whose ``str()`` is its plain text (as a Text prompt's would be)."""

    plain = ""

    def __str__(self) -> str:
        return self.plain


def hanging_row(prefix: str | Text, rest: str | Text) -> Table:
    """One line: ``prefix`` then ``rest``, which wraps in its own column."""
    from ..literal import shown_text  # control codes written out, as everywhere else on screen

    prefix_text, rest_text = shown_text(prefix), shown_text(rest)
    grid = HangingRow.grid(expand=True)
    grid.plain = prefix_text.plain + rest_text.plain
    grid.add_column(width=max(prefix_text.cell_len, 0), no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(prefix_text, rest_text)
    return grid


def wrap_hanging(lines: list[str], width: int) -> list[str]:
    """``lines`` folded to ``width`` cells, each continuation under the start of its value."""
    from rich.cells import cell_len

    out: list[str] = []
    for line in lines:
        if cell_len(line) <= width:
            out.append(line)
            continue
        prefix, rest = split_hanging(line)
        room = max(10, width - cell_len(prefix))
        pieces, current = [], ""
        for word in rest.split(" "):
            while cell_len(word) > room:  # a word longer than the room is folded
                if current:
                    pieces.append(current)
                    current = ""
                pieces.append(word[:room])
                word = word[room:]
            if current and cell_len(current) + 1 + cell_len(word) > room:
                pieces.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        pieces.append(current)
        out.append(prefix + pieces[0])
        out += [" " * cell_len(prefix) + piece for piece in pieces[1:]]
    return out
