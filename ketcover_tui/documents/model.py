"""The neutral document model every exporter renders (PDF, DOCX, CSV, Markdown, JSON, ...).

Whatever ketcover exports (a call log, a letter, the appeal packet) is first
built as a ``Document`` of plain blocks; an ``Exporter`` (contributed by a
plugin through the ``register_exporters`` hook) turns a Document into the bytes
of one format. Nothing here imports a rendering library, so building a
document is cheap and testable.

Blocks (an exporter that meets a block it does not know must fail loudly, never skip it):

- ``Heading(text, level)``: a heading never stands alone at the foot of a page;
  a paginating exporter moves it to the next page with the start of what follows.
- ``Paragraph(text, style)``: style "" (normal), "muted" or "quote"; reflowed.
- ``Lines(lines, style)``: text whose line breaks matter (an address, a
  signature block): one line per entry, never joined, never split across pages.
- ``Bullets(items)``: a list (DOCX uses its list style).
- ``KeyValues(pairs)``: label: value lines; a label never overprints its value.
- ``Table(columns, rows, widths, align)``: ``widths`` are relative column
  widths, ``align`` "L"/"R" per column (money right-aligned); a row is never split.
- ``Record(kind, title, fields)``: one structured item (one call) as
  ``Field(key, label, value)``; prose formats print the non-empty fields under
  the title and never split one record across pages; tabular formats (CSV,
  JSON) turn each record into one row keyed by ``key``.
- ``RecordTable(records, columns)``: records shown as one compact table of the
  fields named in ``columns`` (their keys); tabular formats still get every field.
- ``Chart(title, series, note)``: values over time (the score chart). Graphic
  formats draw it; text formats list every value, so nothing is lost.
- ``KeepTogether(blocks)``: never split across pages (unless longer than a page).
- ``Section(title, level, new_page)``: starts a part of the document: a new page
  (when ``new_page``), its title as a heading, a bookmark and a contents entry.
- ``Attachment(title, filename, data, media_type)``: a stored PDF or image merged
  in as pages of their own (bookmarked, listed in the contents, and stamped like
  every other page); text formats list it by name, type and size.
- ``Contents(title)``: where the table of contents goes: every ``Section`` and
  ``Attachment`` with the page it starts on. It takes as many pages as it needs,
  and the page numbers printed everywhere count those pages.
- ``PageBreak()``.

Page furniture on the ``Document`` (a paginating exporter prints it on every page,
attached pages included): ``title`` and ``header`` pairs at the top; ``stamp``
pairs (patient name, date of birth, claim/reference number) as one identification
line; "Page X of Y" counted over the whole document; ``generated``; and, when
``draft`` is set, a DRAFT marking on every page. A letter also carries its ``source``
text, which the text formats (Markdown, plain text) write instead of the blocks. ``author``, ``subject`` and
``created`` are the file's metadata. In any text, ``TOTAL_PAGES`` stands for the
number of pages of the whole document (a fax cover says how many pages follow);
exporters that do not paginate write ``TOTAL_PAGES_TEXT`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Union

from ..domain import clock

TOTAL_PAGES = "{total pages}"
TOTAL_PAGES_TEXT = "all pages of this document"
SOURCE_DRAFT_LINE = "DRAFT: not ready to send."  # first line of a draft letter's text export


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" | "muted" | "quote"


@dataclass(frozen=True)
class Lines:
    lines: tuple[str, ...]
    style: str = ""  # "" | "muted"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class KeyValues:
    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative widths, one per column; () = equal
    align: tuple[str, ...] = ()  # "L" | "R" per column; () = all left


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


@dataclass(frozen=True)
class RecordTable:
    records: tuple[Record, ...]
    columns: tuple[str, ...]  # field keys shown, in order
    widths: tuple[float, ...] = ()

    def header(self) -> tuple[str, ...]:
        labels: dict[str, str] = {}
        for record in self.records:
            for f in record.fields:
                labels.setdefault(f.key, f.label)
        return tuple(labels.get(key, key) for key in self.columns)

    def rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(r.as_dict().get(key, "") for key in self.columns) for r in self.records)


@dataclass(frozen=True)
class Series:
    label: str  # "PHQ-9 (0–27)"
    points: tuple[tuple[str, float], ...]  # (ISO date, value), in time order
    maximum: float  # the scale's maximum: graphic formats plot value / maximum


@dataclass(frozen=True)
class Chart:
    title: str
    series: tuple[Series, ...]
    note: str = ""


@dataclass(frozen=True)
class KeepTogether:
    blocks: tuple["Block", ...]


@dataclass(frozen=True)
class Section:
    title: str
    level: int = 1  # 1 = a part of the document; 2 = within one (bookmark level)
    new_page: bool = True


@dataclass(frozen=True)
class Attachment:
    title: str
    filename: str
    data: bytes = field(repr=False)
    media_type: str  # "application/pdf" | "image/png" | "image/jpeg"
    label: str = ""  # what the document is ("denial letter", "SBC", "records"… as on the Docs tab); "" = not said

    def describe(self) -> str:
        kind = {"application/pdf": "PDF"}.get(self.media_type, "image")
        return f"{self.filename} ({kind}, {max(1, round(len(self.data) / 1024))} KiB)"


@dataclass(frozen=True)
class Contents:
    title: str = "Contents"


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Union[Heading, Paragraph, Lines, Bullets, KeyValues, Table, Record, RecordTable, Chart, KeepTogether,
              Section, Attachment, Contents, PageBreak]


@dataclass
class Document:
    title: str
    # Shown at the top of every page (PDF) or of the document: e.g. patient, insurer, member id.
    header: tuple[tuple[str, str], ...] = ()
    blocks: list[Block] = field(default_factory=list)
    generated: str = ""  # printed as "Generated …"
    kind: str = ""  # what the document is, e.g. "call-log" (for tabular exporters and readers)
    # Record keys in order, so a tabular export has its columns even with no records.
    columns: tuple[str, ...] = ()
    # The identification line on every page: patient name, date of birth, claim/reference number.
    stamp: tuple[tuple[str, str], ...] = ()
    draft: bool = False  # not ready to send: marked DRAFT on every page
    author: str = ""
    subject: str = ""
    created: datetime = field(default_factory=clock.now)
    # The letter text a letter was made from (light markup): text exporters write it as it is, after
    # SOURCE_DRAFT_LINE on a draft, so an exported letter can be edited and read back unchanged.
    source: str = ""
    # Tabular exporters write cells exactly as they are; by default a cell a spreadsheet would run
    # as a formula (starting with = + - @, a tab or a CR) gets a leading ' (OWASP's CSV-injection rule).
    raw_cells: bool = False

    def records(self) -> list[Record]:
        found: list[Record] = []
        for block in walk(self.blocks):
            if isinstance(block, Record):
                found.append(block)
            elif isinstance(block, RecordTable):
                found.extend(block.records)
        return found

    def stamp_line(self) -> str:
        return " · ".join(f"{label}: {value}" for label, value in self.stamp if value)


def walk(blocks):
    """Every block, with the contents of KeepTogether groups in place of the group."""
    for block in blocks:
        if isinstance(block, KeepTogether):
            yield from walk(block.blocks)
        else:
            yield block


def block_texts(block) -> list[str]:
    """Every piece of text a block shows (for font-coverage checks)."""
    if isinstance(block, (Heading, Paragraph)):
        return [block.text]
    if isinstance(block, Lines):
        return list(block.lines)
    if isinstance(block, Bullets):
        return list(block.items)
    if isinstance(block, KeyValues):
        return [t for pair in block.pairs for t in pair]
    if isinstance(block, Table):
        return [*block.columns, *(c for row in block.rows for c in row)]
    if isinstance(block, Record):
        return [block.title, *(t for f in block.fields for t in (f.label, f.value))]
    if isinstance(block, RecordTable):
        return [t for r in block.records for t in block_texts(r)]
    if isinstance(block, Chart):
        return [block.title, block.note, *(s.label for s in block.series)]
    if isinstance(block, (Section, Contents)):
        return [block.title]
    if isinstance(block, Attachment):
        return [block.title]
    return []


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
