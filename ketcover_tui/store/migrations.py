"""Schema versions of the on-disk files, and how to bring old files up to date.

Every case file holds ``{"_meta": {"1": {"schema": N}}, ...}``. A file from an
older ketcover is upgraded in memory when read and saved in the new shape on the
next write; a file from a newer ketcover is refused (never rewritten by an older one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .atomic import UnreadableFile

CASE_SCHEMA = 1
META_TABLE = "_meta"
CASE_TABLE = "case"


def schema_of(data: dict) -> int:
    meta = data.get(META_TABLE) or {}
    record = next(iter(meta.values()), None) if isinstance(meta, dict) else None
    if isinstance(record, dict) and isinstance(record.get("schema"), int):
        return record["schema"]
    return 0


def _v0_to_v1(data: dict) -> dict:
    """v0 (the first prototype): one flat record in TinyDB's ``_default`` table."""
    records = list((data.get("_default") or {}).values())
    if len(records) != 1 or not isinstance(records[0], dict):
        raise ValueError("expected exactly one case record in the _default table")
    old = records[0]
    icd_codes = old.get("icd10") or []
    case = {
        "id": old.get("id"),
        "patient": {"name": old.get("patient_name", ""), "date_of_birth": old.get("dob"),
                    "state": old.get("state", "")},
        "conditions": [{"icd10": code, "description": ""} for code in icd_codes],
        "plan": {"insurer": old.get("insurer", ""), "plan_type": old.get("plan_type"),
                 "member_id": old.get("member_id", ""), "group_id": old.get("group_id", "")},
        "provider": {"clinic": old.get("clinic", ""), "npi": old.get("npi", ""),
                     "tax_id": old.get("tax_id", "")},
        "stage": old.get("stage") or "researching",
        "notes": old.get("notes", ""),
        "created": old.get("created", ""),
        "updated": old.get("updated", ""),
        "updated_by": "",
        "checklist": {},
    }
    return {META_TABLE: {"1": {"schema": 1}}, CASE_TABLE: {"1": case}}


# MIGRATIONS[n] upgrades a schema-n file to schema n+1.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _v0_to_v1}


def upgrade_case_file(data: dict, path: Path) -> dict:
    version = schema_of(data)
    if version > CASE_SCHEMA:
        raise UnreadableFile(path, f"written by a newer ketcover (schema {version}, this one "
                                   f"reads up to {CASE_SCHEMA}); upgrade ketcover to open it")
    while version < CASE_SCHEMA:
        try:
            data = MIGRATIONS[version](data)
        except (ValueError, TypeError, AttributeError) as exc:
            raise UnreadableFile(path, f"cannot upgrade from schema {version}: {exc}") from None
        version += 1
    return data
