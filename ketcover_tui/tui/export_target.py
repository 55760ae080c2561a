"""Where the app's export dialogs write: a file name in the exports folder, never a path.

Every "Save as" field takes a name only (see ``store.exports.name_problem``);
the line under it shows the full path that will be written, or what to fix.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from ..store.exports import export_dir, name_problem, unused_path


def exports_folder(app) -> Path:
    return export_dir(app.store.root)


def suggested_name(folder: Path, name: str) -> str:
    """``name``, or name-2, name-3… when the exports folder already holds it."""
    return unused_path(folder, name).name


def where_text(folder: Path, name: str) -> tuple[Text, bool]:
    """(the line shown under the file name, whether it is an error)."""
    name = name.strip()
    if problem := name_problem(name):
        return Text(f"✗ {problem}"), True
    return Text(f"→ {shown_path(folder / name)}"), False


def shown_path(path: Path) -> str:
    """The full path, with the home folder written ``~`` (shorter at 80 columns, and what people type)."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except (ValueError, RuntimeError):
        return str(path)


def show_where(widget, folder: Path, name: str) -> bool:
    """Update the Static ``widget`` with ``where_text``; True when the name is usable."""
    text, error = where_text(folder, name)
    widget.update(text)
    widget.set_class(error, "error")
    return not error


def save_screenshot(app) -> Path | None:
    """The palette's Screenshot: a new SVG in the exports folder (0600, or 0660 in a team folder).

    A file name or folder asked for by an action is never used: nothing is written anywhere else. When a
    case is on screen, the screenshot is recorded on it like any other export.
    """
    from ..domain import clock
    from ..store.exports import ExportError, record_export, write_in_folder

    folder = exports_folder(app)
    name = suggested_name(folder, f"ketcover-screenshot-{clock.now().strftime('%Y-%m-%d-%H%M%S')}.svg")
    data = app.export_screenshot().encode("utf-8")
    try:
        path = write_in_folder(folder, name, data, mode=app.store.modes.file)
    except ExportError as exc:
        app.notify(str(exc), title="No screenshot", severity="error", timeout=10, markup=False)
        return None
    case = next((getattr(s, "case", None) for s in reversed(app.screen_stack) if getattr(s, "case", None)), None)
    if case is not None and getattr(case, "id", None):
        try:
            record_export(app.store, case.id, "screenshot", str(path), format="svg", size=len(data))
        except Exception:  # noqa: BLE001  (the case went away meanwhile: the file is removed, never unrecorded)
            path.unlink(missing_ok=True)
            app.notify("The screenshot could not be recorded on the case; nothing was kept.",
                       title="No screenshot", severity="error", timeout=10)
            return None
    app.notify(f"Screenshot saved to {path} (readable only by you).", title="Screenshot", timeout=10, markup=False)
    return path
