"""The Appeals tab factory, imported at start-up but loading its pane only when a case opens."""

from __future__ import annotations


def appeals_tab(case, **kwargs):
    from .appeals_pane import AppealsPane

    return AppealsPane(case, **kwargs)
