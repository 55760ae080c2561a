"""Documents attached to a case (denial scans, medical records): the record kept on the case.

The file itself lives in the case's documents folder (``store/attachments.py``);
the case records what it is, checked when it was added: its type by content,
size, pages or pixels, and a SHA-256 so a changed or damaged file is noticed.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = {"pdf": "PDF", "png": "PNG image", "jpeg": "JPEG image", "text": "text",
         "x12": "X12 835 remittance", "fhir": "FHIR ExplanationOfBenefit data"}
DATA_KINDS = ("x12", "fhir")  # kept as evidence and listed, never merged into a packet
LABELS = ("denial letter", "SBC", "EOB", "records", "receipt", "other")  # what a document is, for the Documents tab
ATTACHABLE = ("pdf", "png", "jpeg")  # kinds the appeal packet can merge


@dataclass(frozen=True)
class CaseDocument:
    id: str
    name: str  # the file's name in the case's documents folder (also the packet's section title)
    kind: str  # "pdf" | "png" | "jpeg" | "x12" | "fhir", by content
    size: int
    sha256: str
    pages: int = 0  # PDFs
    width: int = 0  # images
    height: int = 0
    added: str = ""  # ISO timestamp (UTC)
    by: str = ""  # OS user name
    label: str = ""  # of LABELS; "" = not said
    dated: str = ""  # the document's own date (a notice's date), YYYY-MM-DD
    taken: tuple[str, ...] = ()  # what was read from it into the case, one line each
    filled: tuple[str, ...] = ()  # the records it filled: "plan", "denial:<id>"

    def describe(self) -> str:
        if self.kind in DATA_KINDS:
            return f"{self.name} ({KINDS[self.kind]}, {self.size / 1024:,.0f} KB)"
        what = f"{self.pages} page{'s' if self.pages != 1 else ''}" if self.kind in ("pdf", "text") \
            else f"{self.width}×{self.height} px"
        return f"{self.name} ({KINDS.get(self.kind, self.kind)}, {what}, {self.size / 1024:,.0f} KB)"


def document_to_dict(d: CaseDocument) -> dict:
    return {"id": d.id, "name": d.name, "kind": d.kind, "size": d.size, "sha256": d.sha256, "pages": d.pages,
            "width": d.width, "height": d.height, "added": d.added, "by": d.by, "label": d.label, "dated": d.dated,
            "taken": list(d.taken), "filled": list(d.filled)}


def documents_from_list(data: object) -> list[CaseDocument]:
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("expected a list of document objects")
    documents = []
    for n, item in enumerate(data, start=1):
        kind, name = item.get("kind"), item.get("name")
        numbers = {key: item.get(key, 0) for key in ("size", "pages", "width", "height")}
        if kind not in KINDS or not isinstance(name, str) or not name or "/" in name or name.startswith("."):
            raise ValueError(f"document {n}: expected a name and a kind ({', '.join(KINDS)})")
        if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in numbers.values()):
            raise ValueError(f"document {n}: size, pages, width and height must be whole numbers")
        lists = {key: item.get(key) or [] for key in ("taken", "filled")}
        if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in lists.values()):
            raise ValueError(f"document {n}: taken and filled must be lists of text")
        label = str(item.get("label") or "")
        documents.append(CaseDocument(id=str(item.get("id") or ""), name=name, kind=kind, sha256=str(
            item.get("sha256") or ""), added=str(item.get("added") or ""), by=str(item.get("by") or ""),
            label=label if label in LABELS else "", dated=str(item.get("dated") or ""),
            taken=tuple(lists["taken"]), filled=tuple(lists["filled"]), **numbers))
    return documents
