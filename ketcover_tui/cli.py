"""The ``ketcover`` command: the TUI by default, plus subcommands for scripting.

Heavy imports (Textual, rich tables) happen inside the commands that need them,
so ``ketcover --version`` and scripting stay fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input from the command line: one line on stderr, exit 2, nothing written."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not a usage dump
        self.exit(EXIT_USAGE, f"ketcover: error: {message} (see '{self.prog} --help')\n")


def fail(message: str, code: int = EXIT_FAILED) -> int:
    print(f"ketcover: {message}", file=sys.stderr)
    return code


def build_parser() -> Parser:
    common = Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="data folder (default: $KETCOVER_HOME, else the platform's user data folder)")

    parser = Parser(prog="ketcover", parents=[common],
                    description="Get ketamine infusion therapy paid for: cases, insurer checklists, evidence. "
                                "With no command, opens the app.")
    parser.add_argument("--version", action="version", version=f"ketcover {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on demo data (a separate 'demo' data folder, filled on first use)")
    parser.add_argument("--no-mouse", action="store_true", help="ignore the mouse (keyboard only)")
    parser.add_argument("--ansi", action="store_true",
                        help="use the terminal's 16 colours (automatic when TERM=linux or *-16color)")
    parser.add_argument("--no-animation", action="store_true", help="turn animations off")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    cases = commands.add_parser("cases", help="list, show, export and import cases", parents=[common])
    case_commands = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True,
                                         parser_class=Parser)
    listing = case_commands.add_parser("list", help="list every case", parents=[common])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=cmd_cases_list)
    show = case_commands.add_parser("show", help="show one case", parents=[common])
    show.add_argument("case", metavar="ID", help="case id (or a unique start of it)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(func=cmd_cases_show)
    export = case_commands.add_parser("export", help="write a whole case as one JSON file", parents=[common])
    export.add_argument("case", metavar="ID")
    export.add_argument("-o", "--output", metavar="FILE", required=True, help="file to create ('-' for stdout)")
    export.set_defaults(func=cmd_cases_export)
    importing = case_commands.add_parser("import", help="add a case from a JSON file made by 'export'",
                                         parents=[common])
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--as-new", action="store_true", help="import as a copy with a new id")
    importing.set_defaults(func=cmd_cases_import)

    demo = commands.add_parser("demo", help="add realistic synthetic cases to the demo folder (or --data-dir)",
                               parents=[common])
    demo.add_argument("--cases", type=_positive_int, default=30, metavar="N", help="how many (default 30)")
    demo.add_argument("--seed", type=int, default=1, metavar="S",
                      help="random seed (same seed on the same day, same cases)")
    demo.add_argument("--remove", action="store_true", help="move every demo case of the folder to trash/")
    demo.set_defaults(func=cmd_demo)

    from .plugin_cli import add_plugin_commands

    add_plugin_commands(commands)

    from .funding_cli import add_funding_commands

    add_funding_commands(commands, common)

    from .export_cli import add_export_commands

    add_export_commands(commands, common, Parser)

    serve = commands.add_parser("serve", help="run the app for a web browser (textual-serve)", parents=[common])
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    serve.set_defaults(func=cmd_serve)

    shots = commands.add_parser("screenshots", help="regenerate the README screenshots (SVG) from demo data",
                                parents=[common])
    shots.add_argument("-o", "--output", metavar="DIR", default="screenshots", help="folder (default: screenshots)")
    shots.set_defaults(func=cmd_screenshots)
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, got {text!r}")
    return int(text)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError("expected a number from 1 to 100000")
    return value


def open_store(args, *, demo: bool | None = None):
    """The store in --data-dir / $KETCOVER_HOME / the user data folder (its demo folder with --demo)."""
    from .store import CaseStore, mark_demo_folder, resolve_data_dir

    demo = getattr(args, "demo", False) if demo is None else demo
    explicit = getattr(args, "data_dir", None)
    root = resolve_data_dir(explicit, demo=demo)
    if demo and not explicit:
        mark_demo_folder(root)
    use_fixed_today(root)
    return CaseStore(root)


def use_fixed_today(root: Path, *, demo_folder: bool = False) -> None:
    """Honour KETCOVER_TODAY in demo and screenshot folders only; warn (once) anywhere else."""
    from .domain import clock
    from .store import is_demo_folder

    text = os.environ.get(clock.ENV_TODAY)
    if not text:
        return
    if not (demo_folder or is_demo_folder(root)):
        global _warned_today
        if not _warned_today:
            _warned_today = True
            print(f"ketcover: warning: {clock.ENV_TODAY} is ignored: {root} is not a demo folder, and real "
                  "records always get the real date", file=sys.stderr)
        return
    try:
        clock.fix_today(clock.parse_day(text))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


_warned_today = False


def report_problems(store) -> None:
    for problem in store.problems:
        print(f"ketcover: skipped unreadable file {problem.path}: {problem.reason}", file=sys.stderr)


# --- cases --------------------------------------------------------------------------

def cmd_cases_list(args) -> int:
    store = open_store(args)
    summaries = sorted(store.summaries(), key=lambda s: s.updated, reverse=True)
    report_problems(store)
    if args.json:
        print(json.dumps([s._asdict() for s in summaries], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not summaries:
        print(f"No cases in {store.root}. Add one in the app, or try 'ketcover demo'.")
        return EXIT_OK
    rows = [(s.id, s.patient + (" (demo)" if s.demo else ""), s.insurer, s.plan_type, s.stage, s.updated[:10])
            for s in summaries]
    print_table(("ID", "Patient", "Insurer", "Plan type", "Stage", "Updated"), rows)
    return EXIT_OK


def cmd_cases_show(args) -> int:
    from .domain.case import case_to_dict

    store = open_store(args)
    case = store.load(store.resolve(args.case))
    if args.json:
        print(json.dumps(case_to_dict(case), ensure_ascii=False, indent=2))
        return EXIT_OK
    from .plugin_host import PluginHost
    from .case_text import overview_lines

    host = PluginHost().load()
    for line in host.failure_lines():
        print(line, file=sys.stderr)
    print("\n".join(overview_lines(case, host.checklists())))
    return EXIT_OK


def cmd_cases_export(args) -> int:
    store = open_store(args)
    document = store.export_document(store.resolve(args.case))
    payload = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if args.output == "-":
        sys.stdout.buffer.write(payload)
        return EXIT_OK
    from .store.atomic import write_atomic

    target = Path(args.output).expanduser()
    if target.exists():
        raise UsageError(f"{target} already exists; choose another name (nothing was overwritten)")
    if not target.parent.is_dir():
        raise UsageError(f"folder {target.parent} does not exist")
    try:
        write_atomic(target, payload, overwrite=False)
    except FileExistsError:
        raise UsageError(f"{target} already exists; choose another name (nothing was overwritten)") from None
    print(f"Exported case {document['case']['id']} to {target}")
    return EXIT_OK


def cmd_cases_import(args) -> int:
    from .store import StoreError

    path = Path(args.file).expanduser()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path} is not a JSON file ({exc}); nothing was imported") from None
    store = open_store(args)
    try:
        case = store.import_document(document, as_new=args.as_new)
    except StoreError as exc:
        raise UsageError(f"{path}: {exc}; nothing was imported") from None
    print(f"Imported case {case.id} ({case.patient.name})")
    return EXIT_OK


def cmd_demo(args) -> int:
    """Demo cases go to the demo folder ('ketcover --demo' opens it) unless --data-dir says otherwise."""
    from .domain.demo import demo_cases
    from .store import is_demo_folder, mark_demo_folder, resolve_data_dir

    explicit = getattr(args, "data_dir", None)
    root = resolve_data_dir(explicit, demo=True)
    if args.remove:
        store = open_store(args, demo=True)
        removed = [s.id for s in store.summaries() if s.demo]
        for case_id in removed:
            store.delete(case_id)
        print(f"Moved {len(removed)} demo cases from {store.root} to {store.trash_dir}")
        return EXIT_OK
    if not explicit or not _holds_cases(root):
        mark_demo_folder(root)  # a folder of demo cases only
    store = open_store(args, demo=True)
    cases = demo_cases(args.cases, args.seed)
    added = add_demo_cases(store, cases)
    print(f"Added {added} demo cases to {store.root} ({len(cases) - added} were already there)")
    if not is_demo_folder(store.root):  # among other cases: say how to take them out
        print("They are marked (demo) in the list; 'ketcover demo --remove --data-dir "
              f"{store.root}' takes them out again.")
    return EXIT_OK


def _holds_cases(root: Path) -> bool:
    cases = root / "cases"
    return cases.is_dir() and any(cases.glob("*.json"))


def add_demo_cases(store, cases, progress=None) -> int:
    """Save demo cases that are not there yet (same seed twice adds nothing)."""
    existing = {p.stem for p in store.cases_dir.glob("*.json")}
    added = 0
    for n, case in enumerate(cases, start=1):
        if case.id not in existing:
            store.create(case, stamp=False)
            added += 1
        if progress and n % 100 == 0:
            progress(n, len(cases))
    return added


def cmd_serve(args) -> int:
    from .serve import exposure_warning, serve
    from .store import resolve_data_dir

    if warning := exposure_warning(args.host):
        print(f"ketcover: {warning}", file=sys.stderr)
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    print(f"ketcover: serving {data_dir} at http://{args.host}:{args.port}/ (ctrl+c stops)", file=sys.stderr)
    serve(data_dir, host=args.host, port=args.port)
    return EXIT_OK


def cmd_screenshots(args) -> int:
    from .tui.screenshots import make_screenshots

    use_fixed_today(Path(args.output), demo_folder=True)  # screenshots are drawn from demo data only

    for path in make_screenshots(Path(args.output)):
        print(path)
    return EXIT_OK


# --- the app ------------------------------------------------------------------------

def wants_ansi(args) -> bool:
    term = os.environ.get("TERM", "")
    return args.ansi or term == "linux" or term.endswith("16color")


def run_app(args) -> int:
    # textual-serve runs the app through pipes with its own driver; anything else needs a terminal.
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the app needs a terminal (over SSH use 'ssh -t'); for scripting see 'ketcover --help'")
    store = open_store(args, demo=args.demo)
    if args.demo and not any(store.cases_dir.glob("*.json")):  # open_store marked it a demo folder
        from .domain.demo import demo_cases

        add_demo_cases(store, demo_cases(30, 1))
    from .tui.app import KetcoverApp

    app = KetcoverApp(store, ansi=wants_ansi(args), animations=not args.no_animation)
    app.run(mouse=not args.no_mouse)
    return app.return_code or EXIT_OK


# --- output helpers -----------------------------------------------------------------

def print_table(headers: tuple[str, ...], rows: list[tuple]) -> None:
    """A plain aligned table that respects wide (CJK) characters."""
    from rich.cells import cell_len

    widths = [max(cell_len(str(v)) for v in column) for column in zip(headers, *rows)]
    for row in (headers, *rows):
        cells = [str(v) + " " * (w - cell_len(str(v))) for v, w in zip(row, widths)]
        print("  ".join(cells).rstrip())


def main(argv: list[str] | None = None) -> int:
    from .store import CaseNotFound, StoreError, UnreadableFile

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "func", None) is None:
            return run_app(args)
        return args.func(args)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except CaseNotFound as exc:
        return fail(str(exc), EXIT_USAGE)
    except UnreadableFile as exc:
        return fail(f"{exc}; the file was left as it is", EXIT_FAILED)
    except StoreError as exc:
        return fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
