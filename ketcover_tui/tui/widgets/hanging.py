"""Lines of "label   value" text that wrap under their value, never back to column 0.

A long condition ("G43.709  Chronic migraine without aura, not intractable, …")
or checklist item continues under the start of its text: the hanging indent is
where the value starts (after the first run of two or more spaces), else the
line's own leading spaces. Text is shown literally (never read as markup).
"""

from __future__ import annotations

import re

from rich.console import Group
from rich.table import Table
from rich.text import Text

_VALUE = re.compile(r"^(\s*\S.*?\s{2,})(?=\S)")


def split_hanging(line: str) -> tuple[str, str]:
    """(the part the wrapped rest hangs under, the rest)."""
    if match := _VALUE.match(line):
        return match.group(1), line[match.end(1):]
    stripped = line.lstrip(" ")
    return line[: len(line) - len(stripped)], stripped


def hanging_row(prefix: str | Text, rest: str | Text) -> Table:
    """One line: ``prefix`` then ``rest``, which wraps in its own column."""
    prefix_text = prefix if isinstance(prefix, Text) else Text(prefix)
    grid = Table.grid(expand=True)
    grid.add_column(width=max(prefix_text.cell_len, 0), no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(prefix_text, rest if isinstance(rest, Text) else Text(rest))
    return grid


def hanging_lines(lines: list[str]) -> Group:
    rows = []
    for line in lines:
        prefix, rest = split_hanging(line)
        rows.append(hanging_row(prefix, rest) if prefix else Text(line))
    return Group(*rows)
