"""The Plan, Providers and Calls tabs, imported when a case is first opened (not at start-up).

``CASE_TABS`` in case_view.py calls these like the pane classes themselves.
"""

from __future__ import annotations


def plan_tab(case, **kwargs):
    from .plan_pane import PlanPane

    return PlanPane(case, **kwargs)


def providers_tab(case, **kwargs):
    from .providers_pane import ProvidersPane

    return ProvidersPane(case, **kwargs)


def calls_tab(case, **kwargs):
    from .calls_pane import CallsPane

    return CallsPane(case, **kwargs)
