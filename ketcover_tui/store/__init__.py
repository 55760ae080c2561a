"""TinyDB persistence: one file per case, a rebuildable index, safe concurrent writes."""

from .case_store import CaseNotFound, CaseStore, DataFolderError, StoreError, UnreadableFile, current_user_name  # noqa: F401
from .demo_folder import is_demo_folder, mark_demo_folder  # noqa: F401
from .paths import resolve_data_dir  # noqa: F401
