"""`ketcover serve`: the app in a web browser (textual-serve)."""

from __future__ import annotations

import sys

from .common import EXIT_OK, port


def add_commands(commands, common) -> None:
    serve = commands.add_parser("serve", help="run the app for a web browser (textual-serve)", parents=[common])
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=port, default=8000, help="port (default 8000)")
    serve.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    from ..serve import exposure_warning, serve
    from ..store import resolve_data_dir

    if warning := exposure_warning(args.host):
        print(f"ketcover: {warning}", file=sys.stderr)
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    print(f"ketcover: serving {data_dir} at http://{args.host}:{args.port}/ (ctrl+c stops)", file=sys.stderr)
    serve(data_dir, host=args.host, port=args.port)
    return EXIT_OK
