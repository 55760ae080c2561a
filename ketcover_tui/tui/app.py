"""The ketcover app: screens are small and separate; this class wires them to the store.

Every change is written to disk the moment it is made, so quitting (ctrl+q) is
always safe and immediate.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Callable

from textual.app import App
from textual.binding import Binding

from ..store import CaseNotFound, CaseStore, StoreError, UnreadableFile
from .commands import KetcoverCommands
from .key_order import KeysInOrder
from .one_frame import OneFramePerKey
from .screens.home import HomeScreen

if TYPE_CHECKING:
    from ..domain.case import Case
    from ..domain.checklists import Checklist
    from ..domain.summary import CaseSummary

# Other screens are imported where they are opened: start-up paints the case
# list only, and must not grow with the rest of the app.

FRAME_WRITE_GRACE_S = 0.04  # time for Textual's writer thread to put the first frame on the terminal


class KetcoverApp(OneFramePerKey, KeysInOrder, App):
    TITLE = "ketcover"
    # Only what the first screen needs; each case area's stylesheet is listed on
    # CaseScreen.CSS_PATH and parsed when the first case opens (start-up stays light).
    CSS_PATH = ["app.tcss", "home.tcss"]
    COMMANDS = App.COMMANDS | {KetcoverCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    ]

    def __init__(self, store: CaseStore, *, plugin_host=None, ansi: bool = False, animations: bool = True,
                 demo: bool = False):
        """``ansi``: use the terminal's own 16 colours (TERM=linux consoles, old terminals);
        ``demo``: opened on demo data (--demo), said in every screen's header."""
        super().__init__()
        self.demo = demo
        if ansi:
            self.theme = "ansi-dark"
        if not animations:
            self.animation_level = "none"
        self.store = store
        self._plugin_host = plugin_host
        self._edit_bases: dict[str, dict] = {}  # case id -> the case as the last form opened on it showed it

    def _handle_exception(self, error: Exception) -> None:
        """A crash: the traceback to a private file (store/crash_reports.py), one line on the terminal.

        Textual's own report prints every local variable (patient records) to the terminal.
        """
        from rich.text import Text

        from ..store.crash_reports import crash_line, write_crash_report

        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it in tests
            self._exception = error
            self._exception_event.set()
        path = write_crash_report(getattr(self.store, "root", None), error)
        self._exit_renderables.append(Text(crash_line(path, error)))
        self._close_messages_no_wait()

    # --- start-up -------------------------------------------------------------------

    def on_mount(self) -> None:
        import asyncio

        from .daemon_threads import DaemonThreadExecutor

        # Thread workers must never keep the process alive after ctrl+q (a plugin may hang).
        asyncio.get_running_loop().set_default_executor(DaemonThreadExecutor())
        # Leftovers of writers killed mid-save (full copies of a case): swept after the first paint.
        self.after_first_frame(self.store.sweep_temp_files)
        self.push_screen(HomeScreen())
        # Plugins load after the first paint: the case list never waits for them.
        self.after_first_frame(self._announce_plugin_failures)
        self.after_first_frame(self._apply_user_keymap)

    def after_first_frame(self, callback) -> None:
        """Run ``callback`` once the first frame is on the terminal, not only composed.

        Textual writes frames from a thread. Work that holds the interpreter in one long
        call (reading a 5,000-case index, importing plugins) would keep the composed frame
        off the screen until it ends. Headless (tests, screenshots) there is no terminal to wait for.
        """
        if self.is_headless:
            self.call_after_refresh(callback)
        else:
            self.call_after_refresh(self.set_timer, FRAME_WRITE_GRACE_S, callback)

    def _apply_user_keymap(self) -> None:
        """keymap.toml (binding id = "key"): applied, and what could not be applied said once."""
        from .keymap_file import keymap_path, read_keymap

        result = read_keymap(self)
        if result is None:
            return
        if result.keymap:
            self.set_keymap(result.keymap)
        if result.problems:
            shown = result.problems[:6] + ([f"and {len(result.problems) - 6} more"] if len(result.problems) > 6 else [])
            self.notify("\n".join(shown), title=f"Keymap {keymap_path()}: not applied", severity="warning",
                        timeout=20, markup=False)

    def get_system_commands(self, screen):
        """Textual's own palette commands, less its Quit (ours, with its key, is listed with the screen's
        actions) and less Maximize where it would show a part of a screen cut from what explains it."""
        from .commands import maximize_makes_sense

        for command in super().get_system_commands(screen):
            if command.title == "Quit" or (command.title == "Maximize" and not maximize_makes_sense(screen)):
                continue
            yield command

    def handle_bindings_clash(self, clashed_bindings, node) -> None:
        """Clashes were reported once at start-up and left out of the keymap: nothing to say per key press."""

    @property
    def plugin_host(self):
        if self._plugin_host is None:
            from ..plugin_host import PluginHost
            from ..store.plugin_log import PluginFailureLog

            self._plugin_host = PluginHost(run_log=PluginFailureLog(self.store.root)).load()
        return self._plugin_host

    def checklists(self) -> list[Checklist]:
        return self.plugin_host.checklists()  # the host caches them

    def funding_sources(self) -> list:
        """Every loaded funding source (the host caches them)."""
        return self.plugin_host.funding_sources()

    def _announce_plugin_failures(self) -> None:
        self.plugin_host.collect_all()  # every hook now, so the notice says all that was dropped and all that works
        from .notices import notice_lines, short_notice

        for record in self.plugin_host.failures():
            what = record.what_happened()  # in full on the plugins screen; the notice says where
            self.notify(short_notice(what[0].upper() + what[1:], lines=notice_lines("error"),
                                     tail="Press p for details."), title="Plugin failed", severity="error")

    # --- notices --------------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True, whole: bool = False) -> None:
        """Every notice short, shown literally (patient names, plugin errors), 4-9 s by length, never over the
        focused field.

        ``timeout`` and ``markup`` are accepted for Textual's signature and ignored:
        stored text is never markup, and a notice's length sets how long it stays.
        ``whole``: a safety notice (the crisis line) is never cut.
        """
        import threading

        from ..domain.input_rules import visible
        from .notices import notice_lines, notice_seconds, short_notice

        lines = notice_lines(severity)
        shown_message = visible(str(message))  # literal: never markup, controls written out
        text = " ".join(shown_message.split()) if whole else short_notice(shown_message, lines=lines)
        title = visible(str(title), multiline=False)
        super().notify(text, title=title, severity=severity, timeout=notice_seconds(f"{title} {text}"),
                       markup=False)
        if threading.get_ident() == self._thread_id and self.is_running:
            self.call_after_refresh(self._place_notices, lines)

    def _place_notices(self, lines: int) -> None:
        from .notices import toasts_overlap

        focused = self.focused
        top = focused is not None and toasts_overlap(focused.region, self.size, lines)
        self.screen.set_class(top, "-notices-top")

    def deliver_screenshot(self, filename=None, path=None, time_format=None) -> str | None:
        """Every screenshot (the palette's, ``app.screenshot`` actions) goes into the exports folder, private;
        the file name and folder an action asks for are ignored."""
        from .export_target import save_screenshot

        save_screenshot(self)
        return None

    # --- navigation -----------------------------------------------------------------

    @property
    def home(self) -> HomeScreen:
        return next(s for s in self.screen_stack if isinstance(s, HomeScreen))

    def case_summaries(self) -> list[CaseSummary]:
        return list(self.home.table._all)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_trash(self) -> None:
        from .screens.trash import TrashScreen

        if not isinstance(self.screen, TrashScreen):
            self.push_screen(TrashScreen())

    def restore_case(self, trash_name: str) -> None:
        """Bring a deleted case back from the trash into the case list."""
        try:
            entry = self.store.restore(trash_name)
            case = self.store.load(entry.case_id)
        except (StoreError, UnreadableFile, OSError) as exc:
            self.notify(str(exc), title="Not restored", severity="error", timeout=10)
            return
        self.home.table.upsert(case.summary())
        self.notify(f"Restored the case of {case.patient.name}.", timeout=5)

    def action_plugins(self) -> None:
        from .screens.plugins import PluginsScreen

        if not isinstance(self.screen, PluginsScreen):
            self.push_screen(PluginsScreen())

    def _load(self, case_id: str) -> Case | None:
        try:
            return self.store.load(case_id)
        except (UnreadableFile, CaseNotFound) as exc:
            self.notify(f"{exc}. The file was left untouched.", title="Cannot open case",
                        severity="error", timeout=10)
            return None

    def open_case(self, case_id: str) -> None:
        from .screens.case_view import CaseScreen

        if case := self._load(case_id):
            self.push_screen(CaseScreen(case))

    def new_case(self) -> None:
        from .screens.case_form import CaseFormScreen

        def saved(case: Case | None) -> None:
            if case:
                self.home.table.upsert(case.summary())
                self.notify(f"Saved {case.patient.name}.", timeout=3)

        self.push_screen(CaseFormScreen(), saved)

    def edit_case(self, case_id: str, done=None) -> None:
        """The case form; ``done(case or None)`` after it closes (a dialog rechecks what it shows)."""
        from .screens.case_form import CaseFormScreen

        if (case := self._load(case_id)) is None:
            return

        def saved(updated: Case | None) -> None:
            if updated:
                self._case_changed(updated)
                self.notify(f"Saved {updated.patient.name}.", timeout=3)
            if done is not None:
                done(updated)

        self.push_screen(CaseFormScreen(case), saved)

    def delete_case(self, case_id: str) -> None:
        from .screens.case_view import CaseScreen
        from .screens.confirm import ConfirmScreen

        if (case := self._load(case_id)) is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                trashed = self.store.delete(case_id)
            except StoreError as exc:
                self.notify(str(exc), severity="error")
                return
            while isinstance(self.screen, CaseScreen):
                self.pop_screen()
            self.home.table.remove(case_id)
            self.notify(f"Moved to {trashed}. Press t on the case list to restore it from the trash.",
                        title=f"Deleted {case.patient.name}", timeout=8)

        self.push_screen(ConfirmScreen(
            f"Delete the case of {case.patient.name}?",
            "The file moves to the trash folder inside the data folder; it can be restored from there.",
            yes="Delete", no="Keep"), answered)

    # --- saving ---------------------------------------------------------------------

    def push_screen(self, screen, *args, **kwargs):
        """Remember the case as a form opened from it shows it: the base of a field-by-field merge."""
        view = sys.modules.get(f"{__package__}.screens.case_view")  # not imported before a case opens
        if view is not None and self.screen_stack and isinstance(self.screen, view.CaseScreen):
            from ..domain.case_json import case_to_dict

            self._edit_bases[self.screen.case.id] = case_to_dict(self.screen.case)
        return super().push_screen(screen, *args, **kwargs)

    def save_change(self, case_id: str, change: Callable[[Case], None]) -> Case | None:
        """Apply ``change`` to the case on disk now; tell the user if that is impossible.

        Records the change touches are merged field by field with what others saved
        since the form opened; a field both changed stops the save and the form says
        so (ctrl+s again keeps mine). Nothing escapes: a full disk, a read-only folder,
        a held lock or a refused value is a message, and the form stays open with what
        was typed.
        """
        from ..domain.case_json import case_to_dict
        from ..domain.record_merge import RecordConflict
        from .save_errors import save_problem
        from .screens.case_view import CaseScreen

        form = self.screen
        # From the case screen itself (a key on a list, a dialog's answer): the case as it shows it now.
        base = case_to_dict(form.case) if isinstance(form, CaseScreen) and form.case.id == case_id \
            else self._edit_bases.get(case_id)
        try:
            case = self.store.update(case_id, change, base=base, force=getattr(form, "overwrite_conflicts", False))
        except RecordConflict as exc:
            if hasattr(form, "show_record_conflict"):
                form.show_record_conflict(exc)
            else:
                self.notify(f"{exc}. Nothing was saved; open it again to see theirs.", title="Not saved",
                            severity="warning", timeout=12)
            return None
        except Exception as exc:  # noqa: BLE001  (each kind is worded in save_problem; unknown ones re-raise)
            title, message = save_problem(exc)
            self.notify(message, title=title, severity="error", timeout=12)
            return None
        self.home.table.upsert(case.summary())
        return case

    def _case_changed(self, case: Case) -> None:
        from .screens.case_view import CaseScreen

        self.home.table.upsert(case.summary())
        for screen in self.screen_stack:
            if isinstance(screen, CaseScreen) and screen.case.id == case.id:
                screen.show_case(case)
