"""`ketcover screenshots`: redraw the README's SVG screenshots from demo data."""

from __future__ import annotations

from pathlib import Path

from .common import EXIT_OK, UsageError, use_fixed_today


def add_commands(commands, common) -> None:
    shots = commands.add_parser("screenshots", help="regenerate the README screenshots (SVG) from demo data",
                                parents=[common])
    shots.add_argument("-o", "--output", metavar="DIR", default="screenshots", help="folder (default: screenshots)")
    shots.add_argument("--force", action="store_true", help="replace screenshots already in the folder")
    shots.set_defaults(func=cmd_screenshots)


def cmd_screenshots(args) -> int:
    from ..tui.screenshots import ScreenshotsRefused, make_screenshots

    use_fixed_today(Path(args.output), demo_folder=True)  # screenshots are drawn from demo data only
    try:
        written = make_screenshots(Path(args.output), force=args.force)
    except ScreenshotsRefused as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        print(path)
    return EXIT_OK
