"""`ketcover serve`: the same app in a web browser, through textual-serve.

There is no login in front of it, so it listens on 127.0.0.1 unless told
otherwise (reach it from elsewhere through an SSH tunnel).
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path


def exposure_warning(host: str) -> str | None:
    """A warning when ``host`` is reachable from other machines."""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        if host == "localhost":
            return None
    return (f"warning: serving on {host} lets anyone who can reach this machine open the app and its "
            "health data, with no login. Prefer the default 127.0.0.1 and an SSH tunnel "
            "(ssh -L 8000:127.0.0.1:8000 host).")


def app_command(data_dir: Path, demo: bool) -> str:
    """The command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir)]
    if demo:
        parts.append("--demo")
    return shlex.join(parts)


def serve(data_dir: Path, *, host: str, port: int, demo: bool = False) -> None:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise SystemExit("ketcover: browser mode needs textual-serve: run "
                         "'ketcover install textual-serve' (or pip install 'ketcover[serve]')") from None
    Server(app_command(data_dir, demo), host=host, port=port, title="ketcover").serve()
