"""TinyDB persistence: one file per case, a rebuildable index, safe concurrent writes."""

from .case_store import CaseStore, CaseNotFound, StoreError, UnreadableFile  # noqa: F401
from .paths import resolve_data_dir  # noqa: F401
