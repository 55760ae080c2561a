"""`ketcover plugins [--check | --verbose | new NAME]`, `ketcover install` and `ketcover uninstall`.

install/uninstall run pip in ketcover's own interpreter (``sys.executable``),
so plugins land where ketcover can see them, whatever ``pip`` is on PATH.
``plugins --check`` checks every enabled plugin in a fresh Python each (the one
command for a plugin's CI); ``plugins new`` writes a working plugin distribution.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap

from typing import TYPE_CHECKING

from .common import json_text, plugin_failure_log

if TYPE_CHECKING:
    from ..plugin_host import PluginHost, PluginRecord

# The same as plugin_host.ENV_LOAD_PLUGINS: the plugin host (pluggy, entry points) is imported
# only by the commands that use it, so opening the app never pays for it here.
ENV_LOAD_PLUGINS = "KETCOVER_LOAD_PLUGINS"

WIDTH = 80  # the table fits an 80-column terminal
COLUMNS = (("NAME", 18), ("DISTRIBUTION", 24), ("VERSION", 10), ("STATUS", 12))  # (title, widest), then CONTRIBUTES
HOOK_CHOICES = ("checklists", "call-scripts", "funding", "letters", "exporters")


def add_commands(subparsers, common=None) -> None:
    parents = [common] if common is not None else []
    p = subparsers.add_parser(
        "plugins", help="list plugins, check them, or start a new one", parents=parents,
        description="List installed ketcover plugins: what each contributes, and what failed (loading, a hook, "
                    "or a run since). --check checks every plugin in a fresh Python and exits 1 if any "
                    "check fails. 'ketcover plugins new NAME' writes a new plugin distribution.")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--all", action="store_true", help=f"also list plugins disabled by {ENV_LOAD_PLUGINS}")
    p.add_argument("-v", "--verbose", action="store_true", help="list every contribution and hook of each plugin")
    p.add_argument("--check", action="store_true",
                   help="load every plugin in a fresh Python, exercise every hook; exit 1 on any failure")
    p.add_argument("--forget-failures", action="store_true", help="forget the run failures remembered so far")
    p.set_defaults(func=cmd_plugins)
    what = p.add_subparsers(dest="plugins_command", metavar="new", required=False)
    new = what.add_parser("new", help="write a new plugin distribution (pyproject, module, README, tests)",
                          description="Write ketcover-NAME/: a plugin distribution that installs with "
                                      "'ketcover install', passes its own tests and 'ketcover plugins --check'.")
    new.add_argument("name", metavar="NAME", help="a short name: lower-case letters, digits and dashes")
    new.add_argument("--hook", action="append", choices=HOOK_CHOICES, metavar="HOOK",
                     help=f"what it contributes (repeatable): {', '.join(HOOK_CHOICES)} (default: all five)")
    new.add_argument("--dir", default=".", metavar="DIR", help="where to create ketcover-NAME/ (default: here)")
    new.set_defaults(func=cmd_new)

    p = subparsers.add_parser(
        "install", help="install plugins with pip into ketcover's own Python",
        description="Install plugin packages (names from PyPI, or local paths) with pip, "
                    "into the Python that runs ketcover.")
    p.add_argument("packages", nargs="+", metavar="PKG|PATH")
    p.add_argument("-U", "--upgrade", action="store_true", help="upgrade if already installed")
    p.add_argument("-e", "--editable", action="store_true",
                   help="install local paths in editable mode (for plugin authors)")
    p.add_argument("--no-build-isolation", action="store_true",
                   help="build with the packages already installed (passed to pip)")
    p.set_defaults(func=cmd_install)

    p = subparsers.add_parser(
        "uninstall", help="uninstall plugins with pip",
        description="Uninstall plugin distributions from the Python that runs ketcover.")
    p.add_argument("packages", nargs="+", metavar="PKG")
    p.set_defaults(func=cmd_uninstall)


def _host(args) -> PluginHost:
    """The host to report on: the caller's, if it put one on ``args``."""
    from ..plugin_host import PluginHost

    return getattr(args, "plugin_host", None) or PluginHost(run_log=plugin_failure_log(args))


# --- listing -------------------------------------------------------------------------------

def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _widths(records: list[PluginRecord]) -> list[int]:
    """Column widths: as wide as the widest cell (plus a gap), at most each column's cap."""
    cells = [(r.name, r.distribution, r.version, r.state) for r in records]
    return [min(cap, max(len(title), *(len(row[n]) for row in cells)) + 2) for n, (title, cap) in enumerate(COLUMNS)]


def _lines(record: PluginRecord, widths: list[int]) -> list[str]:
    """The table row of one plugin (its contributions wrapped in the last column) and what went wrong under it."""
    cells = [record.name, record.distribution, record.version, record.state]
    row = "".join(_cut(cell, width - 2).ljust(width) for cell, width in zip(cells, widths))
    from ..plugin_host import DISABLED

    contributes = record.contributes() if record.status != DISABLED else "-"
    wrapped = textwrap.wrap(contributes, max(WIDTH - len(row), 12)) or [""]
    lines = [(row + wrapped[0]).rstrip()] + [" " * len(row) + more for more in wrapped[1:]]
    problems = []
    if record.status == "failed" and not record.loaded:
        problems.append(f"could not be loaded, so none of it is used: {record.first_error_line}")
    problems += [p.line() for p in record.problems]
    failures = record.run_failures
    problems += [f.line() for f in failures[-3:]]
    if len(failures) > 3:
        problems.append(f"(and {len(failures) - 3} earlier run failures; --json lists them)")
    for problem in problems:
        lines += textwrap.wrap(problem, WIDTH, initial_indent="  ✗ ", subsequent_indent="    ")
    return lines


def _contribution_lines(host: PluginHost, record: PluginRecord) -> list[str]:
    from ..plugin_host.records import KINDS

    found = {"register_checklists": host.checklists, "register_call_scripts": host.call_scripts,
             "register_funding_sources": host.funding_sources, "register_letter_templates": host.letter_templates,
             "register_exporters": host.exporters}
    lines = textwrap.wrap(f"module {record.module or '?'} · hooks {', '.join(record.hooks) or 'none'}", WIDTH,
                          initial_indent="    ", subsequent_indent="      ")
    for hook, items in found.items():
        for item in (i for i in items() if i.plugin == record.name):
            title = getattr(item, "title", "") or getattr(item, "label", "")
            lines.append(_cut(f"    {KINDS[hook][0]:<16} {item.id:<22} {title}", WIDTH).rstrip())
    return lines


def cmd_plugins(args) -> int:
    if args.forget_failures:
        count = plugin_failure_log(args).forget()
        print(f"Forgot {count} remembered run failure{'s' if count != 1 else ''}.")
        return 0
    if args.check:
        return cmd_check(args)
    host = _host(args)
    host.collect_all()  # so failures inside hooks show up too
    records = host.plugins(include_disabled=args.all)
    if args.json:
        print(json_text([r.to_dict() for r in records]))
    elif records:
        widths = _widths(records)
        print("".join(title.ljust(width) for (title, _), width in zip(COLUMNS, widths)) + "CONTRIBUTES")
        for record in records:
            print("\n".join(_lines(record, widths)))
            if args.verbose and record.loaded:
                print("\n".join(_contribution_lines(host, record)))
    else:
        from ..plugin_host import DISABLED

        hidden = sum(1 for r in host.plugins(include_disabled=True) if r.status == DISABLED)
        if hidden:
            print(f"No plugins loaded ({hidden} disabled by {ENV_LOAD_PLUGINS}; use --all to list them).")
        else:
            print("No plugins installed.")
    for line in host.failure_lines():
        print(line, file=sys.stderr)
    return 0


# --- checking ------------------------------------------------------------------------------

def cmd_check(args) -> int:
    from ..plugin_host.probe import check_installed

    reports = check_installed()
    if args.json:
        print(json_text([dict(r.to_dict(), failed=r.failed) for r in reports]))
        return 1 if any(r.failed for r in reports) else 0
    if not reports:
        print("No plugins to check (none installed, or all disabled by KETCOVER_LOAD_PLUGINS).")
        return 0
    for report in reports:
        mark = "FAILED" if report.failed else "ok"
        print(_cut(f"{mark:<7} {report.name} ({report.distribution} {report.version}), {report.seconds:.1f} s",
                   WIDTH))
        notes = [report.error] if report.error else []
        notes += [f"imports {name} (first at {where}): a plugin must never import Textual"
                  for name, where in report.forbidden.items()]
        notes += [("✗ " if f["level"] == "fail" else "· ") + f"{f['what']}: {f['message']}" for f in report.findings]
        if report.imported_on_load or report.imported_when_running:
            notes.append("· imports " + "; ".join(filter(None, (
                report.imported_on_load and f"on load: {', '.join(report.imported_on_load)}",
                report.imported_when_running and f"when running: {', '.join(report.imported_when_running)}"))))
        for note in notes:
            prefix = "" if note[:2] in ("✗ ", "· ") else "✗ "
            print("\n".join(textwrap.wrap(prefix + note, WIDTH, initial_indent="  ", subsequent_indent="    ")))
    failed = [r.name for r in reports if r.failed]
    print(f"{len(reports) - len(failed)} of {len(reports)} plugins passed"
          + (f"; failed: {', '.join(failed)}" if failed else "") + ".")
    return 1 if failed else 0


def cmd_new(args) -> int:
    from pathlib import Path

    from ..plugin_host.scaffold import ScaffoldError, write_plugin

    try:
        folder = write_plugin(args.name, Path(args.dir), hooks=args.hook or list(HOOK_CHOICES))
    except ScaffoldError as exc:
        print(f"ketcover: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {folder}. Next:\n  ketcover install -e {folder}\n  (cd {folder} && python -m pytest)\n"
          "  ketcover plugins --check")
    return 0


# --- pip -----------------------------------------------------------------------------------

def _looks_like_path(arg: str) -> bool:
    if "://" in arg:  # URLs and VCS requirements go to pip as they are
        return False
    return "/" in arg or os.sep in arg or os.path.exists(arg)


def cmd_install(args) -> int:
    for arg in args.packages:
        if _looks_like_path(arg) and not os.path.exists(arg):
            print(f"ketcover: cannot install {arg!r}: no such file or directory "
                  f"(give a package name or an existing path)", file=sys.stderr)
            return 2
    command = [sys.executable, "-m", "pip", "install"]
    if args.upgrade:
        command.append("--upgrade")
    if args.no_build_isolation:
        command.append("--no-build-isolation")
    for arg in args.packages:
        if args.editable and _looks_like_path(arg):
            command.append("-e")
        command.append(arg)
    return _run(command)


def cmd_uninstall(args) -> int:
    return _run([sys.executable, "-m", "pip", "uninstall", "-y", *args.packages])


def _run(command: list[str]) -> int:
    """Run pip, letting its output through to our stdout/stderr."""
    sys.stdout.flush()
    sys.stderr.flush()
    return subprocess.run(command).returncode


def build_parser() -> argparse.ArgumentParser:
    """A parser with only the plugin commands (for tests)."""
    parser = argparse.ArgumentParser(prog="ketcover")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return parser
