"""`ketcover serve`: the same app in a web browser, through textual-serve, behind a secret token.

On a shared host 127.0.0.1 is reachable by every local user, so like Jupyter
the server prints a URL holding a random token: the page, its files and the
websocket answer 403 without it (in the URL's ``?token=`` or the cookie the
page sets), and the websocket is refused when a browser says it comes from
another site (``Origin``). ``--socket PATH`` listens on a 0600 unix socket
instead, for an SSH tunnel or a reverse proxy.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import shlex
import socket
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
    return (f"warning: serving on {host} sends the app, its health data and the token over the network "
            "unencrypted: anyone who sees the traffic can open it. Prefer the default 127.0.0.1 (or --socket) "
            "and an SSH tunnel (ssh -L 8000:127.0.0.1:8000 host).")


def app_command(data_dir: Path, demo: bool) -> str:
    """The command textual-serve runs for each browser session."""
    parts = [sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir)]
    if demo:
        parts.append("--demo")
    return shlex.join(parts)


COOKIE = "ketcover_token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def served_url(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def allowed_origins(host: str, port: int) -> set[str]:
    """The origins of the served pages themselves (loopback names count as one host)."""
    names = {host, f"[{host}]"}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    return {f"http://{name}:{port}" for name in names} | ({f"http://{n}" for n in names} if port == 80 else set())


def guarded_server(command: str, *, host: str, port: int, token: str, behind_proxy: bool = False):
    """A textual-serve Server that asks every request for ``token`` and checks the websocket's Origin.

    ``behind_proxy`` (a unix socket): the served host is the one the browser asked for (``Host``),
    and the page's own URLs follow it.
    """
    from aiohttp import web
    from textual_serve.server import Server

    origins = allowed_origins(host, port)

    def same_site(request: web.Request, origin: str) -> bool:
        if behind_proxy:
            return origin in (f"http://{request.host}", f"https://{request.host}")
        return origin in origins

    class GuardedServer(Server):
        async def handle_index(self, request: web.Request):
            if behind_proxy:  # no await before the page is rendered: no other request sees this URL
                self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(guard)
            return app

        async def on_startup(self, app) -> None:  # textual-serve prints its own URL, without the token
            pass

    @web.middleware
    async def guard(request: web.Request, handler):
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise web.HTTPForbidden(text="ketcover: open the URL that 'ketcover serve' printed (it holds the token)")
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is not None and not same_site(request, origin):
            raise web.HTTPForbidden(text="ketcover: websocket refused from another site")
        response = await handler(request)
        if request.path == "/" and request.query.get("token"):
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    return GuardedServer(command, host=host, port=port, title="ketcover")


def unix_socket(path: Path) -> socket.socket:
    """A listening unix socket at ``path``, 0600 from the moment it exists (never over another file)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        sock.bind(str(path))
    finally:
        os.umask(old)
    os.chmod(path, 0o600)
    sock.listen(64)
    return sock


def serve(data_dir: Path, *, host: str, port: int, token: str, demo: bool = False,
          socket_path: Path | None = None) -> None:
    try:
        import textual_serve  # noqa: F401
    except ImportError:
        raise SystemExit("ketcover: browser mode needs textual-serve: run "
                         "'ketcover install textual-serve' (or pip install 'ketcover[serve]')") from None
    server = guarded_server(app_command(data_dir, demo), host=host, port=port, token=token,
                            behind_proxy=socket_path is not None)
    if socket_path is None:
        server.serve()
        return
    import asyncio

    from aiohttp import web

    sock = unix_socket(socket_path)
    try:
        server.initialize_logging()
        web.run_app(server._make_app(), sock=sock, print=lambda *args: None, loop=asyncio.new_event_loop())
    finally:
        socket_path.unlink(missing_ok=True)
