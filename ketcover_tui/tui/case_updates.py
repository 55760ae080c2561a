"""Saving a change to a case from any screen, and showing the result wherever that case is open."""

from __future__ import annotations

from typing import Callable


def save_case_change(app, case_id: str, change: Callable, *, gone: str = "It was changed in another session.") -> object:
    """``app.save_change`` plus: redraw every open screen of that case; None if nothing was saved.

    ``change`` may raise KeyError when what it edits (a call, a clinic) no longer
    exists on disk; the user is told ``gone`` and nothing is written. A record that
    shows the case has moved on (a denial, an appeal filed) moves its stage forward.
    """
    from ..domain.stage import advance

    moved: list[str] = []

    def change_and_advance(case) -> None:
        change(case)
        moved.append(advance(case))  # a record that shows the case has moved on moves its stage

    try:
        saved = app.save_change(case_id, change_and_advance)
    except KeyError:
        app.notify(f"Not saved: that item no longer exists. {gone}", severity="warning", timeout=8)
        return None
    if saved is not None:
        show_everywhere(app, saved)
        if moved and moved[-1]:
            app.notify(moved[-1], timeout=5, markup=False)
    return saved


def show_everywhere(app, case) -> None:
    for screen in app.screen_stack:
        shown = getattr(screen, "case", None)
        if shown is not None and getattr(shown, "id", None) == case.id and hasattr(screen, "show_case"):
            screen.show_case(case)


def add_to_funding_plan(app, case_id: str, choice, remembered: tuple[str, dict] | None = None):
    """Save ``choice`` to the case's plan (and the form values it came from); None if saving failed."""
    from ..store import current_user_name

    user = current_user_name()

    def change(case) -> None:
        case.funding.add(choice, by=user)
        if remembered is not None:
            source_id, values = remembered
            case.funding.inputs[source_id] = values

    return app.save_change(case_id, change)
