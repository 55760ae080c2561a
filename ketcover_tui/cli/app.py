"""The default command: open the app (the TUI) in this terminal."""

from __future__ import annotations

import os
import sys

from .common import EXIT_OK, UsageError, open_store


def add_options(parser) -> None:
    parser.add_argument("--demo", action="store_true",
                        help="open the app on demo data (a separate 'demo' data folder, filled on first use)")
    parser.add_argument("--no-mouse", action="store_true", help="ignore the mouse (keyboard only)")
    parser.add_argument("--ansi", action="store_true",
                        help="use the terminal's 16 colours (automatic when TERM=linux or *-16color)")
    motion = parser.add_mutually_exclusive_group()
    motion.add_argument("--no-animation", action="store_true",
                        help="turn animations off (the default over SSH and on TERM=linux)")
    motion.add_argument("--animation", action="store_true",
                        help="turn animations on even over SSH or on TERM=linux (also KETCOVER_ANIMATION=1)")


def wants_ansi(args) -> bool:
    term = os.environ.get("TERM", "")
    return args.ansi or term == "linux" or term.endswith("16color")


def wants_animation(args, environ=os.environ) -> bool:
    """Animations cost bytes on every change: off by default over SSH and on a Linux console.

    ``--animation`` / ``--no-animation`` decide; then ``KETCOVER_ANIMATION`` (1/0);
    otherwise on, unless ``SSH_CONNECTION`` is set or ``TERM=linux``.
    """
    if getattr(args, "animation", False):
        return True
    if args.no_animation:
        return False
    chosen = environ.get("KETCOVER_ANIMATION", "").strip().lower()
    if chosen in ("1", "on", "yes", "true"):
        return True
    if chosen in ("0", "off", "no", "false"):
        return False
    return not (environ.get("SSH_CONNECTION") or environ.get("TERM", "") == "linux")


def run_app(args) -> int:
    # textual-serve runs the app through pipes with its own driver; anything else needs a terminal.
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the app needs a terminal (over SSH use 'ssh -t'); for scripting see 'ketcover --help'")
    store = open_store(args, demo=args.demo)
    if args.demo and not any(store.cases_dir.glob("*.json")):  # open_store marked it a demo folder
        from ..demo import add_demo_cases, demo_cases

        add_demo_cases(store, demo_cases(30, 1))
    from ..tui.app import KetcoverApp

    app = KetcoverApp(store, ansi=wants_ansi(args), animations=wants_animation(args), demo=args.demo)
    app.run(mouse=not args.no_mouse)
    return app.return_code or EXIT_OK
