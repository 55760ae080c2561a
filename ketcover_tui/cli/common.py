"""What every command shares: exit codes, one-line errors, the parser class, the data folder, output.

Command modules import this and nothing of each other; ``main.py`` assembles
their parsers. Heavy imports happen inside the functions that need them, so
``ketcover --version`` and scripting stay fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the command line: one line on stderr, exit 2, nothing written."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not a usage dump; typed arguments shown visibly
        from ..domain.input_rules import visible

        self.exit(EXIT_USAGE, visible(f"ketcover: error: {message} (see '{self.prog} --help')") + "\n")


class VisibleOutput:
    """A text stream that writes control characters and bidi overrides visibly (``\\x1b``, ``⟨U+202E⟩``).

    The one choke point for the commands' text output: whatever a case, a file or a
    plugin holds, it cannot set the terminal's title or clipboard or clear the screen.
    Bytes written to ``.buffer`` (``-o -``) pass unchanged: they are the file asked for.
    """

    def __init__(self, stream):
        from ..domain.input_rules import visible

        self._stream, self._visible = stream, visible

    def write(self, text: str) -> int:
        self._stream.write(self._visible(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def visible_output():
    """Route stdout's and stderr's text through ``VisibleOutput`` while a command runs (not the TUI)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (s if s is None or isinstance(s, VisibleOutput) else VisibleOutput(s) for s in saved)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def json_text(value) -> str:
    """``value`` as indented JSON, UTF-8 names kept, control characters and bidi overrides as ``\\uXXXX``.

    The same data as ``json.dumps``, but safe on a terminal and unchanged by ``VisibleOutput``.
    """
    import json
    import re

    text = json.dumps(value, ensure_ascii=False, indent=2)
    return re.sub("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}", text)


def fail(message: str, code: int = EXIT_FAILED) -> int:
    from ..domain.input_rules import visible

    print(visible(f"ketcover: {message}"), file=sys.stderr)
    return code


def os_error_text(exc: OSError) -> str:
    """A failed write or read in words, with what to do; nothing was half-written (writes are atomic)."""
    import errno

    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"the disk is full{where}: free some space and run the command again; nothing was written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"no permission to write{where} (a read-only or another user's folder); "
                "use a folder you may write to; nothing was written")
    return f"{exc.strerror or exc}{where}; nothing was written"


# --- argument types -------------------------------------------------------------------

def day(text: str) -> date:
    """An argparse type: YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date written YYYY-MM-DD, got {text!r}") from None


def port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got {text!r}")
    return int(text)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError("expected a number from 1 to 100000")
    return value


def read_export_file(text: str):
    """The parsed JSON of a case export named on the command line; UsageError (nothing imported) if unreadable."""
    from ..store import UnreadableFile
    from ..store.atomic import read_json
    from ..store.checked_read import CASE_DOCUMENT_LIMIT

    path = Path(text).expanduser()
    try:
        document = read_json(path, CASE_DOCUMENT_LIMIT)
    except UnreadableFile as exc:
        raise UsageError(f"{path}: {exc.reason}; nothing was imported") from None
    if document is None:
        raise UsageError(f"{path} does not exist")
    return document


# --- the data folder -----------------------------------------------------------------

def open_store(args, *, demo: bool | None = None):
    """The store in --data-dir / $KETCOVER_HOME / the user data folder (its demo folder with --demo)."""
    from ..store import CaseStore, mark_demo_folder, resolve_data_dir

    demo = getattr(args, "demo", False) if demo is None else demo
    explicit = getattr(args, "data_dir", None)
    root = resolve_data_dir(explicit, demo=demo)
    if demo and not explicit:
        mark_demo_folder(root)
    use_fixed_today(root)
    return CaseStore(root)


_warned_today = False


def use_fixed_today(root: Path, *, demo_folder: bool = False) -> None:
    """Honour KETCOVER_TODAY in demo and screenshot folders only; warn (once) anywhere else."""
    from ..domain import clock
    from ..store import is_demo_folder

    global _warned_today
    text = os.environ.get(clock.ENV_TODAY)
    if not text:
        return
    if not (demo_folder or is_demo_folder(root)):
        if not _warned_today:
            _warned_today = True
            print(f"ketcover: warning: {clock.ENV_TODAY} is ignored: {root} is not a demo folder, and real "
                  "records always get the real date", file=sys.stderr)
        return
    try:
        clock.fix_today(clock.parse_day(text))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def report_problems(store) -> None:
    for problem in store.problems:
        print(f"ketcover: skipped unreadable file {problem.path}: {problem.reason}", file=sys.stderr)
    for warning in store.warnings:
        print(f"ketcover: warning: {warning}", file=sys.stderr)


# --- plugins and output --------------------------------------------------------------

def plugin_failure_log(args=None):
    """Where run failures of plugins are remembered: the data folder the command works on (made when written)."""
    from ..store.paths import resolve_data_dir
    from ..store.plugin_log import PluginFailureLog

    return PluginFailureLog(resolve_data_dir(getattr(args, "data_dir", None), demo=getattr(args, "demo", False)))


def load_plugins(args=None):
    """The plugin host with every enabled plugin loaded; failures go to stderr, one line each."""
    from ..plugin_host import PluginHost

    host = PluginHost(run_log=plugin_failure_log(args)).load()
    for line in host.failure_lines():
        print(line, file=sys.stderr)
    return host


def exporter_for(host, fmt: str):
    """The exporter plugin for ``--format``; UsageError naming the available ones."""
    exporters = {e.id: e for e in host.exporters()}
    exporter = exporters.get(fmt.lower())
    if exporter is None:
        available = ", ".join(exporters) or "none (are plugins disabled by KETCOVER_LOAD_PLUGINS?)"
        raise UsageError(f"unknown format {fmt!r}; available: {available}")
    return exporter


def write_output(args, data: bytes, default_name: str, done: str, *, store=None, case_id: str = "",
                 what: str = "", format: str = "") -> int:
    """``-o -``: stdout; ``-o PATH``: that new file; no ``-o``: ``default_name`` here (never overwriting).

    A dot-file, a file inside a ``.ssh`` folder or a ``.pth`` file is refused unless ``--force-hidden`` is
    given. With ``store`` and ``case_id`` the export is recorded on the case (who, when, what, which file).
    """
    from ..store.exports import ExportError, hidden_target_problem, record_export, unused_path, write_export

    output = args.output
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        path = "-"
    else:
        target = Path(output).expanduser() if output else unused_path(Path.cwd(), default_name)
        if not getattr(args, "force_hidden", False) and (problem := hidden_target_problem(target)):
            raise UsageError(f"{problem} is refused (it could change how the shell or Python starts); "
                             "choose another name, or add --force-hidden if you mean it; nothing was written")
        try:
            path = write_export(target, data)
        except ExportError as exc:
            raise UsageError(str(exc)) from None
        path = str(Path(os.path.abspath(path)))
    if store is not None and case_id:
        try:
            record_export(store, case_id, what, path, format=format, size=len(data), via="command line")
        except BaseException:
            if path != "-":  # nothing leaves unrecorded
                Path(path).unlink(missing_ok=True)
            raise
    if output != "-":
        print(f"{done} to {path}")
    return EXIT_OK


def add_force_hidden(parser) -> None:
    parser.add_argument("--force-hidden", action="store_true",
                        help="write even a dot-file, a file inside a .ssh folder or a .pth file (refused otherwise)")


def print_table(headers: tuple[str, ...], rows: list[tuple]) -> None:
    """A plain aligned table that respects wide (CJK) characters; a line break in a cell is shown as ``\\x0a``."""
    from rich.cells import cell_len

    from ..domain.input_rules import visible

    shown = [tuple(visible(str(v), multiline=False) for v in row) for row in (headers, *rows)]
    widths = [max(cell_len(v) for v in column) for column in zip(*shown)]
    for row in shown:
        cells = [v + " " * (w - cell_len(v)) for v, w in zip(row, widths)]
        print("  ".join(cells).rstrip())
