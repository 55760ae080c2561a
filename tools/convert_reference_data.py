"""One-time conversion of the Fight Health Insurance reference data ketcover ships (run by hand, kept for review).

    python tools/convert_reference_data.py [SOURCE_FOLDER]   (default: ../shared/data)

- ``insurance_companies.yaml`` (a Django fixture) becomes
  ``ketcover_tui/data/insurance_companies.json``: the same list of records,
  field for field, written as JSON under a ``source`` header (project, file,
  commit, licence), so ketcover reads it without a YAML parser at run time.
- ``denial_language.json`` is copied byte for byte.

``tests/test_reference_data.py`` checks both against the source when it is
present. Needs PyYAML (the test extra), never at run time.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "ketcover_tui" / "data"
SOURCE = {
    "project": "Fight Health Insurance",
    "file": "fighthealthinsurance/fixtures/insurance_companies.yaml",
    "commit": "63deffb5b877f7ca3b8f8eec305151191a75eda7",
    "committed": "2026-08-21",
    "license": "Apache-2.0",
    "changes": "converted from YAML to JSON; every record and field unchanged",
}


def convert(source_folder: Path) -> None:
    import yaml

    records = yaml.safe_load((source_folder / "insurance_companies.yaml").read_text(encoding="utf-8"))
    payload = {"source": SOURCE, "records": records}
    (TARGET / "insurance_companies.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
    shutil.copyfile(source_folder / "denial_language.json", TARGET / "denial_language.json")


if __name__ == "__main__":
    convert(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data")
