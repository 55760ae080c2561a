"""Documents: a case turned into the neutral document model, one module per document family.

``model`` is the model every exporter renders (``Document``, its blocks, and
the ``Exporter`` contract); ``calls``, ``journal``, ``superbill``, ``letters``,
``packet`` and ``ics`` build one family each; ``case_text`` and
``funding_text`` are the plain-text views the CLI prints. Nothing here imports
Textual, TinyDB or the store: writing files is the caller's job.

The model's names are importable from here too (``from ketcover_tui.documents
import Document, Exporter``), as exporter plugins have always done.
"""

from .model import (  # noqa: F401
    TOTAL_PAGES,
    TOTAL_PAGES_TEXT,
    Attachment,
    Block,
    Bullets,
    Chart,
    Contents,
    Document,
    Exporter,
    Field,
    Heading,
    KeepTogether,
    KeyValues,
    Lines,
    PageBreak,
    Paragraph,
    Record,
    RecordTable,
    Section,
    Series,
    Table,
    block_texts,
    validate_exporter,
    walk,
)
