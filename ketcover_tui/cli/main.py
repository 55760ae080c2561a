"""The ``ketcover`` command: the TUI by default, plus subcommands for scripting.

This module only assembles the parser from the command modules (each adds its
own sub-commands with ``add_commands``) and runs the chosen one. Heavy imports
(Textual, rich tables) happen inside the commands that need them, so
``ketcover --version`` and scripting stay fast.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from . import app, backup, cases, demo, export, fund, imports, plugins, screenshots, serve
from .common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Parser, UsageError, fail, os_error_text

COMMAND_MODULES = (cases, imports, backup, demo, plugins, fund, export, serve, screenshots)


def build_parser() -> Parser:
    common = Parser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="data folder (default: $KETCOVER_HOME, else the platform's user data folder)")
    parser = Parser(prog="ketcover", parents=[common],
                    description="Get ketamine infusion therapy paid for: cases, insurer checklists, evidence. "
                                "With no command, opens the app.")
    parser.add_argument("--version", action="version", version=f"ketcover {__version__}")
    app.add_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMAND_MODULES:
        module.add_commands(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ..store import CaseNotFound, DataFolderError, StoreError, UnreadableFile

    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "func", None) is None:
            return app.run_app(args)
        return args.func(args)
    except UsageError as exc:
        return fail(str(exc), EXIT_USAGE)
    except (CaseNotFound, DataFolderError) as exc:
        return fail(str(exc), EXIT_USAGE)
    except UnreadableFile as exc:
        return fail(f"{exc}; the file was left as it is", EXIT_FAILED)
    except StoreError as exc:
        return fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except ValueError as exc:  # a value a plugin or a file offered that the input rules refuse
        return fail(f"{str(exc)[:300]}; nothing was saved", EXIT_FAILED)
    except OSError as exc:  # disk full, read-only or another user's folder: one line, nothing half-written
        return fail(os_error_text(exc), EXIT_FAILED)


if __name__ == "__main__":
    sys.exit(main())
