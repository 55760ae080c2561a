"""The store's errors: each message says what happened and what to do."""

from __future__ import annotations


def first_problems(errors: dict[str, str], shown: int = 3) -> str:
    """Problems by field path, on one line: the first few and how many more."""
    items = [f"{path}: {message}" for path, message in errors.items()]
    more = f" (and {len(items) - shown} more)" if len(items) > shown else ""
    return "; ".join(items[:shown]) + more


class StoreError(Exception):
    """A problem the user can act on; the message says what to do."""


class CaseNotFound(StoreError):
    pass


class DataFolderError(StoreError):
    """The data folder cannot be made or used (a file, /proc, no permission): a usage error."""
