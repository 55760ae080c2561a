"""The Journal and Money tabs, imported when a case is first opened (not at start-up).

``CASE_TABS`` in case_view.py calls these like the pane classes themselves.
"""

from __future__ import annotations


def journal_tab(case, **kwargs):
    from .journal_pane import JournalPane

    return JournalPane(case, **kwargs)


def money_tab(case, **kwargs):
    from .money_pane import MoneyPane

    return MoneyPane(case, **kwargs)
