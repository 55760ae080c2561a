"""The document vault: files attached to a case, in ``<data dir>/documents/<case id>/``, recorded on the case.

A file is checked when it is offered (``check_document``: its type by content,
size, pages or pixels) and stored only when the caller commits it
(``DocumentVault.add``), so a command that then refuses (a packet that cannot be
built) stores nothing. The folder gets the data folder's modes (0700/0600, or
2770/0660 in a team folder). A stored file that cannot be read, or that changed
since it was added, is reported by ``usable`` and never crashes the caller.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from ..domain.case_documents import ATTACHABLE, DATA_KINDS, CaseDocument
from ..domain.input_rules import NAME_LIMIT, text_error
from .atomic import UnreadableFile, read_limited, write_atomic
from .checked_read import ATTACHMENT_LIMIT
from .paths import ensure_private_dir

MAX_BYTES = ATTACHMENT_LIMIT  # one attachment or document (a scan of a long denial, records)
MAX_PAGES = 300
MAX_PIXELS = 40_000_000  # a 600 dpi letter-size scan is about 34 million
_SIGNATURES = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"))
_SUFFIX = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg", "text": ".txt"}
_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNSAFE = re.compile(r"[^\w .,()+-]", re.UNICODE)
LEGACY_FOLDER = "attachments"  # where older versions kept them: still read, never written


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks and may be stored: its bytes and what the case will record."""

    data: bytes
    record: CaseDocument


def kind_of(data: bytes, *, text: bool = False) -> str | None:
    """"pdf", "png" or "jpeg" by the first bytes; with ``text``, also "text" for UTF-8 text (a typed letter)."""
    kind = next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)
    if kind is None and text and not _TEXT_CONTROL.search(data):
        try:
            data.decode("utf-8")
            return "text"
        except UnicodeDecodeError:
            return None
    return kind


def check_bytes(data: bytes, name: str, *, text: bool = False) -> CheckedFile:
    """ValueError saying what is wrong, or the checked file (nothing is written).

    ``text`` also takes a UTF-8 text file (a denial letter read from text); the packet never merges one.
    """
    if len(data) > MAX_BYTES:
        raise ValueError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB; scan it at a lower resolution")
    kind = kind_of(data, text=text)
    if kind is None:
        raise ValueError(f"{name}: not a PDF, PNG or JPEG file (by its content); attach a PDF or an image scan")
    pages = width = height = 0
    if kind == "text":
        pages = 1
    elif kind == "pdf":
        pages = _pdf_pages(data, name)
    else:
        width, height = _image_size(data, kind, name)
    stem = _UNSAFE.sub("_", Path(name).stem).strip(" ._") or "document"
    safe = f"{stem[:80]}{_SUFFIX[kind]}"
    if message := text_error(safe, limit=NAME_LIMIT):
        raise ValueError(f"{name}: the file name {message}")
    record = CaseDocument(id=uuid.uuid4().hex[:8], name=safe, kind=kind, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest(), pages=pages, width=width, height=height)
    return CheckedFile(data, record)


_DATA_SUFFIX = {"x12": ".835", "fhir": ".ndjson"}


def check_data(data: bytes, name: str, kind: str) -> CheckedFile:
    """An EOB extract (X12 835 or FHIR NDJSON) that an import made, checked by its first bytes and size."""
    if len(data) > MAX_BYTES:
        raise ValueError(f"{name}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    start = data.lstrip()[:3]
    if kind not in DATA_KINDS or (kind == "x12") != (start == b"ISA") or (kind == "fhir" and start[:1] != b"{"):
        raise ValueError(f"{name}: not an {kind} extract")
    stem = _UNSAFE.sub("_", Path(name).stem).strip(" ._") or "eob"
    safe = f"{stem[:80]}{_DATA_SUFFIX[kind]}"
    if message := text_error(safe, limit=NAME_LIMIT):
        raise ValueError(f"{name}: the file name {message}")
    record = CaseDocument(id=uuid.uuid4().hex[:8], name=safe, kind=kind, size=len(data),
                          sha256=hashlib.sha256(data).hexdigest())
    return CheckedFile(data, record)


def check_document(source: Path) -> CheckedFile:
    source = Path(source).expanduser()
    try:
        data = read_limited(source, MAX_BYTES)
    except UnreadableFile as exc:
        raise ValueError(f"cannot read {source}: {exc.reason}") from None
    if data is None:
        raise ValueError(f"{source} does not exist")
    return check_bytes(data, source.name)


def _pdf_pages(data: bytes, name: str) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValueError(f"{name}: the PDF is password-protected; attach a copy without the password")
        pages = len(reader.pages)
        if pages:
            reader.pages[0].extract_text()  # the first page really parses
    except ValueError:
        raise
    except (PyPdfError, IndexError, KeyError, TypeError, OSError, RecursionError, AttributeError):
        raise ValueError(f"{name} is not a readable PDF") from None
    if not 1 <= pages <= MAX_PAGES:
        raise ValueError(f"{name}: a PDF of {pages} pages; attach 1 to {MAX_PAGES} pages")
    return pages


def _image_size(data: bytes, kind: str, name: str) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            width, height = image.size
            if image.format != kind.upper():
                raise ValueError(f"{name} is not a readable {kind.upper()} image")
            if width * height > MAX_PIXELS:
                raise ValueError(f"{name}: {width}×{height} pixels is more than a scan needs "
                                 f"(at most {MAX_PIXELS // 1_000_000} million); scan at a lower resolution")
            image.load()  # the pixels really decode
    except ValueError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError, EOFError):
        raise ValueError(f"{name} is not a readable {kind.upper()} image") from None
    return width, height


class DocumentVault:
    """Add, list, read and remove the documents of a store's cases."""

    def __init__(self, store):
        self.store = store
        self.root = store.root / "documents"

    def folder(self, case_id: str) -> Path:
        self.store.case_path(case_id)  # checks the id
        return self.root / case_id

    def add(self, case_id: str, checked: CheckedFile, *, by: str = "", also=None) -> CaseDocument:
        """Store the file and record it on the case; if recording fails, the file is removed again.

        ``also(case, record)`` changes the case in the same save (what an import took from the file),
        so the document and what was read from it are saved together or not at all.
        """
        from ..domain import clock

        modes = self.store.modes
        folder = ensure_private_dir(self.folder(case_id), modes.dir)
        ensure_private_dir(self.root, modes.dir)
        existing = {d.sha256: d for d in self.list(case_id)}
        if checked.record.sha256 in existing and also is None:
            return existing[checked.record.sha256]  # already stored
        if checked.record.sha256 in existing:
            return self._annotate(case_id, existing[checked.record.sha256], checked.record, also)
        name, n = checked.record.name, 2
        stem, suffix = Path(name).stem, Path(name).suffix
        while True:
            try:
                write_atomic(folder / name, checked.data, mode=modes.file, overwrite=False)
                break
            except FileExistsError:
                name, n = f"{stem}-{n}{suffix}", n + 1
        record = replace(checked.record, name=name, added=clock.now_iso(), by=by)

        def change(case) -> None:
            case.documents.append(record)
            if also is not None:
                also(case, record)

        try:
            self.store.update(case_id, change)
        except BaseException:
            (folder / name).unlink(missing_ok=True)
            raise
        return record

    def _annotate(self, case_id: str, stored: CaseDocument, offered: CaseDocument, also) -> CaseDocument:
        """The same file brought in again: what is read from it now is recorded on the stored one."""
        kept = replace(stored, label=offered.label or stored.label, dated=offered.dated or stored.dated,
                       taken=tuple(dict.fromkeys(stored.taken + offered.taken)),
                       filled=tuple(dict.fromkeys(stored.filled + offered.filled)))

        def change(case) -> None:
            case.documents = [kept if d.id == stored.id else d for d in case.documents]
            also(case, kept)

        self.store.update(case_id, change)
        return kept

    def list(self, case_id: str) -> list[CaseDocument]:
        return list(self.store.load(case_id).documents)

    def read(self, case_id: str, document: CaseDocument) -> bytes:
        """The file's bytes; UnreadableFile if it is missing, unreadable or not what was added."""
        path = self.folder(case_id) / document.name
        data = read_limited(path, MAX_BYTES)
        if data is None:
            raise UnreadableFile(path, "is missing from the case's documents folder")
        if document.sha256 and hashlib.sha256(data).hexdigest() != document.sha256:
            raise UnreadableFile(path, "changed since it was added (its checksum differs)")
        return data

    def remove(self, case_id: str, document_id: str) -> None:
        gone: list[CaseDocument] = []

        def change(case) -> None:
            gone.extend(d for d in case.documents if d.id == document_id)
            case.documents = [d for d in case.documents if d.id != document_id]

        self.store.update(case_id, change)
        for document in gone:
            (self.folder(case_id) / document.name).unlink(missing_ok=True)

    def usable(self, case) -> tuple[list[Path], list[str]]:
        """Paths of the case's PDFs and images that read and check as when added, and a line per one that does not.

        Files an older version kept in ``attachments/<id>/`` are included (checked the same way).
        """
        paths, problems = [], []
        for document in case.documents:
            if document.kind not in ATTACHABLE:
                continue  # EOB data and text letters: kept and shown, not merged into a PDF packet
            path = self.folder(case.id) / document.name
            try:
                check_bytes(self.read(case.id, document), document.name)
                paths.append(path)
            except UnreadableFile as exc:
                problems.append(f"{document.name} {exc.reason}")
            except ValueError as exc:
                problems.append(str(exc))
        legacy = self.store.root / LEGACY_FOLDER / case.id
        if legacy.is_dir():
            for path in sorted(p for p in legacy.iterdir() if not p.name.startswith(".")):
                try:
                    data = read_limited(path, MAX_BYTES) or b""
                    check_bytes(data, path.name)
                    paths.append(path)
                except (UnreadableFile, ValueError) as exc:
                    problems.append(str(exc))
        return paths, problems

    def staged(self, checked: list[CheckedFile], folder: Path) -> list[Path]:
        """Checked files written to a private temp ``folder`` (for a packet built before they are stored)."""
        os.chmod(folder, 0o700)
        paths = []
        for item in checked:
            path = folder / item.record.name
            write_atomic(path, item.data, overwrite=False)
            paths.append(path)
        return paths
