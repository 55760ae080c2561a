"""`ketcover plugins`, `ketcover install` and `ketcover uninstall`.

install/uninstall run pip in ketcover's own interpreter (``sys.executable``),
so plugins land where ketcover can see them, whatever ``pip`` is on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from ..plugin_host import DISABLED, ENV_LOAD_PLUGINS, PluginHost, PluginRecord

COLUMNS = ("name", "distribution", "version", "hooks", "status", "error")


def add_commands(subparsers, common=None) -> None:
    p = subparsers.add_parser(
        "plugins", help="list plugins and whether they loaded",
        description="List installed ketcover plugins: name, distribution, version, hooks, status, error.")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    p.add_argument("--all", action="store_true", help=f"also list plugins disabled by {ENV_LOAD_PLUGINS}")
    p.set_defaults(func=cmd_plugins)

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
    return getattr(args, "plugin_host", None) or PluginHost()


def _row(record: PluginRecord) -> dict[str, str]:
    return {"name": record.name, "distribution": record.distribution, "version": record.version,
            "hooks": ", ".join(record.hooks) or "-", "status": record.status,
            "error": record.first_error_line}


def cmd_plugins(args) -> int:
    host = _host(args)
    host.collect_all()  # so failures inside hooks show up too
    records = host.plugins(include_disabled=args.all)
    if args.json:
        print(json.dumps([r.to_dict() for r in records], indent=2))
    elif records:
        rows = [_row(r) for r in records]
        widths = {c: max(len(c), *(len(row[c]) for row in rows)) for c in COLUMNS}
        print("  ".join(c.upper().ljust(widths[c]) for c in COLUMNS).rstrip())
        for row in rows:
            print("  ".join(row[c].ljust(widths[c]) for c in COLUMNS).rstrip())
    else:
        hidden = sum(1 for r in host.plugins(include_disabled=True) if r.status == DISABLED)
        if hidden:
            print(f"No plugins loaded ({hidden} disabled by {ENV_LOAD_PLUGINS}; use --all to list them).")
        else:
            print("No plugins installed.")
    for line in host.failure_lines():
        print(line, file=sys.stderr)
    return 0


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
