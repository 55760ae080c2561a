"""A neutral document model that exporters render (PDF, CSV, Markdown, JSON, ...).

Whatever ketcover exports (a call log today; letters later) is first built as a
``Document`` of plain blocks; an ``Exporter`` (contributed by a plugin through the
``register_exporters`` hook) turns a Document into the bytes of one format. Nothing
here imports a rendering library, so building a document is cheap and testable.

Blocks:

- ``Heading(text, level)``
- ``Paragraph(text, style)`` – style "" (normal), "muted" or "quote"
- ``KeyValues(pairs)`` – label: value lines
- ``Table(columns, rows)``
- ``Record(kind, title, fields)`` – one structured item (e.g. one call) as
  ``Field(key, label, value)``; prose formats print the non-empty fields under the
  title, tabular formats (CSV, JSON) turn each record into one row keyed by ``key``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" | "muted" | "quote"


@dataclass(frozen=True)
class KeyValues:
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class Record:
    kind: str
    title: str
    fields: tuple[Field, ...]

    def as_dict(self) -> dict[str, str]:
        return {f.key: f.value for f in self.fields}


Block = Union[Heading, Paragraph, KeyValues, Table, Record]


@dataclass
class Document:
    title: str
    # Shown at the top of every page (PDF) or of the document: e.g. patient, insurer, member id.
    header: tuple[tuple[str, str], ...] = ()
    blocks: list[Block] = field(default_factory=list)
    generated: str = ""  # ISO timestamp, printed as "Generated …"
    kind: str = ""  # what the document is, e.g. "call-log" (for tabular exporters and readers)
    # Record keys in order, so a tabular export has its columns even with no records.
    columns: tuple[str, ...] = ()

    def records(self) -> list[Record]:
        return [b for b in self.blocks if isinstance(b, Record)]


@dataclass(frozen=True)
class Exporter:
    """One output format. ``render(document) -> bytes`` must not write files itself."""

    id: str  # what users type: "pdf", "csv", ...
    label: str  # shown in menus: "PDF"
    extension: str  # file name extension without the dot
    render: Callable[[Document], bytes]
    description: str = ""
    plugin: str = field(default="", compare=False)  # set by the plugin host


def validate_exporter(obj: object) -> Exporter:
    if not isinstance(obj, Exporter):
        raise TypeError(f"register() expects an Exporter, got {type(obj).__name__}")
    if not obj.id or not obj.id.replace("-", "").replace("_", "").isalnum() or obj.id != obj.id.lower():
        raise ValueError(f"exporter id {obj.id!r} must be lower-case letters and digits, like 'pdf'")
    if not obj.extension or not obj.extension.isalnum():
        raise ValueError(f"exporter {obj.id!r}: extension {obj.extension!r} must be letters and digits")
    if not callable(obj.render):
        raise TypeError(f"exporter {obj.id!r}: render must be callable")
    return obj
