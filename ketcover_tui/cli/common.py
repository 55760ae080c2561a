"""What every command shares: exit codes, one-line errors, the parser class, the data folder, output.

Command modules import this and nothing of each other; ``main.py`` assembles
their parsers. Heavy imports happen inside the functions that need them, so
``ketcover --version`` and scripting stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the command line: one line on stderr, exit 2, nothing written."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not a usage dump
        self.exit(EXIT_USAGE, f"ketcover: error: {message} (see '{self.prog} --help')\n")


def fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"ketcover: {message}", file=sys.stderr)
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

    path = Path(text).expanduser()
    try:
        document = read_json(path)
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


def write_output(output: str | None, data: bytes, default_name: str, done: str) -> int:
    """``-o -``: stdout; ``-o PATH``: that new file; no ``-o``: ``default_name`` here (never overwriting)."""
    from ..store.exports import ExportError, unused_path, write_export

    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    target = Path(output).expanduser() if output else unused_path(Path.cwd(), default_name)
    try:
        path = write_export(target, data)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    print(f"{done} to {path}")
    return EXIT_OK


def print_table(headers: tuple[str, ...], rows: list[tuple]) -> None:
    """A plain aligned table that respects wide (CJK) characters."""
    from rich.cells import cell_len

    widths = [max(cell_len(str(v)) for v in column) for column in zip(headers, *rows)]
    for row in (headers, *rows):
        cells = [str(v) + " " * (w - cell_len(str(v))) for v, w in zip(row, widths)]
        print("  ".join(cells).rstrip())
