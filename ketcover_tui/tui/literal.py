"""The one choke point between stored or plugin text and the screen: shown literally, never as markup.

A patient named ``[@click=app.screenshot(...)]Jane[/]`` must not become a button,
``Ann [/b]`` must not crash the app, and ``\\x1b]52;…`` must not reach the
terminal. Every widget of the app that shows text is one of the classes here (a
``Static``, ``Label``, ``OptionList``, ``SelectionList``, ``Select`` or
``DataTable`` whose text is never parsed as markup), and anything else that
builds a renderable from text uses ``shown`` / ``shown_text``: control
characters and bidi overrides are written out visibly (``\\x1b``, ``⟨U+202E⟩``,
``domain.input_rules.visible``). ``tests/test_architecture.py`` checks that no
other module imports those widgets from Textual. The app's own formatting
(the bold keys of a dialog) is built from constants with ``keys_hint``.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import widgets as _tw
from textual.content import Content

from ..domain.input_rules import visible

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _split_unsafe(plain: str) -> list[int]:
    return sorted({o for m in _UNSAFE.finditer(plain) for o in (m.start(), m.end())} - {0, len(plain)})


def shown(value) -> Content | object:
    """Text as a Textual ``Content`` that is never parsed as markup, controls written out; others as they are."""
    if isinstance(value, str):
        return Content(visible(value))
    if isinstance(value, Text):
        value = Content.from_rich_text(shown_text(value))
    if isinstance(value, Content) and _UNSAFE.search(value.plain):
        pieces = []
        for piece in value.divide(_split_unsafe(value.plain)):
            if _UNSAFE.fullmatch(piece.plain):  # one control character: written out, its styles kept
                written = Content(visible(piece.plain))
                for span in piece.spans:
                    written = written.stylize(span.style)
                piece = written
            pieces.append(piece)
        return Content("").join(pieces)
    return value


def shown_text(value) -> Text | object:
    """The same for Rich renderables (tables, charts): a ``Text``, never markup, controls written out."""
    if isinstance(value, str):
        return Text(visible(value))
    if isinstance(value, Text) and _UNSAFE.search(value.plain):
        result = Text(style=value.style, justify=value.justify, no_wrap=value.no_wrap, overflow=value.overflow)
        for piece in value.divide(_split_unsafe(value.plain)):
            if _UNSAFE.fullmatch(piece.plain):
                written = Text(visible(piece.plain), style=piece.style)
                for span in piece.spans:
                    written.stylize(span.style)
                piece = written
            result.append_text(piece)
        return result
    return value


def one_line(text: str) -> str:
    """A value for a one-line place (a table cell, a title): line breaks written out too."""
    return visible(text, multiline=False) if _UNSAFE_ONE_LINE.search(text) else text


def highlighted(matcher, candidate: str) -> Content:
    """``matcher.highlight`` (the command palette's) without reading ``candidate`` as markup."""
    content = shown(candidate)
    if content.plain != candidate:  # controls were written out: the match offsets no longer fit
        return content
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets if score else ():
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def keys_hint(*pairs: tuple[str, str]) -> Content:
    """A dialog's key line, ``enter Export    esc Cancel``, keys in bold (the app's own text, not markup).

    ``("n / esc", "Keep")`` shows two keys for one action.
    """
    parts: list = []
    for n, (keys, what) in enumerate(pairs):
        parts.append("    " if n else "")
        for k, key in enumerate(keys.split(" / ")):
            parts.extend([" / " if k else "", (key, "bold")])
        parts.append(f" {visible(what, multiline=False)}")
    return Content.assemble(*parts)


class Static(_tw.Static):
    """A Static whose text is shown literally."""

    def __init__(self, content="", *, markup: bool = False, **kwargs):
        super().__init__(shown(content), markup=False, **kwargs)

    def update(self, content="", *, layout: bool = True) -> None:
        super().update(shown(content), layout=layout)


class Label(_tw.Label):
    """A Label whose text is shown literally."""

    def __init__(self, content="", *, markup: bool = False, **kwargs):
        super().__init__(shown(content), markup=False, **kwargs)

    def update(self, content="", *, layout: bool = True) -> None:
        super().update(shown(content), layout=layout)


class OptionList(_tw.OptionList):
    """An OptionList whose prompts are shown literally."""

    def __init__(self, *content, markup: bool = False, **kwargs):
        super().__init__(*content, markup=False, **kwargs)

    def _get_visual(self, option):
        if option._visual is None:
            option._visual = super()._get_visual(option) if isinstance(option.prompt, Content) and not \
                _UNSAFE.search(option.prompt.plain) else shown(option.prompt)
            if not isinstance(option._visual, Content):  # a Rich renderable (a hanging-indent row): Textual's
                option._visual = None
                option._visual = super()._get_visual(option)
        return option._visual


# In a field being edited, each character keeps its one cell (the cursor must stay in place): a control
# character is drawn as its Unicode control picture (␛ for ESC), a C1 code or a bidi override as �.
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)} | {0x7F: "\u2421"} | \
    {c: "\ufffd" for c in [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def _pictured(text: Text) -> Text:
    if _UNSAFE_ONE_LINE.search(text.plain):
        shown_plain = text.plain.translate(_PICTURES)
        copy = text.copy()
        copy.plain = shown_plain
        return copy
    return text


class Input(_tw.Input):
    """An Input that draws control characters and bidi overrides as visible symbols, one cell each."""

    @property
    def _value(self) -> Text:
        return _pictured(super()._value)


# The widgets below are made on first use (``from .literal import TextArea`` works as
# usual): importing TextArea, SelectionList and DataTable costs start-up time, and the
# case list, the first screen, uses none of them.

def _selection_list():
    class SelectionList(_tw.SelectionList):
        """A SelectionList whose prompts are shown literally."""

        def _make_selection(self, selection):
            if isinstance(selection, tuple):
                selection = (shown(selection[0]), *selection[1:])
            return super()._make_selection(selection)
    return SelectionList


def _select():
    class Select(_tw.Select):
        """A Select whose option prompts are shown literally."""

        choice_labels: dict = {}  # value -> its label as plain text (a form shows a cut one whole)

        def _setup_variables_for_options(self, options) -> None:
            options = list(options)
            self.choice_labels = {value: str(prompt.plain if hasattr(prompt, "plain") else prompt)
                                  for prompt, value in options}
            super()._setup_variables_for_options([(shown(prompt), value) for prompt, value in options])
    return Select


def _data_table():
    class DataTable(_tw.DataTable):
        """A DataTable whose cells and labels are shown literally."""

        def add_column(self, label, *args, **kwargs):
            return super().add_column(shown_text(label), *args, **kwargs)

        def add_row(self, *cells, label=None, **kwargs):
            return super().add_row(*(shown_text(c) for c in cells),
                                   label=shown_text(label) if label is not None else None, **kwargs)

        def update_cell(self, row_key, column_key, value, **kwargs):
            return super().update_cell(row_key, column_key, shown_text(value), **kwargs)

        def update_cell_at(self, coordinate, value, **kwargs):
            return super().update_cell_at(coordinate, shown_text(value), **kwargs)
    return DataTable


def _text_area():
    class TextArea(_tw.TextArea):
        """A TextArea that draws control characters and bidi overrides as visible symbols (tabs and lines stay)."""

        def get_line(self, line_index: int) -> Text:
            line = super().get_line(line_index)
            if _UNSAFE.search(line.plain):
                return _pictured(line) if "\t" not in line.plain else \
                    Text("\t").join(_pictured(part) for part in line.split("\t", allow_blank=True))
            return line
    return TextArea


_MADE_ON_FIRST_USE = {"SelectionList": _selection_list, "Select": _select, "DataTable": _data_table,
                      "TextArea": _text_area}


def __getattr__(name: str):
    if name in _MADE_ON_FIRST_USE:
        made = globals()[name] = _MADE_ON_FIRST_USE[name]()
        return made
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
