"""The Appeals and Documents tab factories, imported at start-up but loading their panes only when a case opens."""

from __future__ import annotations


def appeals_tab(case, **kwargs):
    from .appeals_pane import AppealsPane

    return AppealsPane(case, **kwargs)


def documents_tab(case, **kwargs):
    from .documents_pane import DocumentsPane

    return DocumentsPane(case, **kwargs)
