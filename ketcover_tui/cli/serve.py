"""`ketcover serve`: the app in a web browser (textual-serve)."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import EXIT_OK, UsageError, port


def add_commands(commands, common) -> None:
    serve = commands.add_parser("serve", help="run the app for a web browser (textual-serve)", parents=[common])
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=port, default=8000, help="port (default 8000)")
    serve.add_argument("--socket", metavar="PATH",
                       help="listen on this new unix socket (0600) instead of a port: for an SSH tunnel "
                            "(ssh -L 8000:PATH host) or a reverse proxy")
    serve.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    from ..serve import exposure_warning, new_token, serve, served_url
    from ..store import resolve_data_dir

    token = new_token()
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    if args.socket:
        socket_path = Path(args.socket).expanduser()
        if socket_path.exists() or socket_path.is_symlink():
            raise UsageError(f"--socket {socket_path} exists; remove it or choose a new path")
        print(f"ketcover: serving {data_dir} on the unix socket {socket_path} (0600); open /?token={token} "
              "through your tunnel or proxy (ctrl+c stops)", file=sys.stderr, flush=True)
        serve(data_dir, host="localhost", port=80, token=token, socket_path=socket_path)
        return EXIT_OK
    if warning := exposure_warning(args.host):
        print(f"ketcover: {warning}", file=sys.stderr)
    print(f"ketcover: serving {data_dir} at {served_url(args.host, args.port, token)} "
          "(the token is the login: keep it private; ctrl+c stops)", file=sys.stderr, flush=True)
    serve(data_dir, host=args.host, port=args.port, token=token)
    return EXIT_OK
